// The detector's input windows: what the network may and may not see.
#include "dsp/frontends.h"
#include "detector/detector_windows.h"

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
    // At analysis a windowed member's windows cover the whole track: no gaps,
    // none past the end, consecutive 5 s windows up to the cap, then evenly spread.
    void analysisWindowsCoverTheWholeTrack() {
        const DetectorConfig windowed{"windowed-cnn", 5.0, 4, 7000.0};
        for (double seconds : {0.5, 4.99, 5.0, 7.3, 30.0, 30.0000001, 47.0, 599.0, 600.0}) {
            const auto spans = models::detectorAnalysisSpans(seconds, windowed);
            const size_t expected = seconds <= 5.0 ? 1 : size_t(std::ceil(seconds / 5.0));
            QCOMPARE(spans.size(), expected);
            QCOMPARE(spans.front().startSeconds, 0.0);
            const auto& last = spans.back();
            QVERIFY2(std::abs(last.startSeconds + last.lengthSeconds - seconds) < 1e-9, qPrintable(QString::number(seconds)));
            for (size_t i = 0; i < spans.size(); ++i) {
                QVERIFY(spans[i].lengthSeconds <= 5.0 + 1e-12);
                QVERIFY(spans[i].startSeconds >= 0);
                if (i == 0) continue;
                QVERIFY2(spans[i].startSeconds <= spans[i - 1].startSeconds + spans[i - 1].lengthSeconds + 1e-9, "a gap");
                QVERIFY(spans[i].startSeconds > spans[i - 1].startSeconds);
            }
        }
        // Beyond 120 windows (10 minutes) the cap holds and the windows spread evenly to the end.
        const auto hour = models::detectorAnalysisSpans(3600.0, windowed);
        QCOMPARE(int(hour.size()), models::kMaxAnalysisWindows);
        QCOMPARE(hour.front().startSeconds, 0.0);
        QVERIFY(std::abs(hour.back().startSeconds + 5.0 - 3600.0) < 1e-9);
        const double step = hour[1].startSeconds - hour[0].startSeconds;
        for (size_t i = 1; i < hour.size(); ++i)
            QVERIFY(std::abs(hour[i].startSeconds - hour[i - 1].startSeconds - step) < 1e-6);
    }

    // minAnalysisWindows: a track shorter than that many windows gets that many, spread
    // evenly from start to end (overlapping); a longer track, or one no longer than a
    // window, keeps its plain tiling.
    void shortTracksGetTheLeastNumberOfWindows() {
        DetectorConfig config{"windowed-cnn", 5.0, 4, 7000.0};
        config.minAnalysisWindows = 8;
        const auto ten = models::detectorAnalysisSpans(10.0, config);
        QCOMPARE(ten.size(), size_t(8));
        for (size_t i = 0; i < ten.size(); ++i) {
            QVERIFY(std::abs(ten[i].startSeconds - double(i) * 5.0 / 7.0) < 1e-9);
            QCOMPARE(ten[i].lengthSeconds, 5.0);
        }
        QCOMPARE(ten.back().startSeconds + ten.back().lengthSeconds, 10.0);
        const DetectorConfig plain{"windowed-cnn", 5.0, 4, 7000.0};
        for (double seconds : {40.0, 47.0, 600.0, 3600.0, 4.0}) {
            const auto spans = models::detectorAnalysisSpans(seconds, config);
            const auto tiles = models::detectorAnalysisSpans(seconds, plain);
            QCOMPARE(spans.size(), tiles.size());
            for (size_t i = 0; i < spans.size(); ++i) QCOMPARE(spans[i].startSeconds, tiles[i].startSeconds);
        }
        QCOMPARE(models::detectorAnalysisSpans(39.0, config).size(), size_t(8));
    }

    // Training keeps its own windows; a first-window-only member keeps its one window at analysis.
    void trainingWindowsAndTheSeedBaselineAreUnchanged() {
        const DetectorConfig windowed{"windowed-cnn", 5.0, 4, 7000.0};
        const auto training = models::detectorSpans(47.0, windowed);
        QCOMPARE(training.size(), size_t(4));
        const auto spread = audio::evenlySpreadSpans(47.0, 5.0, 4);
        for (size_t i = 0; i < training.size(); ++i) QCOMPARE(training[i].startSeconds, spread[i].startSeconds);
        const DetectorConfig seed{"seed-cnn", 30.0, 1, 0.0};
        const auto seedSpans = models::detectorAnalysisSpans(200.0, seed);
        QCOMPARE(seedSpans.size(), size_t(1));
        QCOMPARE(seedSpans.front().startSeconds, 0.0);
        QCOMPARE(seedSpans.front().lengthSeconds, 30.0);
        QVERIFY(!models::detectorTilesTrack(seed));
        QVERIFY(models::detectorTilesTrack(windowed));
        // A member trained with --spread-windows keeps its training windows at analysis.
        DetectorConfig spreadConfig = windowed;
        spreadConfig.tilesTrack = false;
        QVERIFY(!models::detectorTilesTrack(spreadConfig));
        const auto spreadSpans = models::detectorAnalysisSpans(200.0, spreadConfig);
        const auto trained = models::detectorSpans(200.0, spreadConfig);
        QCOMPARE(spreadSpans.size(), size_t(4));
        for (size_t i = 0; i < spreadSpans.size(); ++i) QCOMPARE(spreadSpans[i].startSeconds, trained[i].startSeconds);
    }

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
