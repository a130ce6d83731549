#pragma once
// Value types that describe one analysed track.
#include "humanear/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace humanear {

struct AudioFacts {
    double durationSeconds = 0;
    int sampleRate = 0;   // as stored in the file
    int channels = 0;
    std::string codec;    // e.g. "mp3", "flac", "pcm_16", "aac"
    std::string decoder;  // "libsndfile" or "ffmpeg"
};

// A log-mel spectrogram: bands x frames, row-major, low frequencies first, values in dB (max 0).
struct Spectrogram {
    int bands = 0;
    int frames = 0;
    int sampleRate = 0;
    int hop = 0;
    std::vector<float> db;  // empty unless AnalysisOptions::keepSpectrogram
    double secondsPerFrame() const { return sampleRate ? double(hop) / sampleRate : 0.0; }
};

struct TrackAnalysis {
    std::string path;
    std::optional<Error> error;  // set when the file could not be analysed
    AudioFacts facts;
    Spectrogram spectrogram;
    bool ok() const { return !error.has_value(); }
};

}  // namespace humanear
