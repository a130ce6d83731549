#pragma once
// Recommendations inside Engine::analyzeFile, from the process's one Library:
// the one its owner handed over (Engine::useLibrary: the app's library service,
// a CLI command), else the one at EngineSettings::libraryDir, opened on first
// need and shared by every worker. A missing or empty library is a note on the
// result, never an analysis failure.
//
// The search does not depend on the verdict, so it can start before the
// detector has judged. prepare() picks the library before the analysis decodes,
// so that the audio its embedder reads joins the analysis's one pass over the
// file; start() offers the search to a free worker (never waiting for one), and
// addTo() then takes its result, runs it inline if no worker has started it yet,
// or drops it when the verdict does not call for it.
#include "humanear/analysis.h"
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/settings.h"
#include "library/library_query.h"
#include "runtime/shared_task.h"
#include "runtime/stage_timer.h"

#include <memory>
#include <mutex>
#include <optional>
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
    using Job = runtime::SharedTask<Searched>;  // may be running on a worker; dropped unless taken

    // One analysis's search, from before the decode to the verdict.
    struct Pending {
        std::shared_ptr<Library> library;  // held from prepare() on: the audio was asked for by its embedder
        Notice problem;                    // why there is no library (when a search was wanted)
        std::optional<audio::DecodeRequest> audio;  // what the embedder reads; none when no search is wanted
        std::shared_ptr<Job> job;
    };

    // The library a search for this file would use and the audio its embedder
    // needs; nothing when options never want recommendations.
    Pending prepare(const Engine& engine, const audio::SourceInfo& info, const AnalysisOptions& options);

    // Starts the search on an idle worker if there is one, with `audio` decoded
    // from the file `info` describes as pending.audio asked.
    void start(Pending& pending, const audio::SourceInfo& info, audio::DecodedSpans audio,
               const AnalysisOptions& options, runtime::WorkerPool& pool, const CancelToken& cancel);

    // Fills analysis.recommendations when options.recommend asks for it
    // (WhenAi: only for a LikelyAi verdict; WhenNotHuman: LikelyAi or Uncertain),
    // else leaves it alone and drops the search.
    void addTo(TrackAnalysis& analysis, const AnalysisOptions& options, const CancelToken& cancel, Pending& pending);

    // From now on searches use `library`; null: none, and searches fail saying `whyNone`.
    // A search already running keeps the library it started with.
    void useLibrary(std::shared_ptr<Library> library, std::string whyNone);

private:
    // The library to search, or null with `problem` saying why there is none.
    std::shared_ptr<Library> library(const Engine& engine, Notice& problem);

    std::mutex mutex_;
    std::shared_ptr<Library> library_;
    bool triedOwn_ = false;  // the settings' library was looked for (once: analysing never creates one)
    Notice problem_;
};

}  // namespace humanear::library
