#include "dsp/frontends.h"

#include "dsp/decibels.h"

#include <algorithm>
#include <climits>

namespace humanear::dsp {

DetectorFrontEnd::DetectorFrontEnd()
    : stft_(StftConfig{kFft, kHop, true, Spectrum::Power}),
      mel_(melFilterbank(kSampleRate, kFft, kBands, 0.0, kSampleRate / 2.0, MelScale::Slaney, MelNorm::Slaney)) {}

Matrix DetectorFrontEnd::melPower(const float* x, size_t n) const {
    const int frames = stft_.frameCount(n);
    Matrix out(kBands, frames);
    float* const column0 = out.data.data();
    stft_.forEachFrame(x, n, [&](int f, const float* spectrum) {
        mel_->apply(spectrum, column0 + f, static_cast<size_t>(frames));
    });
    return out;
}

Matrix DetectorFrontEnd::logMelDb(const float* x, size_t n) const {
    Matrix m = melPower(x, n);
    powerToDb(m);  // amin 1e-10, top_db 80, ref = max
    return m;
}

Matrix DetectorFrontEnd::standardised(const float* x, size_t n) const {
    Matrix m = logMelDb(x, n);
    standardise(m);
    return m;
}

struct OpenL3FrontEnd::Scratch {
    Stft::Workspace stft;
    std::vector<float> frame;  // one 1 s frame plus kapre's end padding
    explicit Scratch(const Stft& s) : stft(s.makeWorkspace()), frame(static_cast<size_t>(kPaddedFrameLength)) {}
};

OpenL3FrontEnd::OpenL3FrontEnd()
    // Not centred: kapre04 frames the already padded frame from its first sample.
    : stft_(StftConfig{kFft, kStftHop, false, Spectrum::Magnitude}),
      mel_(melFilterbank(kSampleRate, kFft, kBands, 0.0, kSampleRate / 2.0, MelScale::Slaney, MelNorm::Slaney)) {}

int OpenL3FrontEnd::hopSamples(double hopSeconds) {
    const double samples = hopSeconds * kSampleRate;
    if (!(samples >= 1.0) || !(samples < double(INT_MAX))) return 0;
    return static_cast<int>(samples);
}

int OpenL3FrontEnd::patchCount(size_t n, double hopSeconds) {
    const long long hop = hopSamples(hopSeconds);
    if (hop == 0) return 0;
    const long long centred = static_cast<long long>(n) + kFrameLength / 2;
    if (centred <= kFrameLength) return 1;  // padded up to one whole frame
    // The end is padded so that a whole number of hops follows the first frame.
    const long long count = 1 + (centred - kFrameLength + hop - 1) / hop;
    return count > INT_MAX ? INT_MAX : static_cast<int>(count);
}

std::vector<double> OpenL3FrontEnd::timestamps(size_t n, double hopSeconds) {
    std::vector<double> t(static_cast<size_t>(patchCount(n, hopSeconds)));
    for (size_t i = 0; i < t.size(); ++i) t[i] = double(i) * hopSeconds;
    return t;
}

void OpenL3FrontEnd::computePatch(const float* x, size_t n, long long start, Scratch& scratch, Matrix& out) const {
    // Samples [start, start + kFrameLength) of x with zeros outside x, then the
    // pad_end zeros: even where x goes on, samples past the frame are not seen.
    float* frame = scratch.frame.data();
    const long long length = static_cast<long long>(n);
    const long long from = std::clamp(start, 0LL, length), to = std::clamp(start + kFrameLength, 0LL, length);
    std::fill(frame, frame + kPaddedFrameLength, 0.f);
    if (to > from) std::copy(x + from, x + to, frame + (from - start));

    if (out.rows != kBands || out.cols != kPatchFrames) out = Matrix(kBands, kPatchFrames);
    float* const column0 = out.data.data();
    stft_.forEachFrame(frame, static_cast<size_t>(kPaddedFrameLength), scratch.stft,
                       [&](int f, const float* magnitude) { mel_->apply(magnitude, column0 + f, kPatchFrames); });
    // kapre 0.4 takes 10 log10 of the *magnitude* mel, so this is power_to_db on it:
    // 0 dB at the patch maximum, floor -80.
    powerToDb(out);
}

Matrix OpenL3FrontEnd::patch(const float* frame) const {
    Scratch scratch(stft_);
    Matrix out;
    computePatch(frame, static_cast<size_t>(kFrameLength), 0, scratch, out);
    return out;
}

int OpenL3FrontEnd::forEachPatch(const float* x48k, size_t n, double hopSeconds, const PatchVisitor& visit) const {
    const int count = patchCount(n, hopSeconds);
    if (count == 0) return 0;
    const long long hop = hopSamples(hopSeconds);
    Scratch scratch(stft_);
    Matrix patch(kBands, kPatchFrames);
    for (int i = 0; i < count; ++i) {
        // Centring puts the clip's first sample half a frame into frame 0.
        computePatch(x48k, n, static_cast<long long>(i) * hop - kFrameLength / 2, scratch, patch);
        if (!visit(i, patch)) return i + 1;
    }
    return count;
}

std::vector<Matrix> OpenL3FrontEnd::patches(const float* x48k, size_t n, double hopSeconds) const {
    std::vector<Matrix> out;
    out.reserve(static_cast<size_t>(patchCount(n, hopSeconds)));
    forEachPatch(x48k, n, hopSeconds, [&](int, const Matrix& p) {
        out.push_back(p);
        return true;
    });
    return out;
}

}  // namespace humanear::dsp
