#include "bench/bench_inputs.h"

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

namespace humanear::bench {

namespace {

constexpr int kRate = 44100;
constexpr double kTwoPi = 6.283185307179586;

// A sine table: synthesis must cost little next to what is measured.
struct SineTable {
    static constexpr int kSize = 4096;
    float values[kSize + 1];
    SineTable() {
        for (int i = 0; i <= kSize; ++i) values[i] = float(std::sin(kTwoPi * i / kSize));
    }
    // phase in cycles, [0, 1)
    float operator()(double phase) const {
        const double x = phase * kSize;
        const int i = int(x);
        const float f = float(x - i);
        return values[i] + f * (values[i + 1] - values[i]);
    }
};

struct FastNoise {
    uint64_t state;
    float operator()() {  // uniform in [-1, 1)
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return float(int64_t(state >> 11) - (int64_t(1) << 52)) / float(int64_t(1) << 52);
    }
};

// Music-like content, so that the codec, the descriptors and the detector see
// something with tonal and percussive structure rather than a test tone.
std::vector<float> synthesise(double seconds, unsigned seed) {
    static const SineTable sine;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    FastNoise noise{0x9E3779B97F4A7C15ull ^ (uint64_t(seed) * 0x100000001B3ull) ^ 1};
    const double bpm = 84 + 60 * uni(rng);
    const int key = int(uni(rng) * 12);  // semitones above A2
    const double brightness = 0.3 + 0.6 * uni(rng);
    const size_t n = size_t(seconds * kRate);
    std::vector<float> out(2 * n);
    static const int progression[4][3] = {{0, 4, 7}, {7, 11, 14}, {9, 12, 16}, {5, 9, 12}};  // I V vi IV
    const size_t beatSamples = size_t(60.0 / bpm * kRate);
    double harmonicGain[4];
    for (int h = 0; h < 4; ++h) harmonicGain[h] = std::pow(brightness, h) / (h + 1);
    double phase[3][4] = {};
    double step[3][4] = {};
    double bassPhase = 0, bassStep = 0;
    double kickPhase = 0;
    float hatState = 0;
    double padEnv = 1, bassEnv = 1, kickEnv = 1, snareEnv = 1, hatEnv = 1;
    const double padDecay = std::exp(-3.0 / double(beatSamples)), bassDecay = std::exp(-2.5 / double(beatSamples));
    const double kickDecay = std::exp(-12.0 / kRate), snareDecay = std::exp(-25.0 / kRate), hatDecay = std::exp(-60.0 / kRate);
    for (size_t i = 0; i < n; ++i) {
        const size_t inBeat = i % beatSamples;
        const size_t beatIndex = i / beatSamples;
        if (inBeat == 0) {  // new beat: new chord every bar, envelopes restart
            const int* chord = progression[(beatIndex / 4) % 4];
            for (int v = 0; v < 3; ++v) {
                const double f = 110.0 * std::pow(2.0, (key + chord[v] + 12) / 12.0);
                for (int h = 0; h < 4; ++h) step[v][h] = f * (h + 1) / kRate;
            }
            bassStep = 55.0 * std::pow(2.0, (key + chord[0]) / 12.0) / kRate;
            padEnv = bassEnv = kickEnv = snareEnv = 1;
        }
        if (inBeat % (beatSamples / 2) == 0) hatEnv = 1;
        double pad = 0;
        for (int v = 0; v < 3; ++v)
            for (int h = 0; h < 4; ++h) {
                phase[v][h] += step[v][h];
                if (phase[v][h] >= 1) phase[v][h] -= 1;
                pad += sine(phase[v][h]) * harmonicGain[h];
            }
        pad *= 0.08 * (0.6 + 0.4 * padEnv);
        padEnv *= padDecay;
        bassPhase += bassStep;
        if (bassPhase >= 1) bassPhase -= 1;
        const double b = sine(bassPhase);
        const double bass = 0.25 * (1.5 * b - 0.5 * b * b * b) * bassEnv;
        bassEnv *= bassDecay;
        double drums = 0;
        if ((beatIndex % 4) % 2 == 0) {
            const double tb = double(inBeat) / kRate;
            kickPhase += (50 + 90 * std::min(1.0, 1.0 / (1.0 + 30 * tb))) / kRate;
            if (kickPhase >= 1) kickPhase -= 1;
            drums += 0.5 * sine(kickPhase) * kickEnv;
            kickEnv *= kickDecay;
        } else {
            drums += 0.4 * noise() * snareEnv;
            snareEnv *= snareDecay;
        }
        const float white = noise();
        drums += 0.08 * (white - hatState) * hatEnv;  // crude high-pass
        hatState = white;
        hatEnv *= hatDecay;
        const double mono = pad + bass + drums + 0.005 * noise();
        out[2 * i] = float(0.8 * mono + 0.1 * pad);
        out[2 * i + 1] = float(0.8 * mono - 0.1 * pad + 0.05 * drums);
    }
    return out;
}

Status writeWav(const std::string& path, const std::vector<float>& stereo) {
    SF_INFO info{};
    info.samplerate = kRate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f) return makeError(ErrorCode::IoError, "Cannot write " + path + ": " + sf_strerror(nullptr));
    const sf_count_t frames = sf_count_t(stereo.size() / 2);
    const sf_count_t written = sf_writef_float(f, stereo.data(), frames);
    sf_close(f);
    if (written != frames) return makeError(ErrorCode::IoError, "Could not write all of " + path + ".");
    return {};
}

Status writeMp3WithSndfile(const std::string& path, const std::vector<float>& stereo) {
    SF_INFO info{};
    info.samplerate = kRate;
    info.channels = 2;
    info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f)
        return makeError(ErrorCode::Internal, "This libsndfile cannot write MP3 and the ffmpeg tool is not "
                                                 "installed, so the benchmark cannot make its MP3 input.");
    int mode = SF_BITRATE_MODE_CONSTANT;
    sf_command(f, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
    double level = 0.45;  // about 192 kbit/s
    sf_command(f, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    const sf_count_t frames = sf_count_t(stereo.size() / 2);
    const sf_count_t written = sf_writef_float(f, stereo.data(), frames);
    sf_close(f);
    if (written != frames) return makeError(ErrorCode::IoError, "Could not write all of " + path + ".");
    return {};
}

void appendFrame(std::string& tag, const char* id, const std::string& text) {
    const uint32_t size = uint32_t(text.size() + 1);
    tag.append(id, 4);
    for (int shift = 24; shift >= 0; shift -= 8) tag.push_back(char((size >> shift) & 0xff));
    tag.push_back(0);
    tag.push_back(0);
    tag.push_back(0);  // ISO-8859-1
    tag += text;
}

}  // namespace

std::string ffmpegTool() {
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).toStdString();
}

Status writeSyntheticMp3(const std::string& path, double seconds, unsigned seed, const std::string& scratchDir,
                         std::string* how) {
    const std::vector<float> stereo = synthesise(seconds, seed);
    const std::string ffmpeg = ffmpegTool();
    if (!ffmpeg.empty()) {
        const std::string wav = (std::filesystem::path(scratchDir) / ("synth-" + std::to_string(seed) + ".wav")).string();
        if (auto st = writeWav(wav, stereo); !st) return st;
        QProcess p;
        p.start(QString::fromStdString(ffmpeg),
                {QStringLiteral("-nostdin"), QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                 QStringLiteral("-i"), QString::fromStdString(wav), QStringLiteral("-map_metadata"),
                 QStringLiteral("-1"), QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-b:a"),
                 QStringLiteral("192k"), QStringLiteral("-id3v2_version"), QStringLiteral("0"),
                 QString::fromStdString(path)});
        const bool ok = p.waitForFinished(600000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        std::error_code ec;
        std::filesystem::remove(wav, ec);
        if (ok) {
            if (how) *how = "ffmpeg libmp3lame, 192 kbit/s CBR";
            return {};
        }
        // Fall through to libsndfile (an ffmpeg without libmp3lame).
    }
    if (how) *how = "libsndfile LAME, CBR";
    return writeMp3WithSndfile(path, stereo);
}

Status writeTaggedCopy(const std::string& mp3, const std::string& path, const std::string& title,
                       const std::string& artist, const std::string& album, const std::string& genre) {
    std::ifstream in(mp3, std::ios::binary);
    if (!in) return makeError(ErrorCode::IoError, "Cannot read " + mp3 + ".");
    const std::string audio((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string frames;
    appendFrame(frames, "TIT2", title);
    appendFrame(frames, "TPE1", artist);
    appendFrame(frames, "TALB", album);
    appendFrame(frames, "TCON", genre);
    const uint32_t size = uint32_t(frames.size());
    std::string tag = "ID3";
    tag.push_back(3);
    tag.push_back(0);
    tag.push_back(0);
    for (int shift = 21; shift >= 0; shift -= 7) tag.push_back(char((size >> shift) & 0x7f));  // syncsafe
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << tag << frames << audio;
    out.close();
    if (!out) return makeError(ErrorCode::IoError, "Cannot write " + path + ".");
    return {};
}

}  // namespace humanear::bench
