#pragma once
// Mixup (Zhang et al., 2018) for the detector's training batches, apart from the
// training loop so that the blend itself can be checked. Includes LibTorch: only
// the trainer and its test include this header.
#include <torch/torch.h>

#include <random>

namespace humanear {

// Blends every example of a batch with a partner from the same batch (a random
// permutation drawn from `rng`) by a share lambda ~ Beta(alpha, alpha), also drawn
// from `rng`: x[i] = lambda_i x[i] + (1 - lambda_i) x[p(i)], and the labels `y` and
// loss weights `w` (when defined) alike. `x` has the batch on its first dimension.
// Deterministic for a generator state; alpha must be > 0.
void mixupBatch(torch::Tensor& x, torch::Tensor& y, torch::Tensor& w, double alpha, std::mt19937& rng);

}  // namespace humanear
