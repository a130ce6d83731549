#pragma once
// Cross-track batching for the detector. Workers judging different tracks at the
// same time hand their windows to one DetectorBatcher, and the windows go through
// the network together: a GPU gets a few large batches instead of one small batch
// per track, each with its own launches and copies.
//
// Group commit, no timer: a caller that finds no pass running runs one for
// everything queued; callers that arrive meanwhile queue for the next pass. A track
// judged alone is never delayed, and batches grow exactly when the network is the
// bottleneck. Eval mode uses BatchNorm's running statistics, so a window's logit
// does not depend on its batch mates (tests/test_detector_batcher.cpp).
#include "detector/detector_network.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace humanear::models {

class DetectorBatcher {
public:
    struct Stats {
        long long passes = 0;    // forward passes run
        long long requests = 0;  // calls served by them
        long long windows = 0;
        int largestPassRequests = 0;
    };

    // `model` must outlive the batcher. One pass carries at most `maxWindows`
    // windows (a single larger request is still served, in the model's chunks).
    explicit DetectorBatcher(const DetectorModel& model, int maxWindows = 256);
    DetectorBatcher(const DetectorBatcher&) = delete;
    DetectorBatcher& operator=(const DetectorBatcher&) = delete;

    // The same logits as model.logits(input), from a pass shared with the other
    // callers waiting. Thread-safe. A caller cancelled while still queued leaves at
    // once; once its pass has started, it waits for the pass (a batch mate's pass is
    // not cut short).
    Result<std::vector<float>> logits(const DetectorInput& input, const CancelToken* cancel = nullptr);

    Stats stats() const;
    int queuedRequests() const;
    // For tests: runs on a pass's thread after it has taken its requests and before
    // the network runs. Set it before the first call.
    void setPassStartedHook(std::function<void()> hook) { passStarted_ = std::move(hook); }

private:
    struct Request;
    void runPass(std::unique_lock<std::mutex>& lock);

    const DetectorModel& model_;
    const size_t maxWindows_;
    std::function<void()> passStarted_;
    mutable std::mutex mutex_;
    std::condition_variable passDone_;
    std::deque<Request*> queue_;
    bool passRunning_ = false;
    Stats stats_;
};

}  // namespace humanear::models
