#pragma once
// Mel filterbanks identical to librosa 0.10's filters.mel, stored sparsely:
// each band touches a short run of FFT bins, so applying it is a short dot product.
#include "dsp/matrix.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace humanear::dsp {

enum class MelScale { Slaney, Htk };
enum class MelNorm { Slaney, None };  // Slaney: each triangle scaled by 2 / (f[i+2] - f[i])

struct MelConfig {
    int sampleRate = 16000;
    int nFft = 2048;
    int nMels = 128;
    double fmin = 0.0;
    double fmax = -1.0;  // < 0 means sampleRate / 2
    MelScale scale = MelScale::Slaney;
    MelNorm norm = MelNorm::Slaney;
};

// librosa.hz_to_mel / mel_to_hz (htk=False is Slaney's: linear below 1 kHz, log above).
double hzToMel(double hz, MelScale scale);
double melToHz(double mel, MelScale scale);

class MelFilterbank {
public:
    // Computed in double, stored as float as librosa hands it over. Throws
    // std::invalid_argument for a nonsensical config (a programming error: the
    // configs are constants).
    explicit MelFilterbank(const MelConfig& config);
    // Filterbanks are pure functions of their parameters; share them process-wide.
    static std::shared_ptr<const MelFilterbank> shared(const MelConfig& config);

    int bands() const { return static_cast<int>(first_.size()); }
    int bins() const { return bins_; }
    // Band m is zero outside bins firstBin(m) .. firstBin(m) + binCount(m) - 1
    // (the run may have a few zero weights at its ends; binCount 0 for a band too
    // narrow to catch any bin, which librosa warns about).
    int firstBin(int m) const { return first_[static_cast<size_t>(m)]; }
    int binCount(int m) const { return count_[static_cast<size_t>(m)]; }
    const float* weights(int m) const { return weights_.data() + offset_[static_cast<size_t>(m)]; }

    // out[m * outStride] = sum_k weight(m, k) * spectrum[k] for every band;
    // `spectrum` holds bins() values. A stride lets it fill a Matrix column directly.
    void apply(const float* spectrum, float* out, size_t outStride = 1) const;
    // Dense bands x bins matrix (tests, plots).
    Matrix dense() const;

private:
    int bins_ = 0;
    std::vector<int> first_, count_;
    std::vector<size_t> offset_;
    std::vector<float> weights_;  // every band's non-zero run, back to back
};

// librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm) from the
// process-wide cache; fmax < 0 means sampleRate / 2.
std::shared_ptr<const MelFilterbank> melFilterbank(int sampleRate, int nFft, int nMels, double fmin, double fmax,
                                                   MelScale scale = MelScale::Slaney,
                                                   MelNorm norm = MelNorm::Slaney);

}  // namespace humanear::dsp
