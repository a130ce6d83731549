#pragma once
// Torch side of DetectorModel, shared by the model and the trainer only.
// Including this header costs a LibTorch compile: keep it out of everything else.
#include "detector/detector_network.h"

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
    // The same function in eval mode, about a third faster on the CPU (docs/performance.md):
    // the batch norm folded into the convolution, channels-last tensors (LibTorch 1.13's
    // max pooling is several times faster on them), and the pool before the ReLU, which
    // is exact because ReLU never reorders values. Folded on each call, so it never goes
    // stale while a trainer changes the weights, and costs a few hundred thousand multiplies.
    torch::Tensor forwardFolded(const torch::Tensor& channelsLast) {
        const torch::Tensor scale = bn->weight / (bn->running_var + bn->options.eps()).sqrt();
        const torch::Tensor folded = conv->weight * scale.view({-1, 1, 1, 1});
        const torch::Tensor bias = (conv->bias - bn->running_mean) * scale + bn->bias;
        if (folded.size(1) == 1 && channelsLast.is_cpu()) {
            // The first block (one input channel, the largest map): oneDNN's kernel for
            // one channel and the reorder of its output took most of the network's
            // time; the unfolded GEMM (thnn) on the plain layout and a 2x2 max over
            // strided views take a fifth of it, with the same values (docs/performance.md).
            const torch::Tensor y = torch::thnn_conv2d(channelsLast.contiguous(), folded.contiguous(), {3, 3}, bias,
                                                       {1, 1}, {1, 1});
            return maxPool2x2(y).relu_().contiguous(torch::MemoryFormat::ChannelsLast);
        }
        const torch::Tensor weight = folded.contiguous(torch::MemoryFormat::ChannelsLast);
        return torch::max_pool2d(torch::conv2d(channelsLast, weight, bias, 1, 1), 2).relu_();
    }
    // max_pool2d(y, 2) as the larger of four strided views (the odd last row or column
    // dropped, as max_pool2d drops it): several times faster on a plain-layout map.
    static torch::Tensor maxPool2x2(const torch::Tensor& y) {
        const int64_t h = y.size(2) / 2 * 2, w = y.size(3) / 2 * 2;
        auto corner = [&](int64_t row, int64_t column) { return y.slice(2, row, h, 2).slice(3, column, w, 2); };
        return torch::maximum(torch::maximum(corner(0, 0), corner(0, 1)), torch::maximum(corner(1, 0), corner(1, 1)));
    }
    torch::nn::Conv2d conv;
    torch::nn::BatchNorm2d bn;
};
TORCH_MODULE(ConvBlock);

// conv1d + BN + ReLU (+ maxpool2): the full-band member's block. Dilation widens
// the view of the last blocks so that a train of lines (a comb) is seen as one.
struct LineBlockImpl : torch::nn::Module {
    LineBlockImpl(int in, int out, int kernel, int dilation, bool pool)
        : conv(register_module("conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, kernel)
                                                              .padding(dilation * (kernel / 2))
                                                              .dilation(dilation)))),
          bn(register_module("bn", torch::nn::BatchNorm1d(out))),
          pool(pool) {}
    torch::Tensor forward(torch::Tensor x) {
        x = torch::relu(bn->forward(conv->forward(x)));
        return pool ? torch::max_pool1d(x, 2) : x;
    }
    torch::nn::Conv1d conv;
    torch::nn::BatchNorm1d bn;
    bool pool;
};
TORCH_MODULE(LineBlock);

// Both log-mel detector networks: four conv blocks, then a head.
//  seed-cnn:     32/64/128/256 channels, global average pool, FC 128, dropout 0.5, FC 1 (the prototype).
//  windowed-cnn: 24/48/96/192 channels; pools over time only and keeps the 8 frequency rows
//                (mean and max), because generator artefacts sit at fixed frequencies.
struct DetectorNetImpl : torch::nn::Module {
    // headUnits: the width of FC 128. Wider only in a member whose head is several
    // heads merged side by side (lab/detector_head_merge), which score as their mean.
    explicit DetectorNetImpl(DetectorArchitecture architecture, int headUnits = 128)
        : windowed(architecture == DetectorArchitecture::WindowedCnn),
          fullband(architecture == DetectorArchitecture::FullbandCnn) {
        if (fullband) {
            // Lines are one or two bins wide: small kernels first, then dilated
            // ones spanning a few hundred Hz; max and mean over all positions, so a
            // line counts wherever it sits (each decoder puts them elsewhere).
            line1 = register_module("line1", LineBlock(1, 16, 5, 1, true));
            line2 = register_module("line2", LineBlock(16, 32, 5, 1, true));
            line3 = register_module("line3", LineBlock(32, 48, 5, 2, true));
            line4 = register_module("line4", LineBlock(48, 64, 5, 4, false));
            fc1 = register_module("fc1", torch::nn::Linear(64 * 2, 64));
            dropout = register_module("dropout", torch::nn::Dropout(0.3));
            fc2 = register_module("fc2", torch::nn::Linear(64, 1));
            return;
        }
        const int c[4] = {windowed ? 24 : 32, windowed ? 48 : 64, windowed ? 96 : 128, windowed ? 192 : 256};
        block1 = register_module("block1", ConvBlock(1, c[0]));
        block2 = register_module("block2", ConvBlock(c[0], c[1]));
        block3 = register_module("block3", ConvBlock(c[1], c[2]));
        block4 = register_module("block4", ConvBlock(c[2], c[3]));
        const int features = windowed ? c[3] * kFrequencyRows * 2 : c[3];
        fc1 = register_module("fc1", torch::nn::Linear(features, headUnits));
        dropout = register_module("dropout", torch::nn::Dropout(0.5));
        fc2 = register_module("fc2", torch::nn::Linear(headUnits, 1));
    }
    // x: N x 1 x 128 x frames (full band: N x 1 x 1 x bins) -> N logits
    torch::Tensor forward(torch::Tensor x) {
        if (fullband) {
            x = x.flatten(1, 2);  // N x 1 x bins
            x = line4->forward(line3->forward(line2->forward(line1->forward(x))));
            x = torch::cat({std::get<0>(x.max(2)), x.mean(2)}, 1);
            x = dropout->forward(torch::relu(fc1->forward(x)));
            return fc2->forward(x).squeeze(1);
        }
        return head(embed(x));
    }
    // forward() in eval mode, faster: for inference only (no gradients, running statistics).
    torch::Tensor forwardForInference(torch::Tensor x) {
        if (fullband) return forward(x);
        x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        for (ConvBlock* block : {&block1, &block2, &block3, &block4}) x = (*block)->forwardFolded(x);
        return head(pool(x.contiguous()));
    }
    // The log-mel networks split in two: the convolutional features (N x 3072 for
    // windowed-cnn, N x 256 for seed-cnn) and the head that scores them, so a head
    // can be trained again on fixed features (DetectorTrainingSettings::headOnly).
    torch::Tensor embed(torch::Tensor x) {
        return pool(block4->forward(block3->forward(block2->forward(block1->forward(x)))));
    }
    // The last block's maps to one feature vector per window.
    torch::Tensor pool(const torch::Tensor& x) {
        if (windowed) return torch::cat({x.mean(3), std::get<0>(x.max(3))}, 1).flatten(1);  // N x (C*8*2)
        return x.mean({2, 3});  // global average pool
    }
    torch::Tensor head(torch::Tensor features) {
        features = dropout->forward(torch::relu(fc1->forward(features)));
        return fc2->forward(features).squeeze(1);
    }
    static constexpr int kFrequencyRows = 8;  // 128 bands after four 2x poolings
    bool windowed;
    bool fullband;
    LineBlock line1{nullptr}, line2{nullptr}, line3{nullptr}, line4{nullptr};
    ConvBlock block1{nullptr}, block2{nullptr}, block3{nullptr}, block4{nullptr};
    torch::nn::Linear fc1{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear fc2{nullptr};
};
TORCH_MODULE(DetectorNet);

struct DetectorModel::Impl {
    DetectorArchitecture architecture = DetectorArchitecture::SeedCnn;
    torch::Device device{torch::kCPU};
    DetectorNet net{nullptr};
    mutable std::mutex trainMutex;  // eval()/train() mode is module state: guard switches

    torch::nn::Module& module() { return *net; }
    torch::Tensor forward(const torch::Tensor& x) { return net->forward(x); }
};

}  // namespace humanear::models
