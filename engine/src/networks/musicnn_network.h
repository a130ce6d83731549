#pragma once
// musicnn (Pons & Serra, 2019; musicnn 0.1.0, model MSD_musicnn): a music-tagging
// network trained on the Million Song Dataset's 50 most common tags, used here
// for its 200-d penultimate layer, a learned description of timbre, genre and
// instrumentation that the descriptor embedder adds to its own descriptors.
//
//   input BN -> front end: conv 7x38 and 7x67 (204 each, "timbral"), conv 128x1,
//   64x1, 32x1 (51 each, "temporal", TF 'same' padding); each ReLU, BN, max over
//   frequency -> 561 channels per frame
//   -> mid end: three conv1d k7 (64, zero padding 3) with ReLU, BN, the last two
//   residual -> 753 channels per frame (front end + the three)
//   -> back end: max and mean over time, interleaved (1506) -> BN -> dense 200,
//   ReLU -> BN = penultimate -> dense 50 = tag logits.
//   BN is TensorFlow's inference form with epsilon 1e-3.
//
// The weights are models/musicnn-msd.h5, converted from the PyPI wheel by
// models/fetch_musicnn.sh. LibTorch stays in musicnn_network.cpp.
#include "dsp/matrix.h"
#include "humanear/result.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::models {

class MusicnnNetwork {
public:
    static constexpr int kPenultimate = 200;
    static constexpr int kTags = 50;
    static constexpr const char* kModelName = "musicnn-msd";

    // Reads and checks a converted weights file (any missing or misshapen tensor
    // is a ModelCorrupt error naming it) and puts it on `device` ("cpu", "cuda",
    // "cuda:N"; an unusable device is an InvalidArgument error).
    static Result<std::shared_ptr<const MusicnnNetwork>> load(const std::string& weightsPath,
                                                              const std::string& device = "cpu");
    // Finds kModelName's manifest in these folders, verifies the weights' sha256 and loads them.
    static Result<std::shared_ptr<const MusicnnNetwork>> locate(const std::vector<std::string>& searchDirs,
                                                                const std::string& device = "cpu");
    std::string deviceName() const;

    struct Output {
        std::vector<float> penultimate;  // patches x kPenultimate
        std::vector<float> logits;       // patches x kTags
    };
    // Each patch is MusicnnFrontEnd::kPatchFrames x kBands (time-major). Thread-safe;
    // runs on the network's device (on the CPU with LibTorch's intra-op threads).
    Output run(const std::vector<dsp::Matrix>& patches) const;

    ~MusicnnNetwork();

private:
    MusicnnNetwork();
    void runBatch(const dsp::Matrix* patches, size_t count, Output& out) const;
    struct Weights;
    std::unique_ptr<Weights> weights_;
};

}  // namespace humanear::models
