#pragma once
// The lab: training and evaluation of the AI-music detector from folders of audio
// (humanear_lab, linked by humanear-cli and the tests, never by the app).
// Both classes go through the same decoding, resampling, excerpting and
// augmentation, so format, loudness, length and bandwidth cannot give the label away.
#include "humanear/cancel.h"
#include "humanear/detector_config.h"
#include "humanear/lab/detection_metrics.h"
#include "humanear/result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace humanear {

struct LabeledFile {
    std::string path;
    bool ai = false;
    std::string source;  // top-level folder under the class folder: generator or human source
};

// Every audio file below aiDir and humanDir, labelled, with its top-level folder as source.
std::vector<LabeledFile> collectLabeledFiles(const std::string& aiDir, const std::string& humanDir);

struct DetectorTrainingSettings {
    DetectorConfig model;
    int epochs = 10;
    int batchSize = 32;
    double learningRate = 1e-3;
    int seed = 1234;
    double validationFraction = 0.15;  // tracks held back (per source) for calibration
    bool codecAugmentation = true;     // re-encode a copy of each track (MP3/Opus/AAC/Vorbis) with ffmpeg
    bool signalAugmentation = true;    // noise, tilt EQ, low-pass on both classes
    // Full-band member: copies of each training track per class, each through a random
    // codec and a random low-pass between 11 and 20 kHz (both classes alike).
    int augmentedCopies = 2;
    // Full-band member: copies of each HUMAN training track passed through a random
    // near-identity upsampling decoder (models/synthetic_decoder.h) and labelled AI:
    // content-matched pairs whose only difference is the decoder. 0 = none.
    int decodedHumanCopies = 2;
    // Log-mel members: the same kind of decoded copies of each human training track,
    // each then codec/signal-augmented like the augmented copy. 0 = none (the default;
    // it keeps the feature cache's names as they were).
    int logMelDecodedCopies = 0;
    // Training windows come from each track's first firstSeconds only (0: spread over
    // the whole track). Nearly every AI clip of the corpus is a generation's opening,
    // most human clips are not; drawn from the same stretch, position cannot follow
    // the label. Analysis still reads the whole track.
    double firstSeconds = 0;
    // Where decoded and augmented windows are kept between runs (folds of a
    // validation share it); empty = no cache.
    std::string featureCacheDir;
    // Start from these weights (a model of the same architecture) instead of a seed.
    std::string initialWeights;
    // Log-mel members: keep initialWeights' convolutional layers and train only the
    // head (FC 128, FC 1) on their features, which are computed once per track (and
    // cached). Cheap enough to run every fold on a 2-core machine.
    bool headOnly = false;
    // With headOnly: the head is one linear layer over the fixed features (dropped at
    // 0.5 while it trains) instead of FC 128, ReLU, FC 1: a few thousand weights rather
    // than 400,000, so it has less room to learn each training source's own quirks.
    // Stored in the network's two-layer form (lab/linear_head.h); the engine is unchanged.
    bool linearHead = false;
    // Log-mel members fine-tuned from initialWeights: keep the first frozenBlocks
    // convolutional blocks (weights and batch-norm statistics) as they came and train
    // the rest, so the low-level features learnt on the old corpus stay general. 0-4.
    int frozenBlocks = 0;
    // Every source (generator, album) weighs the same in the loss within its class, and
    // the two classes the same, however many windows each brings: a large source then
    // cannot decide the model alone. Otherwise windows weigh alike, AI up-weighted to
    // balance the classes. The fold figures weigh sources alike too.
    bool balanceSources = false;
    // With balanceSources: a source's share of its class's loss is multiplied by its
    // weight here (sources not named: 1), then each class is normalised back to half the
    // loss, so e.g. the song sources (vocals) can count twice the instrumental ones.
    std::map<std::string, double> sourceWeights;
    // Log-mel members: train on the codec-augmented copy of each training track only,
    // never on the file as stored, so that every training copy of both classes went
    // through a random codec (../shared/data/README: stored codecs follow the label).
    // Validation (the temperature) still reads the files as stored.
    bool codedCopiesOnly = false;
    // Group DRO (Sagawa et al., 2020) over (class, source) groups: each group's weight in
    // the loss is multiplied by exp(step x its loss in the batch) after every batch and
    // renormalised, so training keeps pushing on the sources it does worst on rather than
    // on the average, which is what a leave-sources-out fold measures. 0 = off (the
    // plain or source-balanced loss). Typical steps: 0.01-0.1.
    double groupDroStep = 0;
    // Mixup (Zhang et al., 2018): each training example is blended with another of its
    // batch, inputs, labels and loss weights alike, by a share drawn from Beta(alpha,
    // alpha); partners come mostly from other sources, so the model is pushed to behave
    // linearly between sources instead of carving out each one. 0 = off; typical 0.2-0.4.
    // Not with Group DRO, whose groups a blend would belong to two of.
    double mixupAlpha = 0;
    std::string outputDir = "models";
    std::string modelName = "detector";
    std::string checkpointDir;  // resumable state; empty = <outputDir>/<modelName>.checkpoint
    int threads = 0;
};

struct DetectorTrainingReport {
    int epochsRun = 0;
    double seconds = 0;
    int trainTracks = 0, trainWindows = 0, validationTracks = 0;
    double temperature = 1;
    double threshold = 0.5;
    double validationAuc = -1;
    std::string weightsPath, manifestPath;
};

using LogCallback = std::function<void(const std::string& line)>;

Result<DetectorTrainingReport> trainDetector(const std::vector<LabeledFile>& files,
                                             const DetectorTrainingSettings& settings, const LogCallback& log,
                                             const CancelToken& cancel = {});

struct TrackScore {
    std::string path;
    bool ai = false;
    std::string source;
    double pAi = 0;
    double spread = 0;  // standard deviation of per-window P(AI)
    std::vector<double> windowPAi;  // calibrated P(AI) of each analysed window, in time order
    std::string error;  // non-empty when the file could not be scored
};

// A --source-weights file: one "source weight" pair per line (blank lines and "#"
// comments skipped); an error names the file and line when a weight is not a positive number.
Result<std::map<std::string, double>> readSourceWeights(const std::string& path);

// Scores files with the model <modelsDir>/<modelName>.manifest.json (sha256 checked).
Result<std::vector<TrackScore>> scoreWithDetector(const std::vector<LabeledFile>& files, const std::string& modelsDir,
                                                  const std::string& modelName, const LogCallback& log,
                                                  const CancelToken& cancel = {}, double* thresholdOut = nullptr);

struct EnsembleSpec {
    std::vector<std::string> memberManifests;  // trained models' <name>.manifest.json
    std::string outDir;
    std::string name = "detector";
    std::string version = "1";
    double threshold = 0.5;
};

// Writes an ensemble detector into outDir: each member's weights and manifest
// copied as <name>-<architecture> (sha256 checked first; the manifest's other
// fields kept), and <name>.manifest.json listing them. Its P(AI) is the mean of
// the members' calibrated P(AI). Returns the ensemble manifest's path.
Result<std::string> writeDetectorEnsemble(const EnsembleSpec& spec);

}  // namespace humanear
