#pragma once
// Work worth doing in parallel only when a worker would otherwise sit idle: it is
// offered to the pool without waiting (trySubmitToIdleWorker) and run by whoever
// gets to it first, an idle worker or the thread that needs the result, which then
// runs it inline. Nobody ever waits for a busy pool, so a worker may offer work to
// its own pool, and a saturated pool (a batch) gets no extra tasks.
#include "humanear/cancel.h"
#include "runtime/worker_pool.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace humanear::runtime {

template <typename T>
class SharedTask : public std::enable_shared_from_this<SharedTask<T>> {
public:
    // `work` gets the token to poll: the caller's when run inline, the task's own
    // (cancelled by drop(), or when the waiting caller is cancelled) on a worker.
    static std::shared_ptr<SharedTask> make(std::function<T(const CancelToken&)> work) {
        return std::shared_ptr<SharedTask>(new SharedTask(std::move(work)));
    }

    // False when no worker is idle: take() will then run it inline.
    bool offer(WorkerPool& pool) {
        helpPool_ = &pool;
        auto self = this->shared_from_this();
        return pool.trySubmitToIdleWorker([self] { self->runIfUnclaimed(); });
    }

    // For a piece of a larger job: to an idle worker now, else listed
    // (WorkerPool::listHelpWanted) for the first worker to turn idle or a thread
    // waiting in take(), so that it starts as soon as anyone is free. Whoever takes
    // it first runs it; its owner's take() still runs it inline if nobody has.
    void offerAsHelp(WorkerPool& pool) {
        if (offer(pool)) return;
        std::weak_ptr<SharedTask> weak = this->weak_from_this();
        pool.listHelpWanted([weak] {
            auto self = weak.lock();
            return self && self->runIfUnclaimed();
        });
    }

    // The result: computed here when no worker has started it, else waited for
    // (passing on a cancel of `outer` to the worker). While it waits, this thread
    // does work listed as help in the pool it was offered to, rather than idle.
    T take(const CancelToken& outer) {
        if (claim()) return work_(outer);
        std::unique_lock lock(mutex_);
        while (state_ != State::Done) {
            if (outer.isCancelled()) cancel_.cancel();
            if (helpPool_) {
                lock.unlock();
                const bool helped = helpPool_->helpOne();
                lock.lock();
                if (helped) continue;
            }
            done_.wait_for(lock, std::chrono::milliseconds(20));
        }
        state_ = State::Taken;
        return std::move(*result_);
    }

    // For an owner that can do the work more cheaply itself than the task would
    // (with what it already holds open): true when no worker has started it, and
    // then none ever will; the owner does the work and forgets the task. False:
    // take() waits for the worker's result.
    bool claimForOwner() { return claim(); }

    // Not needed after all: a worker that has not started it never will, one that
    // has is asked to stop. No-op once taken. `waitForWorker`: also wait until a
    // running worker has stopped, for work that uses objects the caller is about
    // to release.
    void drop(bool waitForWorker = false) {
        std::unique_lock lock(mutex_);
        if (state_ == State::Waiting) state_ = State::Dropped;
        if (state_ != State::Running) return;
        cancel_.cancel();
        if (waitForWorker) done_.wait(lock, [this] { return state_ == State::Done; });
    }

private:
    enum class State { Waiting, Running, Done, Taken, Dropped };

    explicit SharedTask(std::function<T(const CancelToken&)> work) : work_(std::move(work)) {}

    // Runs the work unless someone has claimed it; true when this call ran it.
    bool runIfUnclaimed() {
        if (!claim()) return false;  // taken inline or dropped before anyone was free
        T value = work_(cancel_);
        std::lock_guard lock(mutex_);
        result_ = std::move(value);
        state_ = State::Done;
        done_.notify_all();
        return true;
    }

    bool claim() {
        std::lock_guard lock(mutex_);
        if (state_ != State::Waiting) return false;
        state_ = State::Running;
        return true;
    }

    std::function<T(const CancelToken&)> work_;
    CancelToken cancel_;
    WorkerPool* helpPool_ = nullptr;  // where offer() went: take() helps there while it waits
    std::mutex mutex_;
    std::condition_variable done_;
    State state_ = State::Waiting;
    std::optional<T> result_;
};

}  // namespace humanear::runtime
