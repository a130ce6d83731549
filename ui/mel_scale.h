#pragma once
// The Slaney mel scale (librosa's default, htk=False): linear below 1 kHz,
// logarithmic above. The detector's 128 bands span 0..8000 Hz, so the
// spectrogram's frequency axis maps band rows to Hz with exactly these formulas.
#include <cmath>

namespace melscale {

constexpr double kMinLogHz = 1000.0;
constexpr double kHzPerMelLinear = 200.0 / 3.0;
constexpr double kMinLogMel = kMinLogHz / kHzPerMelLinear;  // 15
inline double logStep() { return std::log(6.4) / 27.0; }

inline double hzToMel(double hz) {
    if (hz < kMinLogHz) return hz / kHzPerMelLinear;
    return kMinLogMel + std::log(hz / kMinLogHz) / logStep();
}

inline double melToHz(double mel) {
    if (mel < kMinLogMel) return mel * kHzPerMelLinear;
    return kMinLogHz * std::exp(logStep() * (mel - kMinLogMel));
}

// librosa.mel_frequencies(bands + 2, fmin, fmax): band b is centred on point b + 1.
inline double bandCentreHz(int band, int bands, double fmin = 0.0, double fmax = 8000.0) {
    const double lo = hzToMel(fmin), hi = hzToMel(fmax);
    return melToHz(lo + (hi - lo) * (band + 1) / double(bands + 1));
}

// Fractional band index whose centre is at `hz` (inverse of bandCentreHz); may
// fall outside [0, bands - 1] near the edges.
inline double bandForHz(double hz, int bands, double fmin = 0.0, double fmax = 8000.0) {
    const double lo = hzToMel(fmin), hi = hzToMel(fmax);
    return (hzToMel(hz) - lo) / (hi - lo) * (bands + 1) - 1.0;
}

}  // namespace melscale
