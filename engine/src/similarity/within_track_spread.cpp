#include "similarity/within_track_spread.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace humanear::models {

WithinTrackSpread::WithinTrackSpread(int dimension)
    : dimension_(std::max(0, dimension)), scatter_(size_t(dimension_) * size_t(dimension_), 0.0) {}

void WithinTrackSpread::addTrack(const std::vector<std::vector<float>>& windows) {
    const size_t d = size_t(dimension_);
    std::vector<const std::vector<float>*> usable;
    for (const auto& w : windows)
        if (w.size() == d && std::all_of(w.begin(), w.end(), [](float x) { return std::isfinite(x); }))
            usable.push_back(&w);
    if (usable.size() < 2) return;
    std::vector<double> mean(d, 0.0);
    for (const auto* w : usable)
        for (size_t i = 0; i < d; ++i) mean[i] += (*w)[i];
    for (double& m : mean) m /= double(usable.size());
    std::vector<double> deviation(d);
    for (const auto* w : usable) {
        for (size_t i = 0; i < d; ++i) deviation[i] = (*w)[i] - mean[i];
        for (size_t i = 0; i < d; ++i) {
            const double di = deviation[i];
            if (di == 0) continue;
            double* row = scatter_.data() + i * d;
            for (size_t j = i; j < d; ++j) row[j] += di * deviation[j];
        }
    }
    // Only the upper triangle is accumulated; mirror it.
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < i; ++j) scatter_[i * d + j] = scatter_[j * d + i];
    ++tracks_;
    degreesOfFreedom_ += int64_t(usable.size()) - 1;
}

namespace {
constexpr char kMagic[4] = {'H', 'E', 'W', 'S'};
constexpr uint32_t kFormatVersion = 1;

template <typename T>
void put(std::string& s, T v) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));  // the formats are little-endian, as is every target
    s.append(bytes, sizeof(T));
}
template <typename T>
T get(const std::string& s, size_t at) {
    T v;
    std::memcpy(&v, s.data() + at, sizeof(T));
    return v;
}
}  // namespace

std::string WithinTrackSpread::toBytes() const {
    std::string s(kMagic, 4);
    put<uint32_t>(s, kFormatVersion);
    put<uint32_t>(s, uint32_t(dimension_));
    put<int64_t>(s, tracks_);
    put<int64_t>(s, degreesOfFreedom_);
    const size_t d = size_t(dimension_);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = i; j < d; ++j) put<double>(s, scatter_[i * d + j]);
    return s;
}

Result<WithinTrackSpread> WithinTrackSpread::fromBytes(const std::string& bytes) {
    if (bytes.size() < 28 || bytes.compare(0, 4, kMagic, 4) != 0 || get<uint32_t>(bytes, 4) != kFormatVersion)
        return makeError(ErrorCode::DataCorrupt, "The library's within-track spread is not in the expected format.");
    const uint32_t dim = get<uint32_t>(bytes, 8);
    const size_t d = dim, values = d * (d + 1) / 2;
    if (dim > 100000 || bytes.size() != 28 + values * 8)
        return makeError(ErrorCode::DataCorrupt, "The library's within-track spread has the wrong size.");
    WithinTrackSpread spread{int(dim)};
    spread.tracks_ = get<int64_t>(bytes, 12);
    spread.degreesOfFreedom_ = get<int64_t>(bytes, 20);
    if (spread.tracks_ < 0 || spread.degreesOfFreedom_ < 0)
        return makeError(ErrorCode::DataCorrupt, "The library's within-track spread has invalid counts.");
    size_t at = 28;
    for (size_t i = 0; i < d; ++i)
        for (size_t j = i; j < d; ++j, at += 8) {
            const double v = get<double>(bytes, at);
            if (!std::isfinite(v))
                return makeError(ErrorCode::DataCorrupt, "The library's within-track spread contains invalid numbers.");
            spread.scatter_[i * d + j] = spread.scatter_[j * d + i] = v;
        }
    return spread;
}

std::vector<double> inverseSquareRoot(const std::vector<double>& symmetric, int n, double floor) {
    const size_t d = size_t(std::max(0, n));
    std::vector<double> a = symmetric, v(d * d, 0.0);
    for (size_t i = 0; i < d; ++i) v[i * d + i] = 1.0;
    // Cyclic Jacobi: each rotation zeroes one off-diagonal pair; sweeps until the
    // off-diagonal mass is negligible next to the diagonal.
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0, diag = 0;
        for (size_t i = 0; i < d; ++i) {
            diag += a[i * d + i] * a[i * d + i];
            for (size_t j = i + 1; j < d; ++j) off += a[i * d + j] * a[i * d + j];
        }
        if (off <= 1e-22 * diag || off == 0) break;
        for (size_t p = 0; p < d; ++p)
            for (size_t q = p + 1; q < d; ++q) {
                const double apq = a[p * d + q];
                if (std::abs(apq) < 1e-300) continue;
                const double theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < d; ++k) {  // A <- A J (columns p, q)
                    const double akp = a[k * d + p], akq = a[k * d + q];
                    a[k * d + p] = c * akp - s * akq;
                    a[k * d + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < d; ++k) {  // A <- J^T A (rows p, q)
                    const double apk = a[p * d + k], aqk = a[q * d + k];
                    a[p * d + k] = c * apk - s * aqk;
                    a[q * d + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < d; ++k) {  // V <- V J
                    const double vkp = v[k * d + p], vkq = v[k * d + q];
                    v[k * d + p] = c * vkp - s * vkq;
                    v[k * d + q] = s * vkp + c * vkq;
                }
            }
    }
    std::vector<double> scale(d);
    for (size_t i = 0; i < d; ++i) scale[i] = 1.0 / std::sqrt(std::max(a[i * d + i], floor));
    std::vector<double> out(d * d, 0.0);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = i; j < d; ++j) {
            double sum = 0;
            for (size_t k = 0; k < d; ++k) sum += v[i * d + k] * scale[k] * v[j * d + k];
            out[i * d + j] = out[j * d + i] = sum;
        }
    return out;
}

}  // namespace humanear::models
