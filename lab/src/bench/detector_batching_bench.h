#pragma once
// The detector on many tracks at once, the way a batch of files reaches it:
// `callers` threads (one per pool worker) each judge their tracks one after the
// other, first with each thread running its own passes, then through one
// DetectorBatcher. The part of `humanear-cli bench` that shows whether
// cross-track batching pays on the device that runs the models.
#include "humanear/lab/benchmark.h"
#include "detector/detector_network.h"

namespace humanear::bench {

struct DetectorBatchingSpec {
    int callers = 2;
    int threadsPerCaller = 1;
    int tracksPerCaller = 16;
    int windowsPerTrack = 4;
    int frames = 157;
    int repeats = 3;  // alternating plain and batched runs; medians are reported
};

// Fills everything in BenchmarkDetectorBatching but `device`.
Result<BenchmarkDetectorBatching> measureDetectorBatching(const models::DetectorModel& model,
                                                          const DetectorBatchingSpec& spec);

}  // namespace humanear::bench
