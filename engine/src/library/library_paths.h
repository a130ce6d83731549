#pragma once
// Where a library keeps its files, and how folder paths are compared.
#include <string>

namespace humanear::library {

struct LibraryFiles {
    std::string directory;
    std::string index() const { return directory + "/index.faiss"; }
    std::string centroids() const { return directory + "/centroids.bin"; }
};

// Absolute and lexically normal, without a trailing slash, symlinks kept as
// they are (so the catalog stores the path the user sees).
std::string normaliseFolderPath(const std::string& path);
// True when `path` is `folder` itself or lies below it ("/a/b" is not under "/a/bc").
bool isUnderFolder(const std::string& path, const std::string& folder);

}  // namespace humanear::library
