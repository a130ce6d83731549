#pragma once
// Leave-one-out evaluation of the library's embedding and recommender on the
// library's own tracks (issue 4): precision@10 by genre (other artists only),
// album and top-level folder, mean top-10 cosine, and how well genres can be
// recovered from embeddings alone; the recommend pipeline's own lists.
#include "humanear/lab/library_evaluation.h"
#include "humanear/library.h"

#include <functional>
#include <string>
#include <vector>

namespace humanear::library {

struct EvaluationTrack {
    LibraryTrack track;
    std::string contentHash;
    std::string folderLabel;  // first folder below the library folder it was added from
    std::vector<float> embedding;  // unit length
};

// pipeline(i): what the recommender returns for track i with its genre tag
// hidden; may be empty to skip that figure. At most maxQueries tracks (spread
// evenly) are used as queries; every track is a candidate. queryExpansion: the
// nearest tracks averaged into each query before ranking, as the recommender
// does (RecommendOptions::queryExpansion); the mean top-10 cosine is still to
// the query itself. Genres are compared as track.canonicalGenre (empty: none).
// minSimilarity: the floor the pipeline's lists are checked against.
RecommendationEvaluation evaluateLeaveOneOut(
    const std::vector<EvaluationTrack>& tracks, int k,
    const std::function<std::vector<Recommendation>(size_t)>& pipeline, size_t maxQueries = 2000,
    int queryExpansion = 0, double minSimilarity = -2.0);

}  // namespace humanear::library
