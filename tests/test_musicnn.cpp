// The musicnn port against TensorFlow running musicnn's own graph
// (tests/data/musicnn_reference.bin, written by models/musicnn/convert_musicnn.py
// from the same synthetic signal as below): the front end against librosa, the
// network on TensorFlow's exact input, and both together.
#include "dsp/musicnn_front_end.h"
#include "networks/musicnn_network.h"

#include <QFile>
#include <QtTest>

#include <cmath>
#include <cstring>

using humanear::dsp::Matrix;
using humanear::dsp::MusicnnFrontEnd;
using humanear::models::MusicnnNetwork;

namespace {

QString sourceDir() { return qEnvironmentVariable("HUMANEAR_SOURCE_DIR", QStringLiteral(".")); }

// convert_musicnn.py's synthetic_signal, computed the same way (double, then float).
std::vector<float> syntheticSignal(size_t n) {
    std::vector<float> x(n);
    constexpr double kTwoPi = 6.283185307179586;
    for (size_t i = 0; i < n; ++i) {
        const double t = double(i) / 16000.0;
        const double gate = (i % 1600) < 800 ? 1.0 : 0.0;
        x[i] = float(0.5 * std::sin(kTwoPi * 220.0 * t) + 0.25 * std::sin(kTwoPi * (500.0 + 300.0 * t) * t) +
                     0.1 * gate * std::sin(kTwoPi * 3000.0 * t));
    }
    return x;
}

struct Reference {
    std::vector<float> logMel, penultimate, logits;  // 2 x 187 x 96, 2 x 200, 2 x 50
};

bool readReference(Reference& ref) {
    QFile f(sourceDir() + QStringLiteral("/tests/data/musicnn_reference.bin"));
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray bytes = f.readAll();
    qsizetype at = 0;
    for (std::vector<float>* arr : {&ref.logMel, &ref.penultimate, &ref.logits}) {
        if (at + 4 > bytes.size()) return false;
        uint32_t n = 0;
        std::memcpy(&n, bytes.constData() + at, 4);
        at += 4;
        if (at + qsizetype(n) * 4 > bytes.size()) return false;
        arr->resize(n);
        if (n) std::memcpy(arr->data(), bytes.constData() + at, size_t(n) * 4);
        at += qsizetype(n) * 4;
    }
    return at == bytes.size();
}

double maxRelativeError(const std::vector<float>& got, const std::vector<float>& want) {
    double worst = 0, scale = 0;
    for (float v : want) scale = std::max(scale, double(std::fabs(v)));
    for (size_t i = 0; i < want.size(); ++i) worst = std::max(worst, std::fabs(double(got[i]) - want[i]) / scale);
    return worst;
}

}  // namespace

class TestMusicnn : public QObject {
    Q_OBJECT
    Reference ref_;
    std::shared_ptr<const MusicnnNetwork> net_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(readReference(ref_), "tests/data/musicnn_reference.bin is missing or damaged");
        QCOMPARE(ref_.logMel.size(), size_t(2 * 187 * 96));
        QCOMPARE(ref_.penultimate.size(), size_t(2 * MusicnnNetwork::kPenultimate));
        auto net = MusicnnNetwork::locate({(sourceDir() + QStringLiteral("/models")).toStdString()});
        QVERIFY2(net, net ? "" : net.error().message.c_str());
        net_ = *net;
    }

    void halfRoundingMatchesNumpy() {
        // Values checked with numpy.float16: ties go to even, subnormals survive.
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1.0f), 1.0f);
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1.0f + 1.0f / 2048), 1.0f);  // tie, to even
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1.0f + 3.0f / 2048), 1.0f + 2.0f / 1024);
        QCOMPARE(MusicnnFrontEnd::roundToHalf(0.1f), 0.0999755859375f);
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1e-6f), 1.0132789611816406e-06f);  // subnormal
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1e-9f), 0.0f);
        QCOMPARE(MusicnnFrontEnd::roundToHalf(1e6f), 65504.0f);  // saturates instead of inf
    }

    void frontEndMatchesLibrosa() {
        const auto x = syntheticSignal(2 * 187 * 256);
        MusicnnFrontEnd fe;
        const Matrix m = fe.logMel(x.data(), x.size());
        QVERIFY(m.rows >= 2 * 187);
        QCOMPARE(m.cols, 96);
        double worst = 0, sum = 0;
        for (int t = 0; t < 2 * 187; ++t)
            for (int b = 0; b < 96; ++b) {
                const double d = std::fabs(double(m.at(t, b)) - ref_.logMel[size_t(t) * 96 + size_t(b)]);
                worst = std::max(worst, d);
                sum += d;
            }
        // float16 rounding can land one step apart where the float32 spectra differ in
        // the last bit: one step is about 4e-4 in these log10 units.
        QVERIFY2(worst < 2e-3, qPrintable(QStringLiteral("max |diff| %1").arg(worst)));
        QVERIFY2(sum / (2 * 187 * 96) < 1e-5, qPrintable(QStringLiteral("mean |diff| %1").arg(sum / (2 * 187 * 96))));
    }

    void networkMatchesTensorFlow() {
        std::vector<Matrix> patches(2, Matrix(187, 96));
        for (int p = 0; p < 2; ++p)
            std::copy_n(ref_.logMel.begin() + long(p) * 187 * 96, 187 * 96, patches[size_t(p)].data.begin());
        const auto out = net_->run(patches);
        QCOMPARE(out.penultimate.size(), ref_.penultimate.size());
        const double pen = maxRelativeError(out.penultimate, ref_.penultimate);
        const double tags = maxRelativeError(out.logits, ref_.logits);
        QVERIFY2(pen < 1e-4, qPrintable(QStringLiteral("penultimate max rel error %1").arg(pen)));
        QVERIFY2(tags < 1e-4, qPrintable(QStringLiteral("logits max rel error %1").arg(tags)));
        // The two patches differ, so a port that ignored its input would fail above.
        QVERIFY(maxRelativeError(std::vector<float>(ref_.penultimate.begin(), ref_.penultimate.begin() + 200),
                                 std::vector<float>(ref_.penultimate.begin() + 200, ref_.penultimate.end())) > 1e-2);
    }

    void audioToPenultimateEndToEnd() {
        const auto x = syntheticSignal(2 * 187 * 256);
        MusicnnFrontEnd fe;
        const Matrix logMel = fe.logMel(x.data(), x.size());
        const auto out = net_->run({MusicnnFrontEnd::patch(logMel, 0), MusicnnFrontEnd::patch(logMel, 187)});
        const double pen = maxRelativeError(out.penultimate, ref_.penultimate);
        QVERIFY2(pen < 1e-3, qPrintable(QStringLiteral("penultimate max rel error %1").arg(pen)));
    }

    // The embedder's patch at a window's centre from its frames alone: equal, bit for
    // bit, to the full log-mel's centre, for windows longer than a patch (10 s, 5 s,
    // an odd length) and as short as one or shorter (where it falls back).
    void centrePatchEqualsTheFullLogMelsCentre() {
        MusicnnFrontEnd fe;
        for (size_t n : {size_t(160000), size_t(80000), size_t(100001), size_t(187 * 256 + 300), size_t(187 * 256),
                         size_t(20000)}) {
            const auto x = syntheticSignal(n);
            const Matrix logMel = fe.logMel(x.data(), x.size());
            const Matrix expected = MusicnnFrontEnd::patch(logMel, std::max(0, (logMel.rows - 187) / 2));
            const Matrix patch = fe.centrePatch(x.data(), x.size());
            QCOMPARE(patch.rows, 187);
            QCOMPARE(patch.cols, 96);
            QVERIFY2(std::memcmp(patch.data.data(), expected.data.data(), patch.data.size() * sizeof(float)) == 0,
                     qPrintable(QStringLiteral("%1 samples").arg(n)));
        }
    }

    void patchesPastTheEndAreSilence() {
        const Matrix logMel(10, 96, 1.f);
        const Matrix p = MusicnnFrontEnd::patch(logMel, 5);
        QCOMPARE(p.rows, 187);
        QCOMPARE(p.at(4, 95), 1.f);
        QCOMPARE(p.at(5, 0), 0.f);
        QCOMPARE(MusicnnFrontEnd::patch(logMel, -1).at(0, 0), 0.f);
    }

    void devicesAreCheckedAndAgree() {
        const std::string weights = (sourceDir() + QStringLiteral("/models/musicnn-msd.h5")).toStdString();
        auto bogus = MusicnnNetwork::load(weights, "abacus");
        QVERIFY(!bogus);
        QVERIFY(QString::fromStdString(bogus.error().message).contains(QStringLiteral("abacus")));
        QCOMPARE(net_->deviceName(), std::string("cpu"));
        auto gpu = MusicnnNetwork::load(weights, "cuda");
        if (!gpu) {
            QVERIFY(QString::fromStdString(gpu.error().message).contains(QStringLiteral("musicnn network")));
            QSKIP("no CUDA device here: the GPU path was not compared");
        }
        std::vector<Matrix> patches(2, Matrix(187, 96));
        for (int p = 0; p < 2; ++p)
            std::copy_n(ref_.logMel.begin() + long(p) * 187 * 96, 187 * 96, patches[size_t(p)].data.begin());
        const auto out = (*gpu)->run(patches);
        const double pen = maxRelativeError(out.penultimate, ref_.penultimate);
        QVERIFY2(pen < 1e-3, qPrintable(QStringLiteral("CUDA penultimate max rel error %1").arg(pen)));
    }

    void damagedWeightsAreRefusedByName() {
        const QString bogus = QDir::temp().filePath(QStringLiteral("humanear-musicnn-bogus.h5"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an HDF5 file");
        f.close();
        auto net = MusicnnNetwork::load(bogus.toStdString());
        QVERIFY(!net);
        QVERIFY(QString::fromStdString(net.error().message).contains(QStringLiteral("humanear-musicnn-bogus.h5")));
        QFile::remove(bogus);
    }
};

QTEST_GUILESS_MAIN(TestMusicnn)
#include "test_musicnn.moc"
