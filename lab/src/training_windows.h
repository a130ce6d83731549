#pragma once
// The windows one training track contributes (clean, codec/signal-augmented,
// passed through a synthetic decoder) and their on-disk cache, apart from the
// training loop so that the loop reads in one place. No LibTorch here.
#include "humanear/cancel.h"
#include "humanear/lab/detector_training.h"

#include <QString>

#include <string>
#include <vector>

namespace humanear {

// What one track contributes, before the split decides which parts are used.
struct TrackWindows {
    double bandwidthHz = 0;                     // measured on the clean decode (full band only)
    std::vector<std::vector<float>> clean;      // as delivered
    std::vector<std::vector<float>> augmented;  // codec/signal-augmented copies, same label
    std::vector<std::vector<float>> decoded;    // human track through a random decoder: labelled AI
};

// Decodes one track and computes every window it can contribute. `scratch` is a
// folder for the codec round trip's files, `id` keeps concurrent calls apart.
TrackWindows computeTrackWindows(const LabeledFile& f, const DetectorTrainingSettings& settings, const QString& scratch,
                                 int id, const CancelToken& cancel);

// The cache file name of a track's windows: changes with the file's content (size, MD5),
// the window settings, the seed and `embedderDigest` (empty: the windows themselves).
std::string trackWindowsCacheName(const LabeledFile& f, const DetectorTrainingSettings& s,
                                  const std::string& embedderDigest);
// False when the file is missing, truncated or holds windows of another length.
bool readCachedTrackWindows(const std::string& path, size_t length, TrackWindows& out);
// Written beside and renamed into place, so a killed run leaves no half entry.
void writeCachedTrackWindows(const std::string& path, size_t length, const TrackWindows& windows);

}  // namespace humanear
