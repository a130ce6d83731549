#include "index/vector_index.h"

#include "io/atomic_file.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

namespace humanear::index {

namespace {

using idx_t = faiss::Index::idx_t;
constexpr uint32_t kTag = fourcc("VIDX");
constexpr uint32_t kLayoutVersion = 1;

struct Layout {  // fixed part of the payload, before tombstones and FAISS bytes
    // For IVF: m holds nlist, efSearch holds nprobe (efConstruction unused).
    uint32_t version, kind, dim, m, efConstruction, efSearch;
    uint64_t tombstones;
};

Error faissError(const std::string& what, const std::exception& e) {
    return makeError(ErrorCode::Internal, what + " failed inside FAISS: " + e.what());
}

std::unique_ptr<faiss::IndexIDMap2> wrap(faiss::Index* inner) {
    auto map = std::make_unique<faiss::IndexIDMap2>(inner);
    map->own_fields = true;
    return map;
}

std::unique_ptr<faiss::IndexIDMap2> makeIndex(int dim, VectorIndex::Kind kind, const VectorIndex::HnswParams& p) {
    if (kind == VectorIndex::Kind::Exact) return wrap(new faiss::IndexFlatIP(dim));
    auto* h = new faiss::IndexHNSWFlat(dim, p.m, faiss::METRIC_INNER_PRODUCT);
    h->hnsw.efConstruction = p.efConstruction;
    h->hnsw.efSearch = p.efSearch;
    return wrap(h);
}

int autoNlist(idx_t n) {
    // ~4 sqrt(n) lists, with at least 39 training points each (FAISS's own minimum).
    const int bySize = int(std::lround(4.0 * std::sqrt(double(std::max<idx_t>(n, 1)))));
    return std::max(1, std::min<int>(bySize, int(std::max<idx_t>(1, n / 39))));
}

// An IVF index trained on (a sample of) x. Caller catches exceptions.
std::unique_ptr<faiss::IndexIDMap2> makeTrainedIvf(int dim, int nlist, int nprobe, const float* x, idx_t n) {
    auto* quantiser = new faiss::IndexFlatIP(dim);
    auto* ivf = new faiss::IndexIVFFlat(quantiser, size_t(dim), size_t(nlist), faiss::METRIC_INNER_PRODUCT);
    ivf->own_fields = true;
    ivf->nprobe = size_t(std::max(1, nprobe));
    auto map = wrap(ivf);
    // k-means on at most 64 points per list, taken evenly: the same input gives the same lists.
    const idx_t sample = std::min<idx_t>(n, idx_t(nlist) * 64);
    std::vector<float> train(size_t(sample) * size_t(dim));
    for (idx_t i = 0; i < sample; ++i)
        std::memcpy(&train[size_t(i) * size_t(dim)], x + size_t(i * n / sample) * size_t(dim), sizeof(float) * size_t(dim));
    ivf->cp.seed = 1234;
    ivf->train(sample, train.data());
    ivf->make_direct_map(true);  // reconstruct() for rebuilds
    return map;
}

}  // namespace

const char* kindName(VectorIndex::Kind kind) {
    switch (kind) {
    case VectorIndex::Kind::Exact: return "exact";
    case VectorIndex::Kind::Hnsw: return "hnsw";
    case VectorIndex::Kind::Ivf: return "ivf";
    }
    return "exact";
}

struct VectorIndex::Impl {
    int dim = 0;
    Kind kind = Kind::Exact;
    HnswParams params;
    IvfParams ivfParams;
    std::unique_ptr<faiss::IndexIDMap2> index;
    std::unordered_set<int64_t> tombstones;  // HNSW and IVF

    faiss::IndexHNSWFlat* hnsw() const { return dynamic_cast<faiss::IndexHNSWFlat*>(index->index); }
    faiss::IndexIVFFlat* ivf() const { return dynamic_cast<faiss::IndexIVFFlat*>(index->index); }

    // IVF learns its lists from the first vectors it is given. Caller catches exceptions.
    void trainIfNeeded(const float* x, idx_t n) {
        if (kind != Kind::Ivf || (ivf() && ivf()->is_trained) || n <= 0) return;
        const int nlist = ivfParams.nlist > 0 ? std::min<int>(ivfParams.nlist, int(n)) : autoNlist(n);
        index = makeTrainedIvf(dim, nlist, ivfParams.nprobe, x, n);
    }
    // An empty index of the same kind, untrained. Caller catches exceptions.
    std::unique_ptr<faiss::IndexIDMap2> emptyLike() const {
        if (kind == Kind::Ivf) return wrap(new faiss::IndexFlatIP(dim));  // placeholder until trained
        return makeIndex(dim, kind, params);
    }

    bool stored(int64_t id) const { return index->rev_map.count(idx_t(id)) != 0; }

    // Rebuilds the HNSW graph from the live vectors. Caller catches exceptions.
    void rebuild() {
        const idx_t n = index->ntotal;
        std::vector<idx_t> ids;
        std::vector<float> vectors;
        ids.reserve(size_t(n) - tombstones.size());
        vectors.reserve((size_t(n) - tombstones.size()) * size_t(dim));
        std::vector<float> row(static_cast<size_t>(dim));
        for (idx_t i = 0; i < n; ++i) {
            const idx_t id = index->id_map[size_t(i)];
            if (tombstones.count(id)) continue;
            index->index->reconstruct(i, row.data());
            ids.push_back(id);
            vectors.insert(vectors.end(), row.begin(), row.end());
        }
        index = emptyLike();
        tombstones.clear();
        if (ids.empty()) return;
        trainIfNeeded(vectors.data(), idx_t(ids.size()));
        index->add_with_ids(idx_t(ids.size()), vectors.data(), ids.data());
    }

    void maybeCompact() {
        if (kind != Kind::Exact && !tombstones.empty() && tombstones.size() * 4 > size_t(index->ntotal)) rebuild();
    }

    // Searches `fetch` candidates per query and keeps the first k live ones.
    // Caller catches exceptions.
    void searchFiltered(idx_t n, const float* queries, int k, idx_t fetch,
                        std::vector<std::vector<SearchHit>>& out) const {
        std::vector<float> distances(size_t(n * fetch));
        std::vector<idx_t> labels(size_t(n * fetch));
        index->search(n, queries, fetch, distances.data(), labels.data());
        for (idx_t q = 0; q < n; ++q) {
            auto& hits = out[size_t(q)];
            hits.clear();
            hits.reserve(size_t(k));
            for (idx_t j = 0; j < fetch && int(hits.size()) < k; ++j) {
                const idx_t label = labels[size_t(q * fetch + j)];
                if (label < 0 || tombstones.count(label)) continue;
                hits.push_back({int64_t(label), distances[size_t(q * fetch + j)]});
            }
        }
    }

    Status searchInto(idx_t n, const float* queries, int k, std::vector<std::vector<SearchHit>>& out) const {
        out.assign(size_t(n), {});
        const idx_t live = index->ntotal - idx_t(tombstones.size());
        if (k <= 0 || live <= 0 || n == 0) return {};
        const idx_t want = std::min<idx_t>(idx_t(k), live);
        try {
            if (tombstones.empty()) {
                searchFiltered(n, queries, k, std::min<idx_t>(idx_t(k), index->ntotal), out);
                return {};
            }
            // Over-fetch a little for tombstones; the few queries that still come
            // up short are retried one by one with twice as many candidates.
            idx_t fetch = std::min<idx_t>(index->ntotal, idx_t(k) + std::min<idx_t>(idx_t(tombstones.size()),
                                                                                   2 * idx_t(k) + 16));
            searchFiltered(n, queries, k, fetch, out);
            for (idx_t q = 0; q < n; ++q) {
                idx_t f = fetch;
                while (idx_t(out[size_t(q)].size()) < want && f < index->ntotal) {
                    f = std::min<idx_t>(index->ntotal, f * 2);
                    std::vector<std::vector<SearchHit>> one(1);
                    searchFiltered(1, queries + size_t(q) * size_t(dim), k, f, one);
                    out[size_t(q)] = std::move(one[0]);
                }
            }
        } catch (const std::exception& e) {
            return faissError("Searching the vector index", e);
        }
        return {};
    }
};

VectorIndex::VectorIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

Result<VectorIndex> VectorIndex::create(int dim, Kind kind) { return create(dim, kind, HnswParams{}); }

Result<VectorIndex> VectorIndex::create(int dim, Kind kind, HnswParams params) {
    if (dim <= 0 || dim > 65536)
        return makeError(ErrorCode::InvalidArgument, "A vector index needs a dimension between 1 and 65536, not " +
                                                         std::to_string(dim) + ".");
    if (kind == Kind::Hnsw && (params.m < 2 || params.efConstruction < 1 || params.efSearch < 1))
        return makeError(ErrorCode::InvalidArgument, "The HNSW parameters are out of range.");
    auto impl = std::make_unique<Impl>();
    impl->dim = dim;
    impl->kind = kind;
    impl->params = params;
    try {
        impl->index = impl->emptyLike();
    } catch (const std::exception& e) {
        return faissError("Creating the vector index", e);
    }
    return VectorIndex(std::move(impl));
}

Result<VectorIndex> VectorIndex::createIvf(int dim, IvfParams params) {
    if (params.nlist < 0 || params.nprobe < 1)
        return makeError(ErrorCode::InvalidArgument, "The IVF parameters are out of range.");
    auto created = create(dim, Kind::Ivf);
    if (!created) return created;
    created->impl_->ivfParams = params;
    return created;
}

VectorIndex::Kind VectorIndex::chooseKind(size_t size, size_t threshold) {
    return size < threshold ? Kind::Exact : Kind::Ivf;
}

Status VectorIndex::add(const std::vector<int64_t>& ids, const std::vector<float>& vectors) {
    auto& d = *impl_;
    if (vectors.size() != ids.size() * size_t(d.dim))
        return makeError(ErrorCode::InvalidArgument,
                         "Adding " + std::to_string(ids.size()) + " ids needs " +
                             std::to_string(ids.size() * size_t(d.dim)) + " floats (dimension " +
                             std::to_string(d.dim) + "), but " + std::to_string(vectors.size()) + " were given.");
    if (ids.empty()) return {};
    std::unordered_set<int64_t> seen;
    std::vector<idx_t> present;
    for (int64_t id : ids) {
        if (id < 0) return makeError(ErrorCode::InvalidArgument, "Vector ids must not be negative.");
        if (!seen.insert(id).second)
            return makeError(ErrorCode::InvalidArgument, "Id " + std::to_string(id) + " appears twice in one add.");
        if (d.stored(id)) present.push_back(idx_t(id));
    }
    try {
        if (!present.empty()) {
            if (d.kind == Kind::Exact) {
                faiss::IDSelectorBatch sel(present.size(), present.data());
                d.index->remove_ids(sel);
            } else {
                d.tombstones.insert(present.begin(), present.end());
                d.rebuild();
            }
        }
        std::vector<idx_t> faissIds(ids.begin(), ids.end());
        if (d.index->ntotal == 0) d.trainIfNeeded(vectors.data(), idx_t(ids.size()));
        d.index->add_with_ids(idx_t(ids.size()), vectors.data(), faissIds.data());
    } catch (const std::exception& e) {
        return faissError("Adding vectors to the index", e);
    }
    return {};
}

Status VectorIndex::remove(const std::vector<int64_t>& ids) {
    auto& d = *impl_;
    std::vector<idx_t> present;
    for (int64_t id : ids)
        if (d.stored(id) && !d.tombstones.count(id)) present.push_back(idx_t(id));
    if (present.empty()) return {};
    try {
        if (d.kind == Kind::Exact) {
            faiss::IDSelectorBatch sel(present.size(), present.data());
            d.index->remove_ids(sel);
        } else {
            d.tombstones.insert(present.begin(), present.end());
            d.maybeCompact();
        }
    } catch (const std::exception& e) {
        return faissError("Removing vectors from the index", e);
    }
    return {};
}

Status VectorIndex::compact() {
    auto& d = *impl_;
    if (d.kind == Kind::Exact || d.tombstones.empty()) return {};
    try {
        d.rebuild();
    } catch (const std::exception& e) {
        return faissError("Rebuilding the approximate index", e);
    }
    return {};
}

Result<std::vector<SearchHit>> VectorIndex::search(const std::vector<float>& query, int k) const {
    if (query.size() != size_t(impl_->dim))
        return makeError(ErrorCode::InvalidArgument, "The query has " + std::to_string(query.size()) +
                                                         " dimensions but the index holds " +
                                                         std::to_string(impl_->dim) + ".");
    return search(query.data(), k);
}

Result<std::vector<SearchHit>> VectorIndex::search(const float* query, int k) const {
    if (!query) return makeError(ErrorCode::InvalidArgument, "No query vector was given.");
    std::vector<std::vector<SearchHit>> out;
    if (auto s = impl_->searchInto(1, query, k, out); !s) return s.error();
    return std::move(out[0]);
}

Result<std::vector<std::vector<SearchHit>>> VectorIndex::searchBatch(const std::vector<float>& queries, int k) const {
    if (queries.size() % size_t(impl_->dim) != 0)
        return makeError(ErrorCode::InvalidArgument, "The query batch holds " + std::to_string(queries.size()) +
                                                         " floats, not a multiple of the dimension " +
                                                         std::to_string(impl_->dim) + ".");
    std::vector<std::vector<SearchHit>> out;
    if (auto s = impl_->searchInto(idx_t(queries.size() / size_t(impl_->dim)), queries.data(), k, out); !s)
        return s.error();
    return out;
}

bool VectorIndex::contains(int64_t id) const { return impl_->stored(id) && !impl_->tombstones.count(id); }
Result<std::vector<float>> VectorIndex::vector(int64_t id) const {
    if (!contains(id))
        return makeError(ErrorCode::InvalidArgument, "The index holds no vector for track " + std::to_string(id) + ".");
    std::vector<float> row(size_t(impl_->dim));
    try {
        impl_->index->reconstruct(idx_t(id), row.data());  // IndexIDMap2 maps the id to its row
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("Could not read a vector back from the index: ") + e.what());
    }
    return row;
}

int64_t VectorIndex::size() const { return int64_t(impl_->index->ntotal) - int64_t(impl_->tombstones.size()); }
int VectorIndex::dim() const { return impl_->dim; }
VectorIndex::Kind VectorIndex::kind() const { return impl_->kind; }

void VectorIndex::setEfSearch(int efSearch) {
    impl_->params.efSearch = std::max(1, efSearch);
    if (auto* h = impl_->hnsw()) h->hnsw.efSearch = impl_->params.efSearch;
}
int VectorIndex::efSearch() const { return impl_->params.efSearch; }

void VectorIndex::setNprobe(int nprobe) {
    impl_->ivfParams.nprobe = std::max(1, nprobe);
    if (auto* f = impl_->ivf()) f->nprobe = size_t(impl_->ivfParams.nprobe);
}
int VectorIndex::nprobe() const { return impl_->ivfParams.nprobe; }
int VectorIndex::nlist() const {
    auto* f = impl_->ivf();
    return f && f->is_trained ? int(f->nlist) : 0;
}

Status VectorIndex::save(const std::string& path) const {
    const auto& d = *impl_;
    faiss::VectorIOWriter writer;
    try {
        faiss::write_index(d.index.get(), &writer);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::IoError, "Could not serialise the vector index for " + path + ": " + e.what());
    }
    const bool ivf = d.kind == Kind::Ivf;
    Layout layout{kLayoutVersion,
                  uint32_t(d.kind),
                  uint32_t(d.dim),
                  uint32_t(ivf ? d.ivfParams.nlist : d.params.m),
                  uint32_t(d.params.efConstruction),
                  uint32_t(ivf ? d.ivfParams.nprobe : d.params.efSearch),
                  uint64_t(d.tombstones.size())};
    std::vector<int64_t> tomb(d.tombstones.begin(), d.tombstones.end());
    std::sort(tomb.begin(), tomb.end());
    auto w = CheckedFileWriter::begin(path, kTag);
    if (!w) return w.status();
    if (auto s = w->write(&layout, sizeof layout); !s) return s;
    if (!tomb.empty())
        if (auto s = w->write(tomb.data(), tomb.size() * sizeof(int64_t)); !s) return s;
    if (auto s = w->write(writer.data.data(), writer.data.size()); !s) return s;
    return w->commit();
}

Result<VectorIndex> VectorIndex::load(const std::string& path) {
    auto payload = readChecked(path, kTag);
    if (!payload) return payload.error();
    auto& bytes = payload.value();
    Layout layout{};
    if (bytes.size() < sizeof layout)
        return makeError(ErrorCode::DataCorrupt, path + " is too small to be a vector index.");
    std::memcpy(&layout, bytes.data(), sizeof layout);
    if (layout.version != kLayoutVersion)
        return makeError(ErrorCode::DataCorrupt, path + " is a vector index of layout version " +
                                                      std::to_string(layout.version) + ", which is not supported.");
    if (layout.kind > uint32_t(Kind::Ivf) || layout.dim == 0)
        return makeError(ErrorCode::DataCorrupt, path + " describes an unknown kind of vector index.");
    const size_t tombBytes = size_t(layout.tombstones) * sizeof(int64_t);
    if (layout.tombstones > bytes.size() / sizeof(int64_t) || bytes.size() - sizeof layout < tombBytes)
        return makeError(ErrorCode::DataCorrupt, path + " has an impossible list of removed ids.");

    auto impl = std::make_unique<Impl>();
    impl->dim = int(layout.dim);
    impl->kind = Kind(layout.kind);
    if (impl->kind == Kind::Ivf)
        impl->ivfParams = {int(layout.m), std::max(1, int(layout.efSearch))};
    else
        impl->params = {int(layout.m), int(layout.efConstruction), int(layout.efSearch)};
    std::vector<int64_t> tomb(size_t(layout.tombstones));
    if (tombBytes) std::memcpy(tomb.data(), bytes.data() + sizeof layout, tombBytes);
    impl->tombstones.insert(tomb.begin(), tomb.end());

    faiss::VectorIOReader reader;
    reader.data = std::move(bytes);
    reader.rp = sizeof layout + tombBytes;
    try {
        std::unique_ptr<faiss::Index> raw(faiss::read_index(&reader));
        auto* map = dynamic_cast<faiss::IndexIDMap2*>(raw.get());
        if (!map)
            return makeError(ErrorCode::DataCorrupt, path + " does not hold an id-mapped vector index.");
        // An IVF index saved before its first add() is still the flat placeholder.
        bool innerOk = false;
        switch (impl->kind) {
        case Kind::Exact: innerOk = dynamic_cast<faiss::IndexFlat*>(map->index) != nullptr; break;
        case Kind::Hnsw: innerOk = dynamic_cast<faiss::IndexHNSWFlat*>(map->index) != nullptr; break;
        case Kind::Ivf:
            innerOk = dynamic_cast<faiss::IndexIVFFlat*>(map->index) != nullptr ||
                      (map->ntotal == 0 && dynamic_cast<faiss::IndexFlat*>(map->index) != nullptr);
            break;
        }
        if (!innerOk || map->d != impl->dim || map->metric_type != faiss::METRIC_INNER_PRODUCT)
            return makeError(ErrorCode::DataCorrupt,
                             path + " holds a vector index whose type or dimension disagrees with its header.");
        raw.release();
        impl->index.reset(map);
        impl->index->own_fields = true;
        for (int64_t id : impl->tombstones)
            if (!impl->stored(id))
                return makeError(ErrorCode::DataCorrupt, path + " lists a removed id the index does not hold.");
        if (auto* h = impl->hnsw()) h->hnsw.efSearch = impl->params.efSearch;
        if (auto* f = impl->ivf()) {
            f->nprobe = size_t(impl->ivfParams.nprobe);
            f->make_direct_map(true);
        }
    } catch (const std::exception& e) {
        return makeError(ErrorCode::DataCorrupt, path + " could not be read as a vector index: " + e.what());
    }
    return VectorIndex(std::move(impl));
}

}  // namespace humanear::index
