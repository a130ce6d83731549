#pragma once
// Error messages for audio input: complete sentences that name the file.
#include "humanear/result.h"

#include <filesystem>
#include <string>

namespace humanear::audio {

inline std::string quotedName(const std::string& path) {
    return "\"" + std::filesystem::path(path).filename().string() + "\"";
}

inline Error audioError(ErrorCode code, const std::string& path, const std::string& problem) {
    return makeError(code, quotedName(path) + " " + problem);
}

}  // namespace humanear::audio
