#pragma once
// Nearest-neighbour search over the library's track embeddings (FAISS inside).
//
// Vectors must be L2-normalised by the caller; scores are inner products, i.e.
// cosine similarities in [-1, 1]. Ids are the catalog's track ids.
//
// Kinds:
//   Exact - IndexFlatIP wrapped in IndexIDMap2: exact results, true removal.
//   Hnsw  - IndexHNSWFlat (METRIC_INNER_PRODUCT, M=32, efConstruction=80) wrapped
//           in IndexIDMap2. HNSW graphs cannot delete nodes, so remove() marks ids
//           as removed (tombstones) and search() over-fetches (adaptively) and filters them
//           out. When tombstones exceed a quarter of the stored vectors (or on
//           compact()) the graph is rebuilt from the stored live vectors.
//           Tombstones are saved with the index. Re-adding a removed id compacts
//           first so an id is never stored twice.
//   Ivf   - IndexIVFFlat (inner product, k-means coarse quantiser) wrapped in
//           IndexIDMap2, with the same tombstones. Trained on the first add()
//           (nlist = 4 sqrt(n) unless given) and retrained whenever it is rebuilt;
//           search() visits nprobe lists. Builds in minutes where HNSW takes an
//           hour at 1e6 vectors (see docs/recommendations.md, "Approximate search").
// add() is an upsert: adding an id already present replaces its vector.
//
// Thread-safety: const methods (search, size, save) may run concurrently with
// each other; add/remove/compact/setEfSearch need exclusive access.
// No exception escapes: FAISS errors become Status values naming the file.
#include <humanear/result.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace humanear::index {

struct SearchHit {
    int64_t id = -1;
    float score = 0.0f;  // inner product; 1 = identical direction
};

class VectorIndex {
public:
    enum class Kind { Exact, Hnsw, Ivf };
    struct HnswParams {
        int m = 32;
        int efConstruction = 80;
        int efSearch = 64;
    };
    struct IvfParams {
        int nlist = 0;  // 0: 4 sqrt(n) at training, at most n / 39
        int nprobe = 16;
    };

    static Result<VectorIndex> create(int dim, Kind kind);
    static Result<VectorIndex> create(int dim, Kind kind, HnswParams params);
    static Result<VectorIndex> createIvf(int dim, IvfParams params);
    // Exact below `threshold` vectors, IVF from there on (the library's choice).
    static Kind chooseKind(size_t size, size_t threshold = 50000);

    VectorIndex(VectorIndex&&) noexcept;
    VectorIndex& operator=(VectorIndex&&) noexcept;
    ~VectorIndex();

    // vectors: ids.size() rows of dim() floats, row-major.
    Status add(const std::vector<int64_t>& ids, const std::vector<float>& vectors);
    // Ids not in the index are ignored.
    Status remove(const std::vector<int64_t>& ids);
    // Best-first hits, at most k (fewer when the index holds fewer vectors).
    Result<std::vector<SearchHit>> search(const std::vector<float>& query, int k) const;
    Result<std::vector<SearchHit>> search(const float* query, int k) const;
    // queries: n rows of dim() floats; one hit list per query.
    Result<std::vector<std::vector<SearchHit>>> searchBatch(const std::vector<float>& queries, int k) const;

    bool contains(int64_t id) const;
    // The stored vector of a live id (InvalidArgument otherwise).
    Result<std::vector<float>> vector(int64_t id) const;
    int64_t size() const;  // live vectors (excluding tombstones)
    int dim() const;
    Kind kind() const;
    void setEfSearch(int efSearch);  // HNSW only; ignored otherwise
    int efSearch() const;
    void setNprobe(int nprobe);  // IVF only; ignored otherwise
    int nprobe() const;
    int nlist() const;  // IVF: the lists it was trained with (0 before training)
    Status compact();  // HNSW, IVF: rebuild without tombstones; Exact: no-op

    // Atomic, checksummed file (see atomic_file.h); load() verifies before parsing.
    Status save(const std::string& path) const;
    static Result<VectorIndex> load(const std::string& path);

private:
    struct Impl;
    explicit VectorIndex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

const char* kindName(VectorIndex::Kind kind);

}  // namespace humanear::index
