// Both model front ends against the reference outputs in ../shared.
#include "dsp/frontends.h"
#include "npy.h"
#include "testdata.h"

#include <QtTest>
#include <cmath>

using namespace humanear::dsp;

namespace {
float maxAbsDiff(const float* a, const float* b, size_t n) {
    float worst = 0.f;
    for (size_t i = 0; i < n; ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
    return worst;
}
}  // namespace

class TestFrontEnds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectorMatchesMel16kReference() {
        const QString wav = testdata::sharedFile("mel16k/test_signal_3s_16k.wav");
        REQUIRE_SHARED(wav);
        testdata::WavData audio;
        QVERIFY(testdata::readWav(wav, &audio));
        QCOMPARE(audio.sampleRate, 16000);
        const NpyArray reference = loadNpy(testdata::sharedFile("mel16k/logmel128_db.npy"));
        QVERIFY2(reference.ok(), qPrintable(reference.error));

        DetectorFrontEnd frontEnd;
        const Matrix db = frontEnd.logMelDb(audio.samples.data(), audio.samples.size());
        QCOMPARE(db.rows, int(reference.shape[0]));
        QCOMPARE(db.cols, int(reference.shape[1]));
        const float diff = maxAbsDiff(db.data.data(), reference.data.data(), db.data.size());
        qInfo("detector log-mel 128x%d: max |diff| = %.6f dB (limit 0.01)", db.cols, double(diff));
        QVERIFY(diff <= 0.01f);

        const NpyArray standardisedRef = loadNpy(testdata::sharedFile("mel16k/logmel128_standardised.npy"));
        QVERIFY(standardisedRef.ok());
        const Matrix z = frontEnd.standardised(audio.samples.data(), audio.samples.size());
        const float zdiff = maxAbsDiff(z.data.data(), standardisedRef.data.data(), z.data.size());
        qInfo("standardised: max |diff| = %.6f (limit 1e-3)", double(zdiff));
        QVERIFY(zdiff <= 1e-3f);
    }

    void detectorShapeFor30Seconds() {
        std::vector<float> x(30 * 16000);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(0.1 * std::sin(0.05 * double(i)));
        const Matrix db = DetectorFrontEnd().logMelDb(x.data(), x.size());
        QCOMPARE(db.rows, 128);
        QCOMPARE(db.cols, 938);  // the seed network's input width
    }

    void openl3MatchesKapre04Reference() {
        const QString wav = testdata::sharedFile("openl3/test_signal_3s_48k.wav");
        REQUIRE_SHARED(wav);
        testdata::WavData audio;
        QVERIFY(testdata::readWav(wav, &audio));
        QCOMPARE(audio.sampleRate, 48000);
        QCOMPARE(audio.samples.size(), size_t(144000));
        const NpyArray reference = loadNpy(testdata::sharedFile("openl3/melspec256_kapre04_hop0.1_center.npy"));
        QVERIFY2(reference.ok(), qPrintable(reference.error));
        QCOMPARE(reference.shape.size(), size_t(3));

        const std::vector<Matrix> patches = OpenL3FrontEnd().patches(audio.samples.data(), audio.samples.size(), 0.1);
        QCOMPARE(int(patches.size()), int(reference.shape[0]));
        const size_t perPatch = size_t(reference.shape[1] * reference.shape[2]);
        float worst = 0.f;
        for (size_t p = 0; p < patches.size(); ++p) {
            QCOMPARE(patches[p].rows, 256);
            QCOMPARE(patches[p].cols, 199);
            worst = std::max(worst, maxAbsDiff(patches[p].data.data(), reference.data.data() + p * perPatch, perPatch));
        }
        qInfo("OpenL3 mel256: %zu patches, max |diff| = %.6f dB (limit 0.01)", patches.size(), double(worst));
        QVERIFY(worst <= 0.01f);

        const NpyArray times = loadNpy(testdata::sharedFile("openl3/timestamps_hop0.1_center.npy"));
        QVERIFY(times.ok());
        const std::vector<double> ours = OpenL3FrontEnd::timestamps(audio.samples.size(), 0.1);
        QCOMPARE(ours.size(), times.data.size());
        for (size_t i = 0; i < ours.size(); ++i) QVERIFY(std::fabs(ours[i] - times.data[i]) < 1e-6);
    }

    void openl3PatchCountFollowsOpenl3Framing() {
        // openl3: centre (+24000), then pad the end up to a whole hop past one frame.
        QCOMPARE(OpenL3FrontEnd::patchCount(0, 0.1), 1);
        QCOMPARE(OpenL3FrontEnd::patchCount(24000, 0.1), 1);
        QCOMPARE(OpenL3FrontEnd::patchCount(24001, 0.1), 2);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 0.1), 26);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 1.0), 4);
    }

    void frontEndsAreSafeToShareAcrossThreads() {
        std::vector<float> x(16000 * 4);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(0.01 * double(i * i % 100000)));
        const DetectorFrontEnd frontEnd;
        const Matrix serial = frontEnd.logMelDb(x.data(), x.size());
        std::vector<Matrix> results(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] { results[size_t(t)] = frontEnd.logMelDb(x.data(), x.size()); });
        for (auto& th : threads) th.join();
        for (const Matrix& m : results) QVERIFY(m.data == serial.data);
    }
};

QTEST_GUILESS_MAIN(TestFrontEnds)
#include "test_frontends.moc"
