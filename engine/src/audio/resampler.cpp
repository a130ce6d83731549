#include "audio/resampler.h"

#include <soxr.h>

#include <cmath>

namespace humanear::audio {

Resampler::Resampler(int fromRate, int toRate) : from_(fromRate), to_(toRate) {
    if (isPassThrough()) return;
    soxr_error_t error = nullptr;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    soxr_ = soxr_create(fromRate, toRate, 1, &error, &io, &quality, nullptr);
    if (error) {
        error_ = error;
        soxr_ = nullptr;
    }
}

Resampler::~Resampler() {
    if (soxr_) soxr_delete(soxr_);
}

Status Resampler::process(const float* in, size_t n, std::vector<float>& out) {
    if (isPassThrough()) {
        out.insert(out.end(), in, in + n);
        return {};
    }
    if (!soxr_) return makeError(ErrorCode::Internal, "The resampler could not start: " + error_);
    const double ratio = double(to_) / from_;
    size_t consumed = 0;
    // in == nullptr asks soxr for its tail (flush).
    do {
        const size_t room = static_cast<size_t>(std::ceil((n - consumed) * ratio)) + 256;
        const size_t base = out.size();
        out.resize(base + room);
        size_t used = 0, produced = 0;
        const soxr_error_t error =
            soxr_process(soxr_, in ? in + consumed : nullptr, in ? n - consumed : 0, &used, out.data() + base, room, &produced);
        out.resize(base + produced);
        if (error) return makeError(ErrorCode::Internal, std::string("Resampling failed: ") + error);
        consumed += used;
        if (!in && produced == 0) break;
        if (in && used == 0 && produced == 0) break;
    } while (in ? consumed < n : true);
    return {};
}

Status Resampler::flush(std::vector<float>& out) {
    if (isPassThrough()) return {};
    return process(nullptr, 0, out);
}

Result<std::vector<float>> Resampler::resample(const std::vector<float>& in, int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) return makeError(ErrorCode::InvalidArgument, "Sample rates must be positive.");
    Resampler resampler(fromRate, toRate);
    std::vector<float> out;
    out.reserve(static_cast<size_t>(double(in.size()) * toRate / fromRate) + 16);
    if (auto s = resampler.process(in.data(), in.size(), out); !s) return s.error();
    if (auto s = resampler.flush(out); !s) return s.error();
    return out;
}

}  // namespace humanear::audio
