#include "library/genre_centroids.h"

#include "io/atomic_file.h"
#include "io/byte_order.h"
#include "similarity/embedding_space.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace humanear::library {

namespace {
constexpr uint32_t kTag = index::fourcc("GCEN");
constexpr uint32_t kFormat = 1;

void putU32(std::vector<uint8_t>& out, uint32_t v) { io::appendU32(out, v); }
void putU64(std::vector<uint8_t>& out, uint64_t v) { io::appendU64(out, v); }
void putString(std::vector<uint8_t>& out, const std::string& s) {
    putU32(out, uint32_t(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}

struct Reader {
    const std::vector<uint8_t>& bytes;
    size_t pos = 0;
    bool ok = true;
    uint64_t u(int n) {
        if (pos + size_t(n) > bytes.size()) {
            ok = false;
            return 0;
        }
        const uint64_t v = io::loadLittleEndian(bytes.data() + pos, n);
        pos += size_t(n);
        return v;
    }
    std::string str() {
        const uint64_t n = u(4);
        if (!ok || pos + n > bytes.size()) {
            ok = false;
            return {};
        }
        std::string s(bytes.begin() + long(pos), bytes.begin() + long(pos + n));
        pos += n;
        return s;
    }
};
}  // namespace

std::string genreKey(const std::string& genre) {
    size_t b = 0, e = genre.size();
    while (b < e && std::isspace(static_cast<unsigned char>(genre[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(genre[e - 1]))) --e;
    std::string k = genre.substr(b, e - b);
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return k;
}

void GenreCentroids::add(const std::string& genre, const std::vector<float>& embedding) {
    if (genreKey(genre).empty() || embedding.empty()) return;
    auto& [count, sum] = sums_[genre];
    if (sum.empty()) sum.assign(embedding.size(), 0.0);
    if (sum.size() != embedding.size()) return;
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += embedding[i];
    ++count;
}

void GenreCentroids::finish() {
    centroids_.clear();
    for (auto& [genre, entry] : sums_) {
        GenreCentroid c;
        c.genre = genre;
        c.tracks = entry.first;
        c.centroid.assign(entry.second.begin(), entry.second.end());
        normaliseInPlace(c.centroid);
        centroids_.push_back(std::move(c));
    }
    sums_.clear();
}

const GenreCentroid* GenreCentroids::find(const std::string& genre) const {
    for (const auto& c : centroids_)
        if (c.genre == genre) return &c;
    return nullptr;
}

const GenreCentroid* GenreCentroids::nearest(const std::vector<float>& v, const std::string& excluded) const {
    const GenreCentroid* best = nullptr;
    float bestScore = -2.f;
    for (const auto& c : centroids_) {
        if (!excluded.empty() && c.genre == excluded) continue;
        const float s = dot(v, c.centroid);
        if (s > bestScore) {
            bestScore = s;
            best = &c;
        }
    }
    return best;
}

Status GenreCentroids::save(const std::string& path, const DerivedStamp& stamp) const {
    std::vector<uint8_t> out;
    putU32(out, kFormat);
    putU64(out, uint64_t(stamp.catalogGeneration));
    putU32(out, stamp.indexPayloadCrc);
    putU64(out, stamp.indexPayloadSize);
    putString(out, stamp.embedderKey);
    putU32(out, uint32_t(centroids_.size()));
    for (const auto& c : centroids_) {
        putString(out, c.genre);
        putU64(out, uint64_t(c.tracks));
        putU32(out, uint32_t(c.centroid.size()));
        const auto* p = reinterpret_cast<const uint8_t*>(c.centroid.data());
        out.insert(out.end(), p, p + c.centroid.size() * sizeof(float));
    }
    return index::writeChecked(path, kTag, out);
}

Result<GenreCentroids> GenreCentroids::load(const std::string& path, DerivedStamp* stamp) {
    auto bytes = index::readChecked(path, kTag);
    if (!bytes) return bytes.error();
    Reader r{*bytes};
    const auto damaged = [&] {
        return makeError(ErrorCode::DataCorrupt, "The genre centroids file " + path + " is not readable.");
    };
    if (r.u(4) != kFormat) return damaged();
    DerivedStamp s;
    s.catalogGeneration = int64_t(r.u(8));
    s.indexPayloadCrc = uint32_t(r.u(4));
    s.indexPayloadSize = r.u(8);
    s.embedderKey = r.str();
    const uint64_t n = r.u(4);
    GenreCentroids out;
    for (uint64_t i = 0; r.ok && i < n; ++i) {
        GenreCentroid c;
        c.genre = r.str();
        c.tracks = int64_t(r.u(8));
        const uint64_t dim = r.u(4);
        if (!r.ok || r.pos + dim * sizeof(float) > bytes->size()) return damaged();
        c.centroid.resize(dim);
        std::memcpy(c.centroid.data(), bytes->data() + r.pos, dim * sizeof(float));
        r.pos += dim * sizeof(float);
        out.centroids_.push_back(std::move(c));
    }
    if (!r.ok) return damaged();
    if (stamp) *stamp = s;
    return out;
}

}  // namespace humanear::library
