#include "dsp/mel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <tuple>

namespace humanear::dsp {

namespace {
constexpr double kSlaneyLinearStep = 200.0 / 3.0;  // Hz per mel below 1 kHz
constexpr double kSlaneyBreakHz = 1000.0;
constexpr double kSlaneyBreakMel = kSlaneyBreakHz / kSlaneyLinearStep;  // 15
const double kSlaneyLogStep = std::log(6.4) / 27.0;

constexpr int kLanes = 4;  // one SSE register of floats

double resolvedFmax(const MelConfig& c) { return c.fmax < 0 ? c.sampleRate / 2.0 : c.fmax; }
}  // namespace

double hzToMel(double hz, MelScale scale) {
    if (scale == MelScale::Htk) return 2595.0 * std::log10(1.0 + hz / 700.0);
    if (hz >= kSlaneyBreakHz) return kSlaneyBreakMel + std::log(hz / kSlaneyBreakHz) / kSlaneyLogStep;
    return hz / kSlaneyLinearStep;
}

double melToHz(double mel, MelScale scale) {
    if (scale == MelScale::Htk) return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    if (mel >= kSlaneyBreakMel) return kSlaneyBreakHz * std::exp(kSlaneyLogStep * (mel - kSlaneyBreakMel));
    return kSlaneyLinearStep * mel;
}

MelFilterbank::MelFilterbank(const MelConfig& config) : bins_(config.nFft / 2 + 1) {
    const double fmax = resolvedFmax(config);
    if (config.sampleRate <= 0 || config.nFft < 2 || config.nMels < 1 || !(config.fmin >= 0.0) ||
        !(fmax > config.fmin))
        throw std::invalid_argument("Mel filterbank needs sample rate > 0, n_fft >= 2, n_mels >= 1 and "
                                    "0 <= fmin < fmax; got sr " + std::to_string(config.sampleRate) +
                                    ", n_fft " + std::to_string(config.nFft) + ", n_mels " +
                                    std::to_string(config.nMels) + ", fmin " + std::to_string(config.fmin) +
                                    ", fmax " + std::to_string(fmax));
    const int n = config.nMels;

    // Band edges as numpy.linspace makes them (start + i * step), so that the
    // float32 weights round as librosa's do. The outer edges are pinned to fmin and
    // fmax: the mel round trip would move them by an ulp, and an ulp above fmax
    // gives the bin at fmax a ~1e-17 weight that numpy's (lower) rounding does not.
    const double melMin = hzToMel(config.fmin, config.scale), melMax = hzToMel(fmax, config.scale);
    const double step = (melMax - melMin) / (n + 1);
    std::vector<double> edges(static_cast<size_t>(n + 2));
    for (int i = 1; i <= n; ++i) edges[static_cast<size_t>(i)] = melToHz(melMin + i * step, config.scale);
    edges.front() = config.fmin;
    edges.back() = fmax;
    std::vector<double> freqs(static_cast<size_t>(bins_));
    for (int b = 0; b < bins_; ++b) freqs[static_cast<size_t>(b)] = b * (config.sampleRate / double(config.nFft));

    first_.assign(static_cast<size_t>(n), 0);
    count_.assign(static_cast<size_t>(n), 0);
    offset_.assign(static_cast<size_t>(n), 0);
    std::vector<float> row(static_cast<size_t>(bins_));
    for (int m = 0; m < n; ++m) {
        const double lo = edges[static_cast<size_t>(m)], mid = edges[static_cast<size_t>(m + 1)],
                     hi = edges[static_cast<size_t>(m + 2)];
        const double norm = config.norm == MelNorm::Slaney ? 2.0 / (hi - lo) : 1.0;
        int first = -1, last = -1;
        for (int b = 0; b < bins_; ++b) {
            const double f = freqs[static_cast<size_t>(b)];
            const double lower = (f - lo) / (mid - lo), upper = (hi - f) / (hi - mid);
            const float w = static_cast<float>(std::max(0.0, std::min(lower, upper)) * norm);
            row[static_cast<size_t>(b)] = w;
            if (w != 0.f) {
                if (first < 0) first = b;
                last = b;
            }
        }
        offset_[static_cast<size_t>(m)] = weights_.size();
        if (first >= 0) {
            // A triangle is non-zero on one contiguous run of bins. Widen the run with
            // zero weights to a multiple of kLanes so that apply() has no scalar tail
            // (most bands are only a few bins wide).
            int count = last - first + 1;
            const int widened = (count + kLanes - 1) / kLanes * kLanes;
            if (widened <= bins_) {
                count = widened;
                first = std::min(first, bins_ - count);
            }
            first_[static_cast<size_t>(m)] = first;
            count_[static_cast<size_t>(m)] = count;
            weights_.insert(weights_.end(), row.begin() + first, row.begin() + first + count);
        }
    }
}

std::shared_ptr<const MelFilterbank> MelFilterbank::shared(const MelConfig& c) {
    using Key = std::tuple<int, int, int, double, double, int, int>;
    static std::mutex mutex;
    static std::map<Key, std::shared_ptr<const MelFilterbank>> cache;
    const Key key{c.sampleRate, c.nFft, c.nMels, c.fmin, resolvedFmax(c), int(c.scale), int(c.norm)};
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = cache[key];
    if (!slot) {
        try {
            slot = std::make_shared<const MelFilterbank>(c);
        } catch (...) {
            cache.erase(key);
            throw;
        }
    }
    return slot;
}

void MelFilterbank::apply(const float* spectrum, float* out, size_t outStride) const {
    const float* w = weights_.data();
    const size_t n = first_.size();
    for (size_t m = 0; m < n; ++m) {
        const float* s = spectrum + first_[m];
        const int count = count_[m];
        // kLanes independent float partial sums in a fixed-size block, which GCC
        // vectorises at -O2; one running sum would be a long dependency chain. The
        // terms are all positive, so float costs at most ~1e-5 dB against the
        // float64 sums of the references.
        float acc[kLanes] = {};
        int k = 0;
        for (; k + kLanes <= count; k += kLanes)
            for (int j = 0; j < kLanes; ++j) acc[j] += w[k + j] * s[k + j];
        float sum = (acc[0] + acc[2]) + (acc[1] + acc[3]);
        for (; k < count; ++k) sum += w[k] * s[k];  // only when bins() < kLanes
        w += count;
        out[m * outStride] = sum;
    }
}

Matrix MelFilterbank::dense() const {
    Matrix out(bands(), bins_);
    for (int m = 0; m < bands(); ++m)
        std::copy(weights(m), weights(m) + binCount(m), out.row(m) + firstBin(m));
    return out;
}

std::shared_ptr<const MelFilterbank> melFilterbank(int sampleRate, int nFft, int nMels, double fmin, double fmax,
                                                   MelScale scale, MelNorm norm) {
    return MelFilterbank::shared(MelConfig{sampleRate, nFft, nMels, fmin, fmax, scale, norm});
}

}  // namespace humanear::dsp
