#include "detector/detector_batcher.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace humanear::models {

struct DetectorBatcher::Request {
    const DetectorInput* input = nullptr;
    bool taken = false;  // in a pass that has started
    bool done = false;
    std::vector<float> logits;
    std::optional<Error> error;
};

DetectorBatcher::DetectorBatcher(const DetectorModel& model, int maxWindows)
    : model_(model), maxWindows_(size_t(std::max(1, maxWindows))) {}

Result<std::vector<float>> DetectorBatcher::logits(const DetectorInput& input, const CancelToken* cancel) {
    if (input.windows.empty()) return std::vector<float>{};
    Request request;
    request.input = &input;
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&request);
    while (!request.done) {
        if (!passRunning_) {
            // Not done and no pass running: this request is still queued, so the queue
            // has work and this thread runs the next pass.
            runPass(lock);
            continue;
        }
        if (!request.taken && cancel && cancel->isCancelled()) {
            queue_.erase(std::find(queue_.begin(), queue_.end(), &request));
            return makeError(ErrorCode::Cancelled, "Detection was cancelled.");
        }
        // A timed wait so that a queued caller notices its cancellation.
        passDone_.wait_for(lock, std::chrono::milliseconds(20));
    }
    if (request.error) return *request.error;
    return std::move(request.logits);
}

void DetectorBatcher::runPass(std::unique_lock<std::mutex>& lock) {
    // The oldest request, then every later one of the same window shape while the
    // pass has room: first come, first served, and no shape mixing in one tensor.
    const DetectorInput& first = *queue_.front()->input;
    std::vector<Request*> pass;
    size_t windows = 0;
    for (auto it = queue_.begin(); it != queue_.end();) {
        Request* r = *it;
        const bool sameShape = r->input->bands == first.bands && r->input->frames == first.frames;
        if (sameShape && (pass.empty() || windows + r->input->windows.size() <= maxWindows_)) {
            r->taken = true;
            windows += r->input->windows.size();
            pass.push_back(r);
            it = queue_.erase(it);
        } else {
            ++it;
        }
    }
    passRunning_ = true;
    lock.unlock();

    if (passStarted_) passStarted_();
    DetectorInput combined{first.bands, first.frames, {}};
    combined.windows.reserve(windows);
    for (const Request* r : pass) combined.windows.insert(combined.windows.end(), r->input->windows.begin(), r->input->windows.end());
    // No cancel token: the pass serves several callers, each with its own.
    auto result = model_.logits(combined, nullptr);

    lock.lock();
    size_t offset = 0;
    for (Request* r : pass) {
        const size_t n = r->input->windows.size();
        if (!result)
            r->error = result.error();
        else
            r->logits.assign(result->begin() + long(offset), result->begin() + long(offset + n));
        offset += n;
        r->done = true;
    }
    ++stats_.passes;
    stats_.requests += static_cast<long long>(pass.size());
    stats_.windows += static_cast<long long>(windows);
    stats_.largestPassRequests = std::max(stats_.largestPassRequests, int(pass.size()));
    passRunning_ = false;
    passDone_.notify_all();
}

DetectorBatcher::Stats DetectorBatcher::stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
}

int DetectorBatcher::queuedRequests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return int(queue_.size());
}

}  // namespace humanear::models
