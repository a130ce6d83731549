#pragma once
// Average query expansion (Chum et al., 2007): before the final search the
// query is moved to the mean of itself and its few nearest library tracks.
// Tracks of the query's own soundtrack or album gather around that mean more
// tightly than around any one track, so they rank higher (docs/recommendations.md,
// "Average query expansion", for what it gains on the demo library).
#include <vector>

namespace humanear::library {

// normalise(query + sum of neighbours); all vectors unit length. With no
// neighbours, the query itself.
std::vector<float> expandQuery(const std::vector<float>& query, const std::vector<std::vector<float>>& neighbours);

}  // namespace humanear::library
