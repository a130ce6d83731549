#include "library/analysis_recommendations.h"

#include "humanear/engine.h"
#include "library/catalog.h"
#include <filesystem>
#include <optional>

namespace humanear::library {

namespace {

bool mayWant(const AnalysisOptions& options) {
    return options.recommend != RecommendPolicy::Never && options.recommendationCount > 0;
}

bool policyWants(RecommendPolicy policy, const TrackAnalysis& analysis) {
    const auto verdict = analysis.detection ? std::optional<Verdict>(analysis.detection->verdict) : std::nullopt;
    switch (policy) {
    case RecommendPolicy::Never: return false;
    case RecommendPolicy::Always: return true;
    case RecommendPolicy::WhenAi: return verdict == Verdict::LikelyAi;
    case RecommendPolicy::WhenNotHuman: return verdict == Verdict::LikelyAi || verdict == Verdict::Uncertain;
    }
    return false;
}

}  // namespace

void AnalysisRecommendations::useLibrary(std::shared_ptr<Library> library, std::string whyNone) {
    std::lock_guard lock(mutex_);
    library_ = std::move(library);
    triedOwn_ = true;
    problem_ = library_ ? std::string() : "No recommendations: " + (whyNone.empty() ? "no music library is open." : whyNone);
}

std::shared_ptr<Library> AnalysisRecommendations::library(Engine& engine, std::string& problem) {
    // Held while opening: the other workers wait for the one library rather than open their own.
    std::lock_guard lock(mutex_);
    if (!triedOwn_) {
        triedOwn_ = true;
        LibrarySettings settings;
        settings.directory = engine.settings().libraryDir.empty() ? defaultLibraryDirectory()
                                                                  : engine.settings().libraryDir;
        settings.embedder = engine.settings().libraryEmbedder;
        std::error_code ec;
        // Analysing must not create a library as a side effect.
        if (!std::filesystem::exists(std::filesystem::path(settings.directory) / Catalog::kFileName, ec)) {
            problem_ = "No recommendations: there is no music library at " + settings.directory +
                       " yet (add your music with `humanear-cli library add DIR`).";
        } else if (auto opened = Library::open(engine, settings)) {
            library_ = std::make_shared<Library>(std::move(*opened));
        } else {
            problem_ = "No recommendations: " + opened.error().message;
        }
    }
    problem = problem_;
    return library_;
}

Result<RecommendationList> AnalysisRecommendations::search(Engine& engine, const std::string& path,
                                                           const AnalysisOptions& options, const CancelToken& cancel) {
    std::string problem;
    const std::shared_ptr<Library> library = this->library(engine, problem);
    if (!library) return makeError(ErrorCode::Empty, problem);
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
    if (!mayWant(options) || cancel.isCancelled()) return nullptr;
    Engine* e = &engine;
    auto job = Prefetch::make([this, e, path, options](const CancelToken& token) {
        Searched out{Result<RecommendationList>(RecommendationList{}), {}};
        runtime::StageTimes::Install collect(out.stages);
        out.list = search(*e, path, options, token);
        return out;
    });
    return job->offer(pool) ? job : nullptr;
}

void AnalysisRecommendations::addTo(Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options,
                                    const CancelToken& cancel, Prefetch* prefetched) {
    const bool wanted = mayWant(options) && policyWants(options.recommend, analysis);
    if (!wanted) {
        if (prefetched) prefetched->drop();
        return;
    }
    Result<RecommendationList> list = RecommendationList{};
    if (prefetched) {
        // Inline here if no worker started it; its stages then land in this thread's figures directly.
        Searched searched = prefetched->take(cancel);
        list = std::move(searched.list);
        if (auto* times = runtime::StageTimes::current())
            for (const auto& [stage, seconds] : searched.stages.seconds) times->add(stage.c_str(), seconds);
    } else {
        list = search(engine, analysis.path, options, cancel);
    }
    if (list) {
        analysis.recommendations = std::move(*list);
    } else if (list.error().code != ErrorCode::Cancelled) {
        const std::string& note = list.error().message;
        analysis.note = analysis.note.empty() ? note : analysis.note + " " + note;
    }
}

}  // namespace humanear::library
