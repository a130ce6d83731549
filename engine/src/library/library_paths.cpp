#include "library/library_paths.h"

#include "humanear/library.h"

#include <QStandardPaths>

#include <filesystem>

namespace humanear {

std::string defaultLibraryDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toStdString() + "/library";
}

namespace library {

std::string normaliseFolderPath(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(path, ec);
    if (ec) p = path;
    std::string s = p.lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

bool isUnderFolder(const std::string& path, const std::string& folder) {
    if (folder.empty()) return false;
    if (folder == "/") return !path.empty() && path[0] == '/';
    return path == folder || (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                              path[folder.size()] == '/');
}

}  // namespace library
}  // namespace humanear
