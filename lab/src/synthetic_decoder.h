#pragma once
// Content-matched "AI" training copies for the full-band member: a human track
// passed through a random near-identity neural decoder, so that the only
// difference between the pair is the decoder.
//
// A decoder's upsampling stages (transposed convolution, nearest or sub-pixel
// upsampling) treat the phases of each output period differently: each output
// phase has its own kernel and bias. That leaves (a) fixed spectral lines at
// multiples of rate / period, from the bias and the kernel's DC response, and
// (b) faint images of the content shifted by the same multiples. This models
// one such decoder per call: a random native rate (24, 32, 44.1 or 48 kHz),
// 1-4 stages of random strides, each with its own per-phase gain and bias at a
// random level well below the music (each line -70 to -35 dB under its RMS). It is a model of the
// artefact's mechanism, not of any particular generator.
#include <random>
#include <vector>

namespace humanear::models {

struct SyntheticDecoderSpec {
    int nativeRate = 24000;
    std::vector<int> periods;    // output samples per period of each stage, cumulative strides
    std::vector<double> levelsDb;  // each stage's line level relative to the signal's RMS
};

SyntheticDecoderSpec randomDecoderSpec(std::mt19937& rng);

// x at `rate` -> the same length at `rate`, through the decoder `spec` describes.
// Returns x unchanged when it cannot be resampled.
std::vector<float> passThroughDecoder(const std::vector<float>& x, int rate, const SyntheticDecoderSpec& spec,
                                      std::mt19937& rng);

}  // namespace humanear::models
