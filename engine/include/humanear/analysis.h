#pragma once
// Value types that describe one analysed track.
#include "humanear/library.h"
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

// What the file's tags say (TagLib), with the file and folder names as fallbacks.
struct TrackMetadata {
    std::string title, artist, album, genre;  // UTF-8; may be empty
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

enum class Verdict { LikelyAi, Uncertain, LikelyHuman };
const char* verdictName(Verdict verdict);  // "likely_ai", "uncertain", "likely_human"

struct Detection {
    double pAi = 0;        // calibrated probability that the track is AI-generated
    double spread = 0;     // standard deviation of P(AI) across the analysed windows
    double threshold = 0.5;
    int windows = 0;
    int members = 1;       // networks whose P(AI) are averaged (the shipped ensemble has two)
    std::vector<double> windowPAi;
    std::vector<double> windowStartSeconds;
    Verdict verdict = Verdict::Uncertain;
    std::string model;  // name and version of the detector that judged
    // Where the detector looked: bands x frames of TrackAnalysis::spectrogram,
    // values in [0, 1] (1 = most influential). Empty unless
    // AnalysisOptions::computeSaliency and the detector supports it.
    std::vector<float> saliency;
};

struct TrackAnalysis {
    std::string path;
    std::optional<Error> error;  // set when the file could not be analysed
    AudioFacts facts;
    TrackMetadata metadata;
    Spectrogram spectrogram;
    std::optional<Detection> detection;  // absent when no detector is installed
    // Human tracks like this one (see AnalysisOptions::recommend); absent when
    // not asked for or the library is empty (then `note` says why).
    std::optional<RecommendationList> recommendations;
    std::string note;                    // e.g. why there is no detection
    bool ok() const { return !error.has_value(); }
};

}  // namespace humanear
