#pragma once
// Short-time Fourier transform on FFTW3 (single precision).
// Plans are made once per FFT size and shared: FFTW's planner is not thread-safe,
// but executing one plan on different arrays from several threads is.
#include "dsp/matrix.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace humanear::dsp {

enum class Spectrum { Power, Magnitude };

struct StftConfig {
    int nFft = 2048;     // even, >= 2
    int hop = 512;       // >= 1
    bool center = true;  // zero-pad nFft/2 at both ends (librosa >= 0.10, pad_mode="constant")
    Spectrum spectrum = Spectrum::Power;
};

// FFTW's planner is process-wide state. Any other code in the process that makes
// or destroys fftwf plans must hold this mutex while doing so.
std::mutex& fftwPlannerMutex();

class Stft {
public:
    // Scratch memory for one thread's calls: SIMD-aligned FFT buffers and one
    // spectrum. Keep one per thread and pass it to forEachFrame to avoid even
    // the per-call allocation; never share one between threads.
    class Workspace {
    public:
        explicit Workspace(int nFft);

    private:
        friend class Stft;
        struct AlignedFree {
            void operator()(void* p) const;
        };
        int nFft_;
        std::unique_ptr<float, AlignedFree> in_;
        std::unique_ptr<float, AlignedFree> out_;  // interleaved complex, nFft/2 + 1 pairs
        std::vector<float> spectrum_;
    };

    // Throws std::invalid_argument for a nonsensical config: the configs are
    // compile-time constants, so that is a programming error, not an input error.
    explicit Stft(StftConfig config);

    const StftConfig& config() const { return config_; }
    int bins() const { return config_.nFft / 2 + 1; }
    // librosa's frame count for n samples: centred 1 + n/hop, otherwise
    // 1 + (n - nFft)/hop, and 0 when not one whole frame fits.
    int frameCount(size_t samples) const;

    Workspace makeWorkspace() const { return Workspace(config_.nFft); }

    using FrameVisitor = std::function<void(int frame, const float* spectrum)>;
    // Calls visit(frame, spectrum) for every frame in order; `spectrum` holds bins()
    // values and is only valid during the call. Allocates nothing per frame.
    void forEachFrame(const float* x, size_t n, Workspace& workspace, const FrameVisitor& visit) const;
    void forEachFrame(const float* x, size_t n, const FrameVisitor& visit) const;
    // bins() x frames matrix.
    Matrix compute(const float* x, size_t n) const;

private:
    StftConfig config_;
    std::vector<float> window_;  // periodic Hann
    void* plan_ = nullptr;       // fftwf_plan, owned by the process-wide plan cache
};

}  // namespace humanear::dsp
