#include "dsp/stft.h"

#include <fftw3.h>

#include <cmath>
#include <map>
#include <memory>
#include <mutex>

namespace humanear::dsp {

namespace {

std::mutex& plannerMutex() {
    static std::mutex m;
    return m;
}

struct FftwFree {
    void operator()(void* p) const { fftwf_free(p); }
};
template <typename T>
using FftwBuffer = std::unique_ptr<T, FftwFree>;

// One r2c plan per size for the whole process. Plans are made on fftwf_malloc'd
// (SIMD-aligned) arrays, so any fftwf_malloc'd arrays may be passed to the
// new-array execute function later.
fftwf_plan sharedPlan(int nFft) {
    std::lock_guard<std::mutex> lock(plannerMutex());
    static std::map<int, fftwf_plan> plans;
    auto it = plans.find(nFft);
    if (it != plans.end()) return it->second;
    FftwBuffer<float> in(static_cast<float*>(fftwf_malloc(sizeof(float) * nFft)));
    FftwBuffer<fftwf_complex> out(static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * (nFft / 2 + 1))));
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(nFft, in.get(), out.get(), FFTW_ESTIMATE);
    plans.emplace(nFft, plan);
    return plan;
}

}  // namespace

Stft::Stft(StftConfig config) : config_(config), window_(static_cast<size_t>(config.nFft)) {
    for (int i = 0; i < config_.nFft; ++i)
        window_[static_cast<size_t>(i)] =
            static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * i / config_.nFft));
    plan_ = sharedPlan(config_.nFft);
}

int Stft::frameCount(size_t samples) const {
    const long long padded = static_cast<long long>(samples) + (config_.center ? config_.nFft / 2 * 2 : 0);
    if (padded < config_.nFft) return 0;
    return static_cast<int>(1 + (padded - config_.nFft) / config_.hop);
}

void Stft::forEachFrame(const float* x, size_t n, const std::function<void(int, const float*)>& visit) const {
    const int nFft = config_.nFft;
    const int frames = frameCount(n);
    const long long offset = config_.center ? nFft / 2 : 0;  // frame f starts at f*hop - offset
    FftwBuffer<float> in(static_cast<float*>(fftwf_malloc(sizeof(float) * nFft)));
    FftwBuffer<fftwf_complex> out(static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * bins())));
    std::vector<float> spectrum(static_cast<size_t>(bins()));
    const bool power = config_.spectrum == Spectrum::Power;
    for (int f = 0; f < frames; ++f) {
        const long long start = static_cast<long long>(f) * config_.hop - offset;
        for (int i = 0; i < nFft; ++i) {
            const long long j = start + i;
            in.get()[i] = (j >= 0 && j < static_cast<long long>(n)) ? x[j] * window_[static_cast<size_t>(i)] : 0.f;
        }
        fftwf_execute_dft_r2c(static_cast<fftwf_plan>(plan_), in.get(), out.get());
        for (int b = 0; b < bins(); ++b) {
            const float re = out.get()[b][0], im = out.get()[b][1];
            const float p = re * re + im * im;
            spectrum[static_cast<size_t>(b)] = power ? p : std::sqrt(p);
        }
        visit(f, spectrum.data());
    }
}

Matrix Stft::compute(const float* x, size_t n) const {
    Matrix out(bins(), frameCount(n));
    forEachFrame(x, n, [&](int f, const float* spectrum) {
        for (int b = 0; b < out.rows; ++b) out.at(b, f) = spectrum[b];
    });
    return out;
}

}  // namespace humanear::dsp
