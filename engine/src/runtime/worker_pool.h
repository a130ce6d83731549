#pragma once
// Fixed set of worker threads fed from a bounded queue. submit() blocks while the
// queue is full, which is what keeps memory flat when thousands of files are queued.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace humanear::runtime {

class WorkerPool {
public:
    // onWorkerStart runs once on each worker thread before it takes work
    // (per-thread set-up such as the inference library's thread count).
    WorkerPool(int workers, int queueCapacity, std::function<void(int)> onWorkerStart = {});
    ~WorkerPool();  // runs what is queued, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Returns false only when the pool is shutting down.
    bool submit(std::function<void()> task);
    // Never blocks, never delays queued work: runs the task only if a worker is idle
    // with nothing queued for it, else returns false. For optional, speculative work
    // offered from anywhere, a worker included (it must not wait on its own pool).
    bool trySubmitToIdleWorker(std::function<void()> task);
    // Optional work for whoever would otherwise wait: a worker that finds the queue
    // empty, or a thread waiting for a result (helpOne). `tryRun` does the work and
    // returns true, or returns false at once when it no longer needs doing (its owner
    // did it meanwhile). The newest is run first; at most kHelpWantedLimit are kept,
    // the oldest forgotten (their owners do them). Never blocks.
    void listHelpWanted(std::function<bool()> tryRun);
    // Does the newest listed work that still needs doing; false when there was none.
    bool helpOne();
    static constexpr size_t kHelpWantedLimit = 64;
    int workerCount() const { return static_cast<int>(threads_.size()); }
    int queueCapacity() const { return capacity_; }
    // Most tasks ever waiting at once (for tests and benchmarks of the bound).
    int peakQueued() const;

private:
    void run(int index);

    const int capacity_;
    std::function<void(int)> onWorkerStart_;
    mutable std::mutex mutex_;
    std::condition_variable notEmpty_;
    std::condition_variable notFull_;
    std::deque<std::function<void()>> queue_;
    std::deque<std::function<bool()>> helpWanted_;
    bool stopping_ = false;
    int peakQueued_ = 0;
    int idle_ = 0;  // workers waiting for a task
    std::vector<std::thread> threads_;
};

}  // namespace humanear::runtime
