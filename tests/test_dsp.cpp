// STFT, mel filterbanks and decibels on signals whose answers are known.
#include "dsp/decibels.h"
#include "dsp/mel.h"
#include "dsp/stft.h"

#include <QtTest>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>

using namespace humanear::dsp;

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<float> noise(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.f, 0.3f);
    std::vector<float> x(n);
    for (float& v : x) v = dist(rng);
    return x;
}

double hann(int i, int n) { return 0.5 - 0.5 * std::cos(2 * kPi * i / n); }

// librosa.filters.mel written out again from its documentation, independently of
// engine/src/dsp/mel.cpp: Slaney's mel is 3 f / 200 below 1 kHz and
// 15 + 27 ln(f / 1000) / ln(6.4) above; HTK's is 2595 log10(1 + f / 700).
double slaneyMel(double f) { return f < 1000 ? 3 * f / 200 : 15 + 27 * std::log(f / 1000) / std::log(6.4); }
double slaneyHz(double m) { return m < 15 ? 200 * m / 3 : 1000 * std::pow(6.4, (m - 15) / 27); }
double htkMel(double f) { return 2595 * std::log10(1 + f / 700); }
double htkHz(double m) { return 700 * (std::pow(10, m / 2595) - 1); }

std::vector<std::vector<double>> referenceFilterbank(int sr, int nFft, int nMels, double fmin, double fmax, bool htk,
                                                     bool slaneyNorm) {
    auto toMel = htk ? htkMel : slaneyMel;
    auto toHz = htk ? htkHz : slaneyHz;
    std::vector<double> f(size_t(nMels + 2));
    for (int i = 0; i < nMels + 2; ++i) f[size_t(i)] = toHz(toMel(fmin) + (toMel(fmax) - toMel(fmin)) * i / (nMels + 1));
    std::vector<std::vector<double>> w(size_t(nMels), std::vector<double>(size_t(nFft / 2 + 1)));
    for (int m = 0; m < nMels; ++m)
        for (int k = 0; k <= nFft / 2; ++k) {
            const double hz = double(k) * sr / nFft;
            const double rise = (hz - f[size_t(m)]) / (f[size_t(m + 1)] - f[size_t(m)]);
            const double fall = (f[size_t(m + 2)] - hz) / (f[size_t(m + 2)] - f[size_t(m + 1)]);
            double v = std::max(0.0, std::min(rise, fall));
            if (slaneyNorm) v *= 2 / (f[size_t(m + 2)] - f[size_t(m)]);
            w[size_t(m)][size_t(k)] = v;
        }
    return w;
}

double maxRelativeDiff(const Matrix& ours, const std::vector<std::vector<double>>& ref) {
    double peak = 0, worst = 0;
    for (const auto& row : ref)
        for (double v : row) peak = std::max(peak, v);
    for (int m = 0; m < ours.rows; ++m)
        for (int k = 0; k < ours.cols; ++k)
            worst = std::max(worst, std::fabs(ours.at(m, k) - ref[size_t(m)][size_t(k)]) / peak);
    return worst;
}

}  // namespace

class TestDsp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toneLandsInItsBin() {
        const int sr = 16000, nFft = 1024;
        const double freq = 1000.0;  // bin 64 exactly
        std::vector<float> x(static_cast<size_t>(sr));
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(2 * kPi * freq * double(i) / sr));
        const Matrix p = Stft(StftConfig{nFft, 256, true, Spectrum::Power}).compute(x.data(), x.size());
        const Matrix m = Stft(StftConfig{nFft, 256, true, Spectrum::Magnitude}).compute(x.data(), x.size());
        QCOMPARE(p.rows, nFft / 2 + 1);
        const int mid = p.cols / 2;
        int best = 0;
        for (int b = 0; b < p.rows; ++b)
            if (p.at(b, mid) > p.at(best, mid)) best = b;
        QCOMPARE(best, 64);
        // A unit sine under a periodic Hann: |X| at its bin = N/2 * 1/2 = N/4.
        QVERIFY(std::fabs(m.at(64, mid) / float(nFft / 4) - 1.f) < 1e-4f);
        QVERIFY(std::fabs(p.at(64, mid) / float((nFft / 4) * (nFft / 4)) - 1.f) < 1e-3f);
        // The Hann main lobe is 2 bins either side; far away there is (almost) nothing.
        QVERIFY(p.at(64 + 10, mid) < 1e-6f * p.at(64, mid));
    }

    void frameCountsFollowLibrosa() {
        for (const StftConfig& c : {StftConfig{2048, 512, true, Spectrum::Power}, StftConfig{1024, 256, true, Spectrum::Power},
                                    StftConfig{2048, 242, false, Spectrum::Magnitude},
                                    StftConfig{2048, 512, false, Spectrum::Power}}) {
            const Stft stft(c);
            for (size_t n : {size_t(0), size_t(1), size_t(100), size_t(2047), size_t(2048), size_t(2049), size_t(16000),
                             size_t(48000), size_t(49964), size_t(480000)}) {
                const long long nFft = c.nFft, hop = c.hop, len = (long long)n;
                // librosa: centred 1 + n // hop; otherwise 1 + (n - n_fft) // hop (none if n < n_fft)
                const int expected = c.center ? int(1 + len / hop) : (len < nFft ? 0 : int(1 + (len - nFft) / hop));
                QCOMPARE(stft.frameCount(n), expected);
            }
            std::vector<float> x(48000, 0.1f);
            const Matrix s = stft.compute(x.data(), x.size());
            QCOMPARE(s.cols, stft.frameCount(x.size()));
            QCOMPARE(s.rows, c.nFft / 2 + 1);
        }
        const Stft detector(StftConfig{2048, 512, true, Spectrum::Power});
        QCOMPARE(detector.frameCount(3 * 16000), 94);
        QCOMPARE(detector.frameCount(30 * 16000), 938);
        QCOMPARE(Stft(StftConfig{2048, 242, false, Spectrum::Magnitude}).frameCount(49964), 199);
    }

    // sum_k |X_k|^2 over the full spectrum = N sum_n (w_n x_n)^2; the one-sided
    // spectrum counts every bin but DC and Nyquist twice.
    void parsevalHoldsForEveryFrame() {
        const int nFft = 512, hop = 200;
        const std::vector<float> x = noise(5000, 1);
        const Stft stft(StftConfig{nFft, hop, false, Spectrum::Power});
        const Matrix p = stft.compute(x.data(), x.size());
        QCOMPARE(p.cols, 1 + (5000 - nFft) / hop);
        for (int f = 0; f < p.cols; ++f) {
            double time = 0, freq = 0;
            for (int i = 0; i < nFft; ++i) time += std::pow(hann(i, nFft) * x[size_t(f * hop + i)], 2);
            for (int b = 0; b < p.rows; ++b) freq += (b == 0 || b == nFft / 2 ? 1.0 : 2.0) * p.at(b, f);
            QVERIFY2(std::fabs(freq / (nFft * time) - 1) < 1e-4, qPrintable(QString("frame %1: %2 vs %3").arg(f).arg(freq).arg(nFft * time)));
        }
    }

    // Centring pads nFft/2 zeros at both ends (librosa 0.10 pad_mode='constant'),
    // so the first frame sees only the second half of the window over x[0..nFft/2).
    void centredFramesSeeZeroPadding() {
        const int nFft = 256, hop = 64;
        const std::vector<float> x = noise(1000, 2);
        const Matrix p = Stft(StftConfig{nFft, hop, true, Spectrum::Power}).compute(x.data(), x.size());
        QCOMPARE(p.cols, 1 + 1000 / hop);
        for (int f : {0, 1, p.cols - 1}) {
            double time = 0, freq = 0;
            for (int i = 0; i < nFft; ++i) {
                const long long j = (long long)f * hop - nFft / 2 + i;
                if (j >= 0 && j < 1000) time += std::pow(hann(i, nFft) * x[size_t(j)], 2);
            }
            for (int b = 0; b < p.rows; ++b) freq += (b == 0 || b == nFft / 2 ? 1.0 : 2.0) * p.at(b, f);
            QVERIFY2(std::fabs(freq / (nFft * time) - 1) < 1e-4, qPrintable(QString::number(f)));
        }
    }

    void magnitudeIsRootOfPower() {
        const std::vector<float> x = noise(4096, 3);
        const Matrix p = Stft(StftConfig{512, 128, true, Spectrum::Power}).compute(x.data(), x.size());
        const Matrix m = Stft(StftConfig{512, 128, true, Spectrum::Magnitude}).compute(x.data(), x.size());
        QCOMPARE(p.data.size(), m.data.size());
        for (size_t i = 0; i < p.data.size(); ++i)
            QVERIFY(std::fabs(std::sqrt(p.data[i]) - m.data[i]) <= 1e-5f * (1 + m.data[i]));
    }

    void invalidConfigsAreRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Stft(StftConfig{0, 512, true, Spectrum::Power}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Stft(StftConfig{1023, 512, true, Spectrum::Power}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Stft(StftConfig{1024, 0, true, Spectrum::Power}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MelFilterbank(MelConfig{16000, 2048, 0, 0, -1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MelFilterbank(MelConfig{16000, 2048, 64, 5000, 4000}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MelFilterbank(MelConfig{0, 2048, 64, 0, -1}));
        // A workspace belongs to one FFT size.
        const Stft a(StftConfig{1024, 256, true, Spectrum::Power});
        Stft::Workspace wrong = Stft(StftConfig{2048, 512, true, Spectrum::Power}).makeWorkspace();
        std::vector<float> x(4000, 0.f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.forEachFrame(x.data(), x.size(), wrong, [](int, const float*) {}));
    }

    void melScalesMatchTheirFormulas() {
        QVERIFY(std::fabs(hzToMel(1000.0, MelScale::Slaney) - 15.0) < 1e-12);
        QVERIFY(std::fabs(hzToMel(500.0, MelScale::Slaney) - 7.5) < 1e-12);
        QVERIFY(std::fabs(melToHz(15.0, MelScale::Slaney) - 1000.0) < 1e-9);
        for (double hz : {0.0, 200.0, 999.0, 1000.0, 4321.0, 8000.0, 24000.0}) {
            QVERIFY(std::fabs(hzToMel(hz, MelScale::Slaney) - slaneyMel(hz)) < 1e-9);
            QVERIFY(std::fabs(hzToMel(hz, MelScale::Htk) - htkMel(hz)) < 1e-9);
            for (MelScale s : {MelScale::Slaney, MelScale::Htk}) QVERIFY(std::fabs(melToHz(hzToMel(hz, s), s) - hz) < 1e-6);
        }
    }

    void filterbankMatchesIndependentFormula() {
        struct Case {
            int sr, nFft, nMels;
            double fmin, fmax;
            MelScale scale;
            MelNorm norm;
        };
        for (const Case& c : {Case{16000, 2048, 128, 0, 8000, MelScale::Slaney, MelNorm::Slaney},
                              Case{48000, 2048, 256, 0, 24000, MelScale::Slaney, MelNorm::Slaney},
                              Case{16000, 2048, 128, 0, 8000, MelScale::Htk, MelNorm::None},
                              Case{22050, 1024, 64, 30, 11000, MelScale::Htk, MelNorm::Slaney},
                              Case{22050, 2048, 40, 300, 5000, MelScale::Slaney, MelNorm::None}}) {
            const MelFilterbank bank(MelConfig{c.sr, c.nFft, c.nMels, c.fmin, c.fmax, c.scale, c.norm});
            QCOMPARE(bank.bands(), c.nMels);
            QCOMPARE(bank.bins(), c.nFft / 2 + 1);
            const Matrix dense = bank.dense();
            const double diff = maxRelativeDiff(dense, referenceFilterbank(c.sr, c.nFft, c.nMels, c.fmin, c.fmax,
                                                                           c.scale == MelScale::Htk, c.norm == MelNorm::Slaney));
            QVERIFY2(diff < 1e-6, qPrintable(QString("sr %1 mels %2: %3").arg(c.sr).arg(c.nMels).arg(diff)));
        }
    }

    // Values printed by ../shared/openl3/openl3_ref.py mel_filterbank (float32),
    // which reproduces librosa.filters.mel(norm='slaney'). (For the HTK bank numpy
    // leaves 6.5e-17 on bin 1024, which the dust threshold below ignores.)
    void filterbankMatchesNumpyReference() {
        struct Probe {
            int sr, nMels;
            bool htk;
            int band, firstNonZero, lastNonZero;
            double first, second, rowSum;
        };
        const Probe probes[] = {
            {16000, 128, false, 0, 1, 5, 0.014288890175521374, 0.028577780351042747, 0.12799929734319448},
            {16000, 128, false, 64, 214, 224, 0.0019104076782241464, 0.006563556846231222, 0.12811266561038792},
            {16000, 128, false, 127, 976, 1023, 4.7641340643167496e-05, 0.0002705859951674938, 0.12796597369015217},
            {48000, 256, false, 1, 1, 2, 0.02995399758219719, 0.003056436311453581, 0.03301043389365077},
            {48000, 256, false, 127, 122, 125, 0.00227342639118433, 0.012736601755023003, 0.042556059546768665},
            {48000, 256, false, 255, 991, 1023, 2.575314894670555e-08, 0.00015803688438609242, 0.04263036275723309},
            {16000, 128, true, 10, 20, 23, 0.018395593389868736, 0.04584512487053871, 0.12722629308700562},
            {16000, 128, true, 127, 982, 1023, 0.0001900175557238981, 0.0004740093136206269, 0.1279616454703501},
        };
        for (const Probe& p : probes) {
            const auto bank = melFilterbank(p.sr, 2048, p.nMels, 0.0, p.sr / 2.0,
                                            p.htk ? MelScale::Htk : MelScale::Slaney, MelNorm::Slaney);
            const Matrix dense = bank->dense();
            const float* row = dense.row(p.band);
            int first = -1, last = -1;
            double sum = 0;
            // Whether the bin at exactly fmax gets 0 or ~1e-17 is down to an ulp in the
            // mel round trip (numpy's SIMD exp/log versus libm), so ignore such dust.
            for (int k = 0; k < dense.cols; ++k)
                if (row[k] > 1e-9f) {
                    if (first < 0) first = k;
                    last = k;
                    sum += row[k];
                }
            QCOMPARE(first, p.firstNonZero);
            QCOMPARE(last, p.lastNonZero);
            QVERIFY(std::fabs(row[first] / p.first - 1) < 1e-5);
            QVERIFY(std::fabs(row[first + 1] / p.second - 1) < 1e-5);
            QVERIFY(std::fabs(sum / p.rowSum - 1) < 1e-6);
        }
    }

    void filterbankShapeAndNormalisation() {
        const auto slaney = melFilterbank(16000, 2048, 128, 0, -1, MelScale::Slaney, MelNorm::Slaney);
        const auto htk = melFilterbank(16000, 2048, 128, 0, -1, MelScale::Htk, MelNorm::None);
        QCOMPARE(slaney->bands(), 128);
        QCOMPARE(slaney->bins(), 1025);
        const Matrix a = slaney->dense(), b = htk->dense();
        QCOMPARE(a.rows, 128);
        QCOMPARE(a.cols, 1025);
        QVERIFY(a.data != b.data);
        // Unnormalised triangles peak at 1, or a little below where the apex falls
        // between bins; Slaney-normalised ones have unit area in Hz.
        for (int m = 0; m < 128; ++m) {
            const float* row = b.row(m);
            QVERIFY(*std::max_element(row, row + b.cols) > 0.75f);
            QVERIFY(*std::max_element(row, row + b.cols) <= 1.f);
        }
        const double hzPerBin = 8000.0 / 1024;
        for (int m = 0; m < 128; ++m) {
            const double area = std::accumulate(a.row(m), a.row(m) + a.cols, 0.0) * hzPerBin;
            QVERIFY2(std::fabs(area - 1.0) < 0.02, qPrintable(QString("band %1: %2").arg(m).arg(area)));
        }
        // Bands ascend in frequency, the sparse runs hold every non-zero weight.
        for (int m = 1; m < 128; ++m) QVERIFY(slaney->firstBin(m) >= slaney->firstBin(m - 1));
        size_t nonZero = 0;
        for (float v : a.data) nonZero += v != 0.f;
        size_t stored = 0;
        for (int m = 0; m < 128; ++m) stored += size_t(slaney->binCount(m));
        QVERIFY(stored >= nonZero);
        QVERIFY(stored < 2 * 1025 + 4 * 128);  // sparse: each bin in at most two triangles
        // One shared instance per parameter set; fmax -1 means sr / 2.
        QCOMPARE(melFilterbank(16000, 2048, 128, 0, 8000).get(), slaney.get());
        QVERIFY(melFilterbank(16000, 2048, 64, 0, 8000).get() != slaney.get());
    }

    void applyEqualsDenseProduct() {
        const auto bank = melFilterbank(48000, 2048, 256, 0, 24000);
        std::vector<float> spectrum = noise(1025, 4);
        for (float& v : spectrum) v = std::fabs(v);
        const int stride = 7;
        std::vector<float> out(size_t(256 * stride), -1.f);
        bank->apply(spectrum.data(), out.data(), stride);
        const Matrix dense = bank->dense();
        for (int m = 0; m < 256; ++m) {
            double expected = 0;
            for (int k = 0; k < 1025; ++k) expected += double(dense.at(m, k)) * spectrum[size_t(k)];
            QVERIFY(std::fabs(out[size_t(m * stride)] - expected) <= 1e-5 * expected + 1e-12);
            if (m + 1 < 256) QCOMPARE(out[size_t(m * stride + 1)], -1.f);  // stride respected
        }
    }

    // More bands than bins at the bottom: some triangles catch no bin (librosa
    // warns "Empty filters detected"); they must come out as zeros.
    void emptyBandsGiveZero() {
        const MelFilterbank bank(MelConfig{16000, 256, 128, 0, -1, MelScale::Slaney, MelNorm::Slaney});
        int empty = 0;
        for (int m = 0; m < bank.bands(); ++m) empty += bank.binCount(m) == 0;
        QVERIFY(empty > 0);
        std::vector<float> spectrum(129, 1.f), out(128, -1.f);
        bank.apply(spectrum.data(), out.data());
        for (int m = 0; m < bank.bands(); ++m)
            if (bank.binCount(m) == 0) QCOMPARE(out[size_t(m)], 0.f);
    }

    void decibelsAreRelativeToMaxAndFloored() {
        Matrix m(1, 5);
        m.data = {4.0f, 0.4f, 1e-12f, 0.0f, 4e-8f};
        powerToDb(m);  // ref = max, amin 1e-10, top_db 80
        QCOMPARE(m.data[0], 0.f);
        QVERIFY(std::fabs(m.data[1] + 10.f) < 1e-4f);
        QCOMPARE(m.data[2], -80.f);
        QCOMPARE(m.data[3], -80.f);
        QCOMPARE(m.data[4], -80.f);  // 80 dB down: on the floor

        // No floor, fixed reference: plain 10 log10(max(S, amin) / ref).
        Matrix r(1, 3);
        r.data = {100.f, 1e-3f, 0.f};
        DecibelOptions fixed;
        fixed.topDb = -1;
        fixed.ref = DbReference::Value;
        fixed.refValue = 10.0;
        powerToDb(r, fixed);
        QVERIFY(std::fabs(r.data[0] - 10.f) < 1e-4f);
        QVERIFY(std::fabs(r.data[1] + 40.f) < 1e-4f);
        QVERIFY(std::fabs(r.data[2] + 110.f) < 1e-3f);  // amin 1e-10

        // A random matrix against the formula in double.
        Matrix q(16, 40);
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(-14.f, 2.f);
        for (float& v : q.data) v = std::pow(10.f, u(rng));
        const Matrix original = q;
        powerToDb(q);
        double peak = 0;
        for (float v : original.data) peak = std::max(peak, double(v));
        float top = -1e9f;
        for (size_t i = 0; i < q.data.size(); ++i) {
            const double expected = std::max(10 * std::log10(std::max(double(original.data[i]), 1e-10)) - 10 * std::log10(peak), -80.0);
            QVERIFY(std::fabs(q.data[i] - expected) < 1e-4);
            top = std::max(top, q.data[i]);
        }
        QCOMPARE(top, 0.f);

        // amplitude_to_db: 20 log10, librosa's amplitude amin 1e-5.
        Matrix a(1, 3);
        a.data = {2.0f, 0.2f, 0.f};
        amplitudeToDb(a, DecibelOptions{-1, -1});
        QCOMPARE(a.data[0], 0.f);
        QVERIFY(std::fabs(a.data[1] + 20.f) < 1e-4f);
        QVERIFY(std::fabs(a.data[2] - float(20 * std::log10(1e-5 / 2))) < 1e-3f);
    }

    void standardiseGivesZeroMeanUnitVariance() {
        Matrix m(3, 50);
        for (size_t i = 0; i < m.data.size(); ++i) m.data[i] = float(std::sin(double(i)) * 7 - 30);
        standardise(m);
        const double mean = std::accumulate(m.data.begin(), m.data.end(), 0.0) / double(m.data.size());
        double var = 0;
        for (float v : m.data) var += (v - mean) * (v - mean);
        var /= double(m.data.size());
        QVERIFY(std::fabs(mean) < 1e-6);
        QVERIFY(std::fabs(var - 1.0) < 1e-5);
        Matrix flat(2, 2, -80.f);  // std 0: only the mean comes off
        standardise(flat);
        for (float v : flat.data) QCOMPARE(v, 0.f);
        Matrix empty;
        standardise(empty);
        QVERIFY(empty.empty());
    }

    void oneStftSharedByThreadsIsDeterministic() {
        const Stft stft(StftConfig{2048, 512, true, Spectrum::Power});
        std::vector<float> x(48000);
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(0.001 * double(i) * double(i % 997)));
        const Matrix serial = stft.compute(x.data(), x.size());
        std::vector<Matrix> out(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int r = 0; r < 5; ++r) out[size_t(t)] = stft.compute(x.data(), x.size());
            });
        for (auto& t : threads) t.join();
        for (const Matrix& m : out) QVERIFY(m.data == serial.data);
    }

    // Plans and filterbanks for new sizes made from several threads at once: the
    // planner and the caches must serialise themselves.
    void plansAndFilterbanksAreMadeSafelyInParallel() {
        const std::vector<float> x = noise(20000, 6);
        std::vector<Matrix> out(4);
        std::vector<std::shared_ptr<const MelFilterbank>> banks(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int nFft : {384, 640, 768, 896, 1152}) {
                    const Stft stft(StftConfig{nFft, 100, t % 2 == 0, Spectrum::Magnitude});
                    out[size_t(t)] = stft.compute(x.data(), x.size());
                }
                banks[size_t(t)] = melFilterbank(44100, 1152, 96, 20, 16000);
            });
        for (auto& t : threads) t.join();
        const Matrix centred = Stft(StftConfig{1152, 100, true, Spectrum::Magnitude}).compute(x.data(), x.size());
        const Matrix plain = Stft(StftConfig{1152, 100, false, Spectrum::Magnitude}).compute(x.data(), x.size());
        for (int t = 0; t < 4; ++t) {
            QVERIFY(out[size_t(t)].data == (t % 2 == 0 ? centred : plain).data);
            QCOMPARE(banks[size_t(t)].get(), banks[0].get());
        }
    }
};

QTEST_GUILESS_MAIN(TestDsp)
#include "test_dsp.moc"
