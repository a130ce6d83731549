#pragma once
// The two model front ends. Both are immutable after construction and safe to
// call from several threads on one shared instance.
#include "dsp/matrix.h"
#include "dsp/mel.h"
#include "dsp/stft.h"

#include <memory>
#include <vector>

namespace humanear::dsp {

// The detector's input: 16 kHz mono -> 128-band log-mel (librosa 0.10 defaults:
// n_fft 2048, hop 512, power 2, centred, Slaney, fmax 8 kHz, dB ref=max, top_db 80).
class DetectorFrontEnd {
public:
    static constexpr int kSampleRate = 16000;
    static constexpr int kFft = 2048;
    static constexpr int kHop = 512;
    static constexpr int kBands = 128;

    DetectorFrontEnd();
    int frameCount(size_t samples) const { return stft_.frameCount(samples); }
    // kBands x frames mel power (before dB).
    Matrix melPower(const float* x, size_t n) const;
    // kBands x frames dB, max 0, floor -80.
    Matrix logMelDb(const float* x, size_t n) const;
    // logMelDb followed by per-clip standardisation: what the network sees.
    Matrix standardised(const float* x, size_t n) const;

private:
    Stft stft_;
    std::shared_ptr<const MelFilterbank> mel_;
};

// OpenL3's "kapre04" mel256 front end at 48 kHz: 1 s frames every hop, each a
// 256 x 199 magnitude-mel dB patch normalised to its own maximum.
class OpenL3FrontEnd {
public:
    static constexpr int kSampleRate = 48000;
    static constexpr int kFrameLength = 48000;
    static constexpr int kFft = 2048;
    static constexpr int kStftHop = 242;
    static constexpr int kBands = 256;
    static constexpr int kPatchFrames = 199;

    OpenL3FrontEnd();
    // Sample hop between 1 s frames, truncated as openl3 does: int(hopSeconds * 48000).
    static int hopSamples(double hopSeconds);
    // Number of patches for n samples at 48 kHz (centred framing).
    static int patchCount(size_t n, double hopSeconds);
    static std::vector<double> timestamps(size_t n, double hopSeconds);
    // One patch from exactly kFrameLength samples.
    Matrix patch(const float* frame) const;
    // Every patch of a clip (centred framing, openl3 0.4 defaults).
    std::vector<Matrix> patches(const float* x48k, size_t n, double hopSeconds) const;

private:
    Stft stft_;
    std::shared_ptr<const MelFilterbank> mel_;
};

}  // namespace humanear::dsp
