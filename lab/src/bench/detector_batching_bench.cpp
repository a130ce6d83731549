#include "bench/detector_batching_bench.h"

#include "bench/timing_statistics.h"
#include "detector/detector_batcher.h"
#include "detector/detector_impl.h"
#include "models/compute_device.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <cmath>
#include <random>
#include <thread>

namespace humanear::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBands = 128;

// Runs every caller's tracks on its own thread; returns the wall time, and each
// track's logits in `out` (caller-major).
template <typename Judge>
Result<double> runCallers(const DetectorBatchingSpec& spec, const std::vector<models::DetectorInput>& tracks, Judge judge,
                          std::vector<std::vector<float>>& out) {
    out.assign(tracks.size(), {});
    std::atomic<bool> failed{false};
    Error firstError{ErrorCode::Internal, ""};
    std::mutex errorMutex;
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < spec.callers; ++c)
        threads.emplace_back([&, c] {
            models::setTorchThreads(spec.threadsPerCaller);
            for (int t = 0; t < spec.tracksPerCaller; ++t) {
                const size_t k = size_t(c) * size_t(spec.tracksPerCaller) + size_t(t);
                auto logits = judge(tracks[k]);
                if (!logits) {
                    std::lock_guard<std::mutex> lock(errorMutex);
                    if (!failed.exchange(true)) firstError = logits.error();
                    return;
                }
                out[k] = std::move(*logits);
            }
        });
    for (auto& t : threads) t.join();
    if (failed) return firstError;
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The network as trained (eval mode, batch norms separate, NCHW), batched as
// DetectorModel::logits batches: the baseline of the form logits() runs.
Result<std::vector<float>> trainingFormLogits(const models::DetectorModel& model, const models::DetectorInput& input) {
    std::vector<float> out;
    try {
        torch::InferenceMode guard;
        auto& impl = model.impl();
        const size_t batchSize = impl.device.is_cuda() ? 128 : 16;
        const long values = long(input.bands) * input.frames;
        for (size_t start = 0; start < input.windows.size(); start += batchSize) {
            const size_t n = std::min(batchSize, input.windows.size() - start);
            torch::Tensor batch = torch::empty({long(n), 1, input.bands, input.frames});
            for (size_t i = 0; i < n; ++i)
                std::copy(input.windows[start + i], input.windows[start + i] + values, batch.data_ptr<float>() + i * values);
            torch::Tensor y = impl.net->forward(batch.to(impl.device)).to(torch::kCPU).contiguous();
            out.insert(out.end(), y.data_ptr<float>(), y.data_ptr<float>() + n);
        }
    } catch (const std::exception& e) {
        return Error{ErrorCode::Internal, std::string("The detector failed: ") + e.what()};
    }
    return out;
}

}  // namespace

Result<BenchmarkDetectorBatching> measureDetectorBatching(const models::DetectorModel& model,
                                                          const DetectorBatchingSpec& spec) {
    // Distinct standardised-looking windows for every track.
    const int trackCount = spec.callers * spec.tracksPerCaller;
    std::vector<std::vector<float>> storage;
    std::vector<models::DetectorInput> tracks;
    std::mt19937 rng(17);
    std::normal_distribution<float> normal(0.f, 1.f);
    storage.reserve(size_t(trackCount) * size_t(spec.windowsPerTrack));
    for (int t = 0; t < trackCount; ++t) {
        models::DetectorInput input{kBands, spec.frames, {}};
        for (int w = 0; w < spec.windowsPerTrack; ++w) {
            std::vector<float> window(size_t(kBands) * size_t(spec.frames));
            for (float& x : window) x = normal(rng);
            storage.push_back(std::move(window));
            input.windows.push_back(storage.back().data());
        }
        tracks.push_back(std::move(input));
    }

    BenchmarkDetectorBatching figures;
    figures.callers = spec.callers;
    figures.threadsPerCaller = spec.threadsPerCaller;
    figures.tracks = trackCount;
    figures.windowsPerTrack = spec.windowsPerTrack;
    std::vector<double> plainTimes, batchedTimes, trainingFormTimes;
    std::vector<std::vector<float>> plainLogits, batchedLogits, trainingFormLogitsOut;
    long long passes = 0, requests = 0, windows = 0;
    for (int r = 0; r < std::max(1, spec.repeats); ++r) {
        auto plain = runCallers(spec, tracks, [&](const models::DetectorInput& in) { return model.logits(in); },
                                plainLogits);
        if (!plain) return plain.error();
        plainTimes.push_back(*plain);
        auto trainingForm = runCallers(
            spec, tracks, [&](const models::DetectorInput& in) { return trainingFormLogits(model, in); },
            trainingFormLogitsOut);
        if (!trainingForm) return trainingForm.error();
        trainingFormTimes.push_back(*trainingForm);
        models::DetectorBatcher batcher(model);
        auto batched = runCallers(spec, tracks, [&](const models::DetectorInput& in) { return batcher.logits(in); },
                                  batchedLogits);
        if (!batched) return batched.error();
        batchedTimes.push_back(*batched);
        const auto stats = batcher.stats();
        passes += stats.passes;
        requests += stats.requests;
        windows += stats.windows;
    }
    const double totalWindows = double(trackCount) * spec.windowsPerTrack;
    figures.plainSeconds = median(plainTimes);
    figures.batchedSeconds = median(batchedTimes);
    figures.plainWindowsPerSecond = figures.plainSeconds > 0 ? totalWindows / figures.plainSeconds : 0;
    figures.batchedWindowsPerSecond = figures.batchedSeconds > 0 ? totalWindows / figures.batchedSeconds : 0;
    figures.batchedOverPlain = figures.plainSeconds > 0 ? figures.plainSeconds / figures.batchedSeconds : 0;
    figures.trainingFormSeconds = median(trainingFormTimes);
    figures.trainingFormWindowsPerSecond = figures.trainingFormSeconds > 0 ? totalWindows / figures.trainingFormSeconds : 0;
    figures.inferenceFormSpeedup = figures.plainSeconds > 0 ? figures.trainingFormSeconds / figures.plainSeconds : 0;
    figures.windowsPerPass = passes > 0 ? double(windows) / double(passes) : 0;
    figures.tracksPerPass = passes > 0 ? double(requests) / double(passes) : 0;
    for (size_t k = 0; k < plainLogits.size(); ++k)
        for (size_t i = 0; i < plainLogits[k].size() && i < batchedLogits[k].size(); ++i)
            figures.maxLogitDifference =
                std::max(figures.maxLogitDifference, double(std::abs(plainLogits[k][i] - batchedLogits[k][i])));
    for (size_t k = 0; k < plainLogits.size(); ++k)
        for (size_t i = 0; i < plainLogits[k].size() && i < trainingFormLogitsOut[k].size(); ++i)
            figures.maxFormLogitDifference = std::max(figures.maxFormLogitDifference,
                                                      double(std::abs(plainLogits[k][i] - trainingFormLogitsOut[k][i])));
    return figures;
}

}  // namespace humanear::bench
