#pragma once
// A detector as installed: verified weights, its window policy and its
// calibration, loaded once and shared read-only by every worker.
#include "audio/decoder.h"
#include "humanear/analysis.h"
#include "humanear/detector_training.h"
#include "models/detector_network.h"
#include "models/model_registry.h"

#include <memory>

namespace humanear::models {

struct InstalledDetector {
    DetectorModel model;
    DetectorConfig config;
    double temperature = 1;
    double threshold = 0.5;
    std::string label;  // "detector v1 (windowed-cnn)"

    static Result<std::shared_ptr<const InstalledDetector>> load(const ModelRegistry& registry, const std::string& name,
                                                                 const std::string& device);
    // Judges decoded 16 kHz clips (one per detector span).
    Result<Detection> judge(const std::vector<audio::MonoClip>& clips, const CancelToken& cancel = {}) const;
};

Verdict verdictFor(double pAi, double threshold, double spread);

}  // namespace humanear::models
