#pragma once
// Batch tools (training, scoring, degrading files) spread independent items over
// a few plain threads; interactive work goes through the engine's WorkerPool.
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace humanear::runtime {

// Runs work(i) for every i in [0, n) on `threads` threads (at least one).
inline void parallelFor(int n, int threads, const std::function<void(int)>& work) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t)
        pool.emplace_back([&] {
            for (int i = next++; i < n; i = next++) work(i);
        });
    for (auto& th : pool) th.join();
}

}  // namespace humanear::runtime
