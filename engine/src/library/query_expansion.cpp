#include "library/query_expansion.h"

#include "similarity/embedding_space.h"

namespace humanear::library {

std::vector<float> expandQuery(const std::vector<float>& query, const std::vector<std::vector<float>>& neighbours) {
    std::vector<float> expanded = query;
    for (const auto& n : neighbours)
        for (size_t d = 0; d < expanded.size() && d < n.size(); ++d) expanded[d] += n[d];
    normaliseInPlace(expanded);
    return expanded;
}

}  // namespace humanear::library
