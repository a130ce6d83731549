#include "runtime/worker_pool.h"

#include <algorithm>

namespace humanear::runtime {

WorkerPool::WorkerPool(int workers, int queueCapacity, std::function<void(int)> onWorkerStart)
    : capacity_(std::max(1, queueCapacity)), onWorkerStart_(std::move(onWorkerStart)) {
    const int count = std::max(1, workers);
    threads_.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) threads_.emplace_back([this, i] { run(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    notEmpty_.notify_all();
    notFull_.notify_all();
    for (auto& thread : threads_) thread.join();
}

bool WorkerPool::submit(std::function<void()> task) {
    std::unique_lock<std::mutex> lock(mutex_);
    notFull_.wait(lock, [this] { return stopping_ || static_cast<int>(queue_.size()) < capacity_; });
    if (stopping_) return false;
    queue_.push_back(std::move(task));
    peakQueued_ = std::max(peakQueued_, static_cast<int>(queue_.size()));
    lock.unlock();
    notEmpty_.notify_one();
    return true;
}

bool WorkerPool::trySubmitToIdleWorker(std::function<void()> task) {
    std::unique_lock<std::mutex> lock(mutex_);
    // Each queued task will wake one idle worker: only offer work that one is left for.
    if (stopping_ || idle_ <= static_cast<int>(queue_.size())) return false;
    queue_.push_back(std::move(task));
    peakQueued_ = std::max(peakQueued_, static_cast<int>(queue_.size()));
    lock.unlock();
    notEmpty_.notify_one();
    return true;
}

void WorkerPool::listHelpWanted(std::function<bool()> tryRun) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        helpWanted_.push_back(std::move(tryRun));
        if (helpWanted_.size() > kHelpWantedLimit) helpWanted_.pop_front();
    }
    notEmpty_.notify_one();
}

bool WorkerPool::helpOne() {
    for (;;) {
        std::function<bool()> tryRun;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (helpWanted_.empty()) return false;
            tryRun = std::move(helpWanted_.back());
            helpWanted_.pop_back();
        }
        if (tryRun()) return true;
    }
}

int WorkerPool::peakQueued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return peakQueued_;
}

void WorkerPool::run(int index) {
    if (onWorkerStart_) onWorkerStart_(index);
    for (;;) {
        std::function<void()> task;
        std::function<bool()> help;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ++idle_;
            notEmpty_.wait(lock, [this] { return stopping_ || !queue_.empty() || !helpWanted_.empty(); });
            --idle_;
            if (!queue_.empty()) {
                task = std::move(queue_.front());
                queue_.pop_front();
            } else if (stopping_) {
                return;  // drained; listed help is optional, its owners do it
            } else {
                help = std::move(helpWanted_.back());
                helpWanted_.pop_back();
            }
        }
        if (!task) {
            help();
            continue;
        }
        notFull_.notify_one();
        task();
    }
}

}  // namespace humanear::runtime
