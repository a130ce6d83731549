#pragma once
// What a file's first bytes say about it, read without any decoder: used where the
// decoders stay silent or smooth things over (a WAV header that promises more data
// than the file holds, an MP3 whose length is a guess, a damaged file that starts
// like audio).
#include <cstdint>
#include <optional>
#include <string>

namespace humanear::audio {

// The container a file claims to be by its magic bytes, with its article for
// messages ("a FLAC", "an MP4/M4A"), or empty when it does not look like audio.
std::string claimedContainer(const std::string& path);

// What a WAV (RIFF/RIFX) or AIFF/AIFC header declares, read by walking its chunks.
struct PcmHeader {
    int channels = -1;        // -1: no format chunk found
    double sampleRate = -1;
    // Where the "data"/"SSND" samples start and how many bytes the header says they
    // take. Absent without such a chunk, and for the placeholder sizes streaming
    // writers leave when they cannot go back to fix the header (those promise nothing).
    std::optional<int64_t> dataOffset;
    std::optional<int64_t> dataBytes;
};
// Absent for other files (RF64 and W64 included).
std::optional<PcmHeader> readPcmHeader(const std::string& path);

// True when an MP3 starts with a Xing/Info or VBRI frame, whose frame count makes the
// length exact; without one, decoders estimate the length from the bit rate.
bool mp3HasLengthHeader(const std::string& path);

}  // namespace humanear::audio
