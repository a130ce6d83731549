#include "audio/decoder.h"

#include "audio/audio_errors.h"
#include "audio/ffmpeg_source.h"
#include "audio/file_header.h"
#include "audio/resampler.h"
#include "audio/sndfile_source.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <optional>
#include <system_error>

#include <emmintrin.h>

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

// Process-wide totals behind decoderActivity().
std::atomic<int64_t> g_opens{0};
std::atomic<int64_t> g_framesDecoded{0};

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

// True when every sample is finite and within +-kMaxAmplitude: |x| <= limit is
// false for NaN, so one comparison per sample, four at a time, settles both.
bool allWithinAmplitude(const float* x, int64_t n) {
    const __m128 limit = _mm_set1_ps(kMaxAmplitude);
    const __m128 magnitudeBits = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 within = _mm_castsi128_ps(_mm_set1_epi32(-1));
    int64_t i = 0;
    for (; i + 4 <= n; i += 4)
        within = _mm_and_ps(within, _mm_cmple_ps(_mm_and_ps(_mm_loadu_ps(x + i), magnitudeBits), limit));
    bool all = _mm_movemask_ps(within) == 0xF;
    for (; i < n; ++i) all = all && std::fabs(x[i]) <= kMaxAmplitude;
    return all;
}

// Mean of the channels, with NaN and infinities as 0 and finite samples beyond
// +-kMaxAmplitude clipped there: a float file can hold 3e38, whose square overflows
// in the front end's power spectrum and turns the whole spectrogram into NaN.
// A block with nothing to clean (every real file's every block) skips the checks;
// its sums are the same operations, so the same values bit for bit (the checks
// per sample had been a sixth of the decode's time).
void mixToMono(const float* interleaved, int64_t frames, int channels, float* mono, DecodeStats& stats) {
    const float scale = 1.f / float(channels);
    if (allWithinAmplitude(interleaved, frames * channels)) {
        // Stereo, nearly every file, spelled out: the loop over a run-time channel
        // count below takes 60 % longer on it (19 against 12 ms for 4 minutes).
        if (channels == 2) {
            for (int64_t i = 0; i < frames; ++i) {
                float sum = 0.f;
                sum += interleaved[2 * i];
                sum += interleaved[2 * i + 1];
                mono[i] = sum * scale;
            }
            return;
        }
        for (int64_t i = 0; i < frames; ++i) {
            const float* frame = interleaved + i * channels;
            float sum = 0.f;
            for (int c = 0; c < channels; ++c) sum += frame[c];
            mono[i] = sum * scale;
        }
        return;
    }
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

// The side signal (first - second channel) / 2 of each frame, cleaned as mixToMono cleans.
void sideOf(const float* interleaved, int64_t frames, int channels, float* side) {
    auto clean = [](float v) { return std::isfinite(v) ? std::clamp(v, -kMaxAmplitude, kMaxAmplitude) : 0.f; };
    for (int64_t i = 0; i < frames; ++i) {
        const float* frame = interleaved + i * channels;
        side[i] = 0.5f * (clean(frame[0]) - clean(frame[1]));
    }
}

// One output clip: where it lies on the native grid, and its converters while it is being filled.
struct ClipJob {
    size_t request = 0, clip = 0;
    int64_t first = 0, end = 0;  // native frames [first, end)
    bool wantsSide = false;
    std::unique_ptr<Resampler> mid, side;
};

// A stretch of the file read in one go: every clip in it is fed from the same blocks.
struct Stretch {
    int64_t first = 0, end = 0;
    std::vector<size_t> jobs;  // indices into the job list, by first frame
};

std::vector<Stretch> mergeIntoStretches(const std::vector<ClipJob>& jobs) {
    std::vector<size_t> order(jobs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return jobs[a].first < jobs[b].first; });
    std::vector<Stretch> stretches;
    for (size_t j : order) {
        // Overlapping or touching clips share a stretch: no frame is decoded twice.
        if (stretches.empty() || jobs[j].first > stretches.back().end)
            stretches.push_back(Stretch{jobs[j].first, jobs[j].end, {}});
        stretches.back().end = std::max(stretches.back().end, jobs[j].end);
        stretches.back().jobs.push_back(j);
    }
    return stretches;
}

Status finishClip(ClipJob& job, std::vector<DecodedSpans>& out) {
    if (!job.mid) return {};
    DecodedSpans& request = out[job.request];
    std::vector<float>& mid = request.clips[job.clip].samples;
    if (auto s = job.mid->flush(mid); !s) return s;
    if (job.side) {
        std::vector<float>& side = request.sides[job.clip];
        if (auto s = job.side->flush(side); !s) return s;
        const size_t len = std::min(mid.size(), side.size());
        mid.resize(len);
        side.resize(len);
    }
    job.mid.reset();
    job.side.reset();
    return {};
}

Result<std::vector<DecodedSpans>> decodeRequestsImpl(AudioSource& source, const std::vector<DecodeRequest>& requests,
                                                     const CancelToken& cancel, DecodeStats& stats) {
    const SourceInfo& info = source.info();
    const std::string& path = info.path;
    for (const DecodeRequest& request : requests)
        if (request.sampleRate < kMinSampleRate || request.sampleRate > kMaxSampleRate)
            return makeError(ErrorCode::InvalidArgument,
                             "Cannot decode " + quotedName(path) + " to " + std::to_string(request.sampleRate) +
                                 " Hz: the target rate must be between 1000 and 768000 Hz.");
    const int ch = info.channels;
    const int rate = info.sampleRate;
    const bool stereo = ch >= 2;
    // Only a length the header states exactly can be broken; an estimate can be wrong.
    const bool promised = info.frames > 0 && !info.lengthEstimated;
    auto cancelled = [&] {
        return makeError(ErrorCode::Cancelled, "Decoding of " + quotedName(path) + " was cancelled.");
    };

    // Every clip of every request, placed on the native grid.
    std::vector<DecodedSpans> out(requests.size());
    std::vector<ClipJob> jobs;
    struct Copy {
        size_t job, request, clip;
    };
    std::vector<Copy> copies;
    bool requestedAudio = false;
    for (size_t r = 0; r < requests.size(); ++r) {
        const DecodeRequest& request = requests[r];
        const bool withSide = request.channels == Channels::MidSide && stereo;
        out[r].clips.resize(request.spans.size());
        if (withSide) out[r].sides.resize(request.spans.size());
        for (size_t i = 0; i < request.spans.size(); ++i) {
            const NativeRange range = nativeRange(request.spans[i], info);
            const int64_t first = range.first, wanted = range.end - range.first;
            MonoClip& clip = out[r].clips[i];
            clip.sampleRate = request.sampleRate;
            clip.startSeconds = double(first) / rate;
            if (wanted == 0) continue;
            requestedAudio = true;
            const double expected = std::min(double(wanted) / rate, kMaxReserveSeconds) * request.sampleRate;
            clip.samples.reserve(static_cast<size_t>(expected) + 64);
            if (withSide) out[r].sides[i].reserve(static_cast<size_t>(expected) + 64);
            // The same stretch at the same rate for two readers (the view's window and
            // a detector window) is resampled once and copied.
            auto same = std::find_if(jobs.begin(), jobs.end(), [&](const ClipJob& j) {
                return j.first == first && j.end == first + wanted && j.wantsSide == withSide &&
                       requests[j.request].sampleRate == request.sampleRate;
            });
            if (same != jobs.end()) {
                copies.push_back({size_t(same - jobs.begin()), r, i});
                continue;
            }
            jobs.push_back(ClipJob{r, i, first, first + wanted, withSide, nullptr, nullptr});
        }
    }

    std::vector<float> block(size_t(kBlockFrames) * size_t(ch));
    std::vector<float> mono(static_cast<size_t>(kBlockFrames)), side;
    const bool anySide = std::any_of(jobs.begin(), jobs.end(), [](const ClipJob& j) { return j.wantsSide; });
    if (anySide) side.resize(static_cast<size_t>(kBlockFrames));
    std::optional<Error> decoderError;

    for (const Stretch& stretch : mergeIntoStretches(jobs)) {
        if (cancel.isCancelled()) return cancelled();
        if (auto sought = source.seek(stretch.first); !sought) {
            // Near the promised end there may simply be nothing left to reach.
            if (info.frames > 0 && !isCutShort(info.frames, stretch.first, rate)) continue;
            if (promised)
                return audioError(ErrorCode::Truncated, path,
                                  "is cut short or damaged: its header promises " +
                                      describeSeconds(info.durationSeconds) + " of audio, but nothing from " +
                                      describeSeconds(double(stretch.first) / rate) + " on can be read.");
            return sought.error();
        }
        int64_t position = stretch.first;
        size_t nextJob = 0;                  // the first clip of the stretch not yet started
        std::vector<size_t> active;          // clips being filled
        while (position < stretch.end) {
            if (cancel.isCancelled()) return cancelled();
            auto got = source.read(block.data(), std::min(kBlockFrames, stretch.end - position));
            if (!got || *got == 0) {
                // The stream stopped before the stretch did.
                if (!got) decoderError = got.error();
                if (promised && isCutShort(info.frames, position, rate)) {
                    if (!got)
                        return audioError(ErrorCode::DecodeFailed, path,
                                          "is damaged: decoding fails after " + describeSeconds(double(position) / rate) +
                                              " of the " + describeSeconds(info.durationSeconds) +
                                              " its header promises.");
                    return cutShortError(path, info.frames, position, rate);
                }
                break;
            }
            const int64_t n = *got;
            const int64_t blockEnd = position + n;
            mixToMono(block.data(), n, ch, mono.data(), stats);
            bool sideReady = false;
            while (nextJob < stretch.jobs.size() && jobs[stretch.jobs[nextJob]].first < blockEnd) {
                ClipJob& job = jobs[stretch.jobs[nextJob++]];
                job.mid = std::make_unique<Resampler>(rate, requests[job.request].sampleRate);
                if (auto s = job.mid->status(); !s) return s.error();
                if (job.wantsSide) job.side = std::make_unique<Resampler>(rate, requests[job.request].sampleRate);
                active.push_back(size_t(&job - jobs.data()));
            }
            for (size_t a = 0; a < active.size();) {
                ClipJob& job = jobs[active[a]];
                const int64_t from = std::max(job.first, position) - position;
                const int64_t to = std::min(job.end, blockEnd) - position;
                DecodedSpans& request = out[job.request];
                if (auto s = job.mid->process(mono.data() + from, size_t(to - from), request.clips[job.clip].samples); !s)
                    return s.error();
                if (job.side) {
                    if (!sideReady) sideOf(block.data(), n, ch, side.data());
                    sideReady = true;
                    if (auto s = job.side->process(side.data() + from, size_t(to - from), request.sides[job.clip]); !s)
                        return s.error();
                }
                if (job.end <= blockEnd) {
                    if (auto s = finishClip(job, out); !s) return s.error();
                    active.erase(active.begin() + long(a));
                } else {
                    ++a;
                }
            }
            position = blockEnd;
            stats.framesRead += n;
        }
        for (size_t j : active)
            if (auto s = finishClip(jobs[j], out); !s) return s.error();
    }
    stats.framesDecoded = source.framesDecoded();
    for (const Copy& copy : copies) {
        const ClipJob& job = jobs[copy.job];
        out[copy.request].clips[copy.clip].samples = out[job.request].clips[job.clip].samples;
        if (job.wantsSide) out[copy.request].sides[copy.clip] = out[job.request].sides[job.clip];
    }

    // Spans that ask for audio and get none at all: there is nothing usable in the file.
    bool anySamples = false;
    for (const DecodedSpans& request : out)
        for (const MonoClip& clip : request.clips) anySamples = anySamples || !clip.samples.empty();
    if (requestedAudio && !anySamples) {
        if (decoderError)
            return audioError(ErrorCode::DecodeFailed, path, "is damaged: none of its audio can be decoded.");
        if (info.frames == 0) return audioError(ErrorCode::Empty, path, "contains no audio samples.");
        return audioError(ErrorCode::Truncated, path,
                          "is damaged or cut short: its header promises " + describeSeconds(info.durationSeconds) +
                              " of audio, but none of it can be decoded.");
    }
    return out;
}

}  // namespace

Result<std::unique_ptr<AudioSource>> open(const std::string& path) {
    ++g_opens;
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
            g_framesDecoded += (*source)->framesDecoded();
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

Result<MeasuredSource> openMeasured(const std::string& path) {
    auto opened = open(path);
    if (!opened) return opened.error();
    MeasuredSource measured{std::move(*opened), {}};
    measured.info = measured.source->info();
    if (measured.info.frames == 0) {
        auto counted = probe(path);
        if (!counted) return counted.error();
        measured.info = *counted;
    }
    return measured;
}

NativeRange nativeRange(const Span& span, const SourceInfo& info) {
    const int rate = info.sampleRate;
    const double start = std::isfinite(span.startSeconds) ? std::max(0.0, span.startSeconds) : 0.0;
    const double length = std::isfinite(span.lengthSeconds) ? std::max(0.0, span.lengthSeconds) : 0.0;
    const int64_t first = static_cast<int64_t>(std::llround(std::min(start, kMaxSeconds) * rate));
    int64_t wanted = static_cast<int64_t>(std::llround(std::min(length, kMaxSeconds) * rate));
    if (info.frames > 0) wanted = std::min(wanted, std::max<int64_t>(0, info.frames - first));
    return {first, first + wanted};
}

Result<std::vector<DecodedSpans>> decodeRequests(AudioSource& source, const std::vector<DecodeRequest>& requests,
                                                 const CancelToken& cancel, DecodeStats* stats) {
    DecodeStats local;
    DecodeStats& s = stats ? *stats : local;
    s = DecodeStats{};
    const int64_t decodedBefore = source.framesDecoded();
    try {
        auto decoded = decodeRequestsImpl(source, requests, cancel, s);
        g_framesDecoded += source.framesDecoded() - decodedBefore;
        return decoded;
    } catch (const std::bad_alloc&) {
        return outOfMemory(source.info().path);
    } catch (const std::exception& e) {
        return unexpected(source.info().path, e);
    }
}

Result<std::vector<DecodedSpans>> decodeRequests(const std::string& path, const std::vector<DecodeRequest>& requests,
                                                 const CancelToken& cancel, DecodeStats* stats) {
    if (stats) *stats = DecodeStats{};
    auto opened = open(path);
    if (!opened) return opened.error();
    return decodeRequests(**opened, requests, cancel, stats);
}

Result<std::vector<MonoClip>> decodeSpans(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                          const CancelToken& cancel, DecodeStats* stats) {
    auto decoded = decodeRequests(path, {DecodeRequest{targetRate, spans, Channels::Mono}}, cancel, stats);
    if (!decoded) return decoded.error();
    return std::move(decoded->front().clips);
}

DecoderActivity decoderActivity() { return DecoderActivity{g_opens.load(), g_framesDecoded.load()}; }

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
