// The saliency map the GUI overlays on the spectrogram: its shape, scale and
// placement over the frames the detector's tiles cover.
#include "dsp/frontends.h"
#include "detector/installed_detector.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace humanear;

namespace {

std::shared_ptr<models::InstalledDetector> freshDetector() {
    auto model = models::DetectorModel::create(models::DetectorArchitecture::WindowedCnn, 7);
    if (!model) return nullptr;
    return models::InstalledDetector::fromModel(std::move(*model), DetectorConfig{});
}

std::vector<float> noisyChord(double seconds) {
    const int rate = dsp::DetectorFrontEnd::kSampleRate;
    std::mt19937 random(3);
    std::normal_distribution<float> noise(0.f, 0.02f);
    std::vector<float> samples(size_t(seconds * rate));
    for (size_t i = 0; i < samples.size(); ++i) {
        const double t = double(i) / rate;
        samples[i] = float(0.3 * std::sin(2 * M_PI * 220 * t) + 0.2 * std::sin(2 * M_PI * 1375 * t)) + noise(random);
    }
    return samples;
}

float maxInFrames(const std::vector<float>& map, int frames, int from, int to) {
    float peak = 0;
    for (int b = 0; b < dsp::DetectorFrontEnd::kBands; ++b)
        for (int f = from; f < to; ++f) peak = std::max(peak, map[size_t(b) * frames + f]);
    return peak;
}

}  // namespace

class TestDetectorSaliency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapCoversTheSpectrogramAndIsScaledToOne() {
        auto detector = freshDetector();
        QVERIFY(detector);
        const auto samples = noisyChord(12.0);
        const int frames = int(1 + samples.size() / dsp::DetectorFrontEnd::kHop);
        auto map = detector->saliencyMap(samples, frames);
        QVERIFY2(bool(map), map ? "" : map.error().message.c_str());
        QCOMPARE(map->size(), size_t(dsp::DetectorFrontEnd::kBands) * size_t(frames));
        const auto [lo, hi] = std::minmax_element(map->begin(), map->end());
        QVERIFY(*lo >= 0.f);
        QCOMPARE(*hi, 1.f);
        for (float v : *map) QVERIFY(std::isfinite(v));
        // Every 5 s tile (0-5, 5-10, 10-12 s) contributes somewhere.
        const int perSecond = dsp::DetectorFrontEnd::kSampleRate / dsp::DetectorFrontEnd::kHop;
        QVERIFY(maxInFrames(*map, frames, 0, 5 * perSecond) > 0.f);
        QVERIFY(maxInFrames(*map, frames, 5 * perSecond + 3, 10 * perSecond) > 0.f);
        QVERIFY(maxInFrames(*map, frames, 10 * perSecond + 3, frames) > 0.f);
    }

    void framesBeyondTheAudioStayZero() {
        auto detector = freshDetector();
        QVERIFY(detector);
        const auto samples = noisyChord(3.0);  // shorter than one 5 s window
        const int frames = 938;                // the 30 s spectrogram the view shows
        auto map = detector->saliencyMap(samples, frames);
        QVERIFY(bool(map));
        const int audioFrames = int(samples.size() / dsp::DetectorFrontEnd::kHop) + 1;
        QVERIFY(maxInFrames(*map, frames, 0, audioFrames) > 0.f);
        // Past the audio (and the 2-frame blur) nothing is salient: no padding shows up.
        QCOMPARE(maxInFrames(*map, frames, audioFrames + 3, frames), 0.f);
    }

    void emptyInputGivesAnEmptyMap() {
        auto detector = freshDetector();
        QVERIFY(detector);
        auto map = detector->saliencyMap({}, 0);
        QVERIFY(bool(map));
        QVERIFY(map->empty());
    }
};

QTEST_GUILESS_MAIN(TestDetectorSaliency)
#include "test_detector_saliency.moc"
