#pragma once
// The query side of Library::recommend: what a dropped file is (its vector, genre tag
// and identity), which of the library's genres it is treated as being in, and why
// each recommended track is like it. Reads the catalog; writes only the genre
// mapping cache and observations.
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/result.h"
#include "library/catalog.h"
#include "library/library_snapshot.h"
#include "library/recommender.h"
#include "similarity/track_embedder.h"

#include <string>
#include <utility>
#include <vector>

namespace humanear::library {

struct QueryContext {
    Catalog& catalog;
    const Snapshot& snapshot;
    const TrackEmbedder& embedder;
    const std::string& embedderKey;  // embedder id/version
};

// The query's audio as the library's embedder asks for it (its audioRequest), when
// an analysis has decoded it in its own pass over the file.
struct QueryAudio {
    audio::SourceInfo info;
    audio::DecodedSpans audio;
};

// The query's vector, genre tag (from its tags) and identity; reuses the catalog's
// embedding when the file (or a copy of it) is already in the library, else embeds
// `decoded` (when given) or the file. `raw` gets its raw descriptors (for the genre
// vote and the reasons).
Status describeQuery(const QueryContext& context, const std::string& path, RecommendQuery& query, std::string& genre,
                     std::vector<float>& raw, const CancelToken& cancel, QueryAudio* decoded = nullptr);

// The canonical genre a query is treated as being in, and why ("tag", "embedding",
// "nearest-centroid" or "none"; issues 4 and 16): its tag when the library has that
// genre; an unknown tag votes, through every analysed track carrying it, for the
// nearest genre centroid (cached in the catalog).
std::pair<std::string, std::string> mapQueryGenre(const QueryContext& context, const std::string& queryGenre,
                                                  const RecommendQuery& query, const std::vector<float>& raw);

// Each item's reasons after "same-genre": what the embedder measured alike
// (library/recommendation_reasons.h), from the tracks' raw features.
void addReasons(const QueryContext& context, const std::vector<float>& queryRaw, std::vector<Recommendation>& items);

}  // namespace humanear::library
