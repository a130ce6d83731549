// DescriptorEmbedder::Normaliser: how a library turns raw descriptor vectors into
// comparable embeddings (z-scores, equal weight per group, whitening by the
// within-track spread), and its file format (library/descriptor_statistics).
#include "similarity/descriptor_embedder.h"

#include "io/byte_order.h"
#include "similarity/within_track_spread.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace humanear::models {

namespace {
float finiteOr0(double v) { return std::isfinite(v) ? static_cast<float>(v) : 0.f; }
// The layout the embedder defines (descriptor_embedder.cpp).
const int kDimension = DescriptorEmbedder::dimension();
const int kGroupCount = int(DescriptorEmbedder::groups().size());
}  // namespace

std::vector<float> DescriptorEmbedder::Normaliser::defaultImportance() {
    // Every group counts the same. (Version 1 halved harmony and loudness, a
    // choice tuned with the soundtrack labels of data/human-debian; weights fitted
    // that way did not carry over to a held-out soundtrack: see
    // tests/measure_descriptor_recs.cpp.)
    return std::vector<float>(size_t(kGroupCount), 1.f);
}

DescriptorEmbedder::Normaliser DescriptorEmbedder::Normaliser::identity() {
    Normaliser n;
    n.mean.assign(size_t(kDimension), 0.f);
    n.stddev.assign(size_t(kDimension), 1.f);
    n.groupWeight.assign(size_t(kDimension), 1.f);
    return n;
}

DescriptorEmbedder::Normaliser DescriptorEmbedder::Normaliser::fit(const std::vector<std::vector<float>>& raw,
                                                                  const std::vector<float>& groupImportance,
                                                                  const WithinTrackSpread* spread) {
    Normaliser n = identity();
    std::vector<double> sum(static_cast<size_t>(kDimension), 0.0), sumSq(static_cast<size_t>(kDimension), 0.0);
    long count = 0;
    for (const auto& v : raw) {
        if (int(v.size()) != kDimension) continue;
        for (int i = 0; i < kDimension; ++i) {
            sum[size_t(i)] += v[size_t(i)];
            sumSq[size_t(i)] += double(v[size_t(i)]) * v[size_t(i)];
        }
        ++count;
    }
    if (count >= 2) {
        for (int i = 0; i < kDimension; ++i) {
            const double m = sum[size_t(i)] / count;
            const double sd = std::sqrt(std::max(0.0, sumSq[size_t(i)] / count - m * m));
            n.mean[size_t(i)] = float(m);
            // A constant dimension carries no information; 1 keeps it at zero after centring.
            n.stddev[size_t(i)] = sd > 1e-6 * std::max(1.0, std::abs(m)) ? float(sd) : 1.f;
        }
    }
    const std::vector<float> importance =
        groupImportance.size() == size_t(kGroupCount) ? groupImportance : defaultImportance();
    const auto& gs = groups();
    for (size_t g = 0; g < gs.size(); ++g)
        for (int i = 0; i < gs[g].size; ++i)
            n.groupWeight[size_t(gs[g].offset + i)] = importance[g] / std::sqrt(float(gs[g].size));
    if (count >= 2 && spread && spread->dimension() == kDimension &&
        spread->degreesOfFreedom() >= int64_t(kMinSpreadWindowsPerDimension) * kDimension) {
        // The within-track covariance in z-score units, ridged so that directions no
        // track ever moved in (a constant dimension) stay finite.
        const size_t d = size_t(kDimension);
        std::vector<double> covariance(d * d);
        double trace = 0;
        for (size_t i = 0; i < d; ++i)
            for (size_t j = 0; j < d; ++j) {
                covariance[i * d + j] = spread->scatter()[i * d + j] / double(spread->degreesOfFreedom()) /
                                        (double(n.stddev[i]) * double(n.stddev[j]));
                if (i == j) trace += covariance[i * d + j];
            }
        const double ridge = kSpreadRidge * std::max(trace / double(d), 1e-12);
        for (size_t i = 0; i < d; ++i) covariance[i * d + i] += ridge;
        const std::vector<double> whitening = inverseSquareRoot(covariance, kDimension, ridge);
        if (std::all_of(whitening.begin(), whitening.end(), [](double x) { return std::isfinite(x); }))
            n.projection.assign(whitening.begin(), whitening.end());
    }
    return n;
}

bool DescriptorEmbedder::Normaliser::valid() const {
    return mean.size() == size_t(kDimension) && stddev.size() == mean.size() && groupWeight.size() == mean.size() &&
           (projection.empty() || projection.size() == mean.size() * mean.size());
}

std::vector<float> DescriptorEmbedder::Normaliser::apply(const std::vector<float>& raw) const {
    std::vector<float> out(size_t(kDimension), 0.f);
    if (!valid() || raw.size() != mean.size()) return out;
    std::vector<double> z(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const double sd = stddev[i] > 0 ? stddev[i] : 1.0;
        z[i] = finiteOr0((double(raw[i]) - mean[i]) / sd);
    }
    const size_t d = raw.size();
    double norm = 0;
    for (size_t i = 0; i < d; ++i) {
        double v;
        if (projection.empty()) {
            v = z[i] * groupWeight[i];
        } else {
            v = 0;
            const float* row = projection.data() + i * d;
            for (size_t j = 0; j < d; ++j) v += double(row[j]) * z[j];
        }
        out[i] = finiteOr0(v);
        norm += double(out[i]) * out[i];
    }
    if (norm > 0) {
        const double inv = 1.0 / std::sqrt(norm);
        for (float& v : out) v = float(v * inv);
    }
    return out;
}

namespace {
constexpr char kMagic[4] = {'H', 'E', 'D', 'N'};
constexpr uint32_t kFormatVersion = 2;

uint32_t getU32(const std::string& s, size_t at) { return io::loadU32(s.data() + at); }
}  // namespace

std::string DescriptorEmbedder::Normaliser::toBytes() const {
    std::string s(kMagic, 4);
    io::appendU32(s, kFormatVersion);
    io::appendU32(s, uint32_t(mean.size()));
    auto putFloats = [&s](const std::vector<float>& arr) {
        for (float f : arr) io::appendF32(s, f);
    };
    for (const auto* arr : {&mean, &stddev, &groupWeight}) putFloats(*arr);
    io::appendU32(s, uint32_t(projection.size()));
    putFloats(projection);
    return s;
}

Result<DescriptorEmbedder::Normaliser> DescriptorEmbedder::Normaliser::fromBytes(const std::string& bytes) {
    if (bytes.size() < 12 || bytes.compare(0, 4, kMagic, 4) != 0)
        return makeError(ErrorCode::DataCorrupt, "The descriptor statistics are not in the expected format.");
    const uint32_t format = getU32(bytes, 4);
    if (format != 1 && format != kFormatVersion)
        return makeError(ErrorCode::DataCorrupt, "The descriptor statistics were written by another version.");
    const uint32_t dim = getU32(bytes, 8);
    const auto wrongLayout = [] {
        return makeError(ErrorCode::DataCorrupt, "The descriptor statistics do not match this descriptor layout.");
    };
    if (dim != uint32_t(kDimension) || bytes.size() < 12 + size_t(dim) * 12) return wrongLayout();
    size_t at = 12;
    auto readFloats = [&](std::vector<float>& arr, size_t count) -> Status {
        arr.resize(count);
        for (size_t i = 0; i < count; ++i, at += 4) {
            const float f = io::loadF32(bytes.data() + at);
            if (!std::isfinite(f))
                return makeError(ErrorCode::DataCorrupt, "The descriptor statistics contain invalid numbers.");
            arr[i] = f;
        }
        return {};
    };
    Normaliser n;
    for (auto* arr : {&n.mean, &n.stddev, &n.groupWeight})
        if (auto st = readFloats(*arr, dim); !st) return st.error();
    if (format == 1) {
        if (bytes.size() != at) return wrongLayout();
        return n;
    }
    if (bytes.size() < at + 4) return wrongLayout();
    const uint32_t projectionSize = getU32(bytes, at);
    at += 4;
    if ((projectionSize != 0 && projectionSize != dim * dim) || bytes.size() != at + size_t(projectionSize) * 4)
        return wrongLayout();
    if (auto st = readFloats(n.projection, projectionSize); !st) return st.error();
    return n;
}

}  // namespace humanear::models
