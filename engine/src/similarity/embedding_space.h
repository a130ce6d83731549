#pragma once
// Turns an embedder's raw features into the unit vectors the index searches.
// For the descriptor embedder that takes library statistics (a Normaliser
// fitted on every track's raw features, refitted when the library changes);
// for OpenL3 plain L2 normalisation. Serialised into the catalog so a query is
// always embedded exactly as the library's tracks were.
#include "humanear/result.h"
#include "similarity/descriptor_embedder.h"

#include <string>
#include <vector>

namespace humanear::library {

class EmbeddingSpace {
public:
    // L2 normalisation only.
    static EmbeddingSpace unitLength();
    // Fitted on these raw vectors (fewer than 2: identity statistics), whitened by
    // the library's within-track spread when one is given and large enough.
    static EmbeddingSpace fitted(const std::vector<std::vector<float>>& raw,
                                 const models::WithinTrackSpread* spread = nullptr);

    std::vector<float> apply(const std::vector<float>& raw) const;
    // The descriptor statistics this space z-scores by; null for L2 normalisation only.
    const models::DescriptorEmbedder::Normaliser* normaliser() const { return normalised_ ? &normaliser_ : nullptr; }

    std::string toBytes() const;
    static Result<EmbeddingSpace> fromBytes(const std::string& bytes);

private:
    bool normalised_ = false;
    models::DescriptorEmbedder::Normaliser normaliser_;
};

// In-place L2 normalisation; a zero vector stays zero.
void normaliseInPlace(std::vector<float>& v);
float dot(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace humanear::library
