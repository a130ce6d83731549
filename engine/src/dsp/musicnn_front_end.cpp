#include "dsp/musicnn_front_end.h"

#include <algorithm>
#include <cmath>

namespace humanear::dsp {

MusicnnFrontEnd::MusicnnFrontEnd()
    : stft_(StftConfig{kFft, kHop, true, Spectrum::Power}),
      uncentred_(StftConfig{kFft, kHop, false, Spectrum::Power}),
      mel_(melFilterbank(kSampleRate, kFft, kBands, 0.0, kSampleRate / 2.0, MelScale::Slaney, MelNorm::Slaney)) {}

float MusicnnFrontEnd::roundToHalf(float v) {
    if (!std::isfinite(v)) return std::isnan(v) ? 0.f : std::copysign(65504.f, v);
    const float a = std::fabs(v);
    if (a >= 65504.f) return std::copysign(65504.f, v);
    // float16 keeps 10 fraction bits; below 2^-14 the spacing is fixed at 2^-24.
    int exponent = 0;
    std::frexp(a, &exponent);  // a = m * 2^exponent, m in [0.5, 1)
    const int e = std::max(exponent - 1, -14);
    const double quantum = std::ldexp(1.0, e - 10);
    return float(std::nearbyint(double(v) / quantum) * quantum);
}

Matrix MusicnnFrontEnd::logMel(const float* x, size_t n) const {
    const int frames = stft_.frameCount(n);
    Matrix out(std::max(frames, 0), kBands);
    auto workspace = stft_.makeWorkspace();
    stft_.forEachFrame(x, n, workspace, [&](int f, const float* spectrum) { logMelFrame(spectrum, out.row(f)); });
    return out;
}

void MusicnnFrontEnd::logMelFrame(const float* spectrum, float* row) const {
    mel_->apply(spectrum, row);
    for (int m = 0; m < kBands; ++m) row[m] = std::log10(10000.f * roundToHalf(row[m]) + 1.f);
}

Matrix MusicnnFrontEnd::centrePatch(const float* x, size_t n) const {
    const int frames = stft_.frameCount(n);
    const int first = std::max(0, (frames - kPatchFrames) / 2);
    // Centred frame f covers samples [f*hop - nFft/2, f*hop + nFft/2). When the
    // patch's frames lie inside x, an uncentred STFT over their samples alone gives
    // the same frames: a 10 s window then costs its 3 s patch, not all 626 frames.
    const long long begin = static_cast<long long>(first) * kHop - kFft / 2;
    const long long end = static_cast<long long>(first + kPatchFrames - 1) * kHop + kFft / 2;
    if (frames < kPatchFrames || begin < 0 || end > static_cast<long long>(n)) return patch(logMel(x, n), first);
    Matrix out(kPatchFrames, kBands);
    auto workspace = uncentred_.makeWorkspace();
    uncentred_.forEachFrame(x + begin, size_t(end - begin), workspace,
                            [&](int f, const float* spectrum) { logMelFrame(spectrum, out.row(f)); });
    return out;
}

Matrix MusicnnFrontEnd::patch(const Matrix& logMel, int firstFrame) {
    Matrix out(kPatchFrames, kBands, 0.f);
    if (logMel.cols != kBands || firstFrame < 0) return out;
    const int rows = std::min(kPatchFrames, logMel.rows - firstFrame);
    if (rows > 0) std::copy_n(logMel.row(firstFrame), size_t(rows) * kBands, out.data.begin());
    return out;
}

}  // namespace humanear::dsp
