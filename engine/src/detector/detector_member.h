#pragma once
// One trained detector network as installed: its verified weights, the windows
// it reads and its temperature. An installed detector is one or more of these.
#include "audio/decoder.h"
#include "humanear/cancel.h"
#include "humanear/detector_config.h"
#include "detector/detector_batcher.h"
#include "detector/detector_network.h"
#include "detector/detector_windows.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::models {

struct MemberJudgement {
    double pAi = 0;  // calibrated: sigmoid(mean window logit / temperature)
    std::vector<double> windowPAi;
    std::vector<double> windowStartSeconds;
    std::vector<double> windowEndSeconds;  // where each window's audio ends (a short track's one window: its end)
    double spread = 0;  // standard deviation of windowPAi around pAi
    double score = 0;   // mean window logit / temperature (what a stacked ensemble weighs)
    // The member had nothing to judge: the full-band member on a file whose band
    // ends below its minimum. Then it takes no part in the verdict.
    bool abstained = false;
    double bandwidthHz = 0;  // measured, full-band member only
};

// Each clip as it sounds after the MP3 encode and decode of config.mp3CopyKbps
// (mp3_round_trip.h), one encode per clip: what the trainer's codec augmentation
// does to each 16 kHz mono window, so the stored file's rate and channels cannot
// change the copy. Empty clips stay empty.
Result<std::vector<audio::MonoClip>> mp3CopiesOf(const std::vector<audio::MonoClip>& clips, const DetectorConfig& config);

struct DetectorMember {
    DetectorModel model;
    DetectorConfig config;
    double temperature = 1;
    // Set when windows of tracks judged at the same time share forward passes.
    // It refers to `model`, so a member is never moved once it has one.
    std::unique_ptr<DetectorBatcher> batcher;
    // Names of its stages in `bench` (runtime/stage_timer.h), one pair per architecture
    // and window plan, so that a second member of the same architecture has its own rows.
    std::string frontEndStage, networkStage, copyStage;

    DetectorMember(DetectorModel model, DetectorConfig config, double temperature)
        : model(std::move(model)), config(std::move(config)), temperature(temperature),
          frontEndStage(stagePrefix() + " front end"), networkStage(stagePrefix() + " network"),
          copyStage(stagePrefix() + " MP3 copy") {}
    DetectorMember(const DetectorMember&) = delete;
    DetectorMember& operator=(const DetectorMember&) = delete;

    std::string stagePrefix() const {
        const bool spread = !detectorTilesTrack(config) && config.windowsPerTrack > 1;
        return "member " + config.architecture + (spread ? " spread" : "");
    }
    // What the member judges of a track at analysis (detectorAnalysisSpans).
    std::vector<audio::Span> spans(double durationSeconds) const;
    bool tilesTrack() const;
    // Judges the clips decoded for spans() at config.sampleRate, in the same order.
    Result<MemberJudgement> judge(const std::vector<audio::MonoClip>& clips, const CancelToken& cancel = {}) const;
    // |gradient x input| over a stretch of 16 kHz audio tiled with this member's
    // windows, placed on the stretch's frames (bands x frames, hop kHop) and
    // scaled to a maximum of 1; frames no tile covers stay 0. Not smoothed. A member
    // with mp3_copy_kbps reads each tile's MP3 copy, as judge() does.
    Result<std::vector<float>> saliencyMap(const std::vector<float>& samples, int frames,
                                           const CancelToken& cancel = {}) const;
};

}  // namespace humanear::models
