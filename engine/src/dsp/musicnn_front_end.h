#pragma once
// musicnn's input (musicnn 0.1.0, extractor.batch_data): 16 kHz mono ->
// librosa.feature.melspectrogram (n_fft 512, hop 256, 96 Slaney bands with Slaney
// norm, power 2, centred with zeros, periodic Hann) -> cast to float16 ->
// log10(10000 x + 1). Patches are 187 frames (2.99 s), time-major (frames x 96),
// the layout the network reads. Immutable after construction; thread-safe.
#include "dsp/matrix.h"
#include "dsp/mel.h"
#include "dsp/stft.h"

#include <cstddef>
#include <memory>

namespace humanear::dsp {

class MusicnnFrontEnd {
public:
    static constexpr int kSampleRate = 16000;
    static constexpr int kFft = 512;
    static constexpr int kHop = 256;
    static constexpr int kBands = 96;
    static constexpr int kPatchFrames = 187;

    MusicnnFrontEnd();
    // frames x kBands (note: the transpose of the other front ends' band-major matrices).
    Matrix logMel(const float* x, size_t n) const;
    // kPatchFrames rows of a logMel() result from `firstFrame` on; rows past its
    // end are 0 (silence), as are all of them for a negative or too large start.
    static Matrix patch(const Matrix& logMel, int firstFrame);
    // The patch at the centre of x: patch(logMel(x, n), (frames - kPatchFrames) / 2),
    // bit for bit, computing only the patch's frames when no padding reaches them.
    Matrix centrePatch(const float* x, size_t n) const;

    // numpy's float32 -> float16 cast (round to nearest even, subnormals kept),
    // except that values above float16's range saturate at 65504 instead of
    // becoming infinite (which would make the network's output NaN).
    static float roundToHalf(float v);

private:
    void logMelFrame(const float* spectrum, float* row) const;

    Stft stft_;
    Stft uncentred_;  // the same frames from a given sample on, without padding
    std::shared_ptr<const MelFilterbank> mel_;
};

}  // namespace humanear::dsp
