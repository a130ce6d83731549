// The windows a training track contributes, and their cache (see training_windows.h).
#include "training_windows.h"

#include "audio/decoder.h"
#include "audio/resampler.h"
#include "detector/detector_windows.h"
#include "dsp/fullband_front_end.h"
#include "synthetic_decoder.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

namespace humanear {

namespace {

// Re-encodes a 16 kHz clip through a random lossy codec with the ffmpeg tool and
// decodes it back with the engine's decoder: the same treatment for both classes,
// so "was compressed" cannot stand in for "human".
std::vector<float> codecRoundTrip(const std::vector<float>& clip, int rate, std::mt19937& rng, const QString& scratch,
                                  int id) {
    static const char* kCodecs[][3] = {{"libmp3lame", "mp3", "64k"},  {"libmp3lame", "mp3", "128k"},
                                       {"libmp3lame", "mp3", "192k"}, {"libopus", "opus", "32k"},
                                       {"libopus", "opus", "64k"},    {"aac", "m4a", "96k"},
                                       {"libvorbis", "ogg", "96k"}};
    const auto& codec = kCodecs[std::uniform_int_distribution<int>(0, 6)(rng)];
    const QString raw = QStringLiteral("%1/in%2.f32").arg(scratch).arg(id);
    const QString out = QStringLiteral("%1/out%2.%3").arg(scratch).arg(id).arg(codec[1]);
    {
        std::ofstream f(raw.toStdString(), std::ios::binary);
        f.write(reinterpret_cast<const char*>(clip.data()), std::streamsize(clip.size() * sizeof(float)));
    }
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"), {"-hide_banner", "-loglevel", "error", "-y", "-f", "f32le", "-ar", QString::number(rate),
                                            "-ac", "1", "-i", raw, "-c:a", codec[0], "-b:a", codec[2], out});
    ffmpeg.waitForFinished(120000);
    std::vector<float> result;
    if (ffmpeg.exitCode() == 0) {
        auto decoded = audio::decodeSpans(out.toStdString(), rate, {audio::Span{0, 1e6}});
        if (decoded && !decoded->empty()) result = std::move(decoded->front().samples);
    }
    QFile::remove(raw);
    QFile::remove(out);
    return result;
}

// White noise at 25-45 dB SNR, a spectral tilt, or a low-pass: the kinds of
// change a track meets on its way to a listener.
void signalAugment(std::vector<float>& x, std::mt19937& rng) {
    std::uniform_real_distribution<float> u(0.f, 1.f);
    double power = 0;
    for (float v : x) power += double(v) * v;
    power /= std::max<size_t>(1, x.size());
    if (u(rng) < 0.5f && power > 0) {
        const double snrDb = 25 + 20 * u(rng);
        std::normal_distribution<float> noise(0.f, float(std::sqrt(power / std::pow(10.0, snrDb / 10))));
        for (float& v : x) v += noise(rng);
    }
    if (u(rng) < 0.5f) {
        // One-pole low-pass (cut-off 2-7 kHz) mixed with the dry signal: a gentle EQ tilt.
        const float cutoff = 2000.f + 5000.f * u(rng), mix = 0.3f + 0.7f * u(rng);
        const float a = std::exp(-2.f * float(M_PI) * cutoff / 16000.f);
        float y = 0;
        for (float& v : x) {
            y = (1 - a) * v + a * y;
            v = mix * y + (1 - mix) * v;
        }
    }
}

// A random band limit between 11 and 20 kHz, as the music's way to the listener
// imposes (encoders' low-pass, a resampled master): down to twice the cut-off and
// back with the engine's resampler, whose filter is steep. Applied to every
// full-band training copy of both classes, so the cut-off cannot follow the label.
void randomLowPass(std::vector<float>& x, int rate, std::mt19937& rng) {
    const int cutoffHz = std::uniform_int_distribution<int>(11000, 20000)(rng);
    if (2 * cutoffHz >= rate || x.empty()) return;
    auto down = audio::Resampler::resample(x, rate, 2 * cutoffHz);
    if (!down) return;
    auto up = audio::Resampler::resample(*down, 2 * cutoffHz, rate);
    if (!up || up->empty()) return;
    up->resize(x.size(), 0.f);
    x = std::move(*up);
}

// FNV-1a: a per-track seed and cache key that do not depend on the track's
// position in the file list (which changes from fold to fold).
uint64_t fnv1a(const std::string& text, uint64_t hash = 1469598103934665603ull) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

// The file's bytes, not its time stamp: a corpus copied again (new times, same audio)
// keeps its cache (a rebuild costs minutes for log-mel windows, about an hour for the
// full-band copies); an edited file misses it. MD5 reads the whole corpus in about a second.
std::string fileContentDigest(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return "unreadable";
    QCryptographicHash hash(QCryptographicHash::Md5);
    hash.addData(&file);
    return std::to_string(file.size()) + "-" + hash.result().toHex().toStdString();
}

std::vector<std::vector<float>> windowData(std::vector<dsp::Matrix> windows) {
    std::vector<std::vector<float>> data;
    for (auto& w : windows) data.push_back(std::move(w.data));
    return data;
}

}  // namespace

std::string trackWindowsCacheName(const LabeledFile& f, const DetectorTrainingSettings& s,
                                  const std::string& embedderDigest) {
    const DetectorConfig& m = s.model;
    char text[512];
    std::snprintf(text, sizeof text, "v2|%s|%g|%d|%g|%d|%g|%d|%d|%d|%d|%d|%s", m.architecture.c_str(),
                  m.windowSeconds, m.windowsPerTrack, m.bandLimitHz, m.sampleRate, m.minBandwidthHz,
                  s.augmentedCopies, s.decodedHumanCopies, int(s.codecAugmentation), int(s.signalAugmentation), s.seed,
                  fileContentDigest(f.path).c_str());
    std::string key = text;
    if (!m.isFullband() && s.logMelDecodedCopies > 0) key += "|logmel-decoded " + std::to_string(s.logMelDecodedCopies);
    if (s.firstSeconds > 0) key += "|first " + std::to_string(s.firstSeconds);
    char name[40];
    std::snprintf(name, sizeof name, "%016llx.windows",
                  (unsigned long long)fnv1a(embedderDigest, fnv1a(key, fnv1a(f.path))));
    return name;
}

// Cache file: "HEWC", bandwidth, window length, then three counted groups of windows.
bool readCachedTrackWindows(const std::string& path, size_t length, TrackWindows& out) {
    std::ifstream in(path, std::ios::binary);
    char magic[4];
    uint64_t storedLength = 0;
    if (!in.read(magic, 4) || std::string(magic, 4) != "HEWC") return false;
    in.read(reinterpret_cast<char*>(&out.bandwidthHz), sizeof out.bandwidthHz);
    in.read(reinterpret_cast<char*>(&storedLength), sizeof storedLength);
    if (!in || storedLength != length) return false;
    for (auto* group : {&out.clean, &out.augmented, &out.decoded}) {
        uint64_t count = 0;
        if (!in.read(reinterpret_cast<char*>(&count), sizeof count) || count > 10000) return false;
        group->assign(count, std::vector<float>(length));
        for (auto& w : *group)
            if (!in.read(reinterpret_cast<char*>(w.data()), std::streamsize(length * sizeof(float)))) return false;
    }
    return true;
}

void writeCachedTrackWindows(const std::string& path, size_t length, const TrackWindows& windows) {
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::binary);
        const uint64_t storedLength = length;
        out.write("HEWC", 4);
        out.write(reinterpret_cast<const char*>(&windows.bandwidthHz), sizeof windows.bandwidthHz);
        out.write(reinterpret_cast<const char*>(&storedLength), sizeof storedLength);
        for (const auto* group : {&windows.clean, &windows.augmented, &windows.decoded}) {
            const uint64_t count = group->size();
            out.write(reinterpret_cast<const char*>(&count), sizeof count);
            for (const auto& w : *group) out.write(reinterpret_cast<const char*>(w.data()), std::streamsize(w.size() * sizeof(float)));
        }
        if (!out) return;
    }
    std::rename(partial.c_str(), path.c_str());  // a killed run leaves no half-written entry
}


TrackWindows computeTrackWindows(const LabeledFile& f, const DetectorTrainingSettings& settings, const QString& scratch,
                                 int id, const CancelToken& cancel) {
    const DetectorConfig& config = settings.model;
    const int rate = config.sampleRate;
    std::mt19937 local(static_cast<unsigned>(fnv1a(std::to_string(settings.seed), fnv1a(f.source + "/" +
                                                   QFileInfo(QString::fromStdString(f.path)).fileName().toStdString()))));
    TrackWindows out;
    auto info = audio::probe(f.path);
    if (!info) return out;
    const double stretch =
        settings.firstSeconds > 0 ? std::min(info->durationSeconds, settings.firstSeconds) : info->durationSeconds;
    auto decoded = audio::decodeSpans(f.path, rate, models::detectorSpans(stretch, config), cancel);
    if (!decoded || decoded->empty()) return out;
    const std::vector<audio::MonoClip> clips = std::move(*decoded);
    if (config.isFullband()) {
        for (const auto& c : clips)
            out.bandwidthHz = std::max(out.bandwidthHz, dsp::estimateBandwidthHz(c.samples.data(), c.samples.size(), rate));
    }
    out.clean = windowData(models::detectorWindowsFromClips(clips, config));
    if (out.clean.empty()) return out;
    // A track the member will not train on needs no augmented copies.
    if (config.minBandwidthHz > 0 && out.bandwidthHz < config.minBandwidthHz) return out;
    // Every copy goes through a random codec, then the member's own augmentation: noise,
    // tilt EQ and a low-pass for the log-mel members, a random 11-20 kHz low-pass for the
    // full band (so that neither codec nor cut-off follows the label).
    auto degrade = [&](std::vector<audio::MonoClip> copy) {
        for (auto& clip : copy) {
            if (settings.codecAugmentation) {
                auto coded = codecRoundTrip(clip.samples, rate, local, scratch, id);
                if (!coded.empty()) clip.samples = std::move(coded);
            }
            if (!settings.signalAugmentation) continue;
            if (config.isFullband())
                randomLowPass(clip.samples, rate, local);
            else
                signalAugment(clip.samples, local);
        }
        return windowData(models::detectorWindowsFromClips(copy, config));
    };
    // Copies with the track's own label: one for a log-mel member (when it augments at all).
    const int sameLabelCopies = config.isFullband() ? settings.augmentedCopies
                                : settings.codecAugmentation || settings.signalAugmentation ? 1
                                                                                             : 0;
    for (int c = 0; c < sameLabelCopies; ++c) {
        auto w = degrade(clips);
        out.augmented.insert(out.augmented.end(), w.begin(), w.end());
    }
    // Human tracks through a random synthetic decoder, degraded the same way, labelled
    // AI. Drawn after the copies above, so that those stay as they were without them.
    const int decodedCopies = f.ai                ? 0
                              : config.isFullband() ? settings.decodedHumanCopies
                                                    : settings.logMelDecodedCopies;
    for (int c = 0; c < decodedCopies; ++c) {
        const models::SyntheticDecoderSpec spec = models::randomDecoderSpec(local);
        std::vector<audio::MonoClip> copy = clips;
        for (auto& clip : copy) clip.samples = models::passThroughDecoder(clip.samples, rate, spec, local);
        auto w = degrade(std::move(copy));
        out.decoded.insert(out.decoded.end(), w.begin(), w.end());
    }
    return out;
}

}  // namespace humanear
