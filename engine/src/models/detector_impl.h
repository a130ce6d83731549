#pragma once
// Torch side of DetectorModel, shared by the model and the trainer only.
// Including this header costs a LibTorch compile: keep it out of everything else.
#include "models/detector_network.h"

#include <torch/torch.h>

namespace humanear::models {

// conv3x3 + BN + ReLU + maxpool2, the research prototype's block.
struct ConvBlockImpl : torch::nn::Module {
    ConvBlockImpl(int in, int out)
        : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)))),
          bn(register_module("bn", torch::nn::BatchNorm2d(out))) {}
    torch::Tensor forward(torch::Tensor x) {
        return torch::max_pool2d(torch::relu(bn->forward(conv->forward(x))), 2);
    }
    torch::nn::Conv2d conv;
    torch::nn::BatchNorm2d bn;
};
TORCH_MODULE(ConvBlock);

struct SeedCnnImpl : torch::nn::Module {
    SeedCnnImpl()
        : block1(register_module("block1", ConvBlock(1, 32))),
          block2(register_module("block2", ConvBlock(32, 64))),
          block3(register_module("block3", ConvBlock(64, 128))),
          block4(register_module("block4", ConvBlock(128, 256))),
          fc1(register_module("fc1", torch::nn::Linear(256, 128))),
          dropout(register_module("dropout", torch::nn::Dropout(0.5))),
          fc2(register_module("fc2", torch::nn::Linear(128, 1))) {}
    // x: N x 1 x bands x frames -> N logits
    torch::Tensor forward(torch::Tensor x) {
        x = block4->forward(block3->forward(block2->forward(block1->forward(x))));
        x = x.mean({2, 3});  // global average pool
        x = dropout->forward(torch::relu(fc1->forward(x)));
        return fc2->forward(x).squeeze(1);
    }
    ConvBlock block1, block2, block3, block4;
    torch::nn::Linear fc1;
    torch::nn::Dropout dropout;
    torch::nn::Linear fc2;
};
TORCH_MODULE(SeedCnn);

struct DetectorModel::Impl {
    DetectorArchitecture architecture = DetectorArchitecture::SeedCnn;
    torch::Device device{torch::kCPU};
    SeedCnn net{nullptr};
    mutable std::mutex trainMutex;  // eval()/train() mode is module state: guard switches

    torch::nn::Module& module() { return *net; }
    torch::Tensor forward(const torch::Tensor& x) { return net->forward(x); }
};

}  // namespace humanear::models
