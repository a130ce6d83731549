#pragma once
// The engine's public face: settings in, value types out, errors as values.
// Work runs on the engine's worker pool; callbacks arrive on pool threads, so a
// GUI forwards them through queued signals.
#include "humanear/analysis.h"
#include "humanear/cancel.h"
#include "humanear/result.h"
#include "humanear/settings.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace humanear {

namespace runtime {
class BatchState;  // opaque: lives in engine/src/runtime
}

struct DeviceInfo {
    std::string name;        // "cpu" or "cuda:0"
    bool cudaAvailable = false;
    int workers = 0;
    int threadsPerWorker = 0;
    bool crossTrackBatching = false;  // EngineSettings::crossTrackBatching as resolved for this device
    std::string description() const;  // "cpu, 2 workers x 1 thread"
};

struct BatchCallbacks {
    // One call per file, in completion order, from a pool thread.
    std::function<void(const TrackAnalysis&)> onResult;
    // (files finished, files total), at most every EngineSettings::progressIntervalMs and once at the end.
    ProgressCallback onProgress;
};

// A running batch. Destroying the handle cancels and waits.
class BatchHandle {
public:
    BatchHandle();
    ~BatchHandle();
    BatchHandle(BatchHandle&&) noexcept;
    BatchHandle& operator=(BatchHandle&&) noexcept;
    void cancel();
    void setPaused(bool paused);
    bool isFinished() const;
    void wait();

private:
    friend class Engine;
    std::shared_ptr<runtime::BatchState> state_;
};

class Engine {
public:
    explicit Engine(EngineSettings settings = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const EngineSettings& settings() const;
    DeviceInfo device() const;
    std::string modelsDirectory() const;

    // Analyses one file on the calling thread (used by workers and by tests).
    TrackAnalysis analyzeFile(const std::string& path, const AnalysisOptions& options = {},
                              const CancelToken& cancel = {}) const;

    // Analyses many files on the worker pool; returns at once.
    BatchHandle analyzeBatch(std::vector<std::string> paths, AnalysisOptions options, BatchCallbacks callbacks);

    // The library analyses recommend from. Whoever opens the library (the app's
    // library service, a CLI command) hands it here, so that a process has one and
    // every folder added through it is seen by the next analysis. Null: there is
    // none (e.g. it failed to open), and analyses say `whyNone` instead of
    // recommending. Until anything is handed, the first analysis that wants
    // recommendations opens the one at EngineSettings::libraryDir, if it exists.
    // Thread-safe; analyses already searching finish with the library they started
    // with. Tracks that another process adds are picked up by Library::recommend.
    void useLibrary(std::shared_ptr<Library> library, std::string whyNone = {});

private:
    friend struct EngineInternals;  // engine/src/engine_internal.h: the library's access to the pool
    struct Private;
    std::unique_ptr<Private> d;
};

}  // namespace humanear
