#pragma once
// Cooperative cancellation and progress: long operations poll the token
// between blocks and report (done, total) through a callback.
#include <atomic>
#include <functional>
#include <memory>

namespace humanear {

class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    void reset() const { flag_->store(false, std::memory_order_relaxed); }
    bool isCancelled() const { return flag_->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;  // copies share one flag
};

// done/total in whatever unit the operation counts (files, blocks, seconds).
using ProgressCallback = std::function<void(long long done, long long total)>;

}  // namespace humanear
