#include "humanear/audio_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace humanear {

const std::vector<std::string>& audioFileSuffixes() {
    // What libsndfile and FFmpeg decode here (see README, "What it reads").
    static const std::vector<std::string> kSuffixes{"wav", "wave", "aif",  "aiff", "aifc", "flac", "ogg",
                                                    "oga", "opus", "mp3",  "m4a",  "mp4",  "aac",  "alac",
                                                    "wma", "webm", "mka",  "caf",  "w64"};
    return kSuffixes;
}

bool hasAudioFileSuffix(const std::string& path) {
    static const std::set<std::string> kSuffixes(audioFileSuffixes().begin(), audioFileSuffixes().end());
    std::string ext = std::filesystem::path(path).extension().string();
    if (ext.size() < 2) return false;
    ext = ext.substr(1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return kSuffixes.count(ext) > 0;
}

std::vector<std::string> listAudioFiles(const std::string& folder, std::vector<std::string>* problems) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::set<fs::path> walked;  // canonical folders already listed
    std::vector<fs::path> pending{fs::path(folder)};
    auto problem = [&](const std::string& what) {
        if (problems) problems->push_back(what);
    };
    while (!pending.empty()) {
        const fs::path dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        const fs::path real = fs::canonical(dir, ec);
        if (ec) {
            problem("Could not read the folder " + dir.string() + ": " + ec.message() + ".");
            continue;
        }
        if (!walked.insert(real).second) continue;
        std::vector<fs::path> entries;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            problem("Could not read the folder " + dir.string() + ": " + ec.message() + ".");
            continue;
        }
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) break;
            entries.push_back(it->path());
        }
        if (ec) problem("Could not read all of the folder " + dir.string() + ": " + ec.message() + ".");
        std::sort(entries.begin(), entries.end());
        std::vector<fs::path> subfolders;
        for (const fs::path& entry : entries) {
            std::error_code typeEc;
            const fs::file_status status = fs::status(entry, typeEc);  // through symlinks
            if (fs::is_directory(status))
                subfolders.push_back(entry);
            else if (fs::is_regular_file(status) && hasAudioFileSuffix(entry.string()))
                files.push_back(entry.lexically_normal().string());
        }
        // Depth first, in name order: the stack takes them last to first.
        pending.insert(pending.end(), subfolders.rbegin(), subfolders.rend());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace humanear
