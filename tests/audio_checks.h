#pragma once
// Shared checks for the audio tests: what a decoded tone should look like.
#include <cmath>
#include <cstddef>
#include <vector>

// Dominant frequency from zero crossings over the middle of the clip (robust for a pure tone).
inline double zeroCrossingFrequency(const std::vector<float>& x, int sampleRate) {
    if (x.size() < 4) return 0;
    const size_t from = x.size() / 4, to = x.size() * 3 / 4;
    int crossings = 0;
    for (size_t i = from + 1; i < to; ++i)
        if ((x[i - 1] < 0) != (x[i] < 0)) ++crossings;
    return crossings / 2.0 / (double(to - from) / sampleRate);
}

inline double rms(const std::vector<float>& x, size_t from = 0, size_t to = 0) {
    if (to == 0 || to > x.size()) to = x.size();
    double sum = 0;
    for (size_t i = from; i < to; ++i) sum += double(x[i]) * x[i];
    return to > from ? std::sqrt(sum / double(to - from)) : 0.0;
}
