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
};

}  // namespace humanear
