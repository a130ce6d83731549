#include "models/installed_detector.h"

#include "models/detector_windows.h"

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
                                                                         const std::string& device) {
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
        DetectorConfig{manifest->architecture, manifest->input.windowSeconds, int(parameter("windows_per_track", 1))},
        parameter("temperature", 1.0), parameter("threshold", 0.5),
        manifest->name + " v" + manifest->version + " (" + manifest->architecture + ")"});
    return std::shared_ptr<const InstalledDetector>(std::move(detector));
}

Result<Detection> InstalledDetector::judge(const std::vector<audio::MonoClip>& clips, const CancelToken& cancel) const {
    const auto windows = detectorWindowsFromClips(clips, config);
    if (windows.empty()) return makeError(ErrorCode::TooShort, "There is no audio for the detector to judge.");
    DetectorInput input{windows.front().rows, windows.front().cols, {}};
    for (const auto& w : windows) input.windows.push_back(w.data.data());
    auto logits = model.logits(input, &cancel);
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

}  // namespace models
}  // namespace humanear
