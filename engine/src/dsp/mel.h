#pragma once
// Mel filterbanks identical to librosa 0.10's filters.mel, stored sparsely:
// each band touches a short run of FFT bins, so applying it is a short dot product.
#include "dsp/matrix.h"

#include <memory>
#include <vector>

namespace humanear::dsp {

enum class MelScale { Slaney, Htk };
enum class MelNorm { Slaney, None };

struct MelConfig {
    int sampleRate = 16000;
    int nFft = 2048;
    int nMels = 128;
    double fmin = 0.0;
    double fmax = -1.0;  // < 0 means sampleRate / 2
    MelScale scale = MelScale::Slaney;
    MelNorm norm = MelNorm::Slaney;
};

double hzToMel(double hz, MelScale scale);
double melToHz(double mel, MelScale scale);

class MelFilterbank {
public:
    struct Band {
        int firstBin = 0;
        std::vector<float> weights;  // for bins firstBin, firstBin + 1, ...
    };

    explicit MelFilterbank(const MelConfig& config);
    // Filterbanks are pure functions of their parameters; share them process-wide.
    static std::shared_ptr<const MelFilterbank> shared(const MelConfig& config);

    int bands() const { return static_cast<int>(bands_.size()); }
    int bins() const { return bins_; }
    const Band& band(int i) const { return bands_[static_cast<size_t>(i)]; }
    // Weighted sum of `spectrum` (bins() values) for every band into out[0..bands).
    void apply(const float* spectrum, float* out) const;
    // Dense bands x bins matrix (tests, plots).
    Matrix dense() const;

private:
    int bins_ = 0;
    std::vector<Band> bands_;
};

}  // namespace humanear::dsp
