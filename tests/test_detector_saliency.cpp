// The saliency map the GUI overlays on the spectrogram: its shape, scale and
// placement over the frames the detector's tiles cover.
#include "dsp/frontends.h"
#include "detector/detector_member.h"
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

    // A member that judges MP3 copies of its windows (mp3_copy_kbps) must show where
    // it looked on those copies: its map over a track is the plain member's map over
    // the copy, and not the plain member's map over the track as decoded.
    void aMemberJudgingMp3CopiesIsExplainedOnThem() {
        auto model = models::DetectorModel::create(models::DetectorArchitecture::WindowedCnn, 7);
        auto sameModel = models::DetectorModel::create(models::DetectorArchitecture::WindowedCnn, 7);
        QVERIFY(model && sameModel);
        DetectorConfig copying;
        copying.mp3CopyKbps = 64;
        auto viaCopies = models::InstalledDetector::fromModel(std::move(*model), copying);
        auto plain = models::InstalledDetector::fromModel(std::move(*sameModel), DetectorConfig{});
        QVERIFY(viaCopies && plain);

        // One 5 s tile, so the copy of the tile is the copy of the track.
        audio::MonoClip track{dsp::DetectorFrontEnd::kSampleRate, 0.0, noisyChord(5.0)};
        const int frames = int(1 + track.samples.size() / dsp::DetectorFrontEnd::kHop);
        auto copies = models::mp3CopiesOf({track}, copying);
        QVERIFY2(bool(copies), copies ? "" : copies.error().message.c_str());

        auto explained = viaCopies->saliencyMap(track.samples, frames);
        auto onCopy = plain->saliencyMap(copies->front().samples, frames);
        auto onTrack = plain->saliencyMap(track.samples, frames);
        QVERIFY(explained && onCopy && onTrack);
        QCOMPARE(explained->size(), onCopy->size());
        double copyGap = 0, trackGap = 0;
        for (size_t i = 0; i < explained->size(); ++i) {
            copyGap = std::max(copyGap, double(std::abs((*explained)[i] - (*onCopy)[i])));
            trackGap = std::max(trackGap, double(std::abs((*explained)[i] - (*onTrack)[i])));
        }
        QVERIFY2(copyGap < 1e-5, qPrintable(QString("differs from the map over the copy by %1").arg(copyGap)));
        QVERIFY2(trackGap > 1e-3, qPrintable(QString("the copy changed the map by only %1").arg(trackGap)));
    }
};

QTEST_GUILESS_MAIN(TestDetectorSaliency)
#include "test_detector_saliency.moc"
