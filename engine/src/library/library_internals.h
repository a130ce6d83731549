#pragma once
// What the lab's library evaluation (lab/src/library_evaluation.cpp) reads of a
// Library beyond its public API: the snapshot queries use, the added folders and
// the genre mapping cache. Read-only; no product code uses it.
#include "humanear/library.h"
#include "library/library_snapshot.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace humanear {

struct LibraryInternals {
    static std::shared_ptr<const library::Snapshot> snapshot(Library& library);
    static Result<std::vector<std::string>> folders(Library& library);
    static Result<std::vector<std::pair<std::string, std::string>>> cachedGenreMappings(Library& library);
    static std::string embedderId(Library& library);
    // The engine's per-thread share of intra-op threads (EngineInternals::takeThreadShare).
    static void takeThreadShare(Library& library);
};

}  // namespace humanear
