#pragma once
// Picks the recommendations for one query vector: nearest neighbours from the
// index, the mapped genre first, then its neighbouring genres (closest centroid
// first) until k are found, at most maxPerArtist per artist, never the query.
#include "humanear/library.h"
#include "index/vector_index.h"
#include "library/genre_centroids.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace humanear::library {

struct IndexedTrack {
    LibraryTrack track;
    std::string contentHash;
};

struct RecommendQuery {
    std::vector<float> embedding;  // unit length, in the library's space
    std::string path;              // tracks at this path are never recommended
    std::string contentHash;       // nor tracks with this content (copies of the query)
};

// mappedGenre empty: no genre preference (the library has no genres).
Result<std::vector<Recommendation>> selectRecommendations(
    const RecommendQuery& query, const std::string& mappedGenre, const GenreCentroids& centroids,
    const index::VectorIndex& index, const std::unordered_map<int64_t, IndexedTrack>& tracks,
    const RecommendOptions& options);

}  // namespace humanear::library
