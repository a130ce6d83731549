#include "audio/decoder.h"

#include "audio/audio_errors.h"
#include "audio/ffmpeg_source.h"
#include "audio/file_header.h"
#include "audio/resampler.h"
#include "audio/sndfile_source.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <optional>
#include <system_error>

namespace humanear::audio {

AudioSource::~AudioSource() = default;

namespace {

constexpr int kMinSampleRate = 1000;
constexpr int kMaxSampleRate = 768000;
constexpr int kMaxChannels = 64;
constexpr double kMaxSeconds = 48 * 3600.0;
constexpr int64_t kBlockFrames = 65536;
// Reserve at most this much per clip up front: a span asking for "everything" of a
// file whose length is unknown must not allocate for the request.
constexpr double kMaxReserveSeconds = 600;
// Samples louder than this (60 dB over full scale) are clipped to it; see mixToMono.
constexpr float kMaxAmplitude = 1000.f;

// Checks what the file system can tell before any decoder touches the bytes.
Status checkFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec == std::errc::permission_denied)
        return audioError(ErrorCode::PermissionDenied, path, "cannot be opened: permission to read it was denied.");
    if (ec || !fs::exists(status))
        return audioError(ErrorCode::FileNotFound, path, "does not exist (looked for " + path + ").");
    if (fs::is_directory(status)) return audioError(ErrorCode::NotAudio, path, "is a folder, not an audio file.");
    if (!fs::is_regular_file(status))
        return audioError(ErrorCode::NotAudio, path, "is not an ordinary file (it is a device, socket or pipe).");
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
    } else {
        if (errno == EACCES || errno == EPERM)
            return audioError(ErrorCode::PermissionDenied, path, "cannot be opened: permission to read it was denied.");
        return audioError(ErrorCode::IoError, path, std::string("cannot be opened: ") + std::strerror(errno) + ".");
    }
    const auto bytes = fs::file_size(path, ec);
    if (!ec && bytes == 0) return audioError(ErrorCode::Empty, path, "is empty (0 bytes).");
    return {};
}

bool plausibleRate(double rate) { return rate >= kMinSampleRate && rate <= kMaxSampleRate; }
bool plausibleChannels(int channels) { return channels > 0 && channels <= kMaxChannels; }

Error badRate(const std::string& path, double rate) {
    return audioError(ErrorCode::BadParameters, path,
                      "claims a sample rate of " + std::to_string(std::llround(rate)) +
                          " Hz, which no real recording has; its header is probably damaged.");
}

Error badChannels(const std::string& path, int channels) {
    return audioError(ErrorCode::BadParameters, path,
                      "claims " + std::to_string(channels) +
                          " audio channels, which no real recording has; its header is probably damaged.");
}

Status checkParameters(const SourceInfo& info) {
    if (!plausibleRate(info.sampleRate)) return badRate(info.path, info.sampleRate);
    if (!plausibleChannels(info.channels)) return badChannels(info.path, info.channels);
    if (info.frames < 0 || info.durationSeconds > kMaxSeconds)
        return audioError(ErrorCode::BadParameters, info.path,
                          "claims to last " + describeSeconds(info.durationSeconds) +
                              ", which cannot be right; its header is probably damaged.");
    return {};
}

Result<std::unique_ptr<AudioSource>> openWithDecoders(const std::string& path) {
    auto sndfile = openWithSndfile(path);
    if (sndfile) {
        if ((*sndfile)->info().frames > 0) return sndfile;
        // libsndfile found no length (an Ogg stream cut mid-page, a WAV whose streaming
        // writer left the data size at 0): FFmpeg measures these from the data itself.
        auto ffmpeg = openWithFfmpeg(path);
        if (ffmpeg && (*ffmpeg)->info().frames > 0) return ffmpeg;
        return sndfile;
    }
    if (sndfile.error().code != ErrorCode::NotAudio) return sndfile;
    auto ffmpeg = openWithFfmpeg(path);
    if (ffmpeg || ffmpeg.error().code != ErrorCode::NotAudio) return ffmpeg;
    // Decoders refuse a WAV or AIFF with impossible parameters outright; say which.
    if (const auto header = readPcmHeader(path)) {
        if (header->channels >= 0 && !plausibleChannels(header->channels)) return badChannels(path, header->channels);
        if (header->sampleRate >= 0 && !plausibleRate(header->sampleRate)) return badRate(path, header->sampleRate);
    }
    // A file that starts like audio but that no decoder can open is damaged or cut
    // short (an MP4 whose index was never written), not "not audio".
    const std::string claimed = claimedContainer(path);
    if (!claimed.empty())
        return audioError(ErrorCode::Truncated, path,
                          "starts like " + claimed + " file but is damaged or cut short: no audio can be read from it.");
    return ffmpeg;
}

Error outOfMemory(const std::string& path) {
    return makeError(ErrorCode::Internal, "There is not enough memory to decode " + quotedName(path) + ".");
}

// The libraries are C and report by return value; this only guards the C++ around them.
Error unexpected(const std::string& path, const std::exception& e) {
    return makeError(ErrorCode::Internal,
                     "HumanEar could not read " + quotedName(path) + " because of an internal error (" + e.what() + ").");
}

// Mean of the channels, with NaN and infinities as 0 and finite samples beyond
// +-kMaxAmplitude clipped there: a float file can hold 3e38, whose square overflows
// in the front end's power spectrum and turns the whole spectrogram into NaN.
void mixToMono(const float* interleaved, int64_t frames, int channels, float* mono, DecodeStats& stats) {
    const float scale = 1.f / float(channels);
    for (int64_t i = 0; i < frames; ++i) {
        const float* frame = interleaved + i * channels;
        float sum = 0.f;
        for (int c = 0; c < channels; ++c) {
            const float v = frame[c];
            if (!std::isfinite(v)) {
                ++stats.nonFiniteSamples;
            } else if (std::fabs(v) > kMaxAmplitude) {
                ++stats.clippedSamples;
                sum += std::copysign(kMaxAmplitude, v);
            } else {
                sum += v;
            }
        }
        mono[i] = sum * scale;
    }
}

Result<std::vector<MonoClip>> decodeSpansImpl(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                              const CancelToken& cancel, DecodeStats& stats) {
    if (targetRate < kMinSampleRate || targetRate > kMaxSampleRate)
        return makeError(ErrorCode::InvalidArgument,
                         "Cannot decode " + quotedName(path) + " to " + std::to_string(targetRate) +
                             " Hz: the target rate must be between 1000 and 768000 Hz.");
    auto opened = open(path);
    if (!opened) return opened.error();
    AudioSource& source = **opened;
    const SourceInfo& info = source.info();
    const int ch = info.channels;
    const int rate = info.sampleRate;
    // Only a length the header states exactly can be broken; an estimate can be wrong.
    const bool promised = info.frames > 0 && !info.lengthEstimated;
    auto cancelled = [&] {
        return makeError(ErrorCode::Cancelled, "Decoding of " + quotedName(path) + " was cancelled.");
    };

    std::vector<float> block(size_t(kBlockFrames) * size_t(ch));
    std::vector<float> mono(static_cast<size_t>(kBlockFrames));
    std::vector<MonoClip> clips;
    clips.reserve(spans.size());
    bool requestedAudio = false;
    bool anySamples = false;
    std::optional<Error> decoderError;

    for (const Span& span : spans) {
        if (cancel.isCancelled()) return cancelled();
        MonoClip clip;
        clip.sampleRate = targetRate;
        const double start = std::isfinite(span.startSeconds) ? std::max(0.0, span.startSeconds) : 0.0;
        const double length = std::isfinite(span.lengthSeconds) ? std::max(0.0, span.lengthSeconds) : 0.0;
        const int64_t first = static_cast<int64_t>(std::llround(std::min(start, kMaxSeconds) * rate));
        int64_t wanted = static_cast<int64_t>(std::llround(std::min(length, kMaxSeconds) * rate));
        if (info.frames > 0) wanted = std::min(wanted, std::max<int64_t>(0, info.frames - first));
        clip.startSeconds = double(first) / rate;
        if (wanted == 0) {
            clips.push_back(std::move(clip));
            continue;
        }
        requestedAudio = true;
        if (auto sought = source.seek(first); !sought) {
            // Near the promised end there may simply be nothing left to reach.
            if (info.frames > 0 && !isCutShort(info.frames, first, rate)) {
                clips.push_back(std::move(clip));
                continue;
            }
            if (promised)
                return audioError(ErrorCode::Truncated, path,
                                  "is cut short or damaged: its header promises " +
                                      describeSeconds(info.durationSeconds) + " of audio, but nothing from " +
                                      describeSeconds(clip.startSeconds) + " on can be read.");
            return sought.error();
        }
        Resampler resampler(rate, targetRate);
        if (auto s = resampler.status(); !s) return s.error();
        const double expected = std::min(double(wanted) / rate, kMaxReserveSeconds) * targetRate;
        clip.samples.reserve(static_cast<size_t>(expected) + 64);
        int64_t done = 0;
        while (done < wanted) {
            if (cancel.isCancelled()) return cancelled();
            auto got = source.read(block.data(), std::min(kBlockFrames, wanted - done));
            if (!got || *got == 0) {
                // The stream stopped before the span did.
                const int64_t reached = first + done;
                if (!got) decoderError = got.error();
                if (promised && isCutShort(info.frames, reached, rate)) {
                    if (!got)
                        return audioError(ErrorCode::DecodeFailed, path,
                                          "is damaged: decoding fails after " + describeSeconds(double(reached) / rate) +
                                              " of the " + describeSeconds(info.durationSeconds) +
                                              " its header promises.");
                    return cutShortError(path, info.frames, reached, rate);
                }
                break;
            }
            const int64_t n = *got;
            mixToMono(block.data(), n, ch, mono.data(), stats);
            if (auto s = resampler.process(mono.data(), size_t(n), clip.samples); !s) return s.error();
            done += n;
            stats.framesRead += n;
        }
        if (auto s = resampler.flush(clip.samples); !s) return s.error();
        anySamples = anySamples || !clip.samples.empty();
        clips.push_back(std::move(clip));
    }
    stats.framesDecoded = source.framesDecoded();

    // Spans that ask for audio and get none at all: there is nothing usable in the file.
    if (requestedAudio && !anySamples) {
        if (decoderError)
            return audioError(ErrorCode::DecodeFailed, path, "is damaged: none of its audio can be decoded.");
        if (info.frames == 0) return audioError(ErrorCode::Empty, path, "contains no audio samples.");
        return audioError(ErrorCode::Truncated, path,
                          "is damaged or cut short: its header promises " + describeSeconds(info.durationSeconds) +
                              " of audio, but none of it can be decoded.");
    }
    return clips;
}

}  // namespace

Result<std::unique_ptr<AudioSource>> open(const std::string& path) {
    try {
        if (auto s = checkFile(path); !s) return s.error();
        auto source = openWithDecoders(path);
        if (!source) return source.error();
        if (auto s = checkParameters((*source)->info()); !s) return s.error();
        return source;
    } catch (const std::bad_alloc&) {
        return outOfMemory(path);
    } catch (const std::exception& e) {
        return unexpected(path, e);
    }
}

Result<SourceInfo> probe(const std::string& path) {
    try {
        auto source = open(path);
        if (!source) return source.error();
        SourceInfo info = (*source)->info();
        if (info.frames == 0) {
            // No length in the header: count by decoding (rare; mostly tiny or broken files).
            std::vector<float> block(size_t(kBlockFrames) * size_t(info.channels));
            int64_t total = 0;
            for (;;) {
                auto got = (*source)->read(block.data(), kBlockFrames);
                if (!got || *got == 0) break;
                total += *got;
            }
            info.frames = total;
            info.durationSeconds = double(total) / info.sampleRate;
            info.lengthEstimated = false;
        }
        if (info.frames == 0) return audioError(ErrorCode::Empty, path, "contains no audio samples.");
        return info;
    } catch (const std::bad_alloc&) {
        return outOfMemory(path);
    } catch (const std::exception& e) {
        return unexpected(path, e);
    }
}

Result<std::vector<MonoClip>> decodeSpans(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                          const CancelToken& cancel, DecodeStats* stats) {
    DecodeStats local;
    DecodeStats& s = stats ? *stats : local;
    s = DecodeStats{};
    try {
        return decodeSpansImpl(path, targetRate, spans, cancel, s);
    } catch (const std::bad_alloc&) {
        return outOfMemory(path);
    } catch (const std::exception& e) {
        return unexpected(path, e);
    }
}

std::vector<size_t> addDistinctSpans(std::vector<Span>& spans, const std::vector<Span>& more) {
    std::vector<size_t> positions;
    for (const Span& span : more) {
        auto same = std::find_if(spans.begin(), spans.end(), [&](const Span& s) {
            return s.startSeconds == span.startSeconds && s.lengthSeconds == span.lengthSeconds;
        });
        positions.push_back(size_t(same - spans.begin()));
        if (same == spans.end()) spans.push_back(span);
    }
    return positions;
}

std::vector<Span> evenlySpreadSpans(double durationSeconds, double windowSeconds, int count) {
    std::vector<Span> spans;
    if (!std::isfinite(durationSeconds) || !std::isfinite(windowSeconds) || durationSeconds <= 0 ||
        windowSeconds <= 0 || count <= 0)
        return spans;
    if (durationSeconds <= windowSeconds) return {Span{0.0, durationSeconds}};
    // Windows never overlap: a short track gets fewer, not repeated, windows.
    const double fit = std::floor(durationSeconds / windowSeconds);
    const int n = static_cast<int>(std::min<double>(count, fit));
    if (n == 1) return {Span{(durationSeconds - windowSeconds) / 2, windowSeconds}};
    const double step = (durationSeconds - windowSeconds) / (n - 1);
    spans.reserve(size_t(n));
    for (int i = 0; i < n; ++i) spans.push_back(Span{i * step, windowSeconds});
    spans.back().startSeconds = durationSeconds - windowSeconds;  // exactly at the end despite rounding
    return spans;
}

std::vector<Span> tilingSpans(double durationSeconds, double windowSeconds, int maxCount) {
    std::vector<Span> spans;
    if (!std::isfinite(durationSeconds) || !std::isfinite(windowSeconds) || durationSeconds <= 0 ||
        windowSeconds <= 0 || maxCount <= 0)
        return spans;
    if (durationSeconds <= windowSeconds) return {Span{0.0, durationSeconds}};
    const double needed = std::ceil(durationSeconds / windowSeconds);
    if (needed > maxCount) {
        if (maxCount == 1) return {Span{(durationSeconds - windowSeconds) / 2, windowSeconds}};
        const double step = (durationSeconds - windowSeconds) / (maxCount - 1);
        for (int i = 0; i < maxCount; ++i) spans.push_back(Span{i * step, windowSeconds});
    } else {
        for (int i = 0; i < int(needed); ++i) spans.push_back(Span{i * windowSeconds, windowSeconds});
    }
    spans.back().startSeconds = durationSeconds - windowSeconds;  // exactly at the end despite rounding
    return spans;
}

bool isSilent(const std::vector<float>& mono, float thresholdDb) {
    const float threshold = std::pow(10.f, thresholdDb / 20.f);
    for (float v : mono)
        if (std::isfinite(v) && std::fabs(v) >= threshold) return false;
    return true;
}

}  // namespace humanear::audio
