#pragma once
// Is this music at all? A handful of cheap, explainable measures of 16 kHz mono
// audio, and a deliberately conservative decision on them: only signals that are
// plainly not music (near silence, a steady tone, steady noise, a click track,
// speech) are flagged, so that no real song is ever refused a verdict.
// Computed from the clips the analysis decodes anyway (no extra decode).
#include "humanear/analysis.h"

#include <vector>

namespace humanear::dsp {

// The stretches of a track the check measures: consecutive windows of
// kMusicCheckWindowSeconds over the whole track (see audio::tilingSpans), the
// same the windowed detector judges, so nothing is decoded twice.
constexpr double kMusicCheckWindowSeconds = 5.0;
constexpr int kMusicCheckMaxWindows = 120;

// Frames are 1024 samples (64 ms) every 256 samples at 16 kHz, after a DC blocker,
// so a constant offset measures as silence. Clips are measured separately (no frame
// straddles two) and pooled.
MusicMeasures measureMusic(const std::vector<const std::vector<float>*>& clips, int sampleRate = 16000);

// NotMusicReason::None when the measures leave room for music.
NotMusicReason notMusicReason(const MusicMeasures& m);

// The check's two inner loops, exposed for their tests.
// cross[lag - minLag] = sum of f[i] * f[i + lag] over i, lags minLag..maxLag; each
// lag's sum adds in increasing i (equal to one loop per lag, bit for bit).
void laggedProducts(const double* f, int frame, int minLag, int maxLag, double* cross);
// Sum of log(x[k] + offset) over n values, through their product (to ~1e-15 relative).
double sumOfLogs(const float* x, int n, double offset);

}  // namespace humanear::dsp
