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

}  // namespace humanear
