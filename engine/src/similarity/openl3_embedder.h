#pragma once
// OpenL3 (mel256, music) embeddings for batches of dB patches.
//
// Loads the official Keras weights file openl3_audio_mel256_music.h5 (see
// models/openl3.md and models/fetch_openl3.sh), keeps the network on one device
// and turns 256 x 199 dB patches (the "kapre04" front end's output: mel bands
// lowest first, frequency-major, values in [-80, 0]) into 512-d and/or 6144-d
// embeddings, not normalised, exactly as openl3 0.4.x computes them.
//
// Torch-free header; no LibTorch or HDF5 type or exception crosses this API.
// The engine sets LibTorch's thread count per worker; this class never does.
#include "humanear/cancel.h"
#include "humanear/result.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace humanear::models {

struct OpenL3EmbedderOptions {
    // "cpu", "cuda", "cuda:0"... (models::ComputeDevice::name fits).
    std::string device = "cpu";
    // Patches per forward pass. Activations take about 40 MB per patch at the widest layer.
    int batchSize = 8;
    // See OpenL3NetworkOptions: folding BN into the convolutions is exact up to float rounding.
    bool foldBatchNorm = true;
    // See OpenL3NetworkOptions: oneDNN's blocked layout between layers on the CPU.
    bool useOneDnn = true;
    // float64 on the CPU, for checking rounding only.
    bool doublePrecision = false;
};

struct OpenL3Embeddings {
    std::vector<std::vector<float>> emb512;   // one 512-d vector per patch (empty unless asked for)
    std::vector<std::vector<float>> emb6144;  // one 6144-d vector per patch (empty unless asked for)
};

class OpenL3Embedder {
public:
    static constexpr int kMelBands = 256;
    static constexpr int kFrames = 199;
    static constexpr int kPatchValues = kMelBands * kFrames;  // floats per patch
    static constexpr int kEmbedding512 = 512;
    static constexpr int kEmbedding6144 = 6144;

    // Reads and checks the weights file and prepares the network on options.device.
    // Errors: FileNotFound, PermissionDenied, ModelCorrupt (not HDF5, not a Keras
    // weights file, a layer missing, wrong shapes, or a mel128/linear/image model),
    // InvalidArgument (bad device or batch size). Messages name the file.
    static Result<OpenL3Embedder> load(const std::string& weightsPath, const OpenL3EmbedderOptions& options = {});

    OpenL3Embedder(OpenL3Embedder&&) noexcept;
    OpenL3Embedder& operator=(OpenL3Embedder&&) noexcept;
    ~OpenL3Embedder();

    // 512-d embedding per patch; each pointer addresses kPatchValues floats,
    // patch[band * kFrames + frame]. Splits the input into batches of batchSize;
    // checks `cancel` between batches. Thread-safe: several workers may share one embedder.
    Result<std::vector<std::vector<float>>> embedPatches(const std::vector<const float*>& patches,
                                                         const CancelToken* cancel = nullptr) const;
    // 6144-d embedding per patch (8x8 max-pool of the 32x24x512 map, row, column, channel order).
    Result<std::vector<std::vector<float>>> embedPatches6144(const std::vector<const float*>& patches,
                                                             const CancelToken* cancel = nullptr) const;
    // Both sizes from one forward pass; either may be switched off.
    Result<OpenL3Embeddings> embed(const std::vector<const float*>& patches, bool want512, bool want6144,
                                   const CancelToken* cancel = nullptr) const;

    const std::string& weightsPath() const;
    std::string deviceName() const;
    // "onednn-blocked", "nchw" or "nchw-float64".
    std::string kernelName() const;
    int batchSize() const;
    // Layers with weights that were not used (kapre layers in openl3 0.1/0.2 files).
    const std::vector<std::string>& skippedLayers() const;

private:
    struct Impl;
    explicit OpenL3Embedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::models
