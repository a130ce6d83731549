#pragma once
// Audio input: one interface over libsndfile and FFmpeg, and span decoding that
// streams only the requested parts of a file to mono at the rate a model needs.
//
// Every failure is a value whose message is a sentence naming the file. What counts
// as what:
//   FileNotFound / PermissionDenied  the file system says so;
//   NotAudio         a folder, a device, or bytes no decoder understands;
//   Empty            zero bytes, or a header with zero samples;
//   BadParameters    a sample rate outside 1 kHz..768 kHz, 0 or more than 64 channels,
//                    or a stated length over 48 hours;
//   Truncated        the audio ends well before the length its header promises (more
//                    than a second and more than a tenth missing; see isCutShort), or
//                    the file starts like audio but no decoder can open it. PCM WAV and
//                    AIFF are checked at open from the header and the file size; for
//                    compressed formats it shows when a span runs into the missing part;
//   DecodeFailed     a decoder error well before the promised end.
// A stream that stops a little early (within the tolerance) keeps what decoded.
// NaN and infinite samples become 0; finite ones beyond +-1000 (a damaged float
// file: 60 dB over full scale) are clipped there. TooShort and Silent are for the analysis layer
// to decide (see isSilent).
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
    std::string container;  // "wav", "aiff", "flac", "ogg", "mpeg", "mp4"...
    int sampleRate = 0;
    int channels = 0;
    int64_t frames = 0;  // 0 when the header does not say (probe() then counts)
    double durationSeconds = 0;
    std::string decoder;  // "libsndfile" or "ffmpeg"
    // The length is the decoder's guess from the bit rate (an MP3 without a Xing/Info
    // frame): a stream that ends earlier is then not damaged.
    bool lengthEstimated = false;
};

struct Span {
    double startSeconds = 0;
    double lengthSeconds = 0;
};

struct MonoClip {
    int sampleRate = 0;
    double startSeconds = 0;  // where the clip really starts (the span's start on the native grid)
    std::vector<float> samples;
};

// One open file, streaming. Not thread-safe: one per job. Different sources may be
// used from different threads at once.
class AudioSource {
public:
    virtual ~AudioSource();
    virtual const SourceInfo& info() const = 0;
    // Positions the stream at a native-rate frame.
    virtual Status seek(int64_t frame) = 0;
    // Reads up to `frames` interleaved frames; 0 at the end of the stream.
    virtual Result<int64_t> read(float* interleaved, int64_t frames) = 0;
    // Native-rate frames the codec has produced so far, including those decoded only
    // to be thrown away after a seek: the work done, for tests and diagnostics.
    virtual int64_t framesDecoded() const = 0;
};

// Opens with libsndfile first (exact and fast for the formats it knows) and falls
// back to FFmpeg (AAC, ALAC, and whatever else libsndfile refuses or cannot measure).
Result<std::unique_ptr<AudioSource>> open(const std::string& path);
// The facts of a file from its header, without decoding its audio (except for the
// rare stream whose header gives no length, which is counted).
Result<SourceInfo> probe(const std::string& path);

// open() with the facts probe() gives: one open when the header states the length,
// else probe() counts the frames (a second open; rare). The source stays at its
// start, ready for decodeRequests.
struct MeasuredSource {
    std::unique_ptr<AudioSource> source;
    SourceInfo info;
};
Result<MeasuredSource> openMeasured(const std::string& path);

struct DecodeStats {
    int64_t framesRead = 0;        // native-rate frames taken from the source
    int64_t framesDecoded = 0;     // native-rate frames the codec produced (framesRead + what seeking skipped)
    int64_t nonFiniteSamples = 0;  // NaN or infinite samples replaced by 0
    int64_t clippedSamples = 0;    // finite samples beyond +-1000 (60 dB over full scale) clipped there
};

// Decodes each span (clamped to the file) to mono (mean of channels) at targetRate,
// one clip per span in order (empty for a span past the end). Memory grows with the
// spans, never with the file. Polls `cancel` between blocks of 64k frames.
Result<std::vector<MonoClip>> decodeSpans(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                          const CancelToken& cancel = {}, DecodeStats* stats = nullptr);

// What one consumer of a file (a detector member, an embedder, the spectrogram
// view) wants from it: spans at a rate, as mono or as mid and side.
enum class Channels {
    Mono,     // mean of the channels
    MidSide,  // the mean, and beside it (first - second channel) / 2 when the file has two or more
};
struct DecodeRequest {
    int sampleRate = 0;
    std::vector<Span> spans;
    Channels channels = Channels::Mono;
};
struct DecodedSpans {
    std::vector<MonoClip> clips;             // one per span, as decodeSpans gives them
    std::vector<std::vector<float>> sides;   // MidSide of a multi-channel file: one per clip, same length; else empty
};

// Several consumers served by one pass over an open source: the spans of all
// requests are merged on the file's own grid, each stretch is decoded once and
// resampled per consumer (so overlapping spans, and the same span at two rates,
// cost one decode). One DecodedSpans per request, in order; each clip is what
// decodeSpans would give for it alone. Errors as decodeSpans.
Result<std::vector<DecodedSpans>> decodeRequests(AudioSource& source, const std::vector<DecodeRequest>& requests,
                                                 const CancelToken& cancel = {}, DecodeStats* stats = nullptr);
Result<std::vector<DecodedSpans>> decodeRequests(const std::string& path, const std::vector<DecodeRequest>& requests,
                                                 const CancelToken& cancel = {}, DecodeStats* stats = nullptr);

// Where a span lies on a file's own grid, as decodeRequests places it: native frames
// [first, end), clamped to the file's stated length (end == first: nothing to decode).
struct NativeRange {
    int64_t first = 0, end = 0;
};
NativeRange nativeRange(const Span& span, const SourceInfo& info);

// Process-wide totals since start, for tests and diagnostics: files opened (by
// open(), probe() included) and native frames the codecs produced for
// decodeRequests, decodeSpans and probe's counting.
struct DecoderActivity {
    int64_t opens = 0;
    int64_t framesDecoded = 0;
};
DecoderActivity decoderActivity();

// Appends to `spans` those of `more` it does not already hold, so that a stretch
// two readers want is decoded once; returns, for each of `more`, its position
// in `spans`.
std::vector<size_t> addDistinctSpans(std::vector<Span>& spans, const std::vector<Span>& more);

// `count` windows of windowSeconds spread evenly over the track (first at 0, last
// ending at the end); fewer when they would overlap, and a single window sits in the
// middle; one whole-track window when the track is shorter than a window. Empty for
// a non-positive or non-finite duration, window or count.
std::vector<Span> evenlySpreadSpans(double durationSeconds, double windowSeconds, int count);

// Windows of windowSeconds that cover the whole track without gaps: consecutive
// from 0, the last one ending at the end (so it overlaps its neighbour rather than
// running past the audio); one whole-track window when the track is shorter than a
// window. Beyond maxCount windows, maxCount windows spread evenly (gaps between
// them). Empty for a non-positive or non-finite duration, window or count.
std::vector<Span> tilingSpans(double durationSeconds, double windowSeconds, int maxCount);

// True when the peak is below thresholdDb (dBFS). NaN and infinities count as 0.
bool isSilent(const std::vector<float>& mono, float thresholdDb = -80.f);

}  // namespace humanear::audio
