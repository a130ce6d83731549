// humanear::mixupBatch: blend a training batch with a permutation of itself.
#include "mixup.h"

#include <numeric>
#include <vector>

namespace humanear {

void mixupBatch(torch::Tensor& x, torch::Tensor& y, torch::Tensor& w, double alpha, std::mt19937& rng) {
    const long n = x.size(0);
    std::vector<long> partner(static_cast<size_t>(n));
    std::iota(partner.begin(), partner.end(), 0L);
    std::shuffle(partner.begin(), partner.end(), rng);
    // Beta(alpha, alpha) as a ratio of two Gamma(alpha) draws: the standard library has no Beta.
    std::gamma_distribution<double> gamma(alpha, 1.0);
    torch::Tensor lambda = torch::empty({n});
    for (long i = 0; i < n; ++i) {
        const double a = gamma(rng), b = gamma(rng);
        lambda.data_ptr<float>()[i] = float(a + b > 0 ? a / (a + b) : 0.5);
    }
    const torch::Tensor p = torch::tensor(partner, torch::kLong);
    std::vector<long> shape(static_cast<size_t>(x.dim()), 1L);
    shape[0] = n;
    const torch::Tensor l = lambda.view(shape);
    x = l * x + (1 - l) * x.index_select(0, p);
    y = lambda * y + (1 - lambda) * y.index_select(0, p);
    if (w.defined()) w = lambda * w + (1 - lambda) * w.index_select(0, p);
}

}  // namespace humanear
