#include "audio/audio_errors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace humanear::audio {

std::string quotedName(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    if (name.empty()) name = path;  // "dir/" has no file name: show what was given
    return "\"" + name + "\"";
}

Error audioError(ErrorCode code, const std::string& path, const std::string& problem) {
    return makeError(code, quotedName(path) + " " + problem);
}

std::string describeSeconds(double seconds) {
    char text[64];
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    if (seconds < 60) {
        std::snprintf(text, sizeof text, "%.1f seconds", seconds);
    } else if (seconds < 3600) {
        const long s = std::lround(seconds);
        std::snprintf(text, sizeof text, "%ld min %02ld s", s / 60, s % 60);
    } else {
        const long m = std::lround(seconds / 60);
        std::snprintf(text, sizeof text, "%ld h %02ld min", m / 60, m % 60);
    }
    return text;
}

bool isCutShort(int64_t promisedFrames, int64_t reachedFrames, int sampleRate) {
    if (promisedFrames <= 0 || sampleRate <= 0) return false;
    const double missing = double(promisedFrames - reachedFrames);
    return missing > std::max(1.0 * sampleRate, 0.10 * double(promisedFrames));
}

Error cutShortError(const std::string& path, int64_t promisedFrames, int64_t reachedFrames, int sampleRate) {
    return audioError(ErrorCode::Truncated, path,
                      "is cut short: its header promises " + describeSeconds(double(promisedFrames) / sampleRate) +
                          " of audio, but the data ends after " + describeSeconds(double(reachedFrames) / sampleRate) +
                          ". The file was probably not copied or downloaded completely.");
}

}  // namespace humanear::audio
