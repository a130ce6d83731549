// The detector's input windows: what the network may and may not see.
#include "dsp/frontends.h"
#include "models/detector_windows.h"

#include <QtTest>

#include <cmath>

using namespace humanear;

namespace {

audio::MonoClip tones(const std::vector<std::pair<double, double>>& frequencyAndAmplitude, double seconds) {
    audio::MonoClip clip;
    clip.sampleRate = dsp::DetectorFrontEnd::kSampleRate;
    clip.samples.resize(size_t(seconds * clip.sampleRate));
    for (size_t i = 0; i < clip.samples.size(); ++i) {
        double v = 0;
        for (auto [f, a] : frequencyAndAmplitude) v += a * std::sin(2 * M_PI * f * double(i) / clip.sampleRate);
        clip.samples[i] = float(v);
    }
    return clip;
}

// Skips the first and last 4 frames: the centred STFT starts and ends the clip
// abruptly there, which spreads any tone over every band.
float maxAbsDifference(const dsp::Matrix& a, const dsp::Matrix& b) {
    float worst = 0;
    for (int r = 0; r < a.rows; ++r)
        for (int c = 4; c < a.cols - 4; ++c) {
            const size_t i = size_t(r) * a.cols + c;
            worst = std::max(worst, std::abs(a.data[i] - b.data[i]));
        }
    return worst;
}

}  // namespace

class TestDetectorWindows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A quiet 7.8 kHz tone (above the band limit) must not change what the network sees.
    void contentAboveTheBandLimitIsInvisible() {
        const auto plain = tones({{440, 0.5}, {1500, 0.2}}, 5.0);
        const auto withTop = tones({{440, 0.5}, {1500, 0.2}, {7800, 0.05}}, 5.0);
        DetectorConfig limited{"windowed-cnn", 5.0, 1, 7000.0};
        const auto a = models::detectorWindowsFromClips({plain}, limited);
        const auto b = models::detectorWindowsFromClips({withTop}, limited);
        QCOMPARE(a.size(), size_t(1));
        QCOMPARE(b.size(), size_t(1));
        QVERIFY2(maxAbsDifference(a[0], b[0]) < 1e-3f, qPrintable(QString::number(maxAbsDifference(a[0], b[0]))));

        // Without the limit the same tone is plainly visible (the check above can fail).
        DetectorConfig unlimited{"windowed-cnn", 5.0, 1, 0.0};
        const auto c = models::detectorWindowsFromClips({plain}, unlimited);
        const auto d = models::detectorWindowsFromClips({withTop}, unlimited);
        QVERIFY(maxAbsDifference(c[0], d[0]) > 0.5f);
    }

    // Content below the limit still reaches the network.
    void contentBelowTheBandLimitIsSeen() {
        DetectorConfig limited{"windowed-cnn", 5.0, 1, 7000.0};
        const auto a = models::detectorWindowsFromClips({tones({{440, 0.5}}, 5.0)}, limited);
        const auto b = models::detectorWindowsFromClips({tones({{440, 0.5}, {5000, 0.05}}, 5.0)}, limited);
        QVERIFY(maxAbsDifference(a[0], b[0]) > 0.5f);
    }

    void theBaselineKeepsEveryBand() { QCOMPARE(DetectorConfig::seedCnn().bandLimitHz, 0.0); }
};

QTEST_GUILESS_MAIN(TestDetectorWindows)
#include "test_detector_windows.moc"
