// Not a test: query time and recall@10 of the library's approximate index
// (HNSW) against exact inner-product search, on synthetic unit vectors.
//
//   bench_vector_search [--n 100000] [--dim 512] [--queries 200] [--m 32] [--efc 80]
//                       [--ef 16,32,64,128,256] [--clusters 2000] [--spread 0.6] [--seed 1]
//
// Vectors: --clusters Gaussian clusters (centre + spread x noise, then unit
// length), which is closer to real embeddings than uniform noise; --clusters 0
// draws uniformly on the sphere (the hardest case for a graph index). Queries
// come from the same distribution but are not in the index. Query times are
// single queries, one after the other, on one thread (as recommend() runs).
#include "bench/vector_search_bench.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace humanear;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::vector<int> parseList(const char* s) {
    std::vector<int> out;
    for (const char* p = s; *p;) {
        char* end = nullptr;
        out.push_back(int(std::strtol(p, &end, 10)));
        if (end == p) break;
        p = *end == ',' ? end + 1 : end;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    bench::VectorSearchSpec spec;
    int m = 32, efc = 80;
    std::vector<int> efs{16, 32, 64, 128, 256};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const char* v = argv[i + 1];
        if (a == "--n") spec.vectors = size_t(std::atof(v));
        else if (a == "--dim") spec.dim = std::atoi(v);
        else if (a == "--queries") spec.queries = size_t(std::atoi(v));
        else if (a == "--m") m = std::atoi(v);
        else if (a == "--efc") efc = std::atoi(v);
        else if (a == "--ef") efs = parseList(v);
        else if (a == "--clusters") spec.clusters = std::atoi(v);
        else if (a == "--spread") spec.spread = float(std::atof(v));
        else if (a == "--seed") spec.seed = unsigned(std::atoi(v));
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    std::printf("n %zu, dim %d, %zu queries, %s, HNSW M %d efConstruction %d, %d OpenMP threads for building\n",
                spec.vectors, spec.dim, spec.queries,
                spec.clusters > 0
                    ? (std::to_string(spec.clusters) + " clusters, spread " + std::to_string(spec.spread)).c_str()
                    : "uniform on the sphere",
                m, efc, bench::maxSearchThreads());
    auto t0 = Clock::now();
    const bench::SyntheticVectors vectors = bench::makeSyntheticVectors(spec);
    std::printf("generated in %.1f s\n", seconds(t0));

    bench::setSearchThreads(1);
    auto exact = bench::measureExact(vectors);
    if (!exact) {
        std::fprintf(stderr, "%s\n", exact.error().message.c_str());
        return 1;
    }
    std::printf("exact (flat IP): %.2f ms per query\n", exact->latency.meanMs);
    bench::setSearchThreads(bench::maxSearchThreads());

    index::VectorIndex::HnswParams params;
    params.m = m;
    params.efConstruction = efc;
    t0 = Clock::now();
    auto hnsw = bench::buildHnsw(vectors, params, [&](size_t done, size_t total) {
        std::fprintf(stderr, "\rbuilt %zu/%zu in %.0f s", done, total, seconds(t0));
    });
    std::fprintf(stderr, "\n");
    if (!hnsw) {
        std::fprintf(stderr, "%s\n", hnsw.error().message.c_str());
        return 1;
    }
    std::printf("HNSW build: %.1f s\n", seconds(t0));

    bench::setSearchThreads(1);
    for (int ef : efs) {
        hnsw->setEfSearch(ef);
        auto figure = bench::measureApproximate(*hnsw, vectors, exact->truth);
        if (!figure) return 1;
        std::printf("HNSW efSearch %4d: recall@10 %.3f, %.3f ms per query (p95 %.3f ms)\n", ef, figure->recallAt10,
                    figure->meanMs, figure->p95Ms);
    }
    return 0;
}
