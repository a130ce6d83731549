#include "library/analysis_recommendations.h"

#include "humanear/engine.h"
#include "library/catalog.h"

#include <filesystem>

namespace humanear::library {

void AnalysisRecommendations::addTo(Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options,
                                    const CancelToken& cancel) {
    if (options.recommend == RecommendPolicy::Never || options.recommendationCount <= 0) return;
    if (options.recommend == RecommendPolicy::WhenAi &&
        !(analysis.detection && analysis.detection->verdict == Verdict::LikelyAi))
        return;
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
    auto addNote = [&](const std::string& note) {
        analysis.note = analysis.note.empty() ? note : analysis.note + " " + note;
    };
    if (!library_) {
        addNote(problem_);
        return;
    }
    RecommendOptions recommendOptions;
    recommendOptions.k = options.recommendationCount;
    auto list = library_->recommend(analysis.path, recommendOptions, cancel);
    if (list)
        analysis.recommendations = std::move(*list);
    else if (list.error().code != ErrorCode::Cancelled)
        addNote("No recommendations: " + list.error().message);
}

}  // namespace humanear::library
