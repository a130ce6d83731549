#include "synthetic_decoder.h"

#include "audio/resampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace humanear::models {

SyntheticDecoderSpec randomDecoderSpec(std::mt19937& rng) {
    static const int kRates[] = {24000, 32000, 44100, 48000};
    static const int kStrides[] = {2, 2, 3, 4, 4, 5, 6, 8};
    std::uniform_int_distribution<int> pickRate(0, 3), pickStride(0, 7), pickStages(1, 4);
    std::uniform_real_distribution<double> level(-70.0, -35.0);
    SyntheticDecoderSpec spec;
    spec.nativeRate = kRates[pickRate(rng)];
    // The last stage runs at the output rate; each earlier one repeats with the
    // product of the strides after it.
    int period = 1;
    const int stages = pickStages(rng);
    for (int s = 0; s < stages || spec.nativeRate / period > 7500; ++s) {
        // More stages until the finest line spacing falls inside the member's band
        // (1-15 kHz): a copy labelled AI whose lines all lie above it would teach noise.
        period *= kStrides[pickStride(rng)];
        spec.periods.push_back(period);
        spec.levelsDb.push_back(level(rng));
    }
    return spec;
}

std::vector<float> passThroughDecoder(const std::vector<float>& x, int rate, const SyntheticDecoderSpec& spec,
                                      std::mt19937& rng) {
    if (x.empty()) return x;
    auto native = audio::Resampler::resample(x, rate, spec.nativeRate);
    if (!native || native->empty()) return x;
    std::vector<float>& y = *native;
    double power = 0;
    for (float v : y) power += double(v) * v;
    const double rms = std::sqrt(power / double(y.size()));
    if (!(rms > 0)) return x;
    std::normal_distribution<float> normal(0.f, 1.f);
    const std::vector<float> dry = y;
    for (size_t s = 0; s < spec.periods.size(); ++s) {
        const int period = spec.periods[s];
        // levelsDb is each line's level: the pattern's power is shared by its
        // harmonics (up to 64 of them counted), so a long period is not drowned.
        const double harmonics = std::min(64.0, period / 2.0);
        const float level = float(rms * std::pow(10.0, spec.levelsDb[s] / 20.0) * std::sqrt(harmonics));
        std::vector<float> gain(static_cast<size_t>(period)), bias(static_cast<size_t>(period));
        float gainMean = 0, biasMean = 0;
        for (int p = 0; p < period; ++p) {
            gain[size_t(p)] = normal(rng);
            bias[size_t(p)] = normal(rng);
            gainMean += gain[size_t(p)] / float(period);
            biasMean += bias[size_t(p)] / float(period);
        }
        // Zero-mean patterns: what differs between phases, not an overall gain or
        // offset; the bias pattern scaled to unit power.
        double biasPower = 0;
        for (int p = 0; p < period; ++p) {
            gain[size_t(p)] -= gainMean;
            bias[size_t(p)] -= biasMean;
            biasPower += double(bias[size_t(p)]) * bias[size_t(p)] / period;
        }
        for (float& b : bias) b /= float(std::sqrt(std::max(biasPower, 1e-12)));
        const float gainScale = float(std::pow(10.0, spec.levelsDb[s] / 20.0));
        for (size_t n = 0; n < y.size(); ++n) {
            const size_t phase = n % size_t(period);
            // The bias term does not depend on the input: lines even in quiet passages,
            // as a transposed convolution's bias and DC response give.
            y[n] += gainScale * gain[phase] * dry[n] + level * bias[phase];
        }
    }
    auto back = audio::Resampler::resample(y, spec.nativeRate, rate);
    if (!back || back->empty()) return x;
    back->resize(x.size(), 0.f);
    return std::move(*back);
}

}  // namespace humanear::models
