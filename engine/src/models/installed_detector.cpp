#include "models/installed_detector.h"

#include "dsp/frontends.h"
#include "models/detector_windows.h"
#include "runtime/stage_timer.h"

#include <algorithm>
#include <cmath>

namespace humanear {

const char* verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::LikelyAi: return "likely_ai";
    case Verdict::Uncertain: return "uncertain";
    case Verdict::LikelyHuman: return "likely_human";
    }
    return "uncertain";
}

namespace models {

// Within 0.15 of the threshold, or with windows that disagree strongly, the
// honest answer is "uncertain" rather than a coin flip presented as a verdict.
Verdict verdictFor(double pAi, double threshold, double spread) {
    constexpr double kMargin = 0.15, kMaxSpread = 0.3;
    if (spread > kMaxSpread) return Verdict::Uncertain;
    if (pAi >= threshold + kMargin) return Verdict::LikelyAi;
    if (pAi <= threshold - kMargin) return Verdict::LikelyHuman;
    return Verdict::Uncertain;
}

Result<std::shared_ptr<const InstalledDetector>> InstalledDetector::load(const ModelRegistry& registry,
                                                                         const std::string& name,
                                                                         const std::string& device,
                                                                         bool batchAcrossTracks) {
    auto manifest = registry.locate(name);
    if (!manifest) return manifest.error();
    auto architecture = architectureFromName(manifest->architecture);
    if (!architecture) return architecture.error();
    auto model = DetectorModel::load(*architecture, manifest->weightsPath(), device);
    if (!model) return model.error();
    auto parameter = [&](const char* key, double fallback) {
        auto it = manifest->parameters.find(key);
        return it == manifest->parameters.end() ? fallback : it->second;
    };
    auto detector = std::shared_ptr<InstalledDetector>(new InstalledDetector{
        std::move(*model),
        // A manifest without band_limit_hz predates the band limit: its model saw all bands.
        DetectorConfig{manifest->architecture, manifest->input.windowSeconds, int(parameter("windows_per_track", 1)),
                       parameter("band_limit_hz", 0.0)},
        parameter("temperature", 1.0), parameter("threshold", 0.5),
        manifest->name + " v" + manifest->version + " (" + manifest->architecture + ")", nullptr});
    if (batchAcrossTracks) detector->batcher = std::make_unique<DetectorBatcher>(detector->model);
    return std::shared_ptr<const InstalledDetector>(std::move(detector));
}

Result<Detection> InstalledDetector::judge(const std::vector<audio::MonoClip>& clips, const CancelToken& cancel) const {
    runtime::ScopedStage frontEndStage("front end");
    const auto windows = detectorWindowsFromClips(clips, config);
    frontEndStage.stop();
    if (windows.empty()) return makeError(ErrorCode::TooShort, "There is no audio for the detector to judge.");
    DetectorInput input{windows.front().rows, windows.front().cols, {}};
    for (const auto& w : windows) input.windows.push_back(w.data.data());
    runtime::ScopedStage networkStage("detector");
    auto logits = batcher ? batcher->logits(input, &cancel) : model.logits(input, &cancel);
    networkStage.stop();
    if (!logits) return logits.error();
    Detection d;
    d.threshold = threshold;
    d.windows = int(logits->size());
    d.model = label;
    double meanLogit = 0;
    for (float z : *logits) meanLogit += z;
    meanLogit /= double(logits->size());
    // A track's score is its windows' mean logit, calibrated by temperature.
    d.pAi = 1.0 / (1.0 + std::exp(-meanLogit / temperature));
    double variance = 0;
    for (size_t i = 0; i < logits->size(); ++i) {
        const double p = 1.0 / (1.0 + std::exp(-(*logits)[i] / temperature));
        d.windowPAi.push_back(p);
        d.windowStartSeconds.push_back(i < clips.size() ? clips[i].startSeconds : 0.0);
        variance += (p - d.pAi) * (p - d.pAi);
    }
    d.spread = std::sqrt(variance / double(logits->size()));
    d.verdict = verdictFor(d.pAi, threshold, d.spread);
    return d;
}

Result<std::vector<float>> InstalledDetector::saliencyMap(const std::vector<float>& samples, int frames,
                                                          const CancelToken& cancel) const {
    constexpr int bands = dsp::DetectorFrontEnd::kBands;
    constexpr int hop = dsp::DetectorFrontEnd::kHop;
    std::vector<float> map(size_t(bands) * size_t(std::max(frames, 0)), 0.f);
    if (frames <= 0 || samples.empty()) return map;
    const size_t tileSamples = size_t(config.windowSeconds * dsp::DetectorFrontEnd::kSampleRate + 0.5);
    const int tileFrames = detectorFramesPerWindow(config);
    for (size_t start = 0; start < samples.size(); start += tileSamples) {
        if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Saliency was cancelled.");
        audio::MonoClip tile;
        tile.sampleRate = dsp::DetectorFrontEnd::kSampleRate;
        tile.samples.assign(samples.begin() + long(start),
                            samples.begin() + long(std::min(samples.size(), start + tileSamples)));
        // A last sliver much shorter than a window is mostly padding: the network's
        // gradients there say little about the audio.
        if (start > 0 && tile.samples.size() < tileSamples / 4) break;
        auto windows = detectorWindowsFromClips({tile}, config);
        if (windows.empty()) continue;
        auto tileMap = model.saliency(windows.front().data.data(), windows.front().rows, windows.front().cols);
        if (!tileMap) return tileMap.error();
        const int firstFrame = int(start / hop);
        const int usefulFrames = int(tile.samples.size() / hop) + 1;
        for (int b = 0; b < bands; ++b)
            for (int f = 0; f < std::min(tileFrames, usefulFrames); ++f) {
                const int target = firstFrame + f;
                if (target >= frames) break;
                map[size_t(b) * frames + target] = std::max(map[size_t(b) * frames + target],
                                                            (*tileMap)[size_t(b) * tileFrames + f]);
            }
    }
    // 5 x 5 box blur: gradient x input is speckled at the pixel level.
    std::vector<float> smooth(map.size(), 0.f);
    for (int b = 0; b < bands; ++b)
        for (int f = 0; f < frames; ++f) {
            float sum = 0;
            int n = 0;
            for (int db = -2; db <= 2; ++db)
                for (int df = -2; df <= 2; ++df) {
                    const int bb = b + db, ff = f + df;
                    if (bb < 0 || bb >= bands || ff < 0 || ff >= frames) continue;
                    sum += map[size_t(bb) * frames + ff];
                    ++n;
                }
            smooth[size_t(b) * frames + f] = sum / float(n);
        }
    const float peak = *std::max_element(smooth.begin(), smooth.end());
    if (peak > 0 && std::isfinite(peak))
        for (float& v : smooth) v /= peak;
    return smooth;
}

}  // namespace models
}  // namespace humanear
