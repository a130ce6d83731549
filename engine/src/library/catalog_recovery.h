#pragma once
// A damaged catalog is moved aside, never deleted, and a new one is built from
// the rows and folders that can still be read from it. The derived files
// (index, centroids) are dropped so they are rebuilt from the new catalog.
#include "library/catalog.h"

#include <string>
#include <vector>

namespace humanear::library {

// `damage`: why the catalog was refused, for the note. Adds one note saying
// where the damaged file went, what was kept and what to do next.
Result<Catalog> rebuildDamagedCatalog(const std::string& libraryDir, const std::string& damage,
                                      std::vector<std::string>& notes);

}  // namespace humanear::library
