#pragma once
// Recommendations inside Engine::analyzeFile: the library at
// EngineSettings::libraryDir is opened on first need, once per Engine, and
// shared by every worker. A missing or empty library is a note on the result,
// never an analysis failure.
#include "humanear/analysis.h"
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/settings.h"

#include <memory>
#include <mutex>
#include <string>

namespace humanear {
class Engine;
}

namespace humanear::library {

class AnalysisRecommendations {
public:
    // Fills analysis.recommendations when options.recommend asks for it
    // (WhenAi: only for a LikelyAi verdict), else leaves it alone.
    void addTo(Engine& engine, TrackAnalysis& analysis, const AnalysisOptions& options, const CancelToken& cancel);

private:
    std::once_flag openOnce_;
    std::unique_ptr<Library> library_;
    std::string problem_;
};

}  // namespace humanear::library
