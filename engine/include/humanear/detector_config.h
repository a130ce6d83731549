#pragma once
// How one detector network reads a track: its architecture, window length and
// count, sample rate and band. Stored in each model's manifest; the product reads
// it to run a model, the lab (humanear/lab/detector_training.h) to train one.
#include <string>

namespace humanear {

struct DetectorConfig {
    std::string architecture = "windowed-cnn";  // or "seed-cnn" (the research baseline)
    double windowSeconds = 5.0;
    int windowsPerTrack = 4;  // 1: the first windowSeconds only, as the prototype did
    // Mel bands reaching above this frequency are set to the dB floor before
    // standardisation (0 = keep all). Files already at 16 kHz skip resampling and
    // keep energy up to 8 kHz, while 44.1/48 kHz files lose 7.6-8 kHz in the
    // resampler's roll-off: without this, "energy near 8 kHz" tells the corpus's
    // AI clips (shipped at 16 kHz) from human ones (resampled), a format shortcut.
    double bandLimitHz = 7000.0;
    // The rate the member's windows are decoded at: 16 kHz for the log-mel members,
    // 44.1 kHz for the full-band member.
    int sampleRate = 16000;
    // Tracks whose measured bandwidth (dsp::estimateBandwidthHz) is below this are
    // left out of training, and the member abstains on them at analysis: a file
    // cut off at 8 kHz says nothing about lines between 1 and 15 kHz. 0 = no limit.
    double minBandwidthHz = 0.0;
    // A member trained on several windows reads the whole track at analysis (its
    // windows are the P(AI) timeline). false: it reads the same evenly spread
    // windows as in training, a twelfth of the cost for a 4-minute track, for a
    // second member whose score joins the verdict but not the timeline.
    bool tilesTrack = true;
    // > 1, with tilesTrack: a track longer than one window is judged from at least
    // this many windows, spread evenly and overlapping where the track is short, so a
    // 10 s clip is not judged from two views only (docs/detector.md, stop 35). 0 = the
    // plain tiling, one window per windowSeconds.
    int minAnalysisWindows = 0;
    // > 0: the member judges an MP3 copy of each window at this bit rate (encoded
    // and decoded again) rather than the window as decoded from the file: its
    // training saw such copies of its 16 kHz mono windows only (docs/detector.md,
    // stop 30). 0 = the windows as decoded.
    int mp3CopyKbps = 0;
    int mp3CopyQuality = -1;  // LAME's quality 0-9 for that copy; -1 = LAME's default
    // The research baseline: one 30 s window from the start, 128 x 938, all bands.
    static DetectorConfig seedCnn() { return {"seed-cnn", 30.0, 1, 0.0}; }
    // The full-band member: 10 s stretches at 44.1 kHz, each reduced to its long-term
    // spectrum's narrow lines between 1 and 15 kHz (dsp::FullbandFrontEnd).
    static DetectorConfig fullbandCnn() { return {"fullband-cnn", 10.0, 3, 0.0, 44100, 14000.0}; }
    bool isFullband() const { return architecture == "fullband-cnn"; }
};

}  // namespace humanear
