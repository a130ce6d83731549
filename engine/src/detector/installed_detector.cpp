#include "detector/installed_detector.h"

#include "dsp/frontends.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace humanear {

const char* verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::LikelyAi: return "likely_ai";
    case Verdict::Uncertain: return "uncertain";
    case Verdict::LikelyHuman: return "likely_human";
    case Verdict::NotMusic: return "not_music";
    }
    return "uncertain";
}

namespace models {

// Within 0.15 of the threshold (or inside the band fitted on out-of-fold scores),
// or with windows that disagree strongly, the honest answer is "uncertain" rather
// than a coin flip presented as a verdict.
namespace {
constexpr double kMargin = 0.15;
double bandEdge(double fitted, double threshold, double offset) {
    return fitted >= 0 ? fitted : std::clamp(threshold + offset, 0.0, 1.0);
}
}  // namespace

double InstalledDetector::bandLow() const { return bandEdge(uncertainLow, threshold, -kMargin); }
double InstalledDetector::bandHigh() const { return bandEdge(uncertainHigh, threshold, kMargin); }

Verdict verdictFor(double pAi, double threshold, double spread, double uncertainLow, double uncertainHigh) {
    constexpr double kMaxSpread = 0.3;
    if (spread > kMaxSpread) return Verdict::Uncertain;
    const double high = bandEdge(uncertainHigh, threshold, kMargin);
    const double low = bandEdge(uncertainLow, threshold, -kMargin);
    if (pAi >= high) return Verdict::LikelyAi;
    if (pAi <= low) return Verdict::LikelyHuman;
    return Verdict::Uncertain;
}

DetectorConfig detectorConfigOf(const ModelManifest& manifest) {
    // A manifest without band_limit_hz predates the band limit: its model saw all bands.
    DetectorConfig config{manifest.architecture,
                          manifest.input.windowSeconds,
                          int(manifest.parameter("windows_per_track", 1)),
                          manifest.parameter("band_limit_hz", 0.0),
                          int(manifest.parameter("sample_rate", 16000)),
                          manifest.parameter("min_bandwidth_hz", 0.0)};
    config.tilesTrack = manifest.parameter("tiles_track", 1.0) != 0.0;
    config.minAnalysisWindows = int(manifest.parameter("min_analysis_windows", 0.0));
    config.mp3CopyKbps = int(manifest.parameter("mp3_copy_kbps", 0.0));
    config.mp3CopyQuality = int(manifest.parameter("mp3_copy_quality", -1.0));
    return config;
}

namespace {

Result<std::unique_ptr<DetectorMember>> loadMember(const ModelManifest& manifest, const std::string& device) {
    auto architecture = architectureFromName(manifest.architecture);
    if (!architecture) return architecture.error();
    auto model = DetectorModel::load(*architecture, manifest.weightsPath(), device);
    if (!model) return model.error();
    return std::make_unique<DetectorMember>(std::move(*model), detectorConfigOf(manifest),
                                            manifest.parameter("temperature", 1.0));
}

// An ensemble's members are looked up beside its manifest only, so that one
// folder is always one consistent set of weights.
Result<std::vector<ModelManifest>> memberManifests(const ModelManifest& manifest) {
    if (!manifest.isEnsemble()) return std::vector<ModelManifest>{manifest};
    const ModelRegistry beside({QFileInfo(QString::fromStdString(manifest.manifestPath)).absolutePath().toStdString()});
    std::vector<ModelManifest> found;
    for (const auto& memberName : manifest.members) {
        auto member = beside.locate(memberName);
        if (!member)
            return makeError(member.error().code, "The detector \"" + manifest.name + "\" is an ensemble whose member \"" +
                                                      memberName + "\" cannot be used: " + member.error().message);
        if (member->isEnsemble())
            return makeError(ErrorCode::ModelCorrupt, "The detector \"" + manifest.name + "\" lists \"" + memberName +
                                                          "\", itself an ensemble; members must be trained models.");
        found.push_back(std::move(*member));
    }
    return found;
}

// P(AI) over time on the grid of the member with the most windows among those
// that tile the track (all members when none does): each grid window holds the
// mean P(AI) of those members' windows nearest its centre.
std::vector<DetectionWindow> timelineOf(const std::vector<MemberJudgement>& judgements, const std::vector<bool>& tiles) {
    // A member that abstained (the full-band member on a band-limited file) has no windows.
    std::vector<size_t> used;
    for (size_t m = 0; m < judgements.size(); ++m)
        if (tiles[m] && !judgements[m].windowPAi.empty()) used.push_back(m);
    if (used.empty())
        for (size_t m = 0; m < judgements.size(); ++m)
            if (!judgements[m].windowPAi.empty()) used.push_back(m);
    if (used.empty()) return {};
    size_t grid = used.front();
    for (size_t m : used)
        if (judgements[m].windowPAi.size() > judgements[grid].windowPAi.size()) grid = m;
    // The member's window whose centre is nearest (windows overlap where the last one is aligned to the end).
    auto pAiAt = [](const MemberJudgement& j, double t) {
        size_t best = 0;
        double bestDistance = -1;
        for (size_t w = 0; w < j.windowPAi.size(); ++w) {
            const double distance = std::abs((j.windowStartSeconds[w] + j.windowEndSeconds[w]) / 2 - t);
            if (bestDistance < 0 || distance < bestDistance) {
                best = w;
                bestDistance = distance;
            }
        }
        return j.windowPAi[best];
    };
    std::vector<DetectionWindow> timeline;
    const MemberJudgement& g = judgements[grid];
    for (size_t w = 0; w < g.windowPAi.size(); ++w) {
        DetectionWindow window{g.windowStartSeconds[w], g.windowEndSeconds[w], 0.0};
        const double centre = (window.startSeconds + window.endSeconds) / 2;
        for (size_t m : used) window.pAi += pAiAt(judgements[m], centre) / double(used.size());
        timeline.push_back(window);
    }
    std::sort(timeline.begin(), timeline.end(),
              [](const DetectionWindow& a, const DetectionWindow& b) { return a.startSeconds < b.startSeconds; });
    return timeline;
}

}  // namespace

Result<std::shared_ptr<const InstalledDetector>> InstalledDetector::load(const ModelRegistry& registry,
                                                                         const std::string& name,
                                                                         const std::string& device,
                                                                         bool batchAcrossTracks) {
    auto manifest = registry.locate(name);
    if (!manifest) return manifest.error();
    auto manifests = memberManifests(*manifest);
    if (!manifests) return manifests.error();
    auto detector = std::make_shared<InstalledDetector>();
    detector->threshold = manifest->parameter("threshold", 0.5);
    detector->uncertainLow = manifest->parameter("uncertain_low", -1);
    detector->uncertainHigh = manifest->parameter("uncertain_high", -1);
    // Stacking weights are named by member: "stack.<member>" and "stack.bias", and
    // "fallback.<member>" / "fallback.bias" for when a member abstains.
    auto readStacking = [&](const std::string& prefix, Stacking& out) {
        if (!manifest->parameters.count(prefix + ".bias")) return;
        out.bias = manifest->parameter(prefix + ".bias", 0);
        for (const auto& m : *manifests) out.weights.push_back(manifest->parameter(prefix + "." + m.name, 0));
    };
    readStacking("stack", detector->stacking);
    readStacking("fallback", detector->fallback);
    std::string architectures;
    for (const auto& m : *manifests) {
        auto member = loadMember(m, device);
        if (!member) return member.error();
        if (batchAcrossTracks) (*member)->batcher = std::make_unique<DetectorBatcher>((*member)->model);
        architectures += (architectures.empty() ? "" : " + ") + m.architecture;
        detector->members.push_back(std::move(*member));
    }
    detector->label = manifest->name + " v" + manifest->version + " (" + architectures + ")";
    return std::shared_ptr<const InstalledDetector>(std::move(detector));
}

std::shared_ptr<InstalledDetector> InstalledDetector::fromModel(DetectorModel model, DetectorConfig config,
                                                                double temperature, double threshold) {
    auto detector = std::make_shared<InstalledDetector>();
    detector->threshold = threshold;
    detector->label = "in-memory (" + config.architecture + ")";
    detector->members.push_back(std::make_unique<DetectorMember>(std::move(model), std::move(config), temperature));
    return detector;
}

std::vector<audio::Span> InstalledDetector::spans(double durationSeconds) const {
    std::vector<audio::Span> all;
    for (const auto& member : members) {
        const auto own = member->spans(durationSeconds);
        all.insert(all.end(), own.begin(), own.end());
    }
    return all;
}

std::vector<int> InstalledDetector::spanSampleRates(double durationSeconds) const {
    std::vector<int> rates;
    for (const auto& member : members) rates.insert(rates.end(), member->spans(durationSeconds).size(), member->config.sampleRate);
    return rates;
}

std::vector<audio::DecodeRequest> InstalledDetector::audioRequests(double durationSeconds) const {
    std::vector<audio::DecodeRequest> requests;
    for (const auto& member : members)
        requests.push_back(audio::DecodeRequest{member->config.sampleRate, member->spans(durationSeconds),
                                                audio::Channels::Mono});
    return requests;
}

Result<std::vector<audio::MonoClip>> InstalledDetector::decode(const std::string& path, double durationSeconds,
                                                               const CancelToken& cancel) const {
    auto decoded = audio::decodeRequests(path, audioRequests(durationSeconds), cancel);
    if (!decoded) return decoded.error();
    std::vector<audio::MonoClip> clips;
    for (auto& request : *decoded)
        for (auto& clip : request.clips) clips.push_back(std::move(clip));
    return clips;
}

Result<Detection> InstalledDetector::judge(std::vector<audio::MonoClip> clips, double durationSeconds,
                                           const CancelToken& cancel) const {
    std::vector<MemberJudgement> judgements;
    size_t next = 0;
    for (const auto& member : members) {
        const size_t count = member->spans(durationSeconds).size();
        if (next + count > clips.size())
            return makeError(ErrorCode::Internal, "The detector was given fewer clips than its windows need.");
        const std::vector<audio::MonoClip> own(std::make_move_iterator(clips.begin() + long(next)),
                                               std::make_move_iterator(clips.begin() + long(next + count)));
        next += count;
        auto judgement = member->judge(own, cancel);
        if (!judgement) return judgement.error();
        judgements.push_back(std::move(*judgement));
    }
    if (std::all_of(judgements.begin(), judgements.end(), [](const MemberJudgement& j) { return j.abstained; }))
        return makeError(ErrorCode::BadParameters,
                         "The file's band ends at " + std::to_string(int(judgements.front().bandwidthHz)) +
                             " Hz, too low for the full-band detector to judge it.");
    Detection d;
    d.threshold = threshold;
    d.uncertainLow = bandLow();
    d.uncertainHigh = bandHigh();
    d.model = label;
    bool anyAbstained = false;
    for (const auto& j : judgements) anyAbstained = anyAbstained || j.abstained;
    const Stacking& stack = anyAbstained ? fallback : stacking;
    if (stack.weights.size() == judgements.size()) {
        double z = stack.bias;
        for (size_t m = 0; m < judgements.size(); ++m)
            if (!judgements[m].abstained) z += stack.weights[m] * judgements[m].score;
        d.pAi = 1.0 / (1.0 + std::exp(-z));
    } else {
        int voting = 0;
        for (const auto& j : judgements) voting += !j.abstained;
        for (const auto& j : judgements)
            if (!j.abstained) d.pAi += j.pAi / double(std::max(1, voting));
    }
    // The spread of a mixture of the members' windows, each member weighted
    // equally: its own windows' variance plus its distance from the ensemble.
    double variance = 0;
    int voting = 0;
    for (const auto& j : judgements) voting += !j.abstained;
    for (const auto& j : judgements) {
        if (j.abstained) continue;
        variance += (j.spread * j.spread + (j.pAi - d.pAi) * (j.pAi - d.pAi)) / double(std::max(1, voting));
        d.windowPAi.insert(d.windowPAi.end(), j.windowPAi.begin(), j.windowPAi.end());
        d.windowStartSeconds.insert(d.windowStartSeconds.end(), j.windowStartSeconds.begin(),
                                    j.windowStartSeconds.end());
    }
    d.spread = std::sqrt(variance);
    std::vector<bool> tiles;
    for (const auto& member : members) tiles.push_back(member->tilesTrack());
    d.timeline = timelineOf(judgements, tiles);
    d.windows = int(d.windowPAi.size());
    d.members = voting;
    d.verdict = verdictFor(d.pAi, threshold, d.spread, uncertainLow, uncertainHigh);
    return d;
}

Result<std::vector<float>> InstalledDetector::saliencyMap(const std::vector<float>& samples, int frames,
                                                          const CancelToken& cancel) const {
    constexpr int bands = dsp::DetectorFrontEnd::kBands;
    std::vector<float> map(size_t(bands) * size_t(std::max(frames, 0)), 0.f);
    if (frames <= 0 || samples.empty()) return map;
    int logMelMembers = 0;
    for (const auto& member : members) logMelMembers += !member->config.isFullband();
    for (const auto& member : members) {
        if (member->config.isFullband()) continue;  // its input is not the view's log-mel
        auto own = member->saliencyMap(samples, frames, cancel);
        if (!own) return own.error();
        for (size_t i = 0; i < map.size(); ++i) map[i] += (*own)[i] / float(std::max(1, logMelMembers));
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

Verdict verdictFor(double pAi, double threshold, double spread) { return verdictFor(pAi, threshold, spread, -1, -1); }

}  // namespace models
}  // namespace humanear
