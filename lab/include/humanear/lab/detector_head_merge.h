#pragma once
// Several heads trained on the same fixed convolutional layers (train --head-only
// from one --init, different seeds) merged into one network whose logit is the
// mean of their calibrated logits: the seeds' ensemble at the cost of one member.
#include "humanear/result.h"

#include <string>
#include <vector>

namespace humanear {

struct HeadMergeSpec {
    std::vector<std::string> memberManifests;  // trained head-only models' <name>.manifest.json
    std::string outDir;
    std::string name = "detector";
};

// Checks that every model has the same convolutional layers (weights and batch-norm
// statistics, byte for byte) and the same windows, then writes <outDir>/<name>.pt
// and its manifest: FC 128 of every head side by side (FC 128*K), and an FC 1 that
// gives mean_k(logit_k / temperature_k), so the merged temperature is 1. Returns the
// manifest's path.
Result<std::string> mergeDetectorHeads(const HeadMergeSpec& spec);

}  // namespace humanear
