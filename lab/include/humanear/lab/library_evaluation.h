#pragma once
// Leave-one-out evaluation of a library's embedding and recommender on its own
// tracks (`humanear-cli eval-recs`; figures in docs/recommendations.md): every
// track is a query once, with its genre tag hidden for the pipeline figures.
#include "humanear/library.h"
#include "humanear/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace humanear {

struct GenreMappingRow {
    std::string queryGenre, libraryGenre, reason;
};

struct RecommendationEvaluation {
    int64_t queries = 0;
    double sameGenrePrecisionAt10 = 0;     // other artists only, where artists are known
    double sameAlbumPrecisionAt10 = 0;     // same album / soundtrack
    double meanTop10Cosine = 0;            // the prototype's metric
    double chanceSameAlbum = 0, chanceSameGenre = 0;
    // The same as sameAlbumPrecisionAt10 with the first folder below the added
    // library folder as the label (one soundtrack per folder in the demo library).
    double sameFolderPrecisionAt10 = 0, chanceSameFolder = 0;
    // Share of tracks whose own embedding maps (leave-one-out centroids) to
    // their tagged genre: how well "no tag -> by embedding" mapping works.
    double embeddingGenreMappingAccuracy = 0;
    // The recommend pipeline itself with each query's genre tag hidden (mapping
    // by embedding, <= maxPerArtist per artist): share of recommendations from
    // the query's own album.
    double pipelineSameAlbumPrecisionAt10 = 0;
    // The same pipeline: share of its recommendations from the query's own
    // top-level folder (source), and in the query's own canonical genre.
    double pipelineSameFolderPrecisionAt10 = 0;
    double pipelineSameGenrePrecisionAt10 = 0;
    // Its lists: how many were out of score order or offered a similarity at or
    // below the floor (both should be 0), how many came back empty, mean length.
    int64_t pipelineLists = 0, pipelineListsOutOfOrder = 0, pipelineListsBelowFloor = 0, pipelineEmptyLists = 0;
    double pipelineMeanLength = 0;
    std::vector<GenreMappingRow> genreMapping;
    std::string embedderId;
};

// Over the library's current tracks (those its embedder described); the
// recommend pipeline runs with `options`.
Result<RecommendationEvaluation> evaluateLibrary(Library& library, const RecommendOptions& options = {});

}  // namespace humanear
