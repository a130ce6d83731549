#include "detector/detector_member.h"

#include "audio/mp3_round_trip.h"
#include "dsp/frontends.h"
#include "dsp/fullband_front_end.h"
#include "detector/detector_windows.h"
#include "runtime/stage_timer.h"

#include <algorithm>
#include <cmath>

namespace humanear::models {

Result<std::vector<audio::MonoClip>> mp3CopiesOf(const std::vector<audio::MonoClip>& clips, const DetectorConfig& config) {
    std::vector<audio::MonoClip> copies;
    copies.reserve(clips.size());
    for (const auto& clip : clips) {
        audio::MonoClip copy{clip.sampleRate, clip.startSeconds, {}};
        if (!clip.samples.empty()) {
            auto trip = audio::Mp3RoundTrip::create(clip.sampleRate, 1, config.mp3CopyKbps, "a detector window",
                                                    config.mp3CopyQuality);
            if (!trip) return trip.error();
            copy.samples.reserve(clip.samples.size());
            if (auto s = (*trip)->push(clip.samples.data(), int64_t(clip.samples.size()), copy.samples); !s)
                return s.error();
            if (auto s = (*trip)->finish(copy.samples); !s) return s.error();
        }
        copies.push_back(std::move(copy));
    }
    return copies;
}

std::vector<audio::Span> DetectorMember::spans(double durationSeconds) const {
    return detectorAnalysisSpans(durationSeconds, config);
}

bool DetectorMember::tilesTrack() const { return detectorTilesTrack(config); }

Result<MemberJudgement> DetectorMember::judge(const std::vector<audio::MonoClip>& clips,
                                              const CancelToken& cancel) const {
    MemberJudgement j;
    if (config.isFullband() && config.minBandwidthHz > 0) {
        for (const auto& c : clips)
            j.bandwidthHz = std::max(j.bandwidthHz, dsp::estimateBandwidthHz(c.samples.data(), c.samples.size(), config.sampleRate));
        if (j.bandwidthHz < config.minBandwidthHz) {
            j.abstained = true;
            return j;
        }
    }
    std::vector<audio::MonoClip> copies;
    if (config.mp3CopyKbps > 0) {
        runtime::ScopedStage copyTimer(copyStage.c_str());
        auto made = mp3CopiesOf(clips, config);
        if (!made) return made.error();
        copies = std::move(*made);
    }
    runtime::ScopedStage frontEndTimer(frontEndStage.c_str());
    const auto windows = detectorWindowsFromClips(config.mp3CopyKbps > 0 ? copies : clips, config);
    frontEndTimer.stop();
    if (windows.empty()) return makeError(ErrorCode::TooShort, "There is no audio for the detector to judge.");
    DetectorInput input{windows.front().rows, windows.front().cols, {}};
    for (const auto& w : windows) input.windows.push_back(w.data.data());
    runtime::ScopedStage networkTimer(networkStage.c_str());
    auto logits = batcher ? batcher->logits(input, &cancel) : model.logits(input, &cancel);
    networkTimer.stop();
    if (!logits) return logits.error();
    double meanLogit = 0;
    for (float z : *logits) meanLogit += z;
    meanLogit /= double(logits->size());
    j.score = meanLogit / temperature;
    // A track's score is its windows' mean logit, calibrated by temperature.
    j.pAi = 1.0 / (1.0 + std::exp(-meanLogit / temperature));
    // detectorWindowsFromClips skips empty clips: these are the clips behind the windows.
    std::vector<const audio::MonoClip*> judged;
    for (const auto& clip : clips)
        if (!clip.samples.empty()) judged.push_back(&clip);
    double variance = 0;
    for (size_t i = 0; i < logits->size(); ++i) {
        const double p = 1.0 / (1.0 + std::exp(-(*logits)[i] / temperature));
        j.windowPAi.push_back(p);
        const audio::MonoClip* clip = i < judged.size() ? judged[i] : nullptr;
        const double start = clip ? clip->startSeconds : 0.0;
        const double length = clip && clip->sampleRate > 0 ? double(clip->samples.size()) / clip->sampleRate : 0.0;
        j.windowStartSeconds.push_back(start);
        j.windowEndSeconds.push_back(start + std::min(length, config.windowSeconds));
        variance += (p - j.pAi) * (p - j.pAi);
    }
    j.spread = std::sqrt(variance / double(logits->size()));
    return j;
}

Result<std::vector<float>> DetectorMember::saliencyMap(const std::vector<float>& samples, int frames,
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
        // A member that judges MP3 copies of its windows is asked why about the same copies.
        if (config.mp3CopyKbps > 0) {
            auto copies = mp3CopiesOf({tile}, config);
            if (!copies) return copies.error();
            tile = std::move(copies->front());
        }
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
    const float peak = *std::max_element(map.begin(), map.end());
    if (peak > 0 && std::isfinite(peak))
        for (float& v : map) v /= peak;
    return map;
}

}  // namespace humanear::models
