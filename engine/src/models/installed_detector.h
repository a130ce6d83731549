#pragma once
// A detector as installed: verified weights, its window policy and its
// calibration, loaded once and shared read-only by every worker.
#include "audio/decoder.h"
#include "humanear/analysis.h"
#include "humanear/detector_training.h"
#include "models/detector_batcher.h"
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
    // Set when windows of tracks judged at the same time share forward passes.
    std::unique_ptr<DetectorBatcher> batcher;

    static Result<std::shared_ptr<const InstalledDetector>> load(const ModelRegistry& registry, const std::string& name,
                                                                 const std::string& device,
                                                                 bool batchAcrossTracks = false);
    // Judges decoded 16 kHz clips (one per detector span). With a batcher, the
    // network pass may be shared with other threads' tracks (same result).
    Result<Detection> judge(const std::vector<audio::MonoClip>& clips, const CancelToken& cancel = {}) const;
    // Where the detector looks in a stretch of 16 kHz audio: the stretch is tiled
    // with detector windows and each tile's |gradient x input| is placed on the
    // frames of the stretch's spectrogram (bands x frames, hop kHop), then the
    // whole map is scaled to a maximum of 1 (smoothed so it reads as regions, not
    // speckle). Frames a tile does not cover stay 0.
    Result<std::vector<float>> saliencyMap(const std::vector<float>& samples, int frames,
                                           const CancelToken& cancel = {}) const;
};

Verdict verdictFor(double pAi, double threshold, double spread);

}  // namespace humanear::models
