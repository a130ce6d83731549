#include "library/analysis_recommendations.h"

#include "humanear/engine.h"
#include "library/catalog.h"
#include "runtime/stage_timer.h"
#include "runtime/worker_pool.h"

#include <condition_variable>
#include <filesystem>
#include <optional>

namespace humanear::library {

// Shared by the worker that may run the search and the analysis that may want
// it. Whoever moves it out of Waiting runs it; the other side never runs it.
class AnalysisRecommendations::Prefetch {
public:
    enum class State { Waiting, Running, Done, Dropped };

    std::mutex mutex;
    std::condition_variable done;
    State state = State::Waiting;
    std::optional<Result<RecommendationList>> result;
    runtime::StageTimes stages;  // merged into the analysis's own when taken
    CancelToken cancel;          // set when dropped, or when the analysis is cancelled

    bool claim() {
        std::lock_guard lock(mutex);
        if (state != State::Waiting) return false;
        state = State::Running;
        return true;
    }
    void finish(Result<RecommendationList> r) {
        std::lock_guard lock(mutex);
        result = std::move(r);
        state = State::Done;
        done.notify_all();
    }
};

namespace {

bool mayWant(const AnalysisOptions& options) {
    return options.recommend != RecommendPolicy::Never && options.recommendationCount > 0;
}

}  // namespace

Library* AnalysisRecommendations::openLibrary(Engine& engine) {
    std::call_once(openOnce_, [&] {
        LibrarySettings settings;
        settings.directory = engine.settings().libraryDir.empty() ? defaultLibraryDirectory()
                                                                  : engine.settings().libraryDir;
        std::error_code ec;
        // Analysing must not create a library as a side effect.
        if (!std::filesystem::exists(std::filesystem::path(settings.directory) / Catalog::kFileName, ec)) {
            problem_ = "No recommendations: there is no music library at " + settings.directory +
                       " yet (add your music with `humanear-cli library add DIR`).";
            return;
        }
        auto opened = Library::open(engine, settings);
        if (opened)
            library_ = std::make_unique<Library>(std::move(*opened));
        else
            problem_ = "No recommendations: " + opened.error().message;
    });
    return library_.get();
}

Result<RecommendationList> AnalysisRecommendations::search(Engine& engine, const std::string& path,
                                                           const AnalysisOptions& options, const CancelToken& cancel) {
    Library* library = openLibrary(engine);
    if (!library) return makeError(ErrorCode::Empty, problem_);
    RecommendOptions recommendOptions;
    recommendOptions.k = options.recommendationCount;
    auto list = library->recommend(path, recommendOptions, cancel);
    if (!list && list.error().code != ErrorCode::Cancelled)
        return makeError(list.error().code, "No recommendations: " + list.error().message);
    return list;
}

std::shared_ptr<AnalysisRecommendations::Prefetch> AnalysisRecommendations::prefetch(
    Engine& engine, const std::string& path, const AnalysisOptions& options, runtime::WorkerPool& pool,
    const CancelToken& cancel) {
    if (!mayWant(options)) return nullptr;
    auto job = std::make_shared<Prefetch>();
    // The worker sees the analysis's cancel only through the job's own token, which
    // addTo() sets when the analysis ends without wanting the result.
    if (cancel.isCancelled()) return nullptr;
    Engine* e = &engine;
    const bool offered = pool.trySubmitToIdleWorker([this, job, e, path, options] {
        if (!job->claim()) return;  // taken inline, or dropped, before a worker was free
        runtime::StageTimes::Install collect(job->stages);
        job->finish(search(*e, path, options, job->cancel));
    });
    return offered ? job : nullptr;
}

void AnalysisRecommendations::drop(Prefetch* prefetched) {
    if (!prefetched) return;
    std::lock_guard lock(prefetched->mutex);
    if (prefetched->state == Prefetch::State::Waiting) prefetched->state = Prefetch::State::Dropped;
    // A worker still running it stops at its next check; a finished one is unaffected.
    if (prefetched->state != Prefetch::State::Done) prefetched->cancel.cancel();
}

void AnalysisRecommendations::addTo(Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options,
                                    const CancelToken& cancel, Prefetch* prefetched) {
    const bool wanted = mayWant(options) && (options.recommend != RecommendPolicy::WhenAi ||
                                             (analysis.detection && analysis.detection->verdict == Verdict::LikelyAi));
    if (!wanted) {
        drop(prefetched);
        return;
    }
    std::optional<Result<RecommendationList>> list;
    if (prefetched && !prefetched->claim()) {
        // A worker has it: wait, passing on a cancel of the analysis.
        std::unique_lock lock(prefetched->mutex);
        while (prefetched->state != Prefetch::State::Done) {
            if (cancel.isCancelled()) prefetched->cancel.cancel();
            prefetched->done.wait_for(lock, std::chrono::milliseconds(50));
        }
        list = std::move(prefetched->result);
        if (auto* times = runtime::StageTimes::current())
            for (const auto& [stage, seconds] : prefetched->stages.seconds) times->add(stage.c_str(), seconds);
    } else {
        list = search(engine, analysis.path, options, cancel);
    }
    if (*list) {
        analysis.recommendations = std::move(**list);
    } else if (list->error().code != ErrorCode::Cancelled) {
        const std::string& note = list->error().message;
        analysis.note = analysis.note.empty() ? note : analysis.note + " " + note;
    }
}

}  // namespace humanear::library
