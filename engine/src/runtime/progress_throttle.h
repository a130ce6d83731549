#pragma once
// Lets through at most one progress report per interval, plus the final one,
// so listeners (a GUI thread) are never flooded by fast workers.
#include <atomic>
#include <chrono>
#include <mutex>

namespace humanear::runtime {

class ProgressThrottle {
public:
    explicit ProgressThrottle(int intervalMs) : interval_(std::chrono::milliseconds(intervalMs)) {}

    // True when a report for (done, total) should be sent now.
    bool shouldReport(long long done, long long total) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (done >= total || !reportedOnce_ || now - last_ >= interval_) {
            if (done >= total && finalSent_) return false;
            finalSent_ = finalSent_ || done >= total;
            reportedOnce_ = true;
            last_ = now;
            return true;
        }
        return false;
    }

private:
    const std::chrono::steady_clock::duration interval_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
    bool reportedOnce_ = false;
    bool finalSent_ = false;
};

}  // namespace humanear::runtime
