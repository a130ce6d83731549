#include "dsp/stft.h"

#include <fftw3.h>

#include <cmath>
#include <cstdlib>
#include <map>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdexcept>
#include <string>

namespace humanear::dsp {

namespace {

constexpr double kPi = 3.14159265358979323846;

// FFTW documents only its execute functions as thread-safe, not fftwf_malloc, so
// buffers come from aligned_alloc. 64-byte alignment satisfies every SIMD width,
// which is what the new-array execute functions require: the same alignment as
// the arrays the plan was made on.
constexpr size_t kAlignment = 64;

float* alignedFloats(size_t count) {
    const size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
    auto* p = static_cast<float*>(std::aligned_alloc(kAlignment, bytes));
    if (!p) throw std::bad_alloc();
    return p;
}

// One r2c plan per size for the whole process, never destroyed: plans are small,
// and destroying them (or the map) at exit would race with threads still running.
fftwf_plan sharedPlan(int nFft) {
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    static auto* const plans = new std::map<int, fftwf_plan>();
    auto it = plans->find(nFft);
    if (it != plans->end()) return it->second;
    const size_t bins = static_cast<size_t>(nFft / 2 + 1);
    float* in = alignedFloats(static_cast<size_t>(nFft));
    float* out = alignedFloats(2 * bins);
    // ESTIMATE, not MEASURE: the chosen algorithm, and so every rounding, is then
    // the same in every run, and planning costs nothing.
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(nFft, in, reinterpret_cast<fftwf_complex*>(out), FFTW_ESTIMATE);
    std::free(in);
    std::free(out);
    if (!plan) throw std::runtime_error("FFTW could not plan a real FFT of size " + std::to_string(nFft));
    plans->emplace(nFft, plan);
    return plan;
}

// The hot loops below are written in fixed blocks of 8 because at -O2 GCC only
// vectorises loops whose trip count it knows; the tails are scalar.
void multiply(float* __restrict out, const float* __restrict a, const float* __restrict b, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) out[i + k] = a[i + k] * b[i + k];
    for (; i < n; ++i) out[i] = a[i] * b[i];
}

void squaredMagnitude(float* __restrict out, const float* __restrict complex, int bins) {
    int b = 0;
    for (; b + 8 <= bins; b += 8)
        for (int k = 0; k < 8; ++k) {
            const float re = complex[2 * (b + k)], im = complex[2 * (b + k) + 1];
            out[b + k] = re * re + im * im;
        }
    for (; b < bins; ++b) out[b] = complex[2 * b] * complex[2 * b] + complex[2 * b + 1] * complex[2 * b + 1];
}

// std::sqrt cannot be vectorised without -fno-math-errno; the argument is never negative here.
void squareRoot(float* values, int n) {
    int i = 0;
#if defined(__SSE2__)
    for (; i + 4 <= n; i += 4) _mm_storeu_ps(values + i, _mm_sqrt_ps(_mm_loadu_ps(values + i)));
#endif
    for (; i < n; ++i) values[i] = std::sqrt(values[i]);
}

}  // namespace

std::mutex& fftwPlannerMutex() {
    static auto* const m = new std::mutex();  // outlives every static destructor
    return *m;
}

void Stft::Workspace::AlignedFree::operator()(void* p) const { std::free(p); }

Stft::Workspace::Workspace(int nFft)
    : nFft_(nFft),
      in_(alignedFloats(static_cast<size_t>(nFft))),
      out_(alignedFloats(2 * static_cast<size_t>(nFft / 2 + 1))),
      spectrum_(static_cast<size_t>(nFft / 2 + 1)) {}

Stft::Stft(StftConfig config) : config_(config) {
    if (config_.nFft < 2 || config_.nFft % 2 != 0 || config_.hop < 1)
        throw std::invalid_argument("STFT needs an even n_fft >= 2 and a hop >= 1, not n_fft " +
                                    std::to_string(config_.nFft) + ", hop " + std::to_string(config_.hop));
    window_.resize(static_cast<size_t>(config_.nFft));
    for (int i = 0; i < config_.nFft; ++i)
        window_[static_cast<size_t>(i)] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * kPi * i / config_.nFft));
    plan_ = sharedPlan(config_.nFft);
}

int Stft::frameCount(size_t samples) const {
    const long long padded = static_cast<long long>(samples) + (config_.center ? config_.nFft / 2 * 2 : 0);
    if (padded < config_.nFft) return 0;
    return static_cast<int>(1 + (padded - config_.nFft) / config_.hop);
}

void Stft::forEachFrame(const float* x, size_t n, Workspace& workspace, const FrameVisitor& visit) const {
    const int nFft = config_.nFft;
    if (workspace.nFft_ != nFft)
        throw std::invalid_argument("STFT workspace made for n_fft " + std::to_string(workspace.nFft_) +
                                    " used with n_fft " + std::to_string(nFft));
    const int frames = frameCount(n);
    const int nBins = bins();
    const long long offset = config_.center ? nFft / 2 : 0;  // frame f starts at f*hop - offset
    const long long length = static_cast<long long>(n);
    float* const in = workspace.in_.get();
    float* const out = workspace.out_.get();
    float* const spectrum = workspace.spectrum_.data();
    const float* const window = window_.data();
    const bool powerSpectrum = config_.spectrum == Spectrum::Power;
    const auto plan = static_cast<fftwf_plan>(plan_);

    for (int f = 0; f < frames; ++f) {
        const long long start = static_cast<long long>(f) * config_.hop - offset;
        if (start >= 0 && start + nFft <= length) {
            multiply(in, x + start, window, nFft);
        } else {
            // Only the first and last few frames of a centred STFT reach the padding.
            for (int i = 0; i < nFft; ++i) {
                const long long j = start + i;
                in[i] = (j >= 0 && j < length) ? x[j] * window[i] : 0.f;
            }
        }
        fftwf_execute_dft_r2c(plan, in, reinterpret_cast<fftwf_complex*>(out));
        squaredMagnitude(spectrum, out, nBins);
        if (!powerSpectrum) squareRoot(spectrum, nBins);
        visit(f, spectrum);
    }
}

void Stft::forEachFrame(const float* x, size_t n, const FrameVisitor& visit) const {
    Workspace workspace = makeWorkspace();
    forEachFrame(x, n, workspace, visit);
}

Matrix Stft::compute(const float* x, size_t n) const {
    Matrix out(bins(), frameCount(n));
    forEachFrame(x, n, [&](int f, const float* spectrum) {
        for (int b = 0; b < out.rows; ++b) out.at(b, f) = spectrum[b];
    });
    return out;
}

}  // namespace humanear::dsp
