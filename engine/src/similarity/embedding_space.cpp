#include "similarity/embedding_space.h"

#include <cmath>

namespace humanear::library {

void normaliseInPlace(std::vector<float>& v) {
    double sq = 0;
    for (float x : v) sq += double(x) * x;
    if (!(sq > 0) || !std::isfinite(sq)) {
        for (float& x : v) x = 0.f;
        return;
    }
    const float inv = float(1.0 / std::sqrt(sq));
    for (float& x : v) x *= inv;
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) s += double(a[i]) * b[i];
    return float(s);
}

EmbeddingSpace EmbeddingSpace::unitLength() { return EmbeddingSpace(); }

EmbeddingSpace EmbeddingSpace::fitted(const std::vector<std::vector<float>>& raw,
                                      const models::WithinTrackSpread* spread) {
    EmbeddingSpace space;
    space.normalised_ = true;
    space.normaliser_ = raw.size() >= 2 ? models::DescriptorEmbedder::Normaliser::fit(raw, {}, spread)
                                        : models::DescriptorEmbedder::Normaliser::identity();
    return space;
}

std::vector<float> EmbeddingSpace::apply(const std::vector<float>& raw) const {
    if (normalised_) return normaliser_.apply(raw);
    std::vector<float> v = raw;
    normaliseInPlace(v);
    return v;
}

std::string EmbeddingSpace::toBytes() const {
    return normalised_ ? "N" + normaliser_.toBytes() : std::string("U");
}

Result<EmbeddingSpace> EmbeddingSpace::fromBytes(const std::string& bytes) {
    if (bytes == "U") return EmbeddingSpace::unitLength();
    if (bytes.empty() || bytes[0] != 'N')
        return makeError(ErrorCode::DataCorrupt, "The stored embedding normaliser is not readable.");
    auto n = models::DescriptorEmbedder::Normaliser::fromBytes(bytes.substr(1));
    if (!n) return n.error();
    EmbeddingSpace space;
    space.normalised_ = true;
    space.normaliser_ = std::move(*n);
    return space;
}

}  // namespace humanear::library
