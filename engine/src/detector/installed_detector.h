#pragma once
// A detector as installed: one trained network, or an ensemble of them whose
// calibrated P(AI) are averaged. Loaded once, verified, and shared read-only
// by every worker.
#include "audio/decoder.h"
#include "humanear/analysis.h"
#include "detector/detector_member.h"
#include "models/model_registry.h"

#include <memory>

namespace humanear::models {

struct InstalledDetector {
    std::vector<std::unique_ptr<DetectorMember>> members;  // at least one
    double threshold = 0.5;
    // Below uncertainLow the verdict is "likely human", from uncertainHigh "likely AI";
    // negative = threshold -/+ 0.15 (detectors before version 3).
    double uncertainLow = -1, uncertainHigh = -1;
    // The band a Detection reports (Detection::uncertainLow/High): the fitted one,
    // or threshold -/+ 0.15 clamped to [0, 1].
    double bandLow() const;
    double bandHigh() const;
    std::string label;  // "detector v2 (seed-cnn + windowed-cnn)"
    // Stacking (version 3): P(AI) = sigmoid(bias + sum of weight x member score), the
    // member score being its mean window logit over its temperature; fitted on
    // out-of-fold scores. `fallback` is used when a member abstains (the full-band
    // member on a band-limited file) and weighs the others alone. Empty weights:
    // the mean of the members' calibrated P(AI) (versions 1 and 2).
    struct Stacking {
        std::vector<double> weights;  // one per member
        double bias = 0;
    };
    Stacking stacking, fallback;

    // The manifest `name` names either weights or, with "architecture": "ensemble",
    // a list of member models found beside it (see models/README.md).
    static Result<std::shared_ptr<const InstalledDetector>> load(const ModelRegistry& registry, const std::string& name,
                                                                 const std::string& device,
                                                                 bool batchAcrossTracks = false);
    // A one-member detector around a model in memory (tests, benchmarks).
    static std::shared_ptr<InstalledDetector> fromModel(DetectorModel model, DetectorConfig config,
                                                        double temperature = 1, double threshold = 0.5);

    // What to decode from a track of this length: every member's spans, in member order.
    std::vector<audio::Span> spans(double durationSeconds) const;
    // The rate each of spans() is decoded at (16 kHz, or 44.1 kHz for the full-band member).
    std::vector<int> spanSampleRates(double durationSeconds) const;
    // The same as decode requests, one per member (its rate, mono), in member
    // order: an analysis adds them to its one pass over the file, and judge()
    // takes their clips one request after the other.
    std::vector<audio::DecodeRequest> audioRequests(double durationSeconds) const;
    // Decodes audioRequests() from `path` alone, clips in spans() order (the lab).
    Result<std::vector<audio::MonoClip>> decode(const std::string& path, double durationSeconds,
                                                const CancelToken& cancel = {}) const;
    // Judges the clips decoded for spans(durationSeconds), in the same order
    // (taken by value: each member's share is moved to it, not copied).
    // P(AI) is the mean of the members' calibrated P(AI); the spread counts both
    // how much each member's windows disagree and how much the members disagree.
    // With a batcher, network passes may be shared with other threads' tracks
    // (same result).
    Result<Detection> judge(std::vector<audio::MonoClip> clips, double durationSeconds,
                            const CancelToken& cancel = {}) const;
    // Where the detector looks in a stretch of 16 kHz audio: each member's
    // |gradient x input| map (DetectorMember::saliencyMap), averaged, smoothed so
    // it reads as regions rather than speckle, and scaled to a maximum of 1.
    Result<std::vector<float>> saliencyMap(const std::vector<float>& samples, int frames,
                                           const CancelToken& cancel = {}) const;
};

// How a trained member's manifest says it reads a track (window, count, band, rate).
DetectorConfig detectorConfigOf(const ModelManifest& manifest);

Verdict verdictFor(double pAi, double threshold, double spread);
Verdict verdictFor(double pAi, double threshold, double spread, double uncertainLow, double uncertainHigh);

}  // namespace humanear::models
