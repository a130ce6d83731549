#pragma once
// A linear head for head-only training: one weight per fixed-layer feature, the
// features dropped at random while it trains. Stored in the network's own
// two-layer head form, so the engine reads, merges and runs it unchanged: FC 1
// gets two units with weights (w, -w) and biases (b, -b), FC 2 weights (1, -1),
// and relu(z) - relu(-z) = z. Includes LibTorch: only the trainer and its test
// include this header.
#include "detector/detector_impl.h"

#include <torch/torch.h>

namespace humanear {

struct LinearHeadImpl : torch::nn::Module {
    LinearHeadImpl(int features, double dropoutRate);
    // features: N x F -> N logits
    torch::Tensor forward(const torch::Tensor& features);
    // Writes this head into net's FC 1 and FC 2 (replacing them with the two-unit form).
    void storeIn(models::DetectorNetImpl& net) const;
    // Reads back a head that storeIn wrote (resuming from a checkpoint).
    void loadFrom(const models::DetectorNetImpl& net);

    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear linear{nullptr};
};
TORCH_MODULE(LinearHead);

}  // namespace humanear
