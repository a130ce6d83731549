#include "dsp/fullband_front_end.h"

#include "dsp/stft.h"

#include <algorithm>
#include <cmath>

namespace humanear::dsp {

namespace {

// Mean power spectrum over all frames (uncentred, so padding adds no fake frames).
std::vector<double> longTermSpectrum(const Stft& stft, const float* x, size_t n) {
    std::vector<double> mean(size_t(stft.bins()), 0.0);
    const size_t nFft = size_t(stft.config().nFft);
    std::vector<float> padded;
    if (n < nFft) {
        padded.assign(nFft, 0.f);
        std::copy_n(x, n, padded.begin());
        x = padded.data();
        n = nFft;
    }
    int frames = 0;
    stft.forEachFrame(x, n, [&](int, const float* spectrum) {
        for (size_t k = 0; k < mean.size(); ++k) mean[k] += spectrum[k];
        ++frames;
    });
    for (double& v : mean) v /= std::max(1, frames);
    return mean;
}

const Stft& fullbandStft() {
    static const Stft stft(StftConfig{FullbandFrontEnd::kFft, FullbandFrontEnd::kHop, false, Spectrum::Power});
    return stft;
}

}  // namespace

int FullbandFrontEnd::firstBin() { return int(std::lround(kLowHz * kFft / kSampleRate)); }
int FullbandFrontEnd::binCount() { return int(std::lround(kHighHz * kFft / kSampleRate)) - firstBin(); }

std::vector<float> FullbandFrontEnd::features(const float* x44k, size_t n) const {
    const std::vector<double> power = longTermSpectrum(fullbandStft(), x44k, n);
    const int first = firstBin(), count = binCount();
    // dB over the band plus the envelope's margin on each side.
    const int from = first - kEnvelopeHalfWidth, to = first + count + kEnvelopeHalfWidth;
    std::vector<float> db(static_cast<size_t>(to - from));
    for (int k = from; k < to; ++k) db[size_t(k - from)] = float(10.0 * std::log10(power[size_t(k)] + 1e-12));
    std::vector<float> out(static_cast<size_t>(count));
    std::vector<float> neighbourhood(size_t(2 * kEnvelopeHalfWidth + 1));
    for (int i = 0; i < count; ++i) {
        // Running median: the smooth envelope under narrow lines, which a mean
        // would let the lines themselves pull up.
        std::copy_n(db.begin() + i, neighbourhood.size(), neighbourhood.begin());
        auto middle = neighbourhood.begin() + kEnvelopeHalfWidth;
        std::nth_element(neighbourhood.begin(), middle, neighbourhood.end());
        const float residual = db[size_t(i + kEnvelopeHalfWidth)] - *middle;
        out[size_t(i)] = std::clamp(residual, -10.f, 40.f) / 10.f;
    }
    return out;
}

double estimateBandwidthHz(const float* x, size_t n, int sampleRate) {
    static const Stft stft(StftConfig{4096, 2048, false, Spectrum::Power});
    if (n == 0 || sampleRate <= 0) return 0;
    const std::vector<double> power = longTermSpectrum(stft, x, n);
    const double peak = *std::max_element(power.begin(), power.end());
    if (!(peak > 0)) return 0;
    const double floor = peak * 1e-6;  // -60 dB
    for (size_t k = power.size(); k-- > 0;)
        if (power[k] >= floor) return double(k) * sampleRate / 4096.0;
    return 0;
}

}  // namespace humanear::dsp
