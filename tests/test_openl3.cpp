// The OpenL3 port (Keras .h5 reader + LibTorch network) against the NumPy
// reference in ../shared/openl3, run on seeded synthetic weights in the real
// file's layout (the real weights are not on these machines).
#include "networks/keras_h5.h"
#include "similarity/openl3_embedder.h"
#include "models/compute_device.h"

#include "npy.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <thread>

using namespace humanear;
using namespace humanear::models;

namespace {

const char* const kSyntheticSha256 = "da43ca4f6739449b4201999876f0c95ef6f0567a5df6f6aee6bffc2cf036519e";
const QString kPython = QStringLiteral("/usr/bin/python3");

// Agreement criterion used for both embedding sizes:
//   |a - b| <= kRelTol * max(|b|, floor),  floor = kFloorFraction * max over the whole array of |b|
// i.e. 1e-4 relative for every entry at or above 1% of the array's largest magnitude
// (max|b| = 17.1 for both files, so floor = 0.171; ~97% of the 512-d entries), and
// 1e-4 * floor = 1.7e-5 absolute below it. Why a floor at all: the reference is itself
// float32 (NumPy im2col + sgemm), and exact float64 evaluation of the same network
// differs from it by up to 1.2e-5 absolute on entries near zero, so no float32 or even
// float64 port can meet a pure 1e-4 relative bound there. floatingPointFloorIsReal()
// below measures this with the port's float64 mode.
// The float32 port is held to a floor of 2 % instead: its own arithmetic (float32
// sums over thousands of terms, in an order that depends on the CPU's oneDNN kernels)
// differs from the float64 port by up to about 2e-6 of the array's largest magnitude.
// Measured on an AVX2-only EPYC (oneDNN's blocked AVX2 kernels): 2.1e-5 absolute at a
// 6144-d entry of -0.199, 1.03e-4 relative to it, just above the 1 % floor, where the
// float64 port matches the reference to 1.6e-5 relative: rounding, not a port error.
constexpr double kRelTol = 1e-4;
constexpr double kFloorFraction = 1e-2;
constexpr double kFloat32FloorFraction = 2e-2;

struct Comparison {
    double worstRelative = 0;  // max |a-b| / max(|b|, floor)
    double worstPureRelative = 0;  // max |a-b| / |b| over entries with |b| >= floor
    double maxAbs = 0;
    int64_t worstIndex = -1;
    int64_t failures = 0;
    double floor = 0;
};

Comparison compare(const std::vector<std::vector<float>>& got, const NpyArray& ref,
                   double floorFraction = kFloorFraction) {
    Comparison c;
    double maxRef = 0;
    for (float v : ref.data) maxRef = std::max(maxRef, std::fabs(double(v)));
    c.floor = floorFraction * maxRef;
    const int64_t cols = ref.shape[1];
    for (int64_t i = 0; i < ref.shape[0]; ++i) {
        for (int64_t j = 0; j < cols; ++j) {
            const double a = got[static_cast<size_t>(i)][static_cast<size_t>(j)];
            const double b = ref.data[static_cast<size_t>(i * cols + j)];
            const double diff = std::fabs(a - b);
            const double rel = diff / std::max(std::fabs(b), c.floor);
            if (!(rel <= kRelTol)) ++c.failures;  // NaN counts as a failure
            if (!(rel <= c.worstRelative)) {
                c.worstRelative = rel;
                c.worstIndex = i * cols + j;
            }
            if (std::fabs(b) >= c.floor) c.worstPureRelative = std::max(c.worstPureRelative, diff / std::fabs(b));
            c.maxAbs = std::max(c.maxAbs, diff);
        }
    }
    return c;
}

QByteArray sha256(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

// The given rows of a 2-D array.
NpyArray rows(const NpyArray& a, const std::vector<int>& pick) {
    NpyArray out;
    const int64_t cols = a.shape[1];
    out.shape = {static_cast<int64_t>(pick.size()), cols};
    for (int i : pick)
        out.data.insert(out.data.end(), a.data.begin() + i * cols, a.data.begin() + (i + 1) * cols);
    return out;
}

}  // namespace

class TestOpenL3 : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString synthetic_;      // generated synthetic weights, empty when skipped
    QString skipReason_;
    NpyArray patches_;
    std::vector<const float*> patchPointers_;

    QString writePythonFile(const QString& name, const QString& code) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return {};
        f.write(code.toUtf8());
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // The engine sets LibTorch threads per worker; here the test uses the whole machine.
        models::setTorchThreads(QThread::idealThreadCount());

        const QString script = testdata::sharedFile(QStringLiteral("openl3/make_synthetic_h5.py"));
        const QString mel = testdata::sharedFile(QStringLiteral("openl3/melspec256_kapre04_hop0.1_center.npy"));
        if (script.isEmpty() || mel.isEmpty()) {
            skipReason_ = QStringLiteral("../shared/openl3 reference data not present: comparison skipped");
            return;
        }
        QString err;
        if (!QFile::exists(kPython) ||
            !testdata::runTool(kPython, {QStringLiteral("-c"), QStringLiteral("import numpy, h5py")}, &err)) {
            skipReason_ = QStringLiteral("/usr/bin/python3 with python3-numpy and python3-h5py is needed to make "
                                         "the synthetic OpenL3 weights (apt-get install python3-numpy python3-h5py): ") +
                          err.trimmed();
            return;
        }
        const QString out = dir_.filePath(QStringLiteral("synthetic_openl3_audio_mel256_layout.h5"));
        QVERIFY2(testdata::runTool(kPython, {script, out}, &err), qPrintable(err));
        const QByteArray digest = sha256(out);
        QVERIFY2(digest == kSyntheticSha256,
                 qPrintable(QStringLiteral("make_synthetic_h5.py wrote %1 with sha256 %2, not %3: the reference "
                                           "vectors belong to other weights")
                                .arg(out, QString::fromLatin1(digest), QString::fromLatin1(kSyntheticSha256))));
        synthetic_ = out;

        patches_ = loadNpy(mel);
        QVERIFY2(patches_.ok(), qPrintable(patches_.error));
        QCOMPARE(patches_.shape.size(), size_t(3));
        QCOMPARE(patches_.shape[1], int64_t(OpenL3Embedder::kMelBands));
        QCOMPARE(patches_.shape[2], int64_t(OpenL3Embedder::kFrames));
        for (int64_t i = 0; i < patches_.shape[0]; ++i)
            patchPointers_.push_back(patches_.data.data() + i * OpenL3Embedder::kPatchValues);
    }

    void kerasReaderListsLayersInOrder() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        auto names = listKerasLayers(synthetic_.toStdString());
        QVERIFY2(names.isOk(), names.isOk() ? "" : names.error().message.c_str());
        QCOMPARE(names->size(), size_t(27));
        QCOMPARE(QString::fromStdString(names->front()), QStringLiteral("input_1"));
        QCOMPARE(QString::fromStdString((*names)[1]), QStringLiteral("batch_normalization_1"));
        QCOMPARE(QString::fromStdString((*names)[2]), QStringLiteral("conv2d_1"));
        QCOMPARE(QString::fromStdString(names->back()), QStringLiteral("audio_embedding_layer"));

        auto file = readKerasWeights(synthetic_.toStdString());
        QVERIFY2(file.isOk(), file.isOk() ? "" : file.error().message.c_str());
        QCOMPARE(QString::fromStdString(file->kerasVersion), QStringLiteral("2.2.4"));
        const KerasLayer* conv = file->findLayer("conv2d_3");
        QVERIFY(conv);
        QCOMPARE(conv->weights.size(), size_t(2));
        QCOMPARE(QString::fromStdString(conv->weights[0].shortName()), QStringLiteral("kernel"));
        QCOMPARE(conv->weights[0].shape, (std::vector<int64_t>{3, 3, 64, 128}));
        QCOMPARE(conv->weights[0].data.size(), size_t(3 * 3 * 64 * 128));
        const KerasLayer* bn = file->findLayer("batch_normalization_1");
        QVERIFY(bn);
        QCOMPARE(bn->weights.size(), size_t(4));
        QCOMPARE(bn->weights[2].data[0], -45.0f);  // input BN moving_mean, as make_synthetic_h5.py writes it
        QCOMPARE(bn->weights[3].data[0], 300.0f);
        QVERIFY(file->findLayer("activation_1")->weights.empty());
    }

    void matchesReferenceEmbeddings() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const QString ref512Path = testdata::sharedFile(QStringLiteral("openl3/emb512_synthetic_kapre04_hop0.1_center.npy"));
        const QString ref6144Path = testdata::sharedFile(QStringLiteral("openl3/emb6144_synthetic_kapre04_hop0.1_center.npy"));
        REQUIRE_SHARED(ref512Path);
        REQUIRE_SHARED(ref6144Path);
        const NpyArray ref512 = loadNpy(ref512Path);
        const NpyArray ref6144 = loadNpy(ref6144Path);
        QVERIFY2(ref512.ok(), qPrintable(ref512.error));
        QVERIFY2(ref6144.ok(), qPrintable(ref6144.error));
        QCOMPARE(ref512.shape, (std::vector<int64_t>{patches_.shape[0], 512}));
        QCOMPARE(ref6144.shape, (std::vector<int64_t>{patches_.shape[0], 6144}));

        QElapsedTimer loadTimer;
        loadTimer.start();
        auto embedder = OpenL3Embedder::load(synthetic_.toStdString());
        QVERIFY2(embedder.isOk(), embedder.isOk() ? "" : embedder.error().message.c_str());
        qInfo("Loaded the synthetic OpenL3 weights in %lld ms on %s, kernels %s, batch %d", loadTimer.elapsed(),
              embedder->deviceName().c_str(), embedder->kernelName().c_str(), embedder->batchSize());

        // Warm-up pass (oneDNN picks its kernels on first use), then the timed pass.
        QVERIFY(embedder->embed({patchPointers_.begin(), patchPointers_.begin() + 2}, true, false).isOk());
        QElapsedTimer timer;
        timer.start();
        auto result = embedder->embed(patchPointers_, true, true);
        const qint64 ms = timer.elapsed();
        QVERIFY2(result.isOk(), result.isOk() ? "" : result.error().message.c_str());
        qInfo("OpenL3 mel256 on %s (%s): %.1f ms per patch (%lld patches, 512-d and 6144-d, in %lld ms, "
              "%d LibTorch threads)",
              embedder->deviceName().c_str(), embedder->kernelName().c_str(),
              double(ms) / double(patchPointers_.size()), static_cast<long long>(patchPointers_.size()), ms,
              QThread::idealThreadCount());

        QCOMPARE(result->emb512.size(), patchPointers_.size());
        QCOMPARE(result->emb6144.size(), patchPointers_.size());
        for (const auto& v : result->emb512) QCOMPARE(v.size(), size_t(512));
        for (const auto& v : result->emb6144) QCOMPARE(v.size(), size_t(6144));

        const Comparison c512 = compare(result->emb512, ref512, kFloat32FloorFraction);
        const Comparison c6144 = compare(result->emb6144, ref6144, kFloat32FloorFraction);
        qInfo("Criterion: |a-b| <= %.0e * max(|b|, %.0e * max over the array of |b|)", kRelTol, kFloat32FloorFraction);
        qInfo("512-d : worst relative error %.3e (entry %lld, floor %.3e), worst |a-b|/|b| above floor %.3e, "
              "max |a-b| %.3e, %lld entries outside",
              c512.worstRelative, static_cast<long long>(c512.worstIndex), c512.floor, c512.worstPureRelative,
              c512.maxAbs, static_cast<long long>(c512.failures));
        qInfo("6144-d: worst relative error %.3e (entry %lld, floor %.3e), worst |a-b|/|b| above floor %.3e, "
              "max |a-b| %.3e, %lld entries outside",
              c6144.worstRelative, static_cast<long long>(c6144.worstIndex), c6144.floor, c6144.worstPureRelative,
              c6144.maxAbs, static_cast<long long>(c6144.failures));
        QCOMPARE(c512.failures, int64_t(0));
        QCOMPARE(c6144.failures, int64_t(0));

        // The one-size entry points give the same vectors as the combined pass.
        auto only512 = embedder->embedPatches({patchPointers_.begin(), patchPointers_.begin() + 3});
        QVERIFY(only512.isOk());
        QCOMPARE(only512->size(), size_t(3));
        for (size_t i = 0; i < 3; ++i)
            for (size_t j = 0; j < 512; ++j)
                QVERIFY(std::fabs((*only512)[i][j] - result->emb512[i][j]) <= 1e-5f * (1.0f + std::fabs(result->emb512[i][j])));
        auto only6144 = embedder->embedPatches6144({patchPointers_.back()});
        QVERIFY(only6144.isOk());
        QCOMPARE(only6144->size(), size_t(1));
        QCOMPARE(only6144->front().size(), size_t(6144));
    }

    // The plain path (BN not folded, NCHW) with an odd batch split agrees too.
    void unfoldedNchwPathMatches() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const NpyArray ref512 = loadNpy(testdata::sharedFile(QStringLiteral("openl3/emb512_synthetic_kapre04_hop0.1_center.npy")));
        QVERIFY2(ref512.ok(), qPrintable(ref512.error));
        OpenL3EmbedderOptions options;
        options.foldBatchNorm = false;
        options.batchSize = 2;
        auto embedder = OpenL3Embedder::load(synthetic_.toStdString(), options);
        QVERIFY2(embedder.isOk(), embedder.isOk() ? "" : embedder.error().message.c_str());
        QCOMPARE(QString::fromStdString(embedder->kernelName()), QStringLiteral("nchw"));
        // Patches 0, 12 and 25 (first, middle, last) in batches of 2 + 1.
        const std::vector<int> pick{0, 12, 25};
        std::vector<const float*> some;
        const NpyArray ref = rows(ref512, pick);
        for (int i : pick) some.push_back(patchPointers_[static_cast<size_t>(i)]);
        auto result = embedder->embedPatches(some);
        QVERIFY2(result.isOk(), result.isOk() ? "" : result.error().message.c_str());
        const Comparison c = compare(*result, ref, kFloat32FloorFraction);
        qInfo("512-d, BN unfolded, NCHW, batches of 2: worst relative error %.3e", c.worstRelative);
        QCOMPARE(c.failures, int64_t(0));
    }

    // Why the criterion has a floor: an exact (float64) evaluation of the network
    // already differs from the float32 reference near zero by more than 1e-4 relative.
    void floatingPointFloorIsReal() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const NpyArray ref512 = loadNpy(testdata::sharedFile(QStringLiteral("openl3/emb512_synthetic_kapre04_hop0.1_center.npy")));
        QVERIFY2(ref512.ok(), qPrintable(ref512.error));
        OpenL3EmbedderOptions options;
        options.doublePrecision = true;
        auto exact = OpenL3Embedder::load(synthetic_.toStdString(), options);
        QVERIFY2(exact.isOk(), exact.isOk() ? "" : exact.error().message.c_str());
        QCOMPARE(QString::fromStdString(exact->kernelName()), QStringLiteral("nchw-float64"));
        auto fast = OpenL3Embedder::load(synthetic_.toStdString());
        QVERIFY(fast.isOk());

        const std::vector<int> pick{3, 22};  // 22 holds the 512-d entry closest to failing
        std::vector<const float*> some;
        for (int i : pick) some.push_back(patchPointers_[static_cast<size_t>(i)]);
        const NpyArray ref = rows(ref512, pick);
        auto e64 = exact->embedPatches(some);
        auto e32 = fast->embedPatches(some);
        QVERIFY(e64.isOk());
        QVERIFY(e32.isOk());
        NpyArray exactAsRef;
        exactAsRef.shape = ref.shape;
        for (const auto& v : *e64) exactAsRef.data.insert(exactAsRef.data.end(), v.begin(), v.end());

        const Comparison refVsExact = compare(*e64, ref);
        const Comparison refVsExactSmallFloor = compare(*e64, ref, 1e-3);
        const Comparison portVsExact = compare(*e32, exactAsRef, kFloat32FloorFraction);
        qInfo("float64 port vs float32 reference: max |a-b| %.3e; worst relative error %.3e with the 1%% floor, "
              "%.3e with a 0.1%% floor",
              refVsExact.maxAbs, refVsExact.worstRelative, refVsExactSmallFloor.worstRelative);
        qInfo("float32 port (%s) vs float64 port: max |a-b| %.3e, worst relative error %.3e",
              fast->kernelName().c_str(), portVsExact.maxAbs, portVsExact.worstRelative);
        QCOMPARE(refVsExact.failures, int64_t(0));
        QCOMPARE(portVsExact.failures, int64_t(0));
    }

    // Several workers may share one embedder.
    void concurrentCallsAgree() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        auto embedder = OpenL3Embedder::load(synthetic_.toStdString());
        QVERIFY(embedder.isOk());
        const std::vector<const float*> a{patchPointers_[5], patchPointers_[6]};
        const std::vector<const float*> b{patchPointers_[7]};
        auto serialA = embedder->embedPatches(a);
        auto serialB = embedder->embedPatches(b);
        QVERIFY(serialA.isOk() && serialB.isOk());
        const OpenL3Embedder& shared = *embedder;
        Result<std::vector<std::vector<float>>> parallelA = makeError(ErrorCode::Internal, "not run");
        Result<std::vector<std::vector<float>>> parallelB = makeError(ErrorCode::Internal, "not run");
        std::thread t1([&] { parallelA = shared.embedPatches(a); });
        std::thread t2([&] { parallelB = shared.embedPatches(b); });
        t1.join();
        t2.join();
        QVERIFY(parallelA.isOk() && parallelB.isOk());
        auto same = [](const std::vector<std::vector<float>>& x, const std::vector<std::vector<float>>& y) {
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                for (size_t j = 0; j < x[i].size(); ++j)
                    if (std::fabs(x[i][j] - y[i][j]) > 1e-5f * (1.0f + std::fabs(y[i][j]))) return false;
            return true;
        };
        QVERIFY(same(*parallelA, *serialA));
        QVERIFY(same(*parallelB, *serialB));
    }

    void missingFileIsReported() {
        const std::string path = dir_.filePath(QStringLiteral("no_such_openl3.h5")).toStdString();
        auto r = OpenL3Embedder::load(path);
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::FileNotFound);
        QVERIFY2(r.error().message.find(path) != std::string::npos, r.error().message.c_str());
        qInfo("%s", r.error().message.c_str());
    }

    void folderIsReported() {
        auto r = OpenL3Embedder::load(dir_.path().toStdString());
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        qInfo("%s", r.error().message.c_str());
    }

    void nonHdf5FileIsReported() {
        const QString path = dir_.filePath(QStringLiteral("not_hdf5.h5"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("This is a text file, not the OpenL3 weights.\n");
        }
        auto r = OpenL3Embedder::load(path.toStdString());
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::ModelCorrupt);
        QVERIFY2(r.error().message.find("is not an HDF5 file") != std::string::npos, r.error().message.c_str());
        QVERIFY2(r.error().message.find(path.toStdString()) != std::string::npos, r.error().message.c_str());
        qInfo("%s", r.error().message.c_str());

        const QString empty = dir_.filePath(QStringLiteral("empty.h5"));
        {
            QFile f(empty);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        auto e = OpenL3Embedder::load(empty.toStdString());
        QVERIFY(!e.isOk());
        QCOMPARE(e.error().code, ErrorCode::ModelCorrupt);
    }

    void truncatedFileIsReported() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const QString path = dir_.filePath(QStringLiteral("truncated.h5"));
        {
            QFile in(synthetic_);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(in.read(in.size() / 2));
        }
        auto r = OpenL3Embedder::load(path.toStdString());
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::ModelCorrupt);
        QVERIFY2(r.error().message.find(path.toStdString()) != std::string::npos, r.error().message.c_str());
        qInfo("%s", r.error().message.c_str());
    }

    void hdf5MissingALayerIsReported() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        // Same file with the group conv2d_3 deleted (still listed in layer_names),
        // and a second copy with it removed from layer_names as well.
        const QString missingGroup = dir_.filePath(QStringLiteral("missing_group.h5"));
        const QString missingLayer = dir_.filePath(QStringLiteral("missing_layer.h5"));
        const QString notKeras = dir_.filePath(QStringLiteral("not_keras.h5"));
        const QString script = writePythonFile(QStringLiteral("damage.py"), QStringLiteral(
            "import shutil, sys, h5py, numpy as np\n"
            "src, a, b, c = sys.argv[1:5]\n"
            "shutil.copy(src, a)\n"
            "with h5py.File(a, 'r+') as f:\n"
            "    del f['conv2d_3']\n"
            "shutil.copy(src, b)\n"
            "with h5py.File(b, 'r+') as f:\n"
            "    del f['conv2d_3']\n"
            "    names = [n for n in f.attrs['layer_names'] if n != b'conv2d_3']\n"
            "    f.attrs['layer_names'] = np.array(names)\n"
            "with h5py.File(c, 'w') as f:\n"
            "    f.create_dataset('x', data=np.arange(3.0))\n"));
        QVERIFY(!script.isEmpty());
        QString err;
        QVERIFY2(testdata::runTool(kPython, {script, synthetic_, missingGroup, missingLayer, notKeras}, &err),
                 qPrintable(err));

        auto r = OpenL3Embedder::load(missingGroup.toStdString());
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::ModelCorrupt);
        QVERIFY2(r.error().message.find("layer conv2d_3 missing") != std::string::npos, r.error().message.c_str());
        QVERIFY2(r.error().message.find(missingGroup.toStdString()) != std::string::npos, r.error().message.c_str());
        qInfo("%s", r.error().message.c_str());

        auto r2 = OpenL3Embedder::load(missingLayer.toStdString());
        QVERIFY(!r2.isOk());
        QCOMPARE(r2.error().code, ErrorCode::ModelCorrupt);
        QVERIFY2(r2.error().message.find("found 7 and 8") != std::string::npos, r2.error().message.c_str());
        qInfo("%s", r2.error().message.c_str());

        auto r3 = OpenL3Embedder::load(notKeras.toStdString());
        QVERIFY(!r3.isOk());
        QCOMPARE(r3.error().code, ErrorCode::ModelCorrupt);
        QVERIFY2(r3.error().message.find("not a Keras weights file") != std::string::npos, r3.error().message.c_str());
        qInfo("%s", r3.error().message.c_str());
    }

    void otherOpenL3ModelIsRefusedByName() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const QString path = dir_.filePath(QStringLiteral("openl3_audio_mel128_music.h5"));
        QVERIFY(QFile::copy(synthetic_, path));
        auto r = OpenL3Embedder::load(path.toStdString());
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::ModelCorrupt);
        qInfo("%s", r.error().message.c_str());
    }

    void badArgumentsAreReported() {
        if (synthetic_.isEmpty()) QSKIP(qPrintable(skipReason_));
        OpenL3EmbedderOptions options;
        options.device = "tpu:7";
        auto r = OpenL3Embedder::load(synthetic_.toStdString(), options);
        QVERIFY(!r.isOk());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        qInfo("%s", r.error().message.c_str());

        options.device = "cuda:0";
        if (!models::cudaAvailable()) {
            auto c = OpenL3Embedder::load(synthetic_.toStdString(), options);
            QVERIFY(!c.isOk());
            QCOMPARE(c.error().code, ErrorCode::InvalidArgument);
            qInfo("%s", c.error().message.c_str());
        }

        options.device = "cpu";
        options.batchSize = 0;
        QCOMPARE(OpenL3Embedder::load(synthetic_.toStdString(), options).error().code, ErrorCode::InvalidArgument);

        options.batchSize = 4;
        auto embedder = OpenL3Embedder::load(synthetic_.toStdString(), options);
        QVERIFY(embedder.isOk());
        auto none = embedder->embedPatches({});
        QVERIFY(none.isOk());
        QVERIFY(none->empty());
        auto bad = embedder->embedPatches({patchPointers_[0], nullptr});
        QVERIFY(!bad.isOk());
        QCOMPARE(bad.error().code, ErrorCode::InvalidArgument);
        CancelToken cancel;
        cancel.cancel();
        auto cancelled = embedder->embedPatches({patchPointers_[0]}, &cancel);
        QVERIFY(!cancelled.isOk());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestOpenL3)
#include "test_openl3.moc"
