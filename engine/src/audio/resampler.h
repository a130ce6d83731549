#pragma once
// Streaming mono sample-rate conversion with libsoxr (high quality).
#include "humanear/result.h"

#include <vector>

typedef struct soxr* soxr_t;

namespace humanear::audio {

class Resampler {
public:
    Resampler(int fromRate, int toRate);
    ~Resampler();
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    bool isPassThrough() const { return from_ == to_; }
    // Appends the output for `n` more input samples to `out`.
    Status process(const float* in, size_t n, std::vector<float>& out);
    // Appends the tail held in the filter; call once after the last input.
    Status flush(std::vector<float>& out);

    // Whole-buffer convenience (e.g. 48 kHz -> 16 kHz from one decode).
    static Result<std::vector<float>> resample(const std::vector<float>& in, int fromRate, int toRate);

private:
    int from_, to_;
    soxr_t soxr_ = nullptr;
    std::string error_;
};

}  // namespace humanear::audio
