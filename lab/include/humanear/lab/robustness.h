#pragma once
// Degraded copies of labelled audio for `eval --robustness`: the changes a track
// meets between a generator and a listener (lossy codecs, resampling, noise,
// pitch shifts, band limits), applied to whole files so that the detector's own
// decoding and windowing run exactly as they would on a real upload.
#include "humanear/cancel.h"
#include "humanear/lab/detector_training.h"

#include <string>
#include <vector>

namespace humanear {

struct Degradation {
    std::string name;         // "mp3_128k", ...
    std::string description;  // "MP3 128 kbit/s"
};

// The table, in report order.
const std::vector<Degradation>& robustnessDegradations();

struct DegradedFile {
    LabeledFile copy;      // the degraded file, labelled as its original
    std::string original;  // the file it was made from
};

// Writes a degraded copy of every file under outDir (keeping class and source) and
// returns the copies, labelled as the originals. A file that cannot be degraded is
// reported through `log` (naming it) and left out; the others go on. Uses the
// ffmpeg tool for codecs, resampling, pitch and filters; noise is added by the
// engine at an exact signal-to-noise ratio. A copy is named by its original's path
// and is reused when outDir already holds it (copies are written under a temporary
// name and renamed, so a killed run leaves no half copy): runs that share outDir
// (the folds of another seed) encode each file once.
Result<std::vector<DegradedFile>> degradeFiles(const std::vector<LabeledFile>& files, const std::string& degradation,
                                              const std::string& outDir, const LogCallback& log,
                                              const CancelToken& cancel = {});

}  // namespace humanear
