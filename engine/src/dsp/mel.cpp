#include "dsp/mel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

namespace humanear::dsp {

namespace {
constexpr double kSlaneyLinearStep = 200.0 / 3.0;  // Hz per mel below 1 kHz
constexpr double kSlaneyBreakHz = 1000.0;
const double kSlaneyBreakMel = kSlaneyBreakHz / kSlaneyLinearStep;
const double kSlaneyLogStep = std::log(6.4) / 27.0;
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
    const double fmax = config.fmax < 0 ? config.sampleRate / 2.0 : config.fmax;
    const int n = config.nMels;
    const double melMin = hzToMel(config.fmin, config.scale), melMax = hzToMel(fmax, config.scale);
    std::vector<double> edges(static_cast<size_t>(n + 2));
    for (int i = 0; i < n + 2; ++i)
        edges[static_cast<size_t>(i)] = melToHz(melMin + (melMax - melMin) * i / (n + 1), config.scale);
    std::vector<double> freqs(static_cast<size_t>(bins_));
    for (int b = 0; b < bins_; ++b) freqs[static_cast<size_t>(b)] = (config.sampleRate / 2.0) * b / (bins_ - 1);

    bands_.resize(static_cast<size_t>(n));
    for (int m = 0; m < n; ++m) {
        const double lo = edges[static_cast<size_t>(m)], mid = edges[static_cast<size_t>(m + 1)],
                     hi = edges[static_cast<size_t>(m + 2)];
        const double norm = config.norm == MelNorm::Slaney ? 2.0 / (hi - lo) : 1.0;
        std::vector<float> dense(static_cast<size_t>(bins_), 0.f);
        int first = -1, last = -1;
        for (int b = 0; b < bins_; ++b) {
            const double f = freqs[static_cast<size_t>(b)];
            const double lower = (f - lo) / (mid - lo), upper = (hi - f) / (hi - mid);
            const double w = std::max(0.0, std::min(lower, upper)) * norm;
            // librosa hands the matrix over as float32: round here as it does.
            dense[static_cast<size_t>(b)] = static_cast<float>(w);
            if (dense[static_cast<size_t>(b)] != 0.f) {
                if (first < 0) first = b;
                last = b;
            }
        }
        Band& band = bands_[static_cast<size_t>(m)];
        if (first >= 0) {
            band.firstBin = first;
            band.weights.assign(dense.begin() + first, dense.begin() + last + 1);
        }
    }
}

std::shared_ptr<const MelFilterbank> MelFilterbank::shared(const MelConfig& c) {
    using Key = std::tuple<int, int, int, double, double, int, int>;
    static std::mutex mutex;
    static std::map<Key, std::shared_ptr<const MelFilterbank>> cache;
    const Key key{c.sampleRate, c.nFft, c.nMels, c.fmin, c.fmax, int(c.scale), int(c.norm)};
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = cache[key];
    if (!slot) slot = std::make_shared<const MelFilterbank>(c);
    return slot;
}

void MelFilterbank::apply(const float* spectrum, float* out) const {
    for (size_t m = 0; m < bands_.size(); ++m) {
        const Band& band = bands_[m];
        const float* s = spectrum + band.firstBin;
        double sum = 0.0;  // double: the reference accumulates in float64
        for (size_t k = 0; k < band.weights.size(); ++k) sum += double(band.weights[k]) * s[k];
        out[m] = static_cast<float>(sum);
    }
}

Matrix MelFilterbank::dense() const {
    Matrix out(bands(), bins_);
    for (int m = 0; m < bands(); ++m) {
        const Band& band = bands_[static_cast<size_t>(m)];
        for (size_t k = 0; k < band.weights.size(); ++k) out.at(m, band.firstBin + static_cast<int>(k)) = band.weights[k];
    }
    return out;
}

}  // namespace humanear::dsp
