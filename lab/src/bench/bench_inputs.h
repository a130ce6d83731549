#pragma once
// Inputs for `humanear-cli bench`, made on the spot: music-like synthetic audio
// (chords, bass, drums; tempo and key from a seed) encoded as 44.1 kHz stereo
// MP3, and tagged copies of a few such tracks for a library folder.
#include "humanear/result.h"

#include <string>

namespace humanear::bench {

// Writes `seconds` of 44.1 kHz stereo synthetic music as an MP3 at `path`
// (ffmpeg's libmp3lame at 192 kbit/s when the ffmpeg tool is installed, else
// libsndfile's LAME encoder). `how` says which.
Status writeSyntheticMp3(const std::string& path, double seconds, unsigned seed, const std::string& scratchDir,
                         std::string* how = nullptr);

// Copies an MP3 that has no ID3v2 tag to `path` with an ID3v2.3 tag in front
// (title, artist, album, genre): a distinct file (its own SHA-256) whose audio
// costs exactly as much to decode as the original's.
Status writeTaggedCopy(const std::string& mp3, const std::string& path, const std::string& title,
                       const std::string& artist, const std::string& album, const std::string& genre);

// The ffmpeg tool's path, or empty when it is not installed.
std::string ffmpegTool();

}  // namespace humanear::bench
