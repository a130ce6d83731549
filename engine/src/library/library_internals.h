#pragma once
// What engine code and the lab reach of a Library beyond its public API. The
// analysis (library/analysis_recommendations.cpp) asks for the audio the query's
// embedder reads and hands it over decoded, so that one pass over the file serves
// the detector and the search. The lab's library evaluation
// (lab/src/library_evaluation.cpp) reads the snapshot queries use, the added
// folders and the genre mapping cache.
#include "humanear/library.h"
#include "library/library_query.h"
#include "library/library_snapshot.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace humanear {

struct LibraryInternals {
    // The audio this library's embedder reads from a query with these facts.
    static audio::DecodeRequest queryAudioRequest(Library& library, const audio::SourceInfo& info);
    // Library::recommend, embedding `decoded` (the answer to queryAudioRequest) when
    // the query is not in the catalog; null: decodes the file itself.
    static Result<RecommendationList> recommend(Library& library, const std::string& path,
                                                const RecommendOptions& options, const CancelToken& cancel,
                                                library::QueryAudio* decoded);
    static std::shared_ptr<const library::Snapshot> snapshot(Library& library);
    static Result<std::vector<std::string>> folders(Library& library);
    static Result<std::vector<std::pair<std::string, std::string>>> cachedGenreMappings(Library& library);
    static std::string embedderId(Library& library);
    // The engine's per-thread share of intra-op threads (EngineInternals::takeThreadShare).
    static void takeThreadShare(Library& library);
};

}  // namespace humanear
