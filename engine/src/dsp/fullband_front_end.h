#pragma once
// The full-band detector member's input: where neural decoders leave their marks.
//
// Upsampling layers (transposed convolutions, nearest or sub-pixel upsampling)
// leave narrow spectral peaks at fixed frequencies, multiples of the output rate
// over the layers' cumulative stride (Afchar et al., ISMIR 2025). Music moves;
// those lines stay. So the feature is the long-term power spectrum of a stretch
// of audio at 44.1 kHz, with 5.4 Hz resolution, its smooth envelope removed
// (what is left are the narrow lines), between 1 and 15 kHz. The top stops at
// 15 kHz on purpose: most MP3s are cut off at 16 kHz and neural generators
// often reach 18-20 kHz, so anything above 15 kHz would tell the file's
// encoder, not the music's origin.
#include <cstddef>
#include <vector>

namespace humanear::dsp {

class FullbandFrontEnd {
public:
    static constexpr int kSampleRate = 44100;
    static constexpr int kFft = 8192;   // 5.38 Hz bins: lines tens of Hz apart stay apart
    static constexpr int kHop = 4096;
    static constexpr double kLowHz = 1000.0;
    static constexpr double kHighHz = 15000.0;
    static constexpr int kEnvelopeHalfWidth = 24;  // bins each side of the running median (+-130 Hz)

    static int firstBin();
    static int binCount();  // features per stretch

    // Residual (dB above the running median of the long-term spectrum, clipped to
    // [-10, 40] dB and divided by 10) for bins firstBin() .. firstBin() + binCount().
    // Needs at least one FFT frame of audio; shorter input is zero-padded.
    std::vector<float> features(const float* x44k, size_t n) const;
};

// The highest frequency whose long-term power spectrum lies within 60 dB of its
// peak (4096-point Hann frames): the same estimate as ../shared/data's
// `bandwidth_hz`. 0 for silence.
double estimateBandwidthHz(const float* x, size_t n, int sampleRate);

}  // namespace humanear::dsp
