// Cross-track batching of the detector: shared passes give each caller exactly
// the logits it would have got alone, requests really do share passes, a queued
// caller can leave, and the engine gives the same P(AI) with batching on or off.
#include "humanear/engine.h"
#include "detector/detector_batcher.h"
#include "detector/detector_network.h"
#include "testdata.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace humanear;
using namespace humanear::models;

namespace {

constexpr int kBands = 128;

// `count` windows of standardised-looking noise, owned by the returned struct.
struct Windows {
    int frames = 0;
    std::vector<std::vector<float>> data;
    DetectorInput input() const {
        DetectorInput in{kBands, frames, {}};
        for (const auto& w : data) in.windows.push_back(w.data());
        return in;
    }
};

Windows makeWindows(int count, int frames, unsigned seed) {
    std::mt19937 rng(seed);
    // Each seed its own level, so that different callers' windows give clearly different logits.
    std::normal_distribution<float> normal(0.2f * float(seed % 7), 0.5f + 0.25f * float(seed % 5));
    Windows w;
    w.frames = frames;
    for (int i = 0; i < count; ++i) {
        std::vector<float> v(size_t(kBands) * size_t(frames));
        for (float& x : v) x = normal(rng);
        w.data.push_back(std::move(v));
    }
    return w;
}

bool closeTo(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > 1e-4f * std::max(1.f, std::abs(b[i]))) return false;
    return true;
}

// Lets the first pass start only once `waitFor` other requests are queued.
void holdFirstPassUntilQueued(DetectorBatcher& batcher, int waitFor) {
    auto first = std::make_shared<std::atomic<bool>>(true);
    batcher.setPassStartedHook([&batcher, first, waitFor] {
        if (!first->exchange(false)) return;
        while (batcher.queuedRequests() < waitFor) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
}

// Every input's logits through the batcher, each from its own thread, all at once.
std::vector<Result<std::vector<float>>> logitsFromThreads(DetectorBatcher& batcher, const std::vector<Windows>& inputs) {
    std::vector<std::future<Result<std::vector<float>>>> calls;
    for (const Windows& w : inputs)
        calls.push_back(std::async(std::launch::async, [&batcher, &w] {
            const DetectorInput in = w.input();
            return batcher.logits(in);
        }));
    std::vector<Result<std::vector<float>>> results;
    for (auto& c : calls) results.push_back(c.get());
    return results;
}

}  // namespace

class TestDetectorBatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sharedPassGivesEachCallerItsOwnLogits() {
        auto model = DetectorModel::create(DetectorArchitecture::WindowedCnn, 7);
        QVERIFY(model);
        const int counts[] = {4, 1, 5, 3};
        std::vector<Windows> inputs;
        std::vector<std::vector<float>> alone;
        for (int i = 0; i < 4; ++i) {
            inputs.push_back(makeWindows(counts[i], 157, 100u + unsigned(i)));
            auto l = model->logits(inputs.back().input());
            QVERIFY(l);
            QCOMPARE(int(l->size()), counts[i]);
            alone.push_back(*l);
        }
        // Distinct tracks must give distinct logits, or the comparison below proves nothing.
        QVERIFY(std::abs(alone[0][0] - alone[2][0]) > 1e-3f);

        DetectorBatcher batcher(*model);
        holdFirstPassUntilQueued(batcher, 3);
        const auto results = logitsFromThreads(batcher, inputs);
        for (int i = 0; i < 4; ++i) {
            const auto& r = results[size_t(i)];
            QVERIFY(r);
            QVERIFY2(closeTo(*r, alone[size_t(i)]), qPrintable(QStringLiteral("caller %1").arg(i)));
        }
        // The first caller's pass ran alone; the three that queued behind it shared one.
        const auto stats = batcher.stats();
        QCOMPARE(stats.passes, 2LL);
        QCOMPARE(stats.requests, 4LL);
        QCOMPARE(stats.windows, 13LL);
        QCOMPARE(stats.largestPassRequests, 3);
    }

    void windowShapesAreNeverMixedInOnePass() {
        auto model = DetectorModel::create(DetectorArchitecture::SeedCnn, 3);
        QVERIFY(model);
        const int frames[] = {157, 96, 157, 96, 157};
        std::vector<Windows> inputs;
        std::vector<std::vector<float>> alone;
        for (int i = 0; i < 5; ++i) {
            inputs.push_back(makeWindows(2, frames[i], 200u + unsigned(i)));
            auto l = model->logits(inputs.back().input());
            QVERIFY(l);
            alone.push_back(*l);
        }
        DetectorBatcher batcher(*model);
        holdFirstPassUntilQueued(batcher, 4);
        const auto results = logitsFromThreads(batcher, inputs);
        for (int i = 0; i < 5; ++i) {
            const auto& r = results[size_t(i)];
            QVERIFY2(r, r ? "" : r.error().message.c_str());
            QVERIFY(closeTo(*r, alone[size_t(i)]));
        }
        // One lone first pass, then at least one pass per shape.
        QVERIFY(batcher.stats().passes >= 3);
    }

    void passesRespectTheWindowLimit() {
        auto model = DetectorModel::create(DetectorArchitecture::WindowedCnn, 5);
        QVERIFY(model);
        DetectorBatcher batcher(*model, 6);
        holdFirstPassUntilQueued(batcher, 3);
        std::vector<Windows> inputs;
        for (int i = 0; i < 4; ++i) inputs.push_back(makeWindows(i == 0 ? 9 : 4, 157, 300u + unsigned(i)));
        for (const auto& r : logitsFromThreads(batcher, inputs)) QVERIFY(r);
        // Whoever came first ran alone; then 4 + 4 > 6, so the three others each had their own pass
        // (a single request over the limit is still served).
        QCOMPARE(batcher.stats().passes, 4LL);
        QCOMPARE(batcher.stats().largestPassRequests, 1);
    }

    void queuedCallerLeavesWhenCancelled() {
        auto model = DetectorModel::create(DetectorArchitecture::WindowedCnn, 11);
        QVERIFY(model);
        DetectorBatcher batcher(*model);
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        std::atomic<bool> firstPassStarted{false};
        batcher.setPassStartedHook([&] {
            if (!firstPassStarted.exchange(true)) released.wait();
        });
        const Windows a = makeWindows(3, 157, 1), b = makeWindows(2, 157, 2);
        auto first = std::async(std::launch::async, [&] {
            const DetectorInput in = a.input();
            return batcher.logits(in);
        });
        QTRY_VERIFY_WITH_TIMEOUT(firstPassStarted.load(), 10000);
        CancelToken cancel;
        auto second = std::async(std::launch::async, [&] {
            const DetectorInput in = b.input();
            return batcher.logits(in, &cancel);
        });
        QTRY_COMPARE_WITH_TIMEOUT(batcher.queuedRequests(), 1, 10000);
        cancel.cancel();
        // It leaves while the pass ahead of it is still held.
        QCOMPARE(second.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        auto cancelled = second.get();
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
        QCOMPARE(batcher.queuedRequests(), 0);
        release.set_value();
        auto done = first.get();
        QVERIFY(done);
        auto alone = model->logits(a.input());
        QVERIFY(alone);
        QVERIFY(closeTo(*done, *alone));
        QCOMPARE(batcher.stats().passes, 1LL);
    }

    void engineGivesTheSameVerdictsWithBatchingOnOrOff() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<std::string> files;
        for (int i = 0; i < 6; ++i) {
            const QString p = dir.filePath(QStringLiteral("tone%1.wav").arg(i));
            QVERIFY(testdata::writeMusicWav(p, 22050, 1, 12.0 + 5 * i, unsigned(i + 1)));  // a sine would be "not music"
            files.push_back(p.toStdString());
        }
        auto run = [&](CrossTrackBatching batching, DeviceInfo* device) {
            EngineSettings settings;
            settings.workers = 3;
            settings.device = DevicePreference::Cpu;
            settings.crossTrackBatching = batching;
            settings.libraryDir = dir.filePath(QStringLiteral("library")).toStdString();
            Engine engine(settings);
            *device = engine.device();
            AnalysisOptions options;
            options.recommend = RecommendPolicy::Never;
            std::mutex mutex;
            std::map<std::string, double> pAi;
            BatchCallbacks callbacks;
            callbacks.onResult = [&](const TrackAnalysis& a) {
                std::lock_guard<std::mutex> lock(mutex);
                pAi[a.path] = a.detection ? a.detection->pAi : -1.0;
            };
            BatchHandle batch = engine.analyzeBatch(files, options, callbacks);
            batch.wait();
            return pAi;
        };
        DeviceInfo batchedDevice, plainDevice;
        const auto batched = run(CrossTrackBatching::On, &batchedDevice);
        const auto plain = run(CrossTrackBatching::Off, &plainDevice);
        QVERIFY(batchedDevice.crossTrackBatching);
        QVERIFY(!plainDevice.crossTrackBatching);
        QVERIFY(QString::fromStdString(batchedDevice.description()).contains(QStringLiteral("batched")));
        QCOMPARE(batched.size(), files.size());
        for (const auto& f : files) {
            QVERIFY2(plain.at(f) >= 0, "the shipped detector should be installed for this test");
            QVERIFY(std::abs(batched.at(f) - plain.at(f)) < 1e-5);
        }
        // Auto is off on the CPU.
        EngineSettings automatic;
        automatic.device = DevicePreference::Cpu;
        QVERIFY(!Engine(automatic).device().crossTrackBatching);
    }
};

QTEST_GUILESS_MAIN(TestDetectorBatcher)
#include "test_detector_batcher.moc"
