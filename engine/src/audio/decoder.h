#pragma once
// Audio input: one interface over libsndfile and FFmpeg, and span decoding that
// streams only the requested parts of a file to mono at the rate a model needs.
#include "humanear/cancel.h"
#include "humanear/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace humanear::audio {

struct SourceInfo {
    std::string path;
    std::string codec;      // "pcm_16", "float", "flac", "vorbis", "opus", "mp3", "aac", "alac"...
    std::string container;  // "wav", "aiff", "flac", "ogg", "mpeg", "mov,mp4,m4a,..."
    std::string decoder;    // "libsndfile" or "ffmpeg"
    int sampleRate = 0;
    int channels = 0;
    int64_t frames = 0;  // as the header says; may be an estimate for compressed streams
    double durationSeconds = 0;
};

struct Span {
    double startSeconds = 0;
    double lengthSeconds = 0;
};

struct MonoClip {
    int sampleRate = 0;
    double startSeconds = 0;
    std::vector<float> samples;
};

// One open file, streaming. Not thread-safe: one per job.
class AudioSource {
public:
    virtual ~AudioSource() = default;
    virtual const SourceInfo& info() const = 0;
    // Positions the stream at a native-rate frame.
    virtual Status seek(int64_t frame) = 0;
    // Reads up to `frames` interleaved frames; 0 at the end of the stream.
    virtual Result<int64_t> read(float* interleaved, int64_t frames) = 0;
};

// Opens with libsndfile first (exact and fast for the formats it knows) and falls
// back to FFmpeg (AAC, ALAC, and whatever else libsndfile refuses).
Result<std::unique_ptr<AudioSource>> open(const std::string& path);
// The facts of a file without decoding its audio.
Result<SourceInfo> probe(const std::string& path);

struct DecodeStats {
    int64_t framesRead = 0;  // native-rate frames pulled from the decoder
};

// Decodes each span (clamped to the file) to mono (mean of channels) at
// targetRate. Memory grows with the spans, never with the file. NaN and infinite
// samples become 0. Polls `cancel` between blocks.
Result<std::vector<MonoClip>> decodeSpans(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                          const CancelToken& cancel = {}, DecodeStats* stats = nullptr);

// `count` windows of windowSeconds spread evenly over the track (first at 0, last
// ending at the end); fewer when they would overlap; one whole-track window when
// the track is shorter than a window.
std::vector<Span> evenlySpreadSpans(double durationSeconds, double windowSeconds, int count);

// True when the peak is below thresholdDb (dBFS).
bool isSilent(const std::vector<float>& mono, float thresholdDb = -80.f);

}  // namespace humanear::audio
