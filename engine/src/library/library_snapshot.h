#pragma once
// What a query needs from the library, immutable once published: recommend()
// takes a shared copy, so scans can build the next one while queries run on the
// last. Built from the catalog's records; holds the canonical genres
// (library/genre_taxonomy.h), their centroids and the model behind the
// recommendations' reasons.
#include "humanear/library.h"
#include "index/vector_index.h"
#include "library/catalog.h"
#include "similarity/embedding_space.h"
#include "library/genre_centroids.h"
#include "library/recommendation_reasons.h"
#include "library/recommender.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace humanear::library {

struct Snapshot {
    EmbeddingSpace space = EmbeddingSpace::unitLength();
    std::shared_ptr<const index::VectorIndex> index;  // null when nothing is embedded
    GenreCentroids centroids;                         // by canonical genre
    ReasonModel reasons;
    std::unordered_map<int64_t, IndexedTrack> tracks;  // embedded by the current embedder
    std::unordered_map<std::string, int64_t> byPath, byHash;
    // File sizes of the tracks in byHash: a query of another size cannot be a copy
    // of one, so its (whole-file) hash is only computed when it may be needed.
    std::unordered_set<int64_t> sizes;
    std::unordered_map<int64_t, std::vector<float>> embeddings;  // for evaluation
    // The catalog's change counter when the records were read (-1: not known): a
    // query that finds the catalog moved on looks for a newer state on disk.
    int64_t catalogGeneration = -1;
};

LibraryTrack toLibraryTrack(const TrackRecord& t);

// The records `isCurrent` accepts (embedded by the current embedder), with
// `space` (whose normaliser, when it has one, also fits the reasons).
std::shared_ptr<Snapshot> buildSnapshot(const std::vector<TrackRecord>& all, EmbeddingSpace space,
                                        const std::function<bool(const TrackRecord&)>& isCurrent);

}  // namespace humanear::library
