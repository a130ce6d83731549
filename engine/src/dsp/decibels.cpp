#include "dsp/decibels.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace humanear::dsp {

namespace {

float maxOf(const std::vector<float>& values) {
    // Eight running maxima in a fixed block: vectorised at -O2, unlike one chain.
    const float* d = values.data();
    const size_t n = values.size();
    float acc[8];
    std::fill(acc, acc + 8, d[0]);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) acc[j] = std::max(acc[j], d[i + j]);
    float peak = *std::max_element(acc, acc + 8);
    for (; i < n; ++i) peak = std::max(peak, d[i]);
    return peak;
}

// factor * log10(x) as factor/ln(10) * logf(x): glibc's logf is several times
// faster than log10 in double, and its error (< 1 ulp) is ~1e-5 dB at most.
void toDb(Matrix& m, double factor, double defaultAmin, const DecibelOptions& options) {
    if (m.data.empty()) return;
    const double amin = options.amin < 0 ? defaultAmin : options.amin;
    // An amin below the smallest normal float would let log reach -inf.
    const float aminF = std::max(static_cast<float>(amin), FLT_MIN);
    const float scale = static_cast<float>(factor / std::log(10.0));
    const float peak = maxOf(m.data);
    const float peakDb = scale * std::log(std::max(peak, aminF));
    // With ref = max the very same expression makes the peak exactly 0 dB.
    const float offset = options.ref == DbReference::Max
                             ? peakDb
                             : static_cast<float>(factor * std::log10(std::max(options.refValue, amin)));
    // The log is monotonic, so the largest result is the peak's: the floor is known up front.
    const float floor = options.topDb >= 0 ? static_cast<float>(double(peakDb - offset) - options.topDb) : -FLT_MAX;
    for (float& v : m.data) v = std::max(scale * std::log(std::max(v, aminF)) - offset, floor);
}

}  // namespace

void powerToDb(Matrix& power, const DecibelOptions& options) { toDb(power, 10.0, 1e-10, options); }
void amplitudeToDb(Matrix& amplitude, const DecibelOptions& options) { toDb(amplitude, 20.0, 1e-5, options); }

void standardise(Matrix& m) {
    if (m.data.empty()) return;
    double sum = 0.0;
    for (float v : m.data) sum += v;
    const double mean = sum / double(m.data.size());
    double sq = 0.0;
    for (float v : m.data) sq += (v - mean) * (v - mean);
    double sd = std::sqrt(sq / double(m.data.size()));
    if (sd < 1e-10) sd = 1.0;
    const double inv = 1.0 / sd;
    for (float& v : m.data) v = static_cast<float>((v - mean) * inv);
}

}  // namespace humanear::dsp
