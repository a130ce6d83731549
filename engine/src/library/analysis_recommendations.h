#pragma once
// Recommendations inside Engine::analyzeFile, from the process's one Library:
// the one its owner handed over (Engine::useLibrary: the app's library service,
// a CLI command), else the one at EngineSettings::libraryDir, opened on first
// need and shared by every worker. A missing or empty library is a note on the
// result, never an analysis failure.
//
// The search does not depend on the verdict, so it can start before the
// detector has judged: prefetch() offers it to a free worker (never waiting for
// one), and addTo() then takes its result, runs it inline if no worker has
// started it yet, or drops it when the verdict does not call for it.
#include "humanear/analysis.h"
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/settings.h"
#include "runtime/shared_task.h"
#include "runtime/stage_timer.h"

#include <memory>
#include <mutex>
#include <string>

namespace humanear {
class Engine;
}
namespace humanear::library {

class AnalysisRecommendations {
public:
    struct Searched {
        Result<RecommendationList> list;
        runtime::StageTimes stages;  // where a worker's time went, for the caller's figures
        Notice problem;              // why there is no list (when there is none)
    };
    using Prefetch = runtime::SharedTask<Searched>;  // may be running on a worker; dropped unless taken

    // Null when options never want recommendations or no worker can take it now.
    std::shared_ptr<Prefetch> prefetch(const Engine& engine, const std::string& path, const AnalysisOptions& options,
                                       runtime::WorkerPool& pool, const CancelToken& cancel);

    // Fills analysis.recommendations when options.recommend asks for it
    // (WhenAi: only for a LikelyAi verdict; WhenNotHuman: LikelyAi or Uncertain),
    // else leaves it alone.
    void addTo(const Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options, const CancelToken& cancel,
               Prefetch* prefetched = nullptr);

    // From now on searches use `library`; null: none, and searches fail saying `whyNone`.
    // A search already running keeps the library it started with.
    void useLibrary(std::shared_ptr<Library> library, std::string whyNone);

private:
    Searched search(const Engine& engine, const std::string& path, const AnalysisOptions& options,
                    const CancelToken& cancel);
    // The library to search, or null with `problem` saying why there is none.
    std::shared_ptr<Library> library(const Engine& engine, Notice& problem);

    std::mutex mutex_;
    std::shared_ptr<Library> library_;
    bool triedOwn_ = false;  // the settings' library was looked for (once: analysing never creates one)
    Notice problem_;
};

}  // namespace humanear::library
