#include "audio/decoder.h"

#include "audio/audio_errors.h"
#include "audio/ffmpeg_source.h"
#include "audio/resampler.h"
#include "audio/sndfile_source.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace humanear::audio {

namespace {

constexpr int kMinSampleRate = 1000;
constexpr int kMaxSampleRate = 768000;
constexpr int kMaxChannels = 64;
constexpr int64_t kBlockFrames = 65536;

// Checks what the file system can tell before any decoder touches the bytes.
Status checkFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        if (ec == std::errc::permission_denied)
            return audioError(ErrorCode::PermissionDenied, path, "cannot be opened: permission denied.");
        return audioError(ErrorCode::FileNotFound, path, "does not exist (" + path + ").");
    }
    if (fs::is_directory(status)) return audioError(ErrorCode::NotAudio, path, "is a folder, not an audio file.");
    if (!fs::is_regular_file(status))
        return audioError(ErrorCode::NotAudio, path, "is not a regular file (a device, socket or pipe).");
    if (fs::file_size(path, ec) == 0 && !ec) return audioError(ErrorCode::Empty, path, "is empty (0 bytes).");
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
    } else {
        if (errno == EACCES) return audioError(ErrorCode::PermissionDenied, path, "cannot be opened: permission denied.");
        return audioError(ErrorCode::IoError, path, "cannot be opened.");
    }
    return {};
}

Status checkParameters(const SourceInfo& info) {
    if (info.sampleRate < kMinSampleRate || info.sampleRate > kMaxSampleRate)
        return audioError(ErrorCode::BadParameters, info.path,
                          "declares an impossible sample rate of " + std::to_string(info.sampleRate) + " Hz.");
    if (info.channels <= 0 || info.channels > kMaxChannels)
        return audioError(ErrorCode::BadParameters, info.path,
                          "declares an impossible channel count of " + std::to_string(info.channels) + ".");
    if (info.frames < 0 || info.durationSeconds > 24 * 3600.0)
        return audioError(ErrorCode::BadParameters, info.path, "declares an impossible length.");
    return {};
}

// The container a file claims to be by its first bytes (with its article), or empty. When no decoder
// can open a file that starts like audio, it is damaged or cut short, not "not audio".
std::string claimedContainer(const std::string& path) {
    char head[12] = {};
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {};
    const size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    const std::string h(head, n);
    if (h.rfind("fLaC", 0) == 0) return "a FLAC";
    if (h.rfind("OggS", 0) == 0) return "an Ogg";
    if (h.rfind("ID3", 0) == 0) return "an MP3";
    if (h.rfind("RIFF", 0) == 0 && h.substr(8, 4) == "WAVE") return "a WAV";
    if (h.rfind("FORM", 0) == 0) return "an AIFF";
    if (n >= 8 && h.substr(4, 4) == "ftyp") return "an MP4/M4A";
    return {};
}

}  // namespace

Result<std::unique_ptr<AudioSource>> open(const std::string& path) {
    if (auto s = checkFile(path); !s) return s.error();
    auto source = openWithSndfile(path);
    if (!source) source = openWithFfmpeg(path);
    if (!source && source.error().code == ErrorCode::NotAudio) {
        const std::string claimed = claimedContainer(path);
        if (!claimed.empty())
            return audioError(ErrorCode::Truncated, path,
                              "starts like " + claimed + " file but is damaged or cut short: no audio can be read from it.");
    }
    if (!source) return source.error();
    if (auto s = checkParameters((*source)->info()); !s) return s.error();
    return source;
}

Result<SourceInfo> probe(const std::string& path) {
    auto source = open(path);
    if (!source) return source.error();
    SourceInfo info = (*source)->info();
    if (info.frames == 0) {
        // Compressed streams without a length in their header: count by decoding.
        std::vector<float> block(size_t(kBlockFrames) * info.channels);
        int64_t total = 0;
        for (;;) {
            auto got = (*source)->read(block.data(), kBlockFrames);
            if (!got || *got == 0) break;
            total += *got;
        }
        info.frames = total;
        info.durationSeconds = double(total) / info.sampleRate;
    }
    if (info.frames == 0) return audioError(ErrorCode::Empty, path, "contains no audio samples.");
    return info;
}

Result<std::vector<MonoClip>> decodeSpans(const std::string& path, int targetRate, const std::vector<Span>& spans,
                                          const CancelToken& cancel, DecodeStats* stats) {
    if (targetRate < kMinSampleRate || targetRate > kMaxSampleRate)
        return makeError(ErrorCode::InvalidArgument, "Invalid target sample rate " + std::to_string(targetRate) + ".");
    auto opened = open(path);
    if (!opened) return opened.error();
    AudioSource& source = **opened;
    const SourceInfo& info = source.info();
    const int ch = info.channels;
    std::vector<float> block(size_t(kBlockFrames) * ch);
    std::vector<float> mono(static_cast<size_t>(kBlockFrames));
    std::vector<MonoClip> clips;
    int64_t readFromFile = 0;
    bool sawNonFinite = false;

    for (const Span& span : spans) {
        MonoClip clip;
        clip.sampleRate = targetRate;
        const int64_t first = std::max<int64_t>(0, std::llround(span.startSeconds * info.sampleRate));
        int64_t wanted = std::max<int64_t>(0, std::llround(span.lengthSeconds * info.sampleRate));
        if (info.frames > 0) wanted = std::min(wanted, std::max<int64_t>(0, info.frames - first));
        clip.startSeconds = double(first) / info.sampleRate;
        if (wanted == 0 && info.frames > 0) {
            clips.push_back(std::move(clip));
            continue;
        }
        if (auto s = source.seek(first); !s) return s.error();
        Resampler resampler(info.sampleRate, targetRate);
        clip.samples.reserve(size_t(double(wanted) * targetRate / info.sampleRate) + 64);
        int64_t done = 0;
        while (done < wanted) {
            if (cancel.isCancelled())
                return makeError(ErrorCode::Cancelled, "Decoding of " + quotedName(path) + " was cancelled.");
            auto got = source.read(block.data(), std::min(kBlockFrames, wanted - done));
            if (!got) {
                if (done > 0 || !clips.empty()) break;  // keep what decoded before the damage
                return audioError(got.error().code == ErrorCode::DecodeFailed ? ErrorCode::Truncated : got.error().code,
                                  path, "is damaged or truncated: no audio could be decoded from it.");
            }
            if (*got == 0) break;
            const int64_t n = *got;
            for (int64_t i = 0; i < n; ++i) {
                float sum = 0.f;
                const float* frame = block.data() + i * ch;
                for (int c = 0; c < ch; ++c) {
                    float v = frame[c];
                    if (!std::isfinite(v)) {
                        v = 0.f;
                        sawNonFinite = true;
                    }
                    sum += v;
                }
                mono[size_t(i)] = sum / float(ch);
            }
            if (auto s = resampler.process(mono.data(), size_t(n), clip.samples); !s) return s.error();
            done += n;
            readFromFile += n;
        }
        if (auto s = resampler.flush(clip.samples); !s) return s.error();
        clips.push_back(std::move(clip));
    }
    (void)sawNonFinite;  // replaced with silence; the samples around them are still valid
    if (stats) stats->framesRead = readFromFile;
    bool any = false;
    for (const auto& c : clips) any = any || !c.samples.empty();
    if (!any && !spans.empty()) {
        if (info.frames > 0)
            return audioError(ErrorCode::Truncated, path,
                              "is truncated: its header promises audio, but none could be decoded.");
        return audioError(ErrorCode::Empty, path, "contains no audio samples.");
    }
    return clips;
}

std::vector<Span> evenlySpreadSpans(double durationSeconds, double windowSeconds, int count) {
    std::vector<Span> spans;
    if (durationSeconds <= 0 || windowSeconds <= 0 || count <= 0) return spans;
    if (durationSeconds <= windowSeconds) return {Span{0.0, durationSeconds}};
    const int fit = static_cast<int>(std::floor(durationSeconds / windowSeconds));
    const int n = std::min(count, fit);
    if (n == 1) return {Span{(durationSeconds - windowSeconds) / 2, windowSeconds}};
    const double step = (durationSeconds - windowSeconds) / (n - 1);
    for (int i = 0; i < n; ++i) spans.push_back(Span{i * step, windowSeconds});
    return spans;
}

bool isSilent(const std::vector<float>& mono, float thresholdDb) {
    const float threshold = std::pow(10.f, thresholdDb / 20.f);
    for (float v : mono)
        if (std::isfinite(v) && std::fabs(v) >= threshold) return false;
    return true;
}

}  // namespace humanear::audio
