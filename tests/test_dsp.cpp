// STFT, mel filterbanks and decibels on signals whose answers are known.
#include "dsp/decibels.h"
#include "dsp/mel.h"
#include "dsp/stft.h"

#include <QtTest>
#include <cmath>
#include <numeric>

using namespace humanear::dsp;

class TestDsp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toneLandsInItsBin() {
        const int sr = 16000, nFft = 1024;
        const double freq = 1000.0;  // bin 64 exactly
        std::vector<float> x(sr);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(2 * M_PI * freq * double(i) / sr));
        const Matrix s = Stft(StftConfig{nFft, 256, true, Spectrum::Power}).compute(x.data(), x.size());
        const int mid = s.cols / 2;
        int best = 0;
        for (int b = 0; b < s.rows; ++b)
            if (s.at(b, mid) > s.at(best, mid)) best = b;
        QCOMPARE(best, 64);
        // Periodic Hann, |X|^2 at the peak = (N/2 * 1/2)^2 = (N/4)^2
        QVERIFY(std::fabs(s.at(64, mid) / float((nFft / 4) * (nFft / 4)) - 1.f) < 1e-3f);
    }

    void frameCountsFollowLibrosa() {
        const Stft centred(StftConfig{2048, 512, true, Spectrum::Power});
        const Stft valid(StftConfig{2048, 512, false, Spectrum::Power});
        for (size_t n : {0u, 100u, 2047u, 2048u, 16000u, 48000u, 480000u}) {
            QCOMPARE(centred.frameCount(n), int(1 + n / 512));
            QCOMPARE(valid.frameCount(n), n < 2048 ? 0 : int(1 + (n - 2048) / 512));
        }
        std::vector<float> x(16000 * 3, 0.1f);
        QCOMPARE(centred.compute(x.data(), x.size()).cols, 94);
    }

    void magnitudeIsRootOfPower() {
        std::vector<float> x(4096);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::cos(0.3 * double(i)) + 0.2 * std::sin(1.1 * double(i)));
        const Matrix p = Stft(StftConfig{512, 128, true, Spectrum::Power}).compute(x.data(), x.size());
        const Matrix m = Stft(StftConfig{512, 128, true, Spectrum::Magnitude}).compute(x.data(), x.size());
        for (size_t i = 0; i < p.data.size(); ++i) QVERIFY(std::fabs(std::sqrt(p.data[i]) - m.data[i]) <= 1e-3f * (1 + m.data[i]));
    }

    void melScalesMatchTheirFormulas() {
        QVERIFY(std::fabs(hzToMel(1000.0, MelScale::Slaney) - 15.0) < 1e-12);
        QVERIFY(std::fabs(hzToMel(500.0, MelScale::Slaney) - 7.5) < 1e-12);
        QVERIFY(std::fabs(hzToMel(1000.0, MelScale::Htk) - 2595.0 * std::log10(1.0 + 1000.0 / 700.0)) < 1e-9);
        for (double hz : {0.0, 200.0, 999.0, 1000.0, 4321.0, 24000.0})
            for (MelScale s : {MelScale::Slaney, MelScale::Htk}) QVERIFY(std::fabs(melToHz(hzToMel(hz, s), s) - hz) < 1e-6);
    }

    void filterbankShapeAndNormalisation() {
        const MelFilterbank slaney(MelConfig{16000, 2048, 128, 0, -1, MelScale::Slaney, MelNorm::Slaney});
        const MelFilterbank htk(MelConfig{16000, 2048, 128, 0, -1, MelScale::Htk, MelNorm::None});
        QCOMPARE(slaney.bands(), 128);
        QCOMPARE(slaney.bins(), 1025);
        const Matrix a = slaney.dense(), b = htk.dense();
        QVERIFY(a.data != b.data);
        // Unnormalised triangles peak at (almost) 1; Slaney-normalised ones have area ~ 1 (in Hz units).
        float peak = 0.f;
        for (float v : b.data) peak = std::max(peak, v);
        QVERIFY(peak > 0.9f && peak <= 1.0f);
        const double hzPerBin = 8000.0 / 1024;
        for (int m = 20; m < 128; m += 20) {
            double area = 0;
            for (int k = 0; k < a.cols; ++k) area += a.at(m, k) * hzPerBin;
            QVERIFY2(std::fabs(area - 1.0) < 0.05, qPrintable(QString::number(area)));
        }
        // Every band is non-empty at this resolution and bands ascend in frequency.
        for (int m = 1; m < 128; ++m) QVERIFY(slaney.band(m).firstBin >= slaney.band(m - 1).firstBin);
    }

    void decibelsAreRelativeToMaxAndFloored() {
        Matrix m(1, 4);
        m.data = {1.0f, 0.1f, 1e-12f, 0.0f};
        powerToDb(m);
        QCOMPARE(m.data[0], 0.f);
        QVERIFY(std::fabs(m.data[1] + 10.f) < 1e-5f);
        QCOMPARE(m.data[2], -80.f);
        QCOMPARE(m.data[3], -80.f);
        Matrix a(1, 2);
        a.data = {2.0f, 0.2f};
        amplitudeToDb(a);
        QVERIFY(std::fabs(a.data[1] + 20.f) < 1e-4f);
    }

    void standardiseGivesZeroMeanUnitVariance() {
        Matrix m(3, 50);
        for (size_t i = 0; i < m.data.size(); ++i) m.data[i] = float(std::sin(double(i)) * 7 - 30);
        standardise(m);
        const double mean = std::accumulate(m.data.begin(), m.data.end(), 0.0) / double(m.data.size());
        double var = 0;
        for (float v : m.data) var += (v - mean) * (v - mean);
        var /= double(m.data.size());
        QVERIFY(std::fabs(mean) < 1e-5);
        QVERIFY(std::fabs(var - 1.0) < 1e-4);
        Matrix flat(2, 2, -80.f);
        standardise(flat);
        for (float v : flat.data) QCOMPARE(v, 0.f);
    }

    void oneStftSharedByThreadsIsDeterministic() {
        const Stft stft(StftConfig{2048, 512, true, Spectrum::Power});
        std::vector<float> x(48000);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(0.001 * double(i) * double(i % 997)));
        const Matrix serial = stft.compute(x.data(), x.size());
        std::vector<Matrix> out(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { out[size_t(t)] = stft.compute(x.data(), x.size()); });
        for (auto& t : threads) t.join();
        for (const Matrix& m : out) QVERIFY(m.data == serial.data);
    }
};

QTEST_GUILESS_MAIN(TestDsp)
#include "test_dsp.moc"
