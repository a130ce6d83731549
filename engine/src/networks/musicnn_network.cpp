#include "networks/musicnn_network.h"

#include "dsp/musicnn_front_end.h"
#include "models/compute_device.h"
#include "networks/keras_h5.h"
#include "models/model_registry.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <cstring>
#include <filesystem>
#include <map>

namespace humanear::models {

namespace {

constexpr double kBatchNormEpsilon = 1e-3;  // tf.compat.v1.layers.batch_normalization's default
constexpr const char* kWhat = "musicnn weights file";

struct BatchNorm {
    at::Tensor scale, shift;  // folded inference form: x * scale + shift
    at::Tensor operator()(const at::Tensor& x, int64_t channelDim) const {
        std::vector<int64_t> shape(size_t(x.dim()), 1);
        shape[size_t(channelDim)] = scale.size(0);
        return x * scale.view(shape) + shift.view(shape);
    }
};

// The front end's max over frequency of batchNorm(relu(y)), y [B, C, T, F] -> [B, C, T],
// without the full-size ReLU and batch-norm passes: both are monotonic per channel, so
// the maximum lands where y is largest when the channel's scale is positive and where
// it is smallest when it is negative (most of musicnn's front-end scales are), and
// ReLU and the scale apply to that one value. The convolution of a channel with a
// negative scale is run with its kernel and bias negated (FrontEndConv), so one amax
// finds both kinds: its minimum is minus the maximum of the negated map, exactly
// (negation is exact in floating point). Measured: about 5x faster than the
// full-size passes, and the single amax half the time of amax, amin and a select.
struct FrontEndConv {
    at::Tensor kernel, bias;  // sign-folded: each output channel times the sign of its scale
    at::Tensor sign;          // [C] of +1 and -1
    BatchNorm bn;
};

at::Tensor maxOverFrequencyOfNormalisedRelu(const at::Tensor& signFoldedY, const FrontEndConv& conv) {
    const at::Tensor extreme = at::amax(signFoldedY, 3) * conv.sign.view({1, -1, 1});
    return conv.bn(extreme.relu_(), 1);
}

FrontEndConv signFolded(const at::Tensor& kernel, const at::Tensor& bias, const BatchNorm& bn) {
    FrontEndConv conv;
    conv.sign = at::where(bn.scale >= 0, at::ones_like(bn.scale), -at::ones_like(bn.scale));
    conv.kernel = (kernel * conv.sign.view({-1, 1, 1, 1})).contiguous();
    conv.bias = bias * conv.sign;
    conv.bn = bn;
    return conv;
}

}  // namespace

struct MusicnnNetwork::Weights {
    at::Device device{at::kCPU};
    BatchNorm input, mid[3], pooled, dense;
    FrontEndConv timbral[2];  // conv2d [204, 1, 7, w]
    FrontEndConv temporal[3];  // conv2d [51, 1, k, 1]
    at::Tensor midKernel[3], midBias[3];            // conv1d [64, in, 7]
    at::Tensor denseKernel, denseBias, tagKernel, tagBias;  // [out, in]
};

MusicnnNetwork::MusicnnNetwork() : weights_(std::make_unique<Weights>()) {}
MusicnnNetwork::~MusicnnNetwork() = default;

Result<std::shared_ptr<const MusicnnNetwork>> MusicnnNetwork::load(const std::string& weightsPath,
                                                                   const std::string& device) {
    auto target = checkDeviceName(device, "musicnn network");
    if (!target) return target.error();
    auto file = readKerasWeights(weightsPath, kWhat);
    if (!file) return file.error();
    const std::string name = std::filesystem::path(weightsPath).filename().string();
    std::string problem;
    // Every weight is created on the target device, so all that is derived from them
    // (folded BN, permuted kernels) is there too.
    const auto onTarget = at::TensorOptions().dtype(at::kFloat).device(c10::Device(*target));
    auto tensor = [&](const std::string& layer, const std::string& weight,
                      const std::vector<int64_t>& shape) -> at::Tensor {
        const KerasLayer* l = file->findLayer(layer);
        if (l)
            for (const auto& w : l->weights)
                if (w.shortName() == weight) {
                    if (w.shape != shape) break;
                    return at::from_blob(const_cast<float*>(w.data.data()), shape, at::kFloat)
                        .to(onTarget, /*non_blocking=*/false, /*copy=*/true);
                }
        if (problem.empty()) problem = layer + "/" + weight;
        return at::zeros(shape, onTarget);
    };
    auto batchNorm = [&](const std::string& layer, int64_t n) {
        const at::Tensor gamma = tensor(layer, "gamma", {n}), beta = tensor(layer, "beta", {n});
        const at::Tensor mean = tensor(layer, "moving_mean", {n}), var = tensor(layer, "moving_variance", {n});
        BatchNorm bn;
        bn.scale = gamma / at::sqrt(var + kBatchNormEpsilon);
        bn.shift = beta - mean * bn.scale;
        return bn;
    };
    auto conv2d = [&](const std::string& layer, int64_t kh, int64_t kw, int64_t in, int64_t out) {
        // TensorFlow (kh, kw, in, out) -> LibTorch (out, in, kh, kw)
        return tensor(layer, "kernel", {kh, kw, in, out}).permute({3, 2, 0, 1}).contiguous();
    };

    std::shared_ptr<MusicnnNetwork> net(new MusicnnNetwork());
    Weights& w = *net->weights_;
    // Layer names follow the order musicnn's graph creates them in (models.py).
    w.input = batchNorm("batch_normalization", 1);
    const int64_t timbralWidth[2] = {38, 67};
    for (int i = 0; i < 2; ++i) {
        const std::string conv = i == 0 ? "conv2d" : "conv2d_1";
        w.timbral[i] = signFolded(conv2d(conv, 7, timbralWidth[i], 1, 204), tensor(conv, "bias", {204}),
                                  batchNorm("batch_normalization_" + std::to_string(1 + i), 204));
    }
    const int64_t temporalLength[3] = {128, 64, 32};
    for (int i = 0; i < 3; ++i) {
        const std::string conv = "conv2d_" + std::to_string(2 + i);
        w.temporal[i] = signFolded(conv2d(conv, temporalLength[i], 1, 1, 51), tensor(conv, "bias", {51}),
                                   batchNorm("batch_normalization_" + std::to_string(3 + i), 51));
    }
    for (int i = 0; i < 3; ++i) {
        const std::string conv = "conv2d_" + std::to_string(5 + i);
        const int64_t in = i == 0 ? 561 : 64;
        // A (7, in) kernel over a one-channel (time, feature) map is a conv1d over `in` channels.
        w.midKernel[i] = conv2d(conv, 7, in, 1, 64).squeeze(1).permute({0, 2, 1}).contiguous();
        w.midBias[i] = tensor(conv, "bias", {64});
        w.mid[i] = batchNorm("batch_normalization_" + std::to_string(6 + i), 64);
    }
    w.pooled = batchNorm("batch_normalization_9", 1506);
    w.denseKernel = tensor("dense", "kernel", {1506, kPenultimate}).t().contiguous();
    w.denseBias = tensor("dense", "bias", {kPenultimate});
    w.dense = batchNorm("batch_normalization_10", kPenultimate);
    w.tagKernel = tensor("dense_1", "kernel", {kPenultimate, kTags}).t().contiguous();
    w.tagBias = tensor("dense_1", "bias", {kTags});
    if (!problem.empty())
        return makeError(ErrorCode::ModelCorrupt, "The " + std::string(kWhat) + " \"" + name +
                                                      "\" is not musicnn's MSD model (" + problem +
                                                      " is missing or has the wrong shape).");
    w.device = c10::Device(*target);
    return std::shared_ptr<const MusicnnNetwork>(std::move(net));
}

std::string MusicnnNetwork::deviceName() const { return weights_->device.str(); }

Result<std::shared_ptr<const MusicnnNetwork>> MusicnnNetwork::locate(const std::vector<std::string>& searchDirs,
                                                                     const std::string& device) {
    auto manifest = ModelRegistry(searchDirs).locate(kModelName);
    if (!manifest) return manifest.error();
    return load(manifest->weightsPath(), device);
}

MusicnnNetwork::Output MusicnnNetwork::run(const std::vector<dsp::Matrix>& patches) const {
    Output out;
    out.penultimate.reserve(patches.size() * kPenultimate);
    out.logits.reserve(patches.size() * kTags);
    // The front end's feature maps take about 9 MB per patch: on the CPU small batches
    // keep them in reused heap memory instead of fresh pages every call (measured: a
    // third of the time went to the kernel with 12 patches at once). A GPU takes all.
    const size_t kBatch = weights_->device.is_cpu() ? 2 : std::max<size_t>(1, patches.size());
    for (size_t first = 0; first < patches.size(); first += kBatch)
        runBatch(patches.data() + first, std::min(kBatch, patches.size() - first), out);
    return out;
}

void MusicnnNetwork::runBatch(const dsp::Matrix* patches, size_t count, Output& out) const {
    c10::InferenceMode guard;
    const Weights& w = *weights_;
    constexpr int64_t frames = dsp::MusicnnFrontEnd::kPatchFrames, bands = dsp::MusicnnFrontEnd::kBands;
    at::Tensor x = at::empty({int64_t(count), 1, frames, bands}, at::kFloat);
    for (size_t i = 0; i < count; ++i)
        std::memcpy(x[int64_t(i)].data_ptr<float>(), patches[i].data.data(), sizeof(float) * size_t(frames * bands));
    if (!w.device.is_cpu()) x = x.to(w.device);
    x = w.input(x, 1);

    std::vector<at::Tensor> front;  // each [B, C, T]
    const at::Tensor timePadded = at::constant_pad_nd(x, {0, 0, 3, 3});
    for (int i = 0; i < 2; ++i) {
        const FrontEndConv& conv = w.timbral[i];
        front.push_back(maxOverFrequencyOfNormalisedRelu(at::conv2d(timePadded, conv.kernel, conv.bias), conv));
    }
    for (int i = 0; i < 3; ++i) {
        // TensorFlow's 'same' padding puts the odd sample of an even kernel at the end.
        const FrontEndConv& conv = w.temporal[i];
        const int64_t k = conv.kernel.size(2);
        at::Tensor y = at::constant_pad_nd(x, {0, 0, (k - 1) / 2, k / 2});
        front.push_back(maxOverFrequencyOfNormalisedRelu(at::conv2d(y, conv.kernel, conv.bias), conv));
    }
    const at::Tensor frontEnd = at::cat(front, 1);  // [B, 561, T]
    at::Tensor mid1 = w.mid[0](at::relu(at::conv1d(frontEnd, w.midKernel[0], w.midBias[0], 1, 3)), 1);
    at::Tensor mid2 = w.mid[1](at::relu(at::conv1d(mid1, w.midKernel[1], w.midBias[1], 1, 3)), 1) + mid1;
    at::Tensor mid3 = w.mid[2](at::relu(at::conv1d(mid2, w.midKernel[2], w.midBias[2], 1, 3)), 1) + mid2;
    const at::Tensor features = at::cat({frontEnd, mid1, mid2, mid3}, 1);  // [B, 753, T]
    // Flattening TensorFlow's [B, 753, 2] (max, mean) interleaves the two pools.
    at::Tensor pooled = at::stack({std::get<0>(features.max(2)), features.mean(2)}, 2).flatten(1);
    pooled = w.pooled(pooled, 1);
    const at::Tensor onDevice = w.dense(at::relu(at::linear(pooled, w.denseKernel, w.denseBias)), 1);
    const at::Tensor penultimate = onDevice.to(at::kCPU).contiguous();
    const at::Tensor logits = at::linear(onDevice, w.tagKernel, w.tagBias).to(at::kCPU).contiguous();
    out.penultimate.insert(out.penultimate.end(), penultimate.data_ptr<float>(),
                           penultimate.data_ptr<float>() + penultimate.numel());
    out.logits.insert(out.logits.end(), logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

}  // namespace humanear::models
