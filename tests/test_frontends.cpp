// Both model front ends against the reference outputs in ../shared.
#include "dsp/frontends.h"
#include "npy.h"
#include "testdata.h"

#include <QtTest>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

using namespace humanear::dsp;

namespace {

struct MonoWav {
    int sampleRate = 0;
    std::vector<float> samples;
};

// Reads a mono PCM16 or float32 WAV, walking the RIFF chunks (the references
// carry fact/LIST chunks in places). PCM16 is scaled by 1/32768, as the
// reference code reads it. Independent of the engine's audio layer on purpose.
QString readMonoWav(const QString& path, MonoWav* out) {
    std::ifstream file(path.toStdString(), std::ios::binary);
    const std::vector<unsigned char> b((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    auto u16 = [&](size_t at) { return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8; };
    auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
    if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WAVE", 4) != 0)
        return "not a RIFF/WAVE file";
    uint32_t format = 0, channels = 0, bits = 0;
    for (size_t at = 12; at + 8 <= b.size();) {
        const size_t size = u32(at + 4), body = at + 8;
        if (body + size > b.size()) return "truncated chunk";
        if (std::memcmp(b.data() + at, "fmt ", 4) == 0) {
            format = u16(body);
            channels = u16(body + 2);
            out->sampleRate = int(u32(body + 4));
            bits = u16(body + 14);
            if (format == 0xFFFE && size >= 26) format = u16(body + 24);  // WAVE_FORMAT_EXTENSIBLE
        } else if (std::memcmp(b.data() + at, "data", 4) == 0) {
            if (channels != 1) return QString("expected mono, got %1 channels").arg(channels);
            if (format == 1 && bits == 16) {
                for (size_t i = 0; i + 2 <= size; i += 2)
                    out->samples.push_back(float(int16_t(uint16_t(u16(body + i)))) / 32768.f);
            } else if (format == 3 && bits == 32) {
                out->samples.resize(size / 4);
                std::memcpy(out->samples.data(), b.data() + body, out->samples.size() * 4);
            } else {
                return QString("unsupported format %1 / %2 bits").arg(format).arg(bits);
            }
            return {};
        }
        at = body + size + (size & 1);
    }
    return "no data chunk";
}

float maxAbsDiff(const float* a, const float* b, size_t n) {
    float worst = 0.f;
    for (size_t i = 0; i < n; ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
    return worst;
}

std::vector<float> testSignal(size_t n, double rate) {
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) {
        const double t = double(i) / rate;
        x[i] = float(0.2 * std::sin(2 * M_PI * 440 * t) + 0.1 * std::sin(2 * M_PI * (200 + 900 * t) * t) +
                     0.01 * std::sin(double(i * i % 100003)));
    }
    return x;
}

}  // namespace

class TestFrontEnds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectorMatchesMel16kReference() {
        const QString wav = testdata::sharedFile("mel16k/test_signal_3s_16k.wav");
        REQUIRE_SHARED(wav);
        MonoWav audio;
        const QString error = readMonoWav(wav, &audio);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(audio.sampleRate, 16000);
        QCOMPARE(audio.samples.size(), size_t(48000));
        const NpyArray reference = loadNpy(testdata::sharedFile("mel16k/logmel128_db.npy"));
        QVERIFY2(reference.ok(), qPrintable(reference.error));
        QCOMPARE(reference.shape.size(), size_t(2));

        const DetectorFrontEnd frontEnd;
        const Matrix db = frontEnd.logMelDb(audio.samples.data(), audio.samples.size());
        QCOMPARE(db.rows, 128);
        QCOMPARE(db.cols, 94);
        QCOMPARE(db.rows, int(reference.shape[0]));
        QCOMPARE(db.cols, int(reference.shape[1]));
        const float diff = maxAbsDiff(db.data.data(), reference.data.data(), db.data.size());
        qInfo("detector log-mel 128x%d: max |diff| = %.6f dB (limit 0.01)", db.cols, double(diff));
        QVERIFY(diff <= 0.01f);
        QCOMPARE(*std::max_element(db.data.begin(), db.data.end()), 0.f);
        QVERIFY(*std::min_element(db.data.begin(), db.data.end()) >= -80.f);

        const NpyArray standardisedRef = loadNpy(testdata::sharedFile("mel16k/logmel128_standardised.npy"));
        QVERIFY2(standardisedRef.ok(), qPrintable(standardisedRef.error));
        const Matrix z = frontEnd.standardised(audio.samples.data(), audio.samples.size());
        QCOMPARE(z.data.size(), standardisedRef.data.size());
        const float zdiff = maxAbsDiff(z.data.data(), standardisedRef.data.data(), z.data.size());
        qInfo("detector standardised: max |diff| = %.6f (limit 1e-3)", double(zdiff));
        QVERIFY(zdiff <= 1e-3f);
    }

    void detectorShapeFor30Seconds() {
        const std::vector<float> x = testSignal(30 * 16000, 16000);
        const DetectorFrontEnd frontEnd;
        QCOMPARE(frontEnd.frameCount(x.size()), 938);
        const Matrix db = frontEnd.logMelDb(x.data(), x.size());
        QCOMPARE(db.rows, 128);
        QCOMPARE(db.cols, 938);  // the seed network's input width
        const Matrix z = frontEnd.standardised(x.data(), x.size());
        QCOMPARE(z.cols, 938);
    }

    void openl3MatchesKapre04Reference() {
        const QString wav = testdata::sharedFile("openl3/test_signal_3s_48k.wav");
        REQUIRE_SHARED(wav);
        MonoWav audio;
        const QString error = readMonoWav(wav, &audio);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(audio.sampleRate, 48000);
        QCOMPARE(audio.samples.size(), size_t(144000));
        const NpyArray reference = loadNpy(testdata::sharedFile("openl3/melspec256_kapre04_hop0.1_center.npy"));
        QVERIFY2(reference.ok(), qPrintable(reference.error));
        QCOMPARE(reference.shape.size(), size_t(3));
        QCOMPARE(reference.shape[1], int64_t(256));
        QCOMPARE(reference.shape[2], int64_t(199));

        const OpenL3FrontEnd frontEnd;
        const std::vector<Matrix> patches = frontEnd.patches(audio.samples.data(), audio.samples.size(), 0.1);
        QCOMPARE(int(patches.size()), 26);
        QCOMPARE(int64_t(patches.size()), reference.shape[0]);
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
        QVERIFY2(times.ok(), qPrintable(times.error));
        const std::vector<double> ours = OpenL3FrontEnd::timestamps(audio.samples.size(), 0.1);
        QCOMPARE(ours.size(), times.data.size());
        for (size_t i = 0; i < ours.size(); ++i) QVERIFY(std::fabs(ours[i] - times.data[i]) < 1e-6);
    }

    void openl3PatchCountFollowsOpenl3Framing() {
        // openl3: centre (+24000), pad the end up to one frame or to a whole hop past it.
        QCOMPARE(OpenL3FrontEnd::hopSamples(0.1), 4800);
        QCOMPARE(OpenL3FrontEnd::hopSamples(0.5), 24000);
        QCOMPARE(OpenL3FrontEnd::hopSamples(1.0 / 48000 * 2.5), 2);  // truncated like int()
        QCOMPARE(OpenL3FrontEnd::patchCount(0, 0.1), 1);
        QCOMPARE(OpenL3FrontEnd::patchCount(24000, 0.1), 1);
        QCOMPARE(OpenL3FrontEnd::patchCount(24001, 0.1), 2);
        QCOMPARE(OpenL3FrontEnd::patchCount(28800, 0.1), 2);
        QCOMPARE(OpenL3FrontEnd::patchCount(28801, 0.1), 3);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 0.1), 26);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 1.0), 4);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 0.25), 11);
        // A hop below one sample (or no hop at all) gives nothing rather than millions of patches.
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 0.0), 0);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, -0.1), 0);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, 1e-6), 0);
        QCOMPARE(OpenL3FrontEnd::patchCount(144000, std::nan("")), 0);
        QVERIFY(OpenL3FrontEnd::timestamps(144000, 0.0).empty());
        const std::vector<float> x(1000, 0.1f);
        QVERIFY(OpenL3FrontEnd().patches(x.data(), x.size(), 0.0).empty());
        const std::vector<double> t = OpenL3FrontEnd::timestamps(144000, 0.25);
        QCOMPARE(t.size(), size_t(11));
        QCOMPARE(t.back(), 2.5);
    }

    // Patch i covers samples [i*hop - 24000, i*hop + 24000): with hop 0.5 s patch 1
    // is exactly x[0, 48000), which patch() takes directly; the 1964 pad_end zeros
    // hide the samples after the frame even though the clip goes on.
    void openl3PatchesStreamAndMatchSingleFrames() {
        const std::vector<float> x = testSignal(3 * 48000, 48000);
        const OpenL3FrontEnd frontEnd;
        const std::vector<Matrix> all = frontEnd.patches(x.data(), x.size(), 0.5);
        QCOMPARE(int(all.size()), OpenL3FrontEnd::patchCount(x.size(), 0.5));
        QVERIFY(frontEnd.patch(x.data()).data == all[1].data);
        QVERIFY(frontEnd.patch(x.data() + 48000).data == all[3].data);
        for (const Matrix& p : all) {
            QCOMPARE(*std::max_element(p.data.begin(), p.data.end()), 0.f);
            QVERIFY(*std::min_element(p.data.begin(), p.data.end()) >= -80.f);
        }
        int visited = 0;
        const int returned = frontEnd.forEachPatch(x.data(), x.size(), 0.5, [&](int i, const Matrix& p) {
            [&] { QVERIFY(p.data == all[size_t(i)].data); }();
            return ++visited < 3;  // stop after the third, as cancellation would
        });
        QCOMPARE(visited, 3);
        QCOMPARE(returned, 3);
    }

    void frontEndsAreSafeToShareAcrossThreads() {
        const std::vector<float> x16 = testSignal(16000 * 4, 16000);
        const std::vector<float> x48 = testSignal(48000 * 2, 48000);
        const DetectorFrontEnd detector;
        const OpenL3FrontEnd openl3;
        const Matrix serialDetector = detector.standardised(x16.data(), x16.size());
        const std::vector<Matrix> serialOpenl3 = openl3.patches(x48.data(), x48.size(), 0.25);
        std::vector<Matrix> detectorOut(4);
        std::vector<std::vector<Matrix>> openl3Out(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int r = 0; r < 3; ++r) {
                    detectorOut[size_t(t)] = detector.standardised(x16.data(), x16.size());
                    openl3Out[size_t(t)] = openl3.patches(x48.data(), x48.size(), 0.25);
                }
            });
        for (auto& th : threads) th.join();
        for (int t = 0; t < 4; ++t) {
            QVERIFY(detectorOut[size_t(t)].data == serialDetector.data);
            QCOMPARE(openl3Out[size_t(t)].size(), serialOpenl3.size());
            for (size_t p = 0; p < serialOpenl3.size(); ++p)
                QVERIFY(openl3Out[size_t(t)][p].data == serialOpenl3[p].data);
        }
    }
};

QTEST_GUILESS_MAIN(TestFrontEnds)
#include "test_frontends.moc"
