#pragma once
// Messages name a file by its name, not its whole path.
#include <filesystem>
#include <string>

namespace humanear {

inline std::string fileNameOf(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace humanear
