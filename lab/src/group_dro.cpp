#include "humanear/lab/group_dro.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace humanear {

GroupDro::GroupDro(int groups, double step) : weights_(size_t(std::max(groups, 0)), groups > 0 ? 1.0 / groups : 0.0), step_(step) {}

std::vector<double> GroupDro::update(const std::vector<std::pair<int, double>>& batchLosses) {
    auto known = [&](int group) { return group >= 0 && size_t(group) < weights_.size(); };
    // In log space: a group that loses for many batches in a row must not overflow.
    std::vector<double> logWeights(weights_.size());
    for (size_t g = 0; g < weights_.size(); ++g) logWeights[g] = std::log(weights_[g]);
    for (const auto& [group, loss] : batchLosses)
        if (known(group)) logWeights[size_t(group)] += step_ * loss;
    double top = -INFINITY;
    for (double l : logWeights) top = std::max(top, l);
    double total = 0;
    for (size_t g = 0; g < weights_.size(); ++g) total += (weights_[g] = std::exp(logWeights[g] - top));
    // A floor keeps every group in play: one that is learnt well can come back.
    constexpr double kFloor = 1e-12;
    for (double& w : weights_) w = std::max(w / total, kFloor);

    std::vector<double> shares;
    double present = 0;
    for (const auto& [group, loss] : batchLosses) present += known(group) ? weights_[size_t(group)] : 0.0;
    for (const auto& [group, loss] : batchLosses)
        shares.push_back(present > 0 && known(group) ? weights_[size_t(group)] / present : 0.0);
    return shares;
}

std::vector<int> GroupDro::heaviest(int count) const {
    std::vector<int> order(weights_.size());
    std::iota(order.begin(), order.end(), 0);
    const size_t kept = std::min(order.size(), size_t(std::max(count, 0)));
    std::partial_sort(order.begin(), order.begin() + long(kept), order.end(),
                      [&](int a, int b) { return weights_[size_t(a)] > weights_[size_t(b)]; });
    order.resize(kept);
    return order;
}

std::string GroupDro::toText() const {
    std::ostringstream out;
    out.precision(17);
    for (size_t g = 0; g < weights_.size(); ++g) out << (g ? " " : "") << weights_[g];
    return out.str();
}

bool GroupDro::fromText(const std::string& text) {
    std::istringstream in(text);
    std::vector<double> read;
    double w;
    while (in >> w) {
        if (!(w > 0) || !std::isfinite(w)) return false;
        read.push_back(w);
    }
    if (read.size() != weights_.size()) return false;
    const double total = std::accumulate(read.begin(), read.end(), 0.0);
    for (double& r : read) r /= total;
    weights_ = read;
    return true;
}

}  // namespace humanear
