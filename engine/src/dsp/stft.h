#pragma once
// Short-time Fourier transform on FFTW3 (single precision).
// Plans are made once per FFT size and shared: FFTW's planner is not thread-safe,
// but executing one plan on different arrays from several threads is.
#include "dsp/matrix.h"

#include <cstddef>
#include <functional>

namespace humanear::dsp {

enum class Spectrum { Power, Magnitude };

struct StftConfig {
    int nFft = 2048;
    int hop = 512;
    bool center = true;  // zero-pad nFft/2 at both ends (librosa >= 0.10, pad_mode="constant")
    Spectrum spectrum = Spectrum::Power;
};

class Stft {
public:
    explicit Stft(StftConfig config);

    const StftConfig& config() const { return config_; }
    int bins() const { return config_.nFft / 2 + 1; }
    // librosa's frame count for n samples (0 when there is not one whole frame).
    int frameCount(size_t samples) const;

    // Calls visit(frame, spectrum) for every frame; `spectrum` holds bins() values and
    // is only valid during the call. Allocates once per call, never per frame.
    void forEachFrame(const float* x, size_t n, const std::function<void(int, const float*)>& visit) const;
    // bins() x frames matrix.
    Matrix compute(const float* x, size_t n) const;

private:
    StftConfig config_;
    std::vector<float> window_;  // periodic Hann
    void* plan_;                 // fftwf_plan, owned by the shared plan cache
};

}  // namespace humanear::dsp
