#pragma once
// Shared state of one batch: counters, cancel and pause flags, the feeder thread,
// and completion. Workers check the flags between files; decoders poll the cancel
// token between blocks, so cancel takes effect mid-file.
#include "humanear/cancel.h"
#include "runtime/progress_throttle.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace humanear::runtime {

class BatchState {
public:
    BatchState(long long total, int progressIntervalMs) : total_(total), throttle_(progressIntervalMs) {}
    ~BatchState() { joinFeeder(); }

    CancelToken cancel;

    void start(std::function<void()> feeder) {
        if (total_ == 0) {
            markFinished();
            return;
        }
        feeder_ = std::thread(std::move(feeder));
    }

    void setPaused(bool paused) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            paused_ = paused;
        }
        changed_.notify_all();
    }

    void waitWhilePaused() {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return !paused_ || cancel.isCancelled(); });
    }

    void finishOne(const ProgressCallback& onProgress) {
        long long done;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done = ++done_;
        }
        if (onProgress && throttle_.shouldReport(done, total_)) onProgress(done, total_);
        if (done == total_) markFinished();
    }

    bool isFinished() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return finished_;
    }

    // Waits for every file to be reported, then for the feeder thread.
    void join() {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [this] { return finished_; });
        }
        joinFeeder();
    }

private:
    void joinFeeder() {
        std::lock_guard<std::mutex> lock(joinMutex_);
        if (!feeder_.joinable()) return;
        // The feeder itself may drop the last reference; it cannot join itself.
        if (feeder_.get_id() == std::this_thread::get_id())
            feeder_.detach();
        else
            feeder_.join();
    }

    void markFinished() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            finished_ = true;
        }
        changed_.notify_all();
    }

    const long long total_;
    ProgressThrottle throttle_;
    mutable std::mutex mutex_;
    std::mutex joinMutex_;
    std::condition_variable changed_;
    long long done_ = 0;
    bool paused_ = false;
    bool finished_ = false;
    std::thread feeder_;
};

}  // namespace humanear::runtime
