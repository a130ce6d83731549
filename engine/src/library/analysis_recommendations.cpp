#include "library/analysis_recommendations.h"

#include "humanear/engine.h"
#include "library/catalog.h"
#include "library/library_internals.h"
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

AnalysisRecommendations::Pending AnalysisRecommendations::prepare(const Engine& engine, const audio::SourceInfo& info,
                                                                  const AnalysisOptions& options) {
    Pending pending;
    if (!mayWant(options)) return pending;
    pending.library = library(engine, pending.problem);
    if (pending.library) pending.audio = LibraryInternals::queryAudioRequest(*pending.library, info);
    return pending;
}

void AnalysisRecommendations::start(Pending& pending, const audio::SourceInfo& info, audio::DecodedSpans audio,
                                    const AnalysisOptions& options, runtime::WorkerPool& pool,
                                    const CancelToken& cancel) {
    if (!pending.library || cancel.isCancelled()) return;
    auto decoded = std::make_shared<QueryAudio>(QueryAudio{info, std::move(audio)});
    const std::string path = info.path;
    std::shared_ptr<Library> library = pending.library;
    const int k = options.recommendationCount;
    pending.job = Job::make([library, path, k, decoded](const CancelToken& token) {
        runtime::StageTimes stages;
        runtime::StageTimes::Install collect(stages);
        Searched out{Result<RecommendationList>(RecommendationList{}), {}, {}};
        RecommendOptions recommendOptions;
        recommendOptions.k = k;
        out.list = LibraryInternals::recommend(*library, path, recommendOptions, token, decoded.get());
        if (!out.list && out.list.error().code != ErrorCode::Cancelled)
            out.problem = {out.list.error().code == ErrorCode::Empty ? NoticeCode::LibraryEmpty
                                                                     : NoticeCode::RecommendationsFailed,
                           "No recommendations: " + out.list.error().message};
        out.stages = std::move(stages);
        return out;
    });
    pending.job->offer(pool);
}

void AnalysisRecommendations::addTo(TrackAnalysis& analysis, const AnalysisOptions& options, const CancelToken& cancel,
                                    Pending& pending) {
    const bool wanted = mayWant(options) && policyWants(options.recommend, analysis);
    if (!wanted) {
        if (pending.job) pending.job->drop();
        return;
    }
    if (!pending.job) {
        if (!pending.problem.details.empty()) analysis.notices.push_back(pending.problem);
        return;
    }
    // Inline here if no worker started it; its stages then land in this thread's figures directly.
    Searched searched = pending.job->take(cancel);
    pending.job.reset();
    if (auto* times = runtime::StageTimes::current())
        for (const auto& [stage, seconds] : searched.stages.seconds) times->add(stage.c_str(), seconds);
    if (searched.list)
        analysis.recommendations = std::move(*searched.list);
    else if (searched.list.error().code != ErrorCode::Cancelled)
        analysis.notices.push_back(std::move(searched.problem));
}

}  // namespace humanear::library
