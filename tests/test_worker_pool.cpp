// The worker pool and batch plumbing: bounded queue, cancel, pause, throttled progress.
#include "runtime/batch_state.h"
#include "runtime/progress_throttle.h"
#include "runtime/thread_priority.h"
#include "runtime/shared_task.h"
#include "runtime/worker_pool.h"

#include <QtTest>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace humanear;
using namespace std::chrono_literals;

class TestWorkerPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Analysis threads must yield to the GUI thread; the caller's own priority stays.
    void lowerPriorityAppliesToTheCallingThreadOnly() {
        const int mainBefore = getpriority(PRIO_PROCESS, 0);
        int before = 0, after = 0;
        std::thread worker([&] {
            const auto tid = static_cast<id_t>(syscall(SYS_gettid));
            before = getpriority(PRIO_PROCESS, tid);
            humanear::runtime::lowerCurrentThreadPriority(5);
            after = getpriority(PRIO_PROCESS, tid);
        });
        worker.join();
        QCOMPARE(after, std::min(before + 5, 19));
        QCOMPARE(getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid))), mainBefore);
    }
    void runsEveryTaskOnTheWorkers() {
        std::atomic<int> ran{0};
        std::atomic<int> starts{0};
        {
            runtime::WorkerPool pool(3, 4, [&](int) { ++starts; });
            for (int i = 0; i < 100; ++i) QVERIFY(pool.submit([&] { ++ran; }));
        }
        QCOMPARE(ran.load(), 100);
        QCOMPARE(starts.load(), 3);
    }

    void queueNeverGrowsPastItsCapacity() {
        // Slow consumers, fast producer: submit() must block instead of piling up work.
        runtime::WorkerPool pool(2, 3);
        std::atomic<int> inFlight{0}, peakInFlight{0};
        for (int i = 0; i < 40; ++i) {
            pool.submit([&] {
                const int now = ++inFlight;
                int peak = peakInFlight.load();
                while (now > peak && !peakInFlight.compare_exchange_weak(peak, now)) {}
                std::this_thread::sleep_for(1ms);
                --inFlight;
            });
        }
        QVERIFY(pool.peakQueued() <= 3);
        QVERIFY(peakInFlight.load() <= 2);
    }

    void speculativeWorkOnlyGoesToAnIdleWorker() {
        runtime::WorkerPool pool(2, 8);
        std::mutex gate;
        std::unique_lock hold(gate);
        std::atomic<int> entered{0}, ran{0};
        auto blocked = [&] {
            ++entered;
            std::lock_guard wait(gate);
            ++ran;
        };
        QVERIFY(pool.submit(blocked));
        QTRY_COMPARE(entered.load(), 1);  // one worker waits at the gate, one is (soon) idle
        bool offered = false;             // QTRY evaluates once more at the end: offer only once
        QTRY_VERIFY(offered = offered || pool.trySubmitToIdleWorker(blocked));
        QTRY_COMPARE(entered.load(), 2);
        QVERIFY(!pool.trySubmitToIdleWorker(blocked));  // both busy: refused at once, queue untouched
        QCOMPARE(pool.peakQueued(), 1);
        hold.unlock();
        QTRY_COMPARE(ran.load(), 2);
    }

    void sharedTaskRunsOnAnIdleWorkerOrInline() {
        runtime::WorkerPool pool(2, 8);
        const auto caller = std::this_thread::get_id();
        auto whoRuns = [](const CancelToken&) { return std::this_thread::get_id(); };

        std::atomic<bool> started{false}, release{false};
        auto onWorker = runtime::SharedTask<std::thread::id>::make([&](const CancelToken&) {
            started = true;
            while (!release) std::this_thread::sleep_for(1ms);
            return std::this_thread::get_id();
        });
        // QTRY re-evaluates its expression once more at the end: offer only until it succeeds.
        bool offered = false;
        QTRY_VERIFY(offered = offered || onWorker->offer(pool));  // once the new threads wait for work
        QTRY_VERIFY(started.load());  // a worker has it: take() must wait for it, not run it again
        release = true;
        QVERIFY(onWorker->take({}) != caller);

        std::mutex gate;
        std::unique_lock hold(gate);
        std::atomic<int> entered{0};
        for (int i = 0; i < 2; ++i)
            QVERIFY(pool.submit([&] {
                ++entered;
                std::lock_guard wait(gate);
            }));
        QTRY_COMPARE(entered.load(), 2);
        auto inlined = runtime::SharedTask<std::thread::id>::make(whoRuns);
        QVERIFY(!inlined->offer(pool));  // both workers busy
        QCOMPARE(inlined->take({}), caller);

        // Dropped before a worker got to it: the worker finds it dropped and skips it.
        hold.unlock();
        std::atomic<int> ran{0};
        auto dropped = runtime::SharedTask<int>::make([&](const CancelToken&) { return ++ran; });
        dropped->drop();
        offered = false;
        QTRY_VERIFY(offered = offered || dropped->offer(pool));  // once the workers are idle again
        QTest::qWait(100);
        QCOMPARE(ran.load(), 0);

        // Dropped while a worker runs it: cancelled, and drop(true) returns only after it stopped.
        std::atomic<bool> running{false}, stopped{false};
        auto cancelled = runtime::SharedTask<int>::make([&](const CancelToken& token) {
            running = true;
            while (!token.isCancelled()) std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(20ms);
            stopped = true;
            return 0;
        });
        offered = false;
        QTRY_VERIFY(offered = offered || cancelled->offer(pool));
        QTRY_VERIFY(running.load());
        cancelled->drop(true);
        QVERIFY(stopped.load());
    }

    // Pieces of a track's work listed as help start as soon as anyone is free: the
    // first worker to turn idle, or a thread waiting for a result; each runs once.
    void listedHelpGoesToWhoeverIsFreeFirst() {
        using IdTask = runtime::SharedTask<std::thread::id>;
        const auto caller = std::this_thread::get_id();
        runtime::WorkerPool pool(1, 8);

        // A thread waiting in take() does listed work: here the worker's task can only
        // finish once the listed piece has run, so without help it would time out.
        std::atomic<bool> pieceRan{false}, waiting{false};
        auto waitsForPiece = runtime::SharedTask<bool>::make([&](const CancelToken&) {
            waiting = true;
            const auto until = std::chrono::steady_clock::now() + 2s;
            while (!pieceRan && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
            return pieceRan.load();
        });
        bool offered = false;
        QTRY_VERIFY(offered = offered || waitsForPiece->offer(pool));
        QTRY_VERIFY(waiting.load());  // on the worker, not about to be taken inline
        auto piece = IdTask::make([&](const CancelToken&) {
            pieceRan = true;
            return std::this_thread::get_id();
        });
        piece->offerAsHelp(pool);  // the only worker is busy: listed
        QVERIFY(waitsForPiece->take({}));
        QCOMPARE(piece->take({}), caller);

        // A worker that turns idle takes listed work without anyone asking.
        std::mutex gate;
        std::unique_lock hold(gate);
        std::atomic<int> entered{0};
        QVERIFY(pool.submit([&] {
            ++entered;
            std::lock_guard wait(gate);
        }));
        QTRY_COMPARE(entered.load(), 1);
        std::atomic<int> runs{0};
        auto forWorker = IdTask::make([&](const CancelToken&) {
            ++runs;
            return std::this_thread::get_id();
        });
        forWorker->offerAsHelp(pool);
        // Taken inline by its owner first: the listed entry then does nothing.
        auto inlined = IdTask::make([&](const CancelToken&) {
            ++runs;
            return std::this_thread::get_id();
        });
        inlined->offerAsHelp(pool);
        QCOMPARE(inlined->take({}), caller);
        hold.unlock();
        QTRY_COMPARE(runs.load(), 2);
        QVERIFY(forWorker->take({}) != caller);

        // More than the list keeps: the oldest are forgotten, their owners still get them.
        hold.lock();
        entered = 0;
        QVERIFY(pool.submit([&] {
            ++entered;
            std::lock_guard wait(gate);
        }));
        QTRY_COMPARE(entered.load(), 1);
        std::vector<std::shared_ptr<runtime::SharedTask<int>>> many;
        std::atomic<int> manyRuns{0};
        for (size_t i = 0; i < runtime::WorkerPool::kHelpWantedLimit + 6; ++i) {
            many.push_back(runtime::SharedTask<int>::make([&, i](const CancelToken&) {
                ++manyRuns;
                return int(i);
            }));
            many.back()->offerAsHelp(pool);
        }
        for (size_t i = 0; i < many.size(); ++i) QCOMPARE(many[i]->take({}), int(i));
        hold.unlock();
        QCOMPARE(manyRuns.load(), int(many.size()));  // each exactly once
        QTest::qWait(50);
        QCOMPARE(runs.load(), 2);
        QCOMPARE(manyRuns.load(), int(many.size()));
    }

    void throttleLetsThroughFirstAndFinalOnly() {
        runtime::ProgressThrottle throttle(10'000);
        QVERIFY(throttle.shouldReport(1, 1000));
        int reported = 0;
        for (int i = 2; i < 1000; ++i) reported += throttle.shouldReport(i, 1000);
        QCOMPARE(reported, 0);
        QVERIFY(throttle.shouldReport(1000, 1000));
        QVERIFY(!throttle.shouldReport(1000, 1000));  // the final report comes once
    }

    void batchStateFinishesAfterEveryFile() {
        runtime::BatchState state(5, 0);
        std::atomic<int> fed{0};
        std::vector<std::pair<long long, long long>> reports;
        std::mutex m;
        ProgressCallback progress = [&](long long d, long long t) {
            std::lock_guard<std::mutex> lock(m);
            reports.emplace_back(d, t);
        };
        state.start([&] {
            for (int i = 0; i < 5; ++i) {
                ++fed;
                state.finishOne(progress);
            }
        });
        state.join();
        QVERIFY(state.isFinished());
        QCOMPARE(fed.load(), 5);
        QVERIFY(!reports.empty());
        QCOMPARE(reports.back().first, 5LL);
        QCOMPARE(reports.back().second, 5LL);
    }

    void pauseHoldsWorkersUntilResumedOrCancelled() {
        runtime::BatchState state(1, 0);
        state.setPaused(true);
        std::atomic<bool> passed{false};
        std::thread worker([&] {
            state.waitWhilePaused();
            passed = true;
        });
        std::this_thread::sleep_for(50ms);
        QVERIFY(!passed.load());
        state.cancel.cancel();  // cancelling must release paused workers
        state.setPaused(true);  // a notify with the flag still set
        worker.join();
        QVERIFY(passed.load());
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "test_worker_pool.moc"
