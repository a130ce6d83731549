#include "similarity/openl3_embedder.h"

#include "networks/keras_h5.h"
#include "networks/openl3_network.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <new>

namespace humanear::models {

namespace {
const char* const kWhat = "OpenL3 weights file";
}

struct OpenL3Embedder::Impl {
    std::string path;
    int batchSize = 8;
    std::vector<std::string> skipped;
    OpenL3Network network;
    Impl(std::string p, int batch, std::vector<std::string> s, OpenL3Network n)
        : path(std::move(p)), batchSize(batch), skipped(std::move(s)), network(std::move(n)) {}
};

OpenL3Embedder::OpenL3Embedder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OpenL3Embedder::OpenL3Embedder(OpenL3Embedder&&) noexcept = default;
OpenL3Embedder& OpenL3Embedder::operator=(OpenL3Embedder&&) noexcept = default;
OpenL3Embedder::~OpenL3Embedder() = default;

Result<OpenL3Embedder> OpenL3Embedder::load(const std::string& weightsPath, const OpenL3EmbedderOptions& options) {
    if (options.batchSize < 1)
        return makeError(ErrorCode::InvalidArgument,
                         "The OpenL3 batch size must be at least 1, not " + std::to_string(options.batchSize) + ".");
    try {
        // The mel128 and linear models have the very same layer shapes, so only
        // openl3's own file naming (openl3_audio_<repr>_<content>.h5) tells them apart.
        const std::string name = std::filesystem::path(weightsPath).filename().string();
        for (const char* other : {"_mel128_", "_linear_", "openl3_image_"})
            if (name.find(other) != std::string::npos)
                return makeError(ErrorCode::ModelCorrupt,
                                 std::string("The ") + kWhat + " \"" + weightsPath +
                                     "\" is named as another OpenL3 model; HumanEar needs "
                                     "openl3_audio_mel256_music.h5 (256 mel bands).");

        Result<KerasWeightsFile> file = readKerasWeights(weightsPath, kWhat);
        if (!file) return file.error();
        Result<OpenL3Weights> weights = openl3WeightsFromKeras(*file, kWhat);
        if (!weights) return weights.error();
        OpenL3NetworkOptions networkOptions;
        networkOptions.device = options.device;
        networkOptions.foldBatchNorm = options.foldBatchNorm;
        networkOptions.useOneDnn = options.useOneDnn;
        networkOptions.doublePrecision = options.doublePrecision;
        Result<OpenL3Network> network = OpenL3Network::create(*weights, networkOptions);
        if (!network) return network.error();
        return OpenL3Embedder(std::make_unique<Impl>(weightsPath, options.batchSize, weights->skippedLayers,
                                                     std::move(*network)));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal,
                         std::string("Out of memory while loading the ") + kWhat + " \"" + weightsPath + "\".");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("The ") + kWhat + " \"" + weightsPath +
                                                  "\" could not be loaded: " + e.what() + ".");
    }
}

Result<OpenL3Embeddings> OpenL3Embedder::embed(const std::vector<const float*>& patches, bool want512,
                                               bool want6144, const CancelToken* cancel) const {
    if (!impl_) return makeError(ErrorCode::Internal, "The OpenL3 embedder was used after being moved from.");
    OpenL3Embeddings out;
    const std::size_t total = patches.size();
    if (total == 0 || (!want512 && !want6144)) return out;
    for (std::size_t i = 0; i < total; ++i)
        if (!patches[i])
            return makeError(ErrorCode::InvalidArgument,
                             "OpenL3 input patch " + std::to_string(i) + " is missing (null pointer).");
    try {
        std::vector<float> buffer512(want512 ? static_cast<std::size_t>(impl_->batchSize) * kEmbedding512 : 0);
        std::vector<float> buffer6144(want6144 ? static_cast<std::size_t>(impl_->batchSize) * kEmbedding6144 : 0);
        if (want512) out.emb512.reserve(total);
        if (want6144) out.emb6144.reserve(total);
        for (std::size_t start = 0; start < total; start += static_cast<std::size_t>(impl_->batchSize)) {
            if (cancel && cancel->isCancelled())
                return makeError(ErrorCode::Cancelled, "The OpenL3 embedding was cancelled.");
            const std::size_t count = std::min<std::size_t>(impl_->batchSize, total - start);
            const Status status = impl_->network.forward(patches.data() + start, count,
                                                         want512 ? buffer512.data() : nullptr,
                                                         want6144 ? buffer6144.data() : nullptr);
            if (!status) return status.error();
            for (std::size_t i = 0; i < count; ++i) {
                if (want512)
                    out.emb512.emplace_back(buffer512.begin() + static_cast<std::ptrdiff_t>(i * kEmbedding512),
                                            buffer512.begin() + static_cast<std::ptrdiff_t>((i + 1) * kEmbedding512));
                if (want6144)
                    out.emb6144.emplace_back(
                        buffer6144.begin() + static_cast<std::ptrdiff_t>(i * kEmbedding6144),
                        buffer6144.begin() + static_cast<std::ptrdiff_t>((i + 1) * kEmbedding6144));
            }
        }
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal, "Out of memory while storing OpenL3 embeddings.");
    }
    return out;
}

Result<std::vector<std::vector<float>>> OpenL3Embedder::embedPatches(const std::vector<const float*>& patches,
                                                                     const CancelToken* cancel) const {
    Result<OpenL3Embeddings> r = embed(patches, true, false, cancel);
    if (!r) return r.error();
    return std::move(r->emb512);
}

Result<std::vector<std::vector<float>>> OpenL3Embedder::embedPatches6144(const std::vector<const float*>& patches,
                                                                         const CancelToken* cancel) const {
    Result<OpenL3Embeddings> r = embed(patches, false, true, cancel);
    if (!r) return r.error();
    return std::move(r->emb6144);
}

const std::string& OpenL3Embedder::weightsPath() const {
    static const std::string empty;
    return impl_ ? impl_->path : empty;
}

std::string OpenL3Embedder::deviceName() const { return impl_ ? impl_->network.deviceName() : std::string(); }

std::string OpenL3Embedder::kernelName() const { return impl_ ? impl_->network.kernelName() : std::string(); }

int OpenL3Embedder::batchSize() const { return impl_ ? impl_->batchSize : 0; }

const std::vector<std::string>& OpenL3Embedder::skippedLayers() const {
    static const std::vector<std::string> empty;
    return impl_ ? impl_->skipped : empty;
}

}  // namespace humanear::models
