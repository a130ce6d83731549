// The full-band member (detector version 3): its front end sees the narrow lines a
// decoder leaves and not the file's cut-off; the synthetic decoder that makes its
// content-matched training pairs leaves such lines; a band-limited file makes the
// member abstain; a stacked ensemble combines its members' scores as its manifest says.
#include "audio/decoder.h"
#include "io/sha256.h"
#include "audio/resampler.h"
#include "dsp/fullband_front_end.h"
#include "humanear/lab/detector_training.h"
#include "detector/installed_detector.h"
#include "models/model_registry.h"
#include "synthetic_decoder.h"
#include "clips_for_spans.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace humanear;
using namespace humanear::models;

namespace {

constexpr int kRate = dsp::FullbandFrontEnd::kSampleRate;

// Broadband "music": pink-ish noise plus a few gliding partials, so the long-term
// spectrum is smooth and has no fixed lines of its own.
std::vector<float> musicLike(double seconds, unsigned seed, int rate = kRate) {
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<float> x(size_t(seconds * rate));
    float b0 = 0, b1 = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / rate;
        const float white = noise(random);
        b0 = 0.99f * b0 + 0.1f * white;
        b1 = 0.6f * b1 + 0.4f * white;
        x[i] = 0.05f * (b0 + b1) + float(0.1 * std::sin(2 * M_PI * (220 + 40 * std::sin(t)) * t) +
                                         0.05 * std::sin(2 * M_PI * (1500 + 300 * std::sin(0.7 * t)) * t));
    }
    return x;
}

std::vector<float> lowPassed(const std::vector<float>& x, int cutoffHz) {
    auto down = audio::Resampler::resample(x, kRate, 2 * cutoffHz);
    auto up = audio::Resampler::resample(*down, 2 * cutoffHz, kRate);
    up->resize(x.size(), 0.f);
    return *up;
}

double maxOf(const std::vector<float>& v) { return *std::max_element(v.begin(), v.end()); }

using testdata::clipsFor;

}  // namespace

class TestDetectorFullband : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }

    void writeMember(const QString& name, DetectorArchitecture architecture, int seed, double temperature) {
        auto model = DetectorModel::create(architecture, seed);
        QVERIFY(model);
        QVERIFY(model->save(path(name + ".pt")));
        auto digest = io::sha256OfFile(path(name + ".pt"));
        QVERIFY(digest);
        const bool fullband = architecture == DetectorArchitecture::FullbandCnn;
        ModelManifest m;
        m.name = name.toStdString();
        m.version = "1";
        m.architecture = architectureName(architecture);
        m.weightsFile = (name + ".pt").toStdString();
        m.sha256 = *digest;
        if (fullband) {
            m.input = InputSpec{kRate, 1, dsp::FullbandFrontEnd::kFft, dsp::FullbandFrontEnd::kHop, 10.0,
                                "fullband_lines_1k_15k_44k"};
            m.parameters = {{"temperature", temperature}, {"windows_per_track", 3}, {"sample_rate", kRate},
                            {"min_bandwidth_hz", 14000}};
        } else {
            m.input = InputSpec{16000, 128, 2048, 512, 5.0, "logmel128_16k_standardised"};
            m.parameters = {{"temperature", temperature}, {"windows_per_track", 4}, {"band_limit_hz", 7000}};
        }
        QVERIFY(writeManifest(m, path(name + ".manifest.json")));
    }

private Q_SLOTS:
    void frontEndSeesDecoderLinesNotMusic() {
        const dsp::FullbandFrontEnd frontEnd;
        const auto music = musicLike(10, 1);
        const auto plain = frontEnd.features(music.data(), music.size());
        QCOMPARE(int(plain.size()), dsp::FullbandFrontEnd::binCount());
        // A fixed line train at multiples of 44100 / 16 Hz (2756 Hz), 30 dB under the music.
        std::vector<float> marked = music;
        double power = 0;
        for (float v : music) power += double(v) * v;
        const float amplitude = float(std::sqrt(power / double(music.size())) * std::pow(10.0, -30.0 / 20));
        for (size_t i = 0; i < marked.size(); ++i)
            for (int k = 1; k <= 5; ++k) marked[i] += amplitude * float(std::sin(2 * M_PI * k * 2756.25 * double(i) / kRate));
        const auto lined = frontEnd.features(marked.data(), marked.size());
        const int bin = int(std::lround(2 * 2756.25 * dsp::FullbandFrontEnd::kFft / kRate)) - dsp::FullbandFrontEnd::firstBin();
        QVERIFY2(lined[size_t(bin)] > 1.0f, qPrintable(QString::number(lined[size_t(bin)])));  // > 10 dB over the envelope
        QVERIFY2(plain[size_t(bin)] < 0.6f, qPrintable(QString::number(plain[size_t(bin)])));
    }

    void cutOffAboveFifteenKilohertzIsInvisible() {
        // The trap the issue measured: a cut-off that follows the label. The same
        // clip low-passed at 16 and at 20 kHz must give the same features.
        const dsp::FullbandFrontEnd frontEnd;
        const auto music = musicLike(10, 2);
        const auto at16 = lowPassed(music, 16000), at20 = lowPassed(music, 20000);
        const auto a = frontEnd.features(at16.data(), at16.size()), b = frontEnd.features(at20.data(), at20.size());
        double largest = 0;
        for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, double(std::fabs(a[i] - b[i])));
        QVERIFY2(largest < 0.05, qPrintable(QString::number(largest)));  // under 0.5 dB anywhere
        // ... while a cut-off inside the band is visible (the random low-pass of training covers it).
        const auto at12 = lowPassed(music, 12000);
        const auto c = frontEnd.features(at12.data(), at12.size());
        double inBand = 0;
        for (size_t i = 0; i < a.size(); ++i) inBand = std::max(inBand, double(std::fabs(a[i] - c[i])));
        QVERIFY(inBand > 0.2);
    }

    void bandwidthEstimateFindsTheCutOff() {
        const auto music = musicLike(5, 3);
        QVERIFY(dsp::estimateBandwidthHz(music.data(), music.size(), kRate) > 20000);
        const auto at12 = lowPassed(music, 12000);
        const double bw = dsp::estimateBandwidthHz(at12.data(), at12.size(), kRate);
        QVERIFY2(bw > 10000 && bw < 13500, qPrintable(QString::number(bw)));
        const std::vector<float> silence(kRate, 0.f);
        QCOMPARE(dsp::estimateBandwidthHz(silence.data(), silence.size(), kRate), 0.0);
    }

    void syntheticDecoderLeavesLinesAndKeepsTheMusic() {
        std::mt19937 rng(5);
        SyntheticDecoderSpec spec;
        spec.nativeRate = 44100;
        spec.periods = {16};
        spec.levelsDb = {-40};
        const auto music = musicLike(10, 4);
        const auto decoded = passThroughDecoder(music, kRate, spec, rng);
        QCOMPARE(decoded.size(), music.size());
        double signal = 0, difference = 0;
        for (size_t i = 0; i < music.size(); ++i) {
            signal += double(music[i]) * music[i];
            difference += double(decoded[i] - music[i]) * (decoded[i] - music[i]);
        }
        const double snrDb = 10 * std::log10(signal / difference);
        QVERIFY2(snrDb > 25, qPrintable(QString::number(snrDb)));  // the music is intact
        const dsp::FullbandFrontEnd frontEnd;
        const auto before = frontEnd.features(music.data(), music.size());
        const auto after = frontEnd.features(decoded.data(), decoded.size());
        // Lines at multiples of 44100 / 16 Hz inside 1-15 kHz.
        int raised = 0;
        for (int k = 1; k * 2756.25 < 15000; ++k) {
            const int bin = int(std::lround(k * 2756.25 * dsp::FullbandFrontEnd::kFft / kRate)) - dsp::FullbandFrontEnd::firstBin();
            if (bin < 0) continue;
            float peak = 0, was = 0;
            for (int d = -1; d <= 1; ++d) {
                peak = std::max(peak, after[size_t(bin + d)]);
                was = std::max(was, before[size_t(bin + d)]);
            }
            raised += peak > was + 0.5f;
        }
        // A random pattern gives its harmonics random strengths (Rayleigh): most, not all, stand out.
        QVERIFY2(raised >= 3, qPrintable(QString::number(raised)));
        // Random specs are valid: strides multiply, levels stay under the music.
        for (int i = 0; i < 50; ++i) {
            const auto random = randomDecoderSpec(rng);
            QVERIFY(!random.periods.empty() && random.periods.size() == random.levelsDb.size());
            for (size_t s = 1; s < random.periods.size(); ++s) QVERIFY(random.periods[s] % random.periods[s - 1] == 0);
            for (double l : random.levelsDb) QVERIFY(l <= -35 && l >= -70);
            QVERIFY(random.nativeRate / random.periods.back() <= 7500);  // lines inside the band
        }
    }

    void stackedEnsembleAbstainsOnBandLimitedTracks() {
        writeMember(QStringLiteral("detector-windowed-cnn"), DetectorArchitecture::WindowedCnn, 7, 2.0);
        writeMember(QStringLiteral("detector-fullband-cnn"), DetectorArchitecture::FullbandCnn, 3, 1.5);
        ModelManifest e;
        e.name = "detector";
        e.version = "3";
        e.architecture = "ensemble";
        e.members = {"detector-windowed-cnn", "detector-fullband-cnn"};
        e.parameters = {{"threshold", 0.6},
                        {"uncertain_low", 0.3},
                        {"uncertain_high", 0.6},
                        {"stack.bias", 0.25},
                        {"stack.detector-windowed-cnn", 0.5},
                        {"stack.detector-fullband-cnn", 1.5},
                        {"fallback.bias", -0.1},
                        {"fallback.detector-windowed-cnn", 0.8}};
        QVERIFY(writeManifest(e, path(QStringLiteral("detector.manifest.json"))));
        const ModelRegistry registry({dir_.path().toStdString()});
        auto ensemble = InstalledDetector::load(registry, "detector", "cpu");
        QVERIFY2(ensemble, ensemble ? "" : ensemble.error().message.c_str());
        const auto& detector = **ensemble;
        QCOMPARE(detector.stacking.weights, (std::vector<double>{0.5, 1.5}));
        QCOMPARE(detector.fallback.weights.size(), size_t(2));

        const double seconds = 40;
        const auto full = musicLike(seconds, 6, kRate);
        auto at16k = audio::Resampler::resample(full, kRate, 16000);
        QVERIFY(at16k);
        const auto rates = detector.spanSampleRates(seconds);
        const auto spans = detector.spans(seconds);
        QCOMPARE(rates.size(), spans.size());
        auto clipsOf = [&](const std::vector<float>& track44k) {
            auto track16k = *audio::Resampler::resample(track44k, kRate, 16000);
            std::vector<audio::MonoClip> clips;
            for (size_t i = 0; i < spans.size(); ++i) {
                auto one = clipsFor(rates[i] == kRate ? track44k : track16k, rates[i], {spans[i]});
                clips.push_back(std::move(one.front()));
            }
            return clips;
        };
        // Full band: both members vote, by the stack's weights.
        auto judged = detector.judge(clipsOf(full), seconds);
        QVERIFY2(judged, judged ? "" : judged.error().message.c_str());
        QCOMPARE(judged->members, 2);
        std::vector<double> scores;
        size_t next = 0;
        const auto clips = clipsOf(full);
        for (const auto& member : detector.members) {
            const size_t n = member->spans(seconds).size();
            auto j = member->judge(std::vector<audio::MonoClip>(clips.begin() + long(next), clips.begin() + long(next + n)));
            QVERIFY(j && !j->abstained);
            scores.push_back(j->score);
            next += n;
        }
        const double expected = 1 / (1 + std::exp(-(0.25 + 0.5 * scores[0] + 1.5 * scores[1])));
        QVERIFY2(std::fabs(judged->pAi - expected) < 1e-9, qPrintable(QString("%1 vs %2").arg(judged->pAi).arg(expected)));
        // Cut off at 8 kHz: the full-band member abstains, the fallback alone decides.
        auto limited = detector.judge(clipsOf(lowPassed(full, 8000)), seconds);
        QVERIFY(limited);
        QCOMPARE(limited->members, 1);
        const auto limitedClips = clipsOf(lowPassed(full, 8000));
        const size_t firstCount = detector.members.front()->spans(seconds).size();
        auto alone = detector.members.front()->judge(
            std::vector<audio::MonoClip>(limitedClips.begin(), limitedClips.begin() + long(firstCount)));
        QVERIFY(alone);
        const double fallback = 1 / (1 + std::exp(-(-0.1 + 0.8 * alone->score)));
        QVERIFY(std::fabs(limited->pAi - fallback) < 1e-9);
        // The verdict follows the fitted band, not threshold +- 0.15.
        QCOMPARE(verdictFor(0.62, 0.6, 0, 0.3, 0.6), Verdict::LikelyAi);
        QCOMPARE(verdictFor(0.45, 0.6, 0, 0.3, 0.6), Verdict::Uncertain);
        QCOMPARE(verdictFor(0.29, 0.6, 0, 0.3, 0.6), Verdict::LikelyHuman);
        // A detection reports the band it was judged by, for the gauge to draw.
        QCOMPARE(judged->uncertainLow, detector.bandLow());
        QCOMPARE(judged->uncertainHigh, detector.bandHigh());
        InstalledDetector banded;
        banded.threshold = 0.9;
        QVERIFY(std::fabs(banded.bandLow() - 0.75) < 1e-12);
        QCOMPARE(banded.bandHigh(), 1.0);  // threshold + 0.15, clamped
        banded.uncertainLow = 0.45;
        banded.uncertainHigh = 0.8;
        QCOMPARE(banded.bandLow(), 0.45);
        QCOMPARE(banded.bandHigh(), 0.8);
    }
};

QTEST_GUILESS_MAIN(TestDetectorFullband)
#include "test_detector_fullband.moc"
