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
    problem_ = library_ ? Notice{}
                        : Notice{NoticeCode::NoLibrary,
                                 "No recommendations: " + (whyNone.empty() ? "no music library is open." : whyNone)};
}

std::shared_ptr<Library> AnalysisRecommendations::library(const Engine& engine, Notice& problem) {
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
            problem_ = {NoticeCode::NoLibrary, "No recommendations: there is no music library at " + settings.directory +
                                                   " yet (add your music with `humanear-cli library add DIR`)."};
        } else if (auto opened = Library::open(engine, settings)) {
            library_ = std::make_shared<Library>(std::move(*opened));
        } else {
            problem_ = {NoticeCode::RecommendationsFailed, "No recommendations: " + opened.error().message};
        }
    }
    problem = problem_;
    return library_;
}

AnalysisRecommendations::Searched AnalysisRecommendations::search(const Engine& engine, const std::string& path,
                                                                  const AnalysisOptions& options,
                                                                  const CancelToken& cancel) {
    Searched out{Result<RecommendationList>(RecommendationList{}), {}, {}};
    const std::shared_ptr<Library> library = this->library(engine, out.problem);
    if (!library) {
        out.list = makeError(ErrorCode::Empty, out.problem.details);
        return out;
    }
    RecommendOptions recommendOptions;
    recommendOptions.k = options.recommendationCount;
    out.list = library->recommend(path, recommendOptions, cancel);
    if (!out.list && out.list.error().code != ErrorCode::Cancelled)
        out.problem = {out.list.error().code == ErrorCode::Empty ? NoticeCode::LibraryEmpty
                                                                 : NoticeCode::RecommendationsFailed,
                       "No recommendations: " + out.list.error().message};
    return out;
}

std::shared_ptr<AnalysisRecommendations::Prefetch> AnalysisRecommendations::prefetch(
    const Engine& engine, const std::string& path, const AnalysisOptions& options, runtime::WorkerPool& pool,
    const CancelToken& cancel) {
    if (!mayWant(options) || cancel.isCancelled()) return nullptr;
    const Engine* e = &engine;
    auto job = Prefetch::make([this, e, path, options](const CancelToken& token) {
        runtime::StageTimes stages;
        runtime::StageTimes::Install collect(stages);
        Searched out = search(*e, path, options, token);
        out.stages = std::move(stages);
        return out;
    });
    return job->offer(pool) ? job : nullptr;
}

void AnalysisRecommendations::addTo(const Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options,
                                    const CancelToken& cancel, Prefetch* prefetched) {
    const bool wanted = mayWant(options) && policyWants(options.recommend, analysis);
    if (!wanted) {
        if (prefetched) prefetched->drop();
        return;
    }
    Searched searched{Result<RecommendationList>(RecommendationList{}), {}, {}};
    if (prefetched) {
        // Inline here if no worker started it; its stages then land in this thread's figures directly.
        searched = prefetched->take(cancel);
        if (auto* times = runtime::StageTimes::current())
            for (const auto& [stage, seconds] : searched.stages.seconds) times->add(stage.c_str(), seconds);
    } else {
        searched = search(engine, analysis.path, options, cancel);
    }
    if (searched.list)
        analysis.recommendations = std::move(*searched.list);
    else if (searched.list.error().code != ErrorCode::Cancelled)
        analysis.notices.push_back(std::move(searched.problem));
}

}  // namespace humanear::library
