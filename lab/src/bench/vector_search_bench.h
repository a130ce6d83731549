#pragma once
// Search latency and recall@10 of the library's vector index on synthetic unit
// vectors: the logic behind tests/bench_vector_search.cpp and the search part of
// `humanear-cli bench`.
//
// Vectors: `clusters` Gaussian clusters (centre + spread x noise, then unit
// length), closer to real embeddings than uniform noise; clusters 0 draws
// uniformly on the sphere. Queries come from the same distribution but are not
// in the index. Query times are single queries, one after the other, on one
// OpenMP thread (as recommend() runs).
#include "humanear/cancel.h"
#include "humanear/result.h"
#include "index/vector_index.h"

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace humanear::bench {

struct SyntheticVectors {
    int dim = 512;
    std::vector<float> data;     // n x dim
    std::vector<float> queries;  // q x dim
    size_t count() const { return dim ? data.size() / size_t(dim) : 0; }
    size_t queryCount() const { return dim ? queries.size() / size_t(dim) : 0; }
};

struct VectorSearchSpec {
    size_t vectors = 100000;
    int dim = 512;
    size_t queries = 200;
    int clusters = 2000;
    float spread = 0.6f;
    unsigned seed = 1;
};

SyntheticVectors makeSyntheticVectors(const VectorSearchSpec& spec);

struct LatencyFigure {
    double meanMs = 0, medianMs = 0, p95Ms = 0;
    double recallAt10 = 1;
};

// Exact top-10 of every query (the ground truth) and the exact index's latency.
struct ExactSearch {
    std::vector<std::vector<int64_t>> truth;
    LatencyFigure latency;
};
Result<ExactSearch> measureExact(const SyntheticVectors& vectors, int k = 10);

// Builds an HNSW index over the vectors in chunks (progress(done, total) after each).
Result<index::VectorIndex> buildHnsw(const SyntheticVectors& vectors, const index::VectorIndex::HnswParams& params,
                                     const std::function<void(size_t, size_t)>& progress = {},
                                     const CancelToken& cancel = {});
// Latency and recall@k of `index` against the exact truth at the current efSearch.
Result<LatencyFigure> measureApproximate(const index::VectorIndex& index, const SyntheticVectors& vectors,
                                         const std::vector<std::vector<int64_t>>& truth, int k = 10);

// Sets the OpenMP thread count for the calling thread's FAISS calls (1 for single-query timing).
void setSearchThreads(int threads);
int maxSearchThreads();

}  // namespace humanear::bench
