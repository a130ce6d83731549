#pragma once
// Group DRO's weights (Sagawa et al., "Distributionally Robust Neural Networks for
// Group Shifts", ICLR 2020): one weight per group of training examples (here a class
// and a source), raised after each batch by exp(step x the group's loss in it). The
// training loss is the weighted mean of the groups' losses, so the model keeps
// working on the sources it does worst on instead of on the average: a
// leave-sources-out fold scores what it does on a source it never saw.
#include <string>
#include <utility>
#include <vector>

namespace humanear {

class GroupDro {
public:
    // Uniform weights over `groups` groups.
    GroupDro(int groups, double step);

    // One batch's mean loss per group present in it (group index, loss): multiplies
    // those groups' weights by exp(step x loss) and renormalises all to sum to 1.
    // Returns each present group's share of the batch's loss: its weight over the
    // present groups' total, in the order given.
    std::vector<double> update(const std::vector<std::pair<int, double>>& batchLosses);

    const std::vector<double>& weights() const { return weights_; }
    // The indices of the `count` heaviest groups, heaviest first.
    std::vector<int> heaviest(int count) const;
    // "w0 w1 ..." (for a checkpoint) and back; false when the text does not hold
    // exactly as many positive weights as there are groups.
    std::string toText() const;
    bool fromText(const std::string& text);

private:
    std::vector<double> weights_;
    double step_;
};

}  // namespace humanear
