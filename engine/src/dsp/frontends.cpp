#include "dsp/frontends.h"

#include "dsp/decibels.h"

#include <algorithm>
#include <cmath>

namespace humanear::dsp {

DetectorFrontEnd::DetectorFrontEnd()
    : stft_(StftConfig{kFft, kHop, true, Spectrum::Power}),
      mel_(MelFilterbank::shared(MelConfig{kSampleRate, kFft, kBands, 0.0, kSampleRate / 2.0, MelScale::Slaney,
                                           MelNorm::Slaney})) {}

Matrix DetectorFrontEnd::melPower(const float* x, size_t n) const {
    const int frames = stft_.frameCount(n);
    Matrix out(kBands, frames);
    std::vector<float> bands(kBands);
    stft_.forEachFrame(x, n, [&](int f, const float* spectrum) {
        mel_->apply(spectrum, bands.data());
        for (int b = 0; b < kBands; ++b) out.at(b, f) = bands[static_cast<size_t>(b)];
    });
    return out;
}

Matrix DetectorFrontEnd::logMelDb(const float* x, size_t n) const {
    Matrix m = melPower(x, n);
    powerToDb(m);
    return m;
}

Matrix DetectorFrontEnd::standardised(const float* x, size_t n) const {
    Matrix m = logMelDb(x, n);
    standardise(m);
    return m;
}

OpenL3FrontEnd::OpenL3FrontEnd()
    : stft_(StftConfig{kFft, kStftHop, false, Spectrum::Magnitude}),
      mel_(MelFilterbank::shared(MelConfig{kSampleRate, kFft, kBands, 0.0, kSampleRate / 2.0, MelScale::Slaney,
                                           MelNorm::Slaney})) {}

int OpenL3FrontEnd::hopSamples(double hopSeconds) {
    return std::max(1, static_cast<int>(hopSeconds * kSampleRate));
}

int OpenL3FrontEnd::patchCount(size_t n, double hopSeconds) {
    const long long hop = hopSamples(hopSeconds);
    const long long centred = static_cast<long long>(n) + kFrameLength / 2;
    if (centred <= kFrameLength) return 1;
    return static_cast<int>(1 + (centred - kFrameLength + hop - 1) / hop);  // end padded up to a whole hop
}

std::vector<double> OpenL3FrontEnd::timestamps(size_t n, double hopSeconds) {
    std::vector<double> t(static_cast<size_t>(patchCount(n, hopSeconds)));
    for (size_t i = 0; i < t.size(); ++i) t[i] = double(i) * hopSeconds;
    return t;
}

Matrix OpenL3FrontEnd::patch(const float* frame) const {
    // kapre04 (tf.signal.stft pad_end): the 1 s frame padded with zeros at the end
    // so that 199 STFT frames of hop 242 fit.
    const size_t padded = static_cast<size_t>((kPatchFrames - 1) * kStftHop + kFft);
    std::vector<float> x(padded, 0.f);
    std::copy(frame, frame + kFrameLength, x.begin());
    Matrix out(kBands, kPatchFrames);
    std::vector<float> bands(kBands);
    stft_.forEachFrame(x.data(), x.size(), [&](int f, const float* magnitude) {
        mel_->apply(magnitude, bands.data());
        for (int b = 0; b < kBands; ++b) out.at(b, f) = bands[static_cast<size_t>(b)];
    });
    powerToDb(out);  // 10 log10 of a magnitude mel: exactly what kapre 0.4 does
    return out;
}

std::vector<Matrix> OpenL3FrontEnd::patches(const float* x48k, size_t n, double hopSeconds) const {
    const int hop = hopSamples(hopSeconds);
    const int count = patchCount(n, hopSeconds);
    std::vector<Matrix> out;
    out.reserve(static_cast<size_t>(count));
    std::vector<float> frame(kFrameLength);
    for (int i = 0; i < count; ++i) {
        // Centred framing: the signal starts half a frame into frame 0.
        const long long start = static_cast<long long>(i) * hop - kFrameLength / 2;
        for (int k = 0; k < kFrameLength; ++k) {
            const long long j = start + k;
            frame[static_cast<size_t>(k)] = (j >= 0 && j < static_cast<long long>(n)) ? x48k[j] : 0.f;
        }
        out.push_back(patch(frame.data()));
    }
    return out;
}

}  // namespace humanear::dsp
