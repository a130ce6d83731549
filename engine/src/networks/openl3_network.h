#pragma once
// The OpenL3 audio network (Cramer et al., ICASSP 2019; marl/openl3 0.4.x),
// input representation "mel256": a 256 (mel bands, lowest first) x 199 (frames)
// dB patch in, 512-d (max over the 32x24 feature map) or 6144-d (8x8 max-pool,
// flattened row, column, channel) embedding out.
//
//   BN(1) -> [conv64 BN relu conv64 BN relu pool2] -> [conv128 ... pool2]
//   -> [conv256 ... pool2] -> conv512 BN relu -> conv512 ("audio_embedding_layer")
//   conv 3x3, stride 1, zero padding 1, bias; BN eps 1e-3 (inference form);
//   pool 2x2/2 floors odd sizes: 256x199 -> 128x99 -> 64x49 -> 32x24.
//
// LibTorch stays in openl3_network.cpp: this header is torch-free.
#include "humanear/result.h"

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace humanear::models {

struct KerasWeightsFile;

struct OpenL3BatchNorm {
    std::string layer;
    std::vector<float> gamma, beta, movingMean, movingVariance;
};

struct OpenL3Conv {
    std::string layer;
    int inChannels = 0;
    int outChannels = 0;
    std::vector<float> kernel;  // Keras order (3, 3, in, out)
    std::vector<float> bias;
};

struct OpenL3Weights {
    std::array<OpenL3BatchNorm, 8> batchNorms;  // [0] normalises the input patch
    std::array<OpenL3Conv, 8> convs;            // [7] is audio_embedding_layer
    std::vector<std::string> skippedLayers;     // layers with weights that are not part of the CNN
};

// Picks the 8 BatchNormalization and 8 Conv2D layers out of a Keras weights file in
// file order (what tf.keras' load_weights does) and checks their shapes. A layer
// whose weights look like neither (a kapre spectrogram layer in old files) is skipped.
// `what` names the file in error messages ("OpenL3 weights file").
Result<OpenL3Weights> openl3WeightsFromKeras(const KerasWeightsFile& file,
                                             const std::string& what = "OpenL3 weights file");

struct OpenL3NetworkOptions {
    // "cpu", "cuda", "cuda:0"... (torch::Device syntax). On Ampere and newer GPUs,
    // LibTorch's process-wide TF32 switch for cuDNN (on by default) rounds the
    // convolutions to ~1e-3; this class leaves that global setting alone.
    std::string device = "cpu";
    // Folds each BN that follows a convolution into that convolution's weights
    // (exact up to float rounding; the input BN is kept, since zero padding follows it).
    bool foldBatchNorm = true;
    // CPU only: keep the activations in oneDNN's blocked layout between layers
    // (no layout conversions around each convolution; about 1.4x faster than plain
    // NCHW here, and as accurate). Needs LibTorch with MKLDNN and foldBatchNorm;
    // otherwise, and on CUDA, the network runs in plain NCHW.
    bool useOneDnn = true;
    // Computes in float64 instead of float32 (CPU only; several times slower). For
    // checking float32 rounding against a reference, not for production.
    bool doublePrecision = false;
};

class OpenL3Network {
public:
    static constexpr int kMelBands = 256;
    static constexpr int kFrames = 199;
    static constexpr int kPatchValues = kMelBands * kFrames;
    static constexpr int kEmbedding512 = 512;
    static constexpr int kEmbedding6144 = 6144;

    // Copies the weights to the device. Fails (InvalidArgument) when the device
    // does not exist in this LibTorch build.
    static Result<OpenL3Network> create(const OpenL3Weights& weights, const OpenL3NetworkOptions& options = {});

    OpenL3Network(OpenL3Network&&) noexcept;
    OpenL3Network& operator=(OpenL3Network&&) noexcept;
    ~OpenL3Network();

    // Runs `count` patches in one batch. Each patch holds kPatchValues floats,
    // frequency-major (patch[band * kFrames + frame]). Writes count x 512 floats
    // to emb512 and/or count x 6144 floats to emb6144; either may be null.
    // Safe to call from several threads at once (the weights are read-only).
    Status forward(const float* const* patches, std::size_t count, float* emb512, float* emb6144) const;

    std::string deviceName() const;
    // "onednn-blocked", "nchw" or "nchw-float64": the kernels forward() uses.
    std::string kernelName() const;

private:
    struct Impl;
    explicit OpenL3Network(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::models
