#pragma once
// Picks the recommendations for one query vector (issue 16): the nearest
// library tracks to the (expanded) query, each scored
//     score = similarity + genreBonus when its canonical genre is the query's,
// ordered by that score, best first; nothing at or below minSimilarity; at
// most maxPerArtist per artist; never the query or a copy of it. The search
// widens until the list is provably the top of the whole library by score.
#include "humanear/library.h"
#include "index/vector_index.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace humanear::library {

struct IndexedTrack {
    LibraryTrack track;  // track.canonicalGenre filled in
    std::string contentHash;
};

struct RecommendQuery {
    std::vector<float> embedding;  // unit length, in the library's space
    std::string path;              // tracks at this path are never recommended
    std::string contentHash;       // nor tracks with this content (copies of the query)
};

struct Selection {
    std::vector<Recommendation> items;  // reasons: only "same-genre" so far
    std::string note;                   // why fewer than k, or empty
    bool cutByArtist = false;           // a close enough track was left out by the per-artist cap
};

// queryGenre: the canonical genre the query is treated as being in; empty: no
// genre preference.
Result<Selection> selectRecommendations(const RecommendQuery& query, const std::string& queryGenre,
                                        const index::VectorIndex& index,
                                        const std::unordered_map<int64_t, IndexedTrack>& tracks,
                                        const RecommendOptions& options);

}  // namespace humanear::library
