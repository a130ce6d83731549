#pragma once
// Which parts of a track the detector looks at, and the standardised log-mel
// windows it sees. One place, used by training, evaluation and analysis alike.
#include "audio/decoder.h"
#include "dsp/matrix.h"
#include "humanear/detector_config.h"

#include <vector>

namespace humanear::models {

int detectorFramesPerWindow(const DetectorConfig& config);
// The spans training reads (windowsPerTrack evenly spread, or the first window only).
std::vector<audio::Span> detectorSpans(double durationSeconds, const DetectorConfig& config);
// A member trained on several windows per track judges the whole track at
// analysis: consecutive windows up to kMaxAnalysisWindows (10 min of 5 s windows),
// evenly spread beyond. A first-window-only member (the seed baseline) keeps its
// one window, and a member with tilesTrack off its spread windows, as trained.
constexpr int kMaxAnalysisWindows = 120;
bool detectorTilesTrack(const DetectorConfig& config);
std::vector<audio::Span> detectorAnalysisSpans(double durationSeconds, const DetectorConfig& config);
// Standardised 128 x frames windows from 16 kHz clips; clips shorter than a window are zero-padded.
std::vector<dsp::Matrix> detectorWindowsFromClips(const std::vector<audio::MonoClip>& clips, const DetectorConfig& config);
Result<std::vector<dsp::Matrix>> detectorWindows(const std::string& path, const DetectorConfig& config,
                                                 const CancelToken& cancel = {});

}  // namespace humanear::models
