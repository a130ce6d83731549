#include "networks/openl3_network.h"

#include "models/compute_device.h"
#include "networks/keras_h5.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstring>
#include <new>
#include <sstream>

namespace humanear::models {

namespace {

constexpr double kBatchNormEpsilon = 1e-3;  // Keras BatchNormalization default
constexpr int kChannels[9] = {1, 64, 64, 128, 128, 256, 256, 512, 512};

std::string shapeText(const std::vector<int64_t>& shape) {
    std::ostringstream s;
    s << '(';
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << (shape.size() == 1 ? ",)" : ")");
    return s.str();
}

bool allFinite(const std::vector<float>& values) {
    for (float v : values)
        if (!std::isfinite(v)) return false;
    return true;
}

// The first line of a LibTorch error, without its C++ backtrace.
std::string torchMessage(const c10::Error& e) {
    std::string m = e.what_without_backtrace();
    const auto newline = m.find('\n');
    if (newline != std::string::npos) m.resize(newline);
    return m;
}

}  // namespace

Result<OpenL3Weights> openl3WeightsFromKeras(const KerasWeightsFile& file, const std::string& what) {
    const std::string prefix = "The " + what + " \"" + file.path + "\" ";
    auto corrupt = [&](const std::string& detail) { return makeError(ErrorCode::ModelCorrupt, prefix + detail); };

    // Pass 1: classify the layers that own weights, in file order.
    OpenL3Weights out;
    std::vector<const KerasLayer*> convLayers, bnLayers;
    for (const KerasLayer& layer : file.layers) {
        const auto& w = layer.weights;
        if (w.empty()) continue;
        if (w.size() == 2 && w[0].shape.size() == 4 && w[1].shape.size() == 1)
            convLayers.push_back(&layer);
        else if (w.size() == 4 && std::all_of(w.begin(), w.end(), [](const KerasWeight& x) { return x.shape.size() == 1; }))
            bnLayers.push_back(&layer);
        else
            out.skippedLayers.push_back(layer.name);
    }
    if (convLayers.size() != 8 || bnLayers.size() != 8)
        return corrupt("does not hold the OpenL3 network (expected 8 convolution and 8 batch-normalisation "
                       "layers, found " + std::to_string(convLayers.size()) + " and " +
                       std::to_string(bnLayers.size()) + ").");

    // Pass 2: check shapes and copy.
    for (size_t i = 0; i < 8; ++i) {
        const KerasLayer& layer = *convLayers[i];
        const auto& w = layer.weights;
        const std::vector<int64_t> expected{3, 3, kChannels[i], kChannels[i + 1]};
        if (w[0].shape != expected)
            return corrupt("does not hold the OpenL3 network (layer " + layer.name + " has a " +
                           shapeText(w[0].shape) + " kernel where " + shapeText(expected) + " was expected).");
        if (w[1].shape != std::vector<int64_t>{kChannels[i + 1]})
            return corrupt("does not hold the OpenL3 network (layer " + layer.name + " has a " +
                           shapeText(w[1].shape) + " bias where (" + std::to_string(kChannels[i + 1]) +
                           ",) was expected).");
        OpenL3Conv& conv = out.convs[i];
        conv.layer = layer.name;
        conv.inChannels = kChannels[i];
        conv.outChannels = kChannels[i + 1];
        conv.kernel = w[0].data;
        conv.bias = w[1].data;
    }
    for (size_t i = 0; i < 8; ++i) {
        const KerasLayer& layer = *bnLayers[i];
        const auto& w = layer.weights;
        const int64_t c = kChannels[i];
        for (const KerasWeight& weight : w)
            if (weight.shape != std::vector<int64_t>{c})
                return corrupt("does not hold the OpenL3 network (layer " + layer.name + " has " +
                               shapeText(weight.shape) + " weights where (" + std::to_string(c) +
                               ",) was expected).");
        // Keras' positional order (gamma, beta, moving_mean, moving_variance), unless the names say otherwise.
        const char* roles[4] = {"gamma", "beta", "moving_mean", "moving_variance"};
        const std::vector<float>* byRole[4] = {&w[0].data, &w[1].data, &w[2].data, &w[3].data};
        const std::vector<float>* named[4] = {nullptr, nullptr, nullptr, nullptr};
        for (const KerasWeight& weight : w)
            for (int r = 0; r < 4; ++r)
                if (weight.shortName() == roles[r] && !named[r]) named[r] = &weight.data;
        if (std::all_of(std::begin(named), std::end(named), [](const std::vector<float>* p) { return p != nullptr; }))
            std::copy(std::begin(named), std::end(named), std::begin(byRole));
        OpenL3BatchNorm& bn = out.batchNorms[i];
        bn.layer = layer.name;
        bn.gamma = *byRole[0];
        bn.beta = *byRole[1];
        bn.movingMean = *byRole[2];
        bn.movingVariance = *byRole[3];
        for (float v : bn.movingVariance)
            if (!(v >= 0.0f))
                return corrupt("is damaged (layer " + layer.name + " has a negative moving variance).");
    }
    if (out.convs[7].layer != "audio_embedding_layer" && file.findLayer("audio_embedding_layer") == nullptr) {
        // Every openl3 audio file names its last convolution so; a file that does not is something else.
        return corrupt("is not an OpenL3 audio weights file (layer audio_embedding_layer missing).");
    }
    for (const auto& conv : out.convs)
        if (!allFinite(conv.kernel) || !allFinite(conv.bias))
            return corrupt("is damaged (layer " + conv.layer + " holds NaN or infinite weights).");
    for (const auto& bn : out.batchNorms)
        if (!allFinite(bn.gamma) || !allFinite(bn.beta) || !allFinite(bn.movingMean) ||
            !allFinite(bn.movingVariance))
            return corrupt("is damaged (layer " + bn.layer + " holds NaN or infinite weights).");
    return out;
}

struct OpenL3Network::Impl {
    at::Device device{at::kCPU};
    at::ScalarType dtype = at::kFloat;
    bool oneDnn = false;  // activations as MKLDNN tensors between layers
    bool folded = true;
    double inputScale = 1.0;  // input BN as x * scale + shift
    double inputShift = 0.0;
    std::vector<at::Tensor> convWeight;  // (out, in, 3, 3), dense
    std::vector<at::Tensor> convBias;    // (out)
    std::vector<at::Tensor> bnScale;     // (1, C, 1, 1), only when not folded
    std::vector<at::Tensor> bnShift;

    // x: (N, 1, 256, 199) dense on `device` -> (N, 512, 32, 24) dense.
    at::Tensor featureMap(at::Tensor x) const {
        x = x.to(dtype).mul_(inputScale).add_(inputShift);
        if (oneDnn) {
            x = x.to_mkldnn();
            for (size_t i = 0; i < 8; ++i) {
                x = at::mkldnn_convolution(x, convWeight[i], convBias[i], /*padding=*/{1, 1}, /*stride=*/{1, 1},
                                           /*dilation=*/{1, 1}, /*groups=*/1);
                if (i == 7) break;
                x = at::relu_(x);
                if (i == 1 || i == 3 || i == 5) x = at::max_pool2d(x, {2, 2}, {2, 2});  // floors odd sizes
            }
            return x.to_dense();
        }
        for (size_t i = 0; i < 8; ++i) {
            x = at::conv2d(x, convWeight[i], convBias[i], /*stride=*/{1, 1}, /*padding=*/{1, 1});
            if (i == 7) break;
            if (!folded) x = x.mul_(bnScale[i]).add_(bnShift[i]);
            x = x.relu_();
            if (i == 1 || i == 3 || i == 5) x = at::max_pool2d(x, {2, 2}, {2, 2});  // floors odd sizes
        }
        return x;
    }
};

OpenL3Network::OpenL3Network(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OpenL3Network::OpenL3Network(OpenL3Network&&) noexcept = default;
OpenL3Network& OpenL3Network::operator=(OpenL3Network&&) noexcept = default;
OpenL3Network::~OpenL3Network() = default;

std::string OpenL3Network::deviceName() const { return impl_ ? impl_->device.str() : std::string(); }

std::string OpenL3Network::kernelName() const {
    if (!impl_) return {};
    if (impl_->oneDnn) return "onednn-blocked";
    return impl_->dtype == at::kDouble ? "nchw-float64" : "nchw";
}

Result<OpenL3Network> OpenL3Network::create(const OpenL3Weights& weights, const OpenL3NetworkOptions& options) {
    auto impl = std::make_unique<Impl>();
    try {
        auto device = checkDeviceName(options.device, "OpenL3 network");
        if (!device) return device.error();
        impl->device = c10::Device(*device);
        if (options.doublePrecision && !impl->device.is_cpu())
            return makeError(ErrorCode::InvalidArgument, "The OpenL3 network computes in float64 on the CPU only.");
        impl->dtype = options.doublePrecision ? at::kDouble : at::kFloat;
        impl->folded = options.foldBatchNorm;
        impl->oneDnn = options.useOneDnn && options.foldBatchNorm && !options.doublePrecision &&
                       impl->device.is_cpu() && at::hasMKLDNN();

        for (size_t i = 0; i < 8; ++i) {
            const OpenL3BatchNorm& bn = weights.batchNorms[i];
            const auto c = static_cast<size_t>(kChannels[i]);
            if (bn.gamma.size() != c || bn.beta.size() != c || bn.movingMean.size() != c ||
                bn.movingVariance.size() != c)
                return makeError(ErrorCode::InvalidArgument,
                                 "The OpenL3 weights for layer " + bn.layer + " have the wrong size.");
        }

        c10::InferenceMode guard;
        {
            const auto& bn = weights.batchNorms[0];
            const double scale = bn.gamma[0] / std::sqrt(double(bn.movingVariance[0]) + kBatchNormEpsilon);
            impl->inputScale = scale;
            impl->inputShift = bn.beta[0] - bn.movingMean[0] * scale;
        }
        for (size_t i = 0; i < 8; ++i) {
            const OpenL3Conv& conv = weights.convs[i];
            const int64_t in = conv.inChannels, out = conv.outChannels;
            if (in != kChannels[i] || out != kChannels[i + 1] ||
                static_cast<int64_t>(conv.kernel.size()) != 9 * in * out ||
                static_cast<int64_t>(conv.bias.size()) != out)
                return makeError(ErrorCode::InvalidArgument,
                                 "The OpenL3 weights for layer " + conv.layer + " have the wrong size.");
            // Keras (kh, kw, in, out) -> torch (out, in, kh, kw); both cross-correlate.
            at::Tensor w = at::from_blob(const_cast<float*>(conv.kernel.data()), {3, 3, in, out})
                               .to(at::kDouble)
                               .permute({3, 2, 0, 1})
                               .contiguous();
            at::Tensor b = at::from_blob(const_cast<float*>(conv.bias.data()), {out}).to(at::kDouble);
            if (i < 7) {
                const OpenL3BatchNorm& bn = weights.batchNorms[i + 1];
                auto vec = [&](const std::vector<float>& v) {
                    return at::from_blob(const_cast<float*>(v.data()), {out}).to(at::kDouble);
                };
                at::Tensor scale = vec(bn.gamma) / at::sqrt(vec(bn.movingVariance) + kBatchNormEpsilon);
                at::Tensor shift = vec(bn.beta) - vec(bn.movingMean) * scale;
                if (impl->folded) {
                    w = w * scale.view({out, 1, 1, 1});
                    b = b * scale + shift;
                } else {
                    impl->bnScale.push_back(scale.view({1, out, 1, 1}).to(impl->dtype).to(impl->device));
                    impl->bnShift.push_back(shift.view({1, out, 1, 1}).to(impl->dtype).to(impl->device));
                }
            }
            impl->convWeight.push_back(w.to(impl->dtype).contiguous().to(impl->device));
            impl->convBias.push_back(b.to(impl->dtype).contiguous().to(impl->device));
        }
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, "LibTorch could not set up the OpenL3 network on " + options.device +
                                                  ": " + torchMessage(e) + ".");
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal, "Out of memory while setting up the OpenL3 network.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal,
                         std::string("The OpenL3 network could not be set up: ") + e.what() + ".");
    }
    return OpenL3Network(std::move(impl));
}

Status OpenL3Network::forward(const float* const* patches, std::size_t count, float* emb512,
                              float* emb6144) const {
    if (!impl_) return makeError(ErrorCode::Internal, "The OpenL3 network was used after being moved from.");
    if (count == 0) return Status::ok();
    if (!patches) return makeError(ErrorCode::InvalidArgument, "No OpenL3 input patches were given.");
    for (std::size_t i = 0; i < count; ++i)
        if (!patches[i])
            return makeError(ErrorCode::InvalidArgument,
                             "OpenL3 input patch " + std::to_string(i) + " is missing (null pointer).");
    try {
        c10::InferenceMode guard;
        const auto n = static_cast<int64_t>(count);
        auto hostOptions = at::TensorOptions().dtype(at::kFloat);
        if (impl_->device.is_cuda()) hostOptions = hostOptions.pinned_memory(true);
        at::Tensor input = at::empty({n, 1, kMelBands, kFrames}, hostOptions);
        float* dst = input.data_ptr<float>();
        for (std::size_t i = 0; i < count; ++i)
            std::memcpy(dst + i * kPatchValues, patches[i], sizeof(float) * kPatchValues);
        if (!impl_->device.is_cpu()) input = input.to(impl_->device, /*non_blocking=*/true);

        const at::Tensor fmap = impl_->featureMap(input);
        if (fmap.size(2) != 32 || fmap.size(3) != 24)
            return makeError(ErrorCode::Internal, "The OpenL3 feature map has an unexpected shape.");
        if (emb512) {
            const at::Tensor e = fmap.amax({2, 3}).to(at::kCPU, at::kFloat).contiguous();  // (N, 512)
            std::memcpy(emb512, e.data_ptr<float>(), sizeof(float) * count * kEmbedding512);
        }
        if (emb6144) {
            // Keras MaxPooling2D((8, 8), 'same') on 32x24 is exact: 4x3 cells, flattened (row, col, channel).
            const at::Tensor e = at::max_pool2d(fmap, {8, 8}, {8, 8})  // (N, 512, 4, 3)
                                     .permute({0, 2, 3, 1})
                                     .to(at::kCPU, at::kFloat)
                                     .contiguous()
                                     .reshape({n, kEmbedding6144});
            std::memcpy(emb6144, e.data_ptr<float>(), sizeof(float) * count * kEmbedding6144);
        }
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, "LibTorch failed while running the OpenL3 network on " +
                                                  impl_->device.str() + ": " + torchMessage(e) + ".");
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal, "Out of memory while running the OpenL3 network on " +
                                                  std::to_string(count) + " patches; use a smaller batch.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal,
                         std::string("The OpenL3 network failed: ") + e.what() + ".");
    }
    return Status::ok();
}

}  // namespace humanear::models
