#pragma once
// Streaming mono sample-rate conversion with libsoxr (high quality: 20-bit, flat to
// about 0.91 of Nyquist). Output is aligned with the input (soxr removes its filter
// delay) and n inputs give n * to / from outputs (within one) once flushed.
#include "humanear/result.h"

#include <cstddef>
#include <string>
#include <vector>

typedef struct soxr* soxr_t;

namespace humanear::audio {

// One stream: feed it with process() in chunks of any size, then flush() once.
// Not thread-safe; independent resamplers may run on different threads.
class Resampler {
public:
    Resampler(int fromRate, int toRate);
    ~Resampler();
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    // Whether the converter could be set up (rates must be positive).
    Status status() const;
    bool isPassThrough() const { return from_ == to_; }
    // Appends the output for `n` more input samples to `out`.
    Status process(const float* in, size_t n, std::vector<float>& out);
    // Appends the tail held in the filter; call once after the last input.
    Status flush(std::vector<float>& out);

    // Whole-buffer convenience (e.g. 48 kHz -> 16 kHz from one decode).
    static Result<std::vector<float>> resample(const std::vector<float>& in, int fromRate, int toRate);

private:
    Status run(const float* in, size_t n, std::vector<float>& out);

    int from_, to_;
    soxr_t soxr_ = nullptr;
    std::string error_;
    bool flushed_ = false;
};

}  // namespace humanear::audio
