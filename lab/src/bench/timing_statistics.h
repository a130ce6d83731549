#pragma once
// Summaries of repeated timings, shared by the benchmark's sections.
#include <algorithm>
#include <vector>

namespace humanear::bench {

// The middle value (mean of the two middle ones for an even count); 0 when empty.
inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

}  // namespace humanear::bench
