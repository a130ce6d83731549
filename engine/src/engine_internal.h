#pragma once
// Engine parts that other engine modules (the library) use but that are no
// business of the public API: the worker pool and where models are searched.
#include "humanear/engine.h"

#include <string>
#include <vector>

namespace humanear {

namespace runtime {
class WorkerPool;
}

struct EngineInternals {
    // The analysis pool. Never submit to it from one of its own workers and
    // then wait: the scan would deadlock on a full queue.
    static runtime::WorkerPool& workerPool(const Engine& engine);
    static std::vector<std::string> modelSearchDirs(const Engine& engine);
    // The engine owns the thread budget: EngineSettings::workers pool threads, each
    // letting LibTorch and OpenMP (FAISS) use torchThreadsPerWorker threads. A thread
    // outside the pool that computes for the engine (a Library call on the app's
    // library thread or a CLI command) takes the same per-thread share first.
    static void takeThreadShare(const Engine& engine);
};

}  // namespace humanear
