#pragma once
// The AI-music detector networks. Torch-free header: the modules live in the .cpp
// and are reached through DetectorModel, which owns weights on one device.
#include "humanear/cancel.h"
#include "humanear/result.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::models {

enum class DetectorArchitecture {
    // The research baseline, reproduced exactly: 4 x (conv3x3 + BN + ReLU + maxpool2)
    // with 32/64/128/256 channels, global average pool, FC 128, dropout 0.5, FC 1.
    SeedCnn,
    // Shipped model: smaller, frequency-aware, scores several short windows per track.
    WindowedCnn,
    // Full-band member: a 1-D CNN over the narrow-line residual of the 44.1 kHz
    // long-term spectrum (dsp::FullbandFrontEnd); input 1 x bins.
    FullbandCnn,
};

const char* architectureName(DetectorArchitecture architecture);
Result<DetectorArchitecture> architectureFromName(const std::string& name);

// One standardised log-mel window: bands x frames floats, row-major.
struct DetectorInput {
    int bands = 0;
    int frames = 0;
    std::vector<const float*> windows;  // each bands * frames floats
};

class DetectorModel {
public:
    // Fresh weights from a seed (training starts here).
    // headUnits: the log-mel networks' FC 128 width (wider for merged heads).
    static Result<DetectorModel> create(DetectorArchitecture architecture, int seed, const std::string& device = "cpu",
                                        int headUnits = 128);
    // Weights written by save(); the registry has already verified the file's sha256.
    // The head's width is read from the weights.
    static Result<DetectorModel> load(DetectorArchitecture architecture, const std::string& weightsPath,
                                      const std::string& device = "cpu");
    DetectorModel(DetectorModel&&) noexcept;
    DetectorModel& operator=(DetectorModel&&) noexcept;
    ~DetectorModel();

    Status save(const std::string& weightsPath) const;
    DetectorArchitecture architecture() const;
    std::string deviceName() const;
    long long parameterCount() const;

    // Raw logits (before any calibration) for each window, in eval mode.
    // Thread-safe for concurrent inference on one shared model.
    Result<std::vector<float>> logits(const DetectorInput& input, const CancelToken* cancel = nullptr) const;
    // |gradient x input| of the logit for one window (bands x frames, non-negative,
    // not normalised, so that several windows of one track stay comparable).
    Result<std::vector<float>> saliency(const float* window, int bands, int frames) const;

    // Opaque handle for the trainer, which lives in its own .cpp with torch included.
    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    explicit DetectorModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::models
