#pragma once
// Cooperative cancellation, pause and progress: long operations poll the token
// between blocks and report (done, total) through a callback.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace humanear {

class CancelToken {
public:
    CancelToken() : state_(std::make_shared<State>()) {}
    void cancel() const { state_->cancelled.store(true, std::memory_order_relaxed); }
    void reset() const { state_->cancelled.store(false, std::memory_order_relaxed); }
    bool isCancelled() const { return state_->cancelled.load(std::memory_order_relaxed); }

    // Pause: an operation that supports it (a library scan) waits before its next
    // item while paused; what it already started finishes. Cancelling ends the wait.
    void setPaused(bool paused) const { state_->paused.store(paused, std::memory_order_relaxed); }
    bool isPaused() const { return state_->paused.load(std::memory_order_relaxed); }
    void waitWhilePaused() const {
        while (isPaused() && !isCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

private:
    struct State {
        std::atomic<bool> cancelled{false};
        std::atomic<bool> paused{false};
    };
    std::shared_ptr<State> state_;  // copies share one state
};

// done/total in whatever unit the operation counts (files, blocks, seconds).
using ProgressCallback = std::function<void(long long done, long long total)>;

}  // namespace humanear
