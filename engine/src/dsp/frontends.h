#pragma once
// The two model front ends. Both are immutable after construction and safe to
// call from several threads on one shared instance: every call has its own scratch.
#include "dsp/matrix.h"
#include "dsp/mel.h"
#include "dsp/stft.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace humanear::dsp {

// The detector's input: 16 kHz mono -> 128-band log-mel (librosa 0.10 defaults:
// n_fft 2048, hop 512, power 2, centred with zeros, periodic Hann, Slaney scale
// and norm, fmin 0, fmax 8 kHz, power_to_db(ref=max, amin 1e-10, top_db 80)).
// 30 s give 128 x 938.
class DetectorFrontEnd {
public:
    static constexpr int kSampleRate = 16000;
    static constexpr int kFft = 2048;
    static constexpr int kHop = 512;
    static constexpr int kBands = 128;

    DetectorFrontEnd();
    // 1 + samples / kHop (centred STFT).
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

// OpenL3's "kapre04" mel256 front end (openl3 0.4.x defaults) at 48 kHz: the clip
// is centred by 24000 leading zeros and cut into 1 s frames every hop; each frame
// becomes a 256 x 199 magnitude-mel dB patch, 0 dB at its own maximum, floor -80.
class OpenL3FrontEnd {
public:
    static constexpr int kSampleRate = 48000;
    static constexpr int kFrameLength = 48000;
    static constexpr int kFft = 2048;
    static constexpr int kStftHop = 242;
    static constexpr int kBands = 256;
    static constexpr int kPatchFrames = (kFrameLength + kStftHop - 1) / kStftHop;  // 199
    // tf.signal.stft(pad_end=True) pads each frame with 1964 zeros at the end.
    static constexpr int kPaddedFrameLength = (kPatchFrames - 1) * kStftHop + kFft;  // 49964

    OpenL3FrontEnd();
    // Sample hop between frames as openl3 truncates it: int(hopSeconds * 48000);
    // 0 when that is not a usable hop (below one sample, not finite, absurdly large).
    static int hopSamples(double hopSeconds);
    // Frames for n samples at 48 kHz with openl3's centring and end padding; 0 when
    // the hop is unusable.
    static int patchCount(size_t n, double hopSeconds);
    // i * hopSeconds for each frame, as openl3 reports them.
    static std::vector<double> timestamps(size_t n, double hopSeconds);

    // One patch from exactly kFrameLength samples.
    Matrix patch(const float* frame) const;
    // Calls visit(index, patch) for each frame in order and stops early when it
    // returns false (cancellation); returns how many patches were visited. The
    // patch is only valid during the call: this streams a long clip without
    // holding all its patches (200 KB each, 10 per second at hop 0.1).
    using PatchVisitor = std::function<bool(int index, const Matrix& patch)>;
    int forEachPatch(const float* x48k, size_t n, double hopSeconds, const PatchVisitor& visit) const;
    // Every patch of a clip.
    std::vector<Matrix> patches(const float* x48k, size_t n, double hopSeconds) const;

private:
    struct Scratch;
    // Patch of the kFrameLength samples starting at x[start] (start may be negative;
    // samples outside [0, n) are zeros) into `out`.
    void computePatch(const float* x, size_t n, long long start, Scratch& scratch, Matrix& out) const;

    Stft stft_;
    std::shared_ptr<const MelFilterbank> mel_;
};

}  // namespace humanear::dsp
