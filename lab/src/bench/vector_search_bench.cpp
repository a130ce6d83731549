#include "bench/vector_search_bench.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace humanear::bench {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

void fill(float* out, size_t n, int dim, const std::vector<float>& centres, int clusters, float spread,
          std::mt19937_64& rng) {
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<int> pick(0, std::max(0, clusters - 1));
    for (size_t i = 0; i < n; ++i) {
        float* v = out + i * size_t(dim);
        const float* c = clusters > 0 ? &centres[size_t(pick(rng)) * size_t(dim)] : nullptr;
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            v[d] = (c ? c[d] : 0.f) + (c ? spread : 1.f) * normal(rng);
            norm += double(v[d]) * v[d];
        }
        const float inv = float(1.0 / std::sqrt(norm));
        for (int d = 0; d < dim; ++d) v[d] *= inv;
    }
}

LatencyFigure summarise(std::vector<double> times, double recall) {
    LatencyFigure f;
    f.recallAt10 = recall;
    if (times.empty()) return f;
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double t : times) sum += t;
    f.meanMs = sum / double(times.size());
    f.medianMs = times[times.size() / 2];
    f.p95Ms = times[size_t(0.95 * double(times.size() - 1))];
    return f;
}

}  // namespace

void setSearchThreads(int threads) { omp_set_num_threads(std::max(1, threads)); }
int maxSearchThreads() { return omp_get_num_procs(); }

SyntheticVectors makeSyntheticVectors(const VectorSearchSpec& spec) {
    SyntheticVectors out;
    out.dim = spec.dim;
    std::mt19937_64 rng(spec.seed);
    std::vector<float> centres;
    if (spec.clusters > 0) {
        std::normal_distribution<float> normal;
        centres.resize(size_t(spec.clusters) * size_t(spec.dim));
        // Unit variance per dimension, like the noise: spread sets how tight clusters are.
        for (auto& x : centres) x = normal(rng);
    }
    out.data.resize(spec.vectors * size_t(spec.dim));
    out.queries.resize(spec.queries * size_t(spec.dim));
    fill(out.data.data(), spec.vectors, spec.dim, centres, spec.clusters, spec.spread, rng);
    fill(out.queries.data(), spec.queries, spec.dim, centres, spec.clusters, spec.spread, rng);
    return out;
}

Result<ExactSearch> measureExact(const SyntheticVectors& vectors, int k) {
    auto exact = index::VectorIndex::create(vectors.dim, index::VectorIndex::Kind::Exact);
    if (!exact) return exact.error();
    std::vector<int64_t> ids(vectors.count());
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t(i);
    if (auto st = exact->add(ids, vectors.data); !st) return st.error();
    ExactSearch out;
    out.truth.resize(vectors.queryCount());
    std::vector<double> times;
    for (size_t q = 0; q < vectors.queryCount(); ++q) {
        const auto start = Clock::now();
        auto hits = exact->search(&vectors.queries[q * size_t(vectors.dim)], k);
        times.push_back(millisecondsSince(start));
        if (!hits) return hits.error();
        for (const auto& h : *hits) out.truth[q].push_back(h.id);
    }
    out.latency = summarise(std::move(times), 1.0);
    return out;
}

Result<index::VectorIndex> buildHnsw(const SyntheticVectors& vectors, const index::VectorIndex::HnswParams& params,
                                     const std::function<void(size_t, size_t)>& progress, const CancelToken& cancel) {
    auto hnsw = index::VectorIndex::create(vectors.dim, index::VectorIndex::Kind::Hnsw, params);
    if (!hnsw) return hnsw.error();
    const size_t n = vectors.count();
    const size_t chunk = 50000;
    for (size_t start = 0; start < n; start += chunk) {
        if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "The HNSW build was cancelled.");
        const size_t end = std::min(n, start + chunk);
        std::vector<int64_t> part(end - start);
        for (size_t i = start; i < end; ++i) part[i - start] = int64_t(i);
        std::vector<float> vecs(vectors.data.begin() + long(start * size_t(vectors.dim)),
                                vectors.data.begin() + long(end * size_t(vectors.dim)));
        if (auto st = hnsw->add(part, vecs); !st) return st.error();
        if (progress) progress(end, n);
    }
    return hnsw;
}

Result<LatencyFigure> measureApproximate(const index::VectorIndex& index, const SyntheticVectors& vectors,
                                         const std::vector<std::vector<int64_t>>& truth, int k) {
    std::vector<double> times;
    double recall = 0;
    const size_t queries = vectors.queryCount();
    for (size_t q = 0; q < queries; ++q) {
        const auto start = Clock::now();
        auto hits = index.search(&vectors.queries[q * size_t(vectors.dim)], k);
        times.push_back(millisecondsSince(start));
        if (!hits) return hits.error();
        std::set<int64_t> want(truth[q].begin(), truth[q].end());
        int found = 0;
        for (const auto& h : *hits) found += int(want.count(h.id));
        recall += double(found) / double(std::max<size_t>(1, want.size()));
    }
    return summarise(std::move(times), queries ? recall / double(queries) : 0.0);
}

}  // namespace humanear::bench
