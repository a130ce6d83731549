#include "audio/resampler.h"

#include <soxr.h>

#include <cmath>
#include <exception>
#include <new>

namespace humanear::audio {

Resampler::Resampler(int fromRate, int toRate) : from_(fromRate), to_(toRate) {
    if (fromRate <= 0 || toRate <= 0) {
        error_ = "sample rates must be positive (asked for " + std::to_string(fromRate) + " Hz to " +
                 std::to_string(toRate) + " Hz)";
        return;
    }
    if (isPassThrough()) return;
    soxr_error_t error = nullptr;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    // One thread: callers parallelise across files, not inside a conversion.
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    soxr_ = soxr_create(fromRate, toRate, 1, &error, &io, &quality, &runtime);
    if (error) {
        error_ = error;
        if (soxr_) soxr_delete(soxr_);
        soxr_ = nullptr;
    }
}

Resampler::~Resampler() {
    if (soxr_) soxr_delete(soxr_);
}

Status Resampler::status() const {
    if (error_.empty()) return {};
    return makeError(ErrorCode::InvalidArgument, "The resampler could not start: " + error_ + ".");
}

Status Resampler::process(const float* in, size_t n, std::vector<float>& out) {
    if (auto s = status(); !s) return s;
    if (flushed_) return makeError(ErrorCode::Internal, "The resampler was given audio after its end.");
    if (n == 0) return {};
    if (isPassThrough()) {
        out.insert(out.end(), in, in + n);
        return {};
    }
    return run(in, n, out);
}

Status Resampler::flush(std::vector<float>& out) {
    if (auto s = status(); !s) return s;
    if (flushed_) return {};
    flushed_ = true;
    if (isPassThrough()) return {};
    return run(nullptr, 0, out);
}

// in == nullptr asks soxr for the tail it still holds.
Status Resampler::run(const float* in, size_t n, std::vector<float>& out) {
    const double ratio = double(to_) / from_;
    size_t consumed = 0;
    for (;;) {
        const size_t room = static_cast<size_t>(std::ceil(double(n - consumed) * ratio)) + 1024;
        const size_t base = out.size();
        out.resize(base + room);
        size_t used = 0, produced = 0;
        const soxr_error_t error = soxr_process(soxr_, in ? in + consumed : nullptr, in ? n - consumed : 0, &used,
                                                out.data() + base, room, &produced);
        out.resize(base + produced);
        if (error) return makeError(ErrorCode::Internal, std::string("Resampling failed: ") + error + ".");
        consumed += used;
        if (in ? (consumed >= n || (used == 0 && produced == 0)) : produced == 0) break;
    }
    return {};
}

Result<std::vector<float>> Resampler::resample(const std::vector<float>& in, int fromRate, int toRate) {
    try {
        Resampler resampler(fromRate, toRate);
        if (auto s = resampler.status(); !s) return s.error();
        std::vector<float> out;
        out.reserve(static_cast<size_t>(double(in.size()) * toRate / fromRate) + 16);
        if (auto s = resampler.process(in.data(), in.size(), out); !s) return s.error();
        if (auto s = resampler.flush(out); !s) return s.error();
        return out;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal, "There is not enough memory to resample the audio.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("Resampling failed: ") + e.what() + ".");
    }
}

}  // namespace humanear::audio
