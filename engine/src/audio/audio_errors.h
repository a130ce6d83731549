#pragma once
// Error messages for audio input: complete sentences that name the file.
#include "humanear/result.h"

#include <cstdint>
#include <string>

namespace humanear::audio {

// The file name in quotes, without its folder: what a listener recognises.
std::string quotedName(const std::string& path);

// `"name.ext" ` + problem; the problem is the rest of the sentence.
Error audioError(ErrorCode code, const std::string& path, const std::string& problem);

// "4.6 seconds", "3 min 20 s", "1 h 02 min": lengths as a listener reads them.
std::string describeSeconds(double seconds);

// A stream that ends before its header's promise is only "cut short" when more is
// missing than this: codec padding and rounding of header lengths account for a few
// frames, and a file that lost its last few seconds still carries most of its music.
bool isCutShort(int64_t promisedFrames, int64_t reachedFrames, int sampleRate);

// The Truncated error for a file whose audio stops at reachedFrames of promisedFrames.
Error cutShortError(const std::string& path, int64_t promisedFrames, int64_t reachedFrames, int sampleRate);

}  // namespace humanear::audio
