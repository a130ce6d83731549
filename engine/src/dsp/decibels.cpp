#include "dsp/decibels.h"

#include <algorithm>
#include <cmath>

namespace humanear::dsp {

namespace {
void toDb(Matrix& m, double factor, const DecibelOptions& options) {
    if (m.data.empty()) return;
    double peak = 0.0;
    for (float v : m.data) peak = std::max(peak, double(v));
    const double ref = factor * std::log10(std::max(peak, options.amin));
    double top = -1e300;
    for (float& v : m.data) {
        const double db = factor * std::log10(std::max(double(v), options.amin)) - ref;
        v = static_cast<float>(db);
        top = std::max(top, db);
    }
    if (options.topDb >= 0) {
        const float floor = static_cast<float>(top - options.topDb);
        for (float& v : m.data) v = std::max(v, floor);
    }
}
}  // namespace

void powerToDb(Matrix& power, const DecibelOptions& options) { toDb(power, 10.0, options); }
void amplitudeToDb(Matrix& amplitude, const DecibelOptions& options) { toDb(amplitude, 20.0, options); }

void standardise(Matrix& m) {
    if (m.data.empty()) return;
    double sum = 0.0;
    for (float v : m.data) sum += v;
    const double mean = sum / double(m.data.size());
    double sq = 0.0;
    for (float v : m.data) sq += (v - mean) * (v - mean);
    double sd = std::sqrt(sq / double(m.data.size()));
    if (sd < 1e-10) sd = 1.0;
    for (float& v : m.data) v = static_cast<float>((v - mean) / sd);
}

}  // namespace humanear::dsp
