// Training, calibration and batch scoring of the detector (LibTorch lives here only).
#include "humanear/lab/detector_training.h"
#include "humanear/lab/group_dro.h"
#include "linear_head.h"
#include "mixup.h"
#include "io/sha256.h"

#include "audio/decoder.h"
#include "file_name.h"
#include "humanear/audio_files.h"
#include "detector/detector_impl.h"
#include "detector/detector_windows.h"
#include "detector/installed_detector.h"
#include "models/model_registry.h"
#include "training_windows.h"
#include "dsp/fullband_front_end.h"
#include "runtime/parallel_for.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace humanear {

namespace {

using runtime::parallelFor;

struct Example {
    int track = 0;  // real tracks: index into files; decoded copies: files.size() + index
    bool ai = false;
    std::vector<float> window;  // standardised 128 x frames, or the full-band features
};

double nll(const std::vector<double>& logits, const std::vector<int>& labels, double temperature) {
    double loss = 0;
    for (size_t i = 0; i < logits.size(); ++i) {
        const double z = logits[i] / temperature;
        // log(1 + exp(-z)) for positives, log(1 + exp(z)) for negatives, computed stably
        const double s = labels[i] ? -z : z;
        loss += s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s));
    }
    return loss / std::max<size_t>(1, logits.size());
}

// Temperature scaling: one scalar that makes P(AI) honest on held-out tracks.
double fitTemperature(const std::vector<double>& logits, const std::vector<int>& labels) {
    double best = 1, bestLoss = nll(logits, labels, 1);
    for (double logT = -3; logT <= 3; logT += 0.01) {
        const double t = std::exp(logT), loss = nll(logits, labels, t);
        if (loss < bestLoss) bestLoss = loss, best = t;
    }
    return best;
}


}  // namespace

std::vector<LabeledFile> collectLabeledFiles(const std::string& aiDir, const std::string& humanDir) {
    std::vector<LabeledFile> files;
    for (const auto& [dir, ai] : {std::pair{aiDir, true}, std::pair{humanDir, false}}) {
        if (dir.empty()) continue;
        // Absolute paths: QDir::relativeFilePath reads a relative argument as relative to
        // the folder itself, which would make every source "..".
        const QDir root(QFileInfo(QString::fromStdString(dir)).absoluteFilePath());
        for (const std::string& path : listAudioFiles(root.absolutePath().toStdString())) {
            const QString p = QString::fromStdString(path);
            const QString relative = root.relativeFilePath(p);
            const QString source = relative.contains('/') ? relative.section('/', 0, 0) : root.dirName();
            files.push_back({p.toStdString(), ai, source.toStdString()});
        }
    }
    return files;
}

Result<DetectorTrainingReport> trainDetector(const std::vector<LabeledFile>& files,
                                             const DetectorTrainingSettings& settings, const LogCallback& log,
                                             const CancelToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    auto say = [&](const std::string& s) { if (log) log(s); };
    auto architecture = models::architectureFromName(settings.model.architecture);
    if (!architecture) return architecture.error();
    if (files.empty()) return makeError(ErrorCode::InvalidArgument, "No training files were found.");
    if (!settings.sourceWeights.empty() && (!settings.balanceSources || settings.groupDroStep > 0))
        return makeError(ErrorCode::InvalidArgument, "Source weights scale the balanced loss: they need balanced sources "
                                                     "and no Group DRO.");
    if (settings.groupDroStep > 0 && settings.mixupAlpha > 0)
        return makeError(ErrorCode::InvalidArgument, "Mixup and Group DRO cannot be combined: a blend of two windows "
                                                     "belongs to two groups.");
    const int threads = settings.threads > 0 ? settings.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);

    // Validation split: a share of every source's tracks, chosen by the seed.
    std::mt19937 rng(static_cast<unsigned>(settings.seed));
    std::map<std::string, std::vector<int>> bySource;
    for (int i = 0; i < int(files.size()); ++i) bySource[files[size_t(i)].source].push_back(i);
    std::vector<bool> isValidation(files.size(), false);
    for (auto& [source, idx] : bySource) {
        std::shuffle(idx.begin(), idx.end(), rng);
        const int n = idx.size() >= 3 ? std::max(1, int(std::lround(settings.validationFraction * double(idx.size())))) : 0;
        for (int k = 0; k < n; ++k) isValidation[size_t(idx[size_t(k)])] = true;
    }

    auto model = models::DetectorModel::create(*architecture, settings.seed, "cpu");
    if (!model) return model.error();
    auto& impl = model->impl();
    std::string embedderDigest;  // head-only: the fixed layers the cached features came from
    if (!settings.initialWeights.empty()) {
        try {
            torch::serialize::InputArchive archive;
            archive.load_from(settings.initialWeights);
            impl.net->load(archive);
        } catch (const std::exception&) {
            return makeError(ErrorCode::ModelCorrupt, "The initial weights \"" + settings.initialWeights +
                                                          "\" cannot be loaded into a " + settings.model.architecture + ".");
        }
        impl.net->eval();
    }
    const bool headOnly = settings.headOnly && !settings.model.isFullband();
    if (settings.linearHead && !headOnly)
        return makeError(ErrorCode::InvalidArgument, "A linear head is trained on fixed features only (head-only, log-mel).");
    if (headOnly) {
        if (settings.initialWeights.empty())
            return makeError(ErrorCode::InvalidArgument, "Training only the head needs initial weights.");
        auto digest = io::sha256OfFile(settings.initialWeights);
        if (!digest) return digest.error();
        embedderDigest = *digest;
    }
    // The linear head is trained on its own and written into FC 1 and FC 2 whenever the
    // network is saved; seeded like the network it replaces.
    LinearHead linearHead{nullptr};
    if (settings.linearHead) {
        torch::manual_seed(settings.seed);
        linearHead = LinearHead(int(impl.net->fc1->options.in_features()), 0.5);
        linearHead->storeIn(*impl.net);
    }
    // The fixed layers' features of a group of windows (head-only training).
    auto embedAll = [&](std::vector<std::vector<float>>& group) {
        if (group.empty()) return;
        torch::NoGradGuard noGrad;
        const int frames = models::detectorFramesPerWindow(settings.model);
        torch::Tensor x = torch::empty({long(group.size()), 1, 128, frames});
        for (size_t k = 0; k < group.size(); ++k)
            std::copy(group[k].begin(), group[k].end(), x.data_ptr<float>() + long(k) * 128 * frames);
        torch::Tensor f = impl.net->embed(x).contiguous();
        const long d = f.size(1);
        for (size_t k = 0; k < group.size(); ++k)
            group[k].assign(f.data_ptr<float>() + long(k) * d, f.data_ptr<float>() + long(k + 1) * d);
    };

    // Features: clean windows of every track, plus a codec/signal-augmented copy of training tracks.
    say("Decoding " + std::to_string(files.size()) + " tracks and computing log-mel windows...");
    QTemporaryDir scratch;
    std::mutex mutex;
    std::vector<Example> train, validation;
    std::vector<std::string> skipped;
    std::atomic<int> done{0};
    // What computeTrackWindows gives per window, and what a training example holds (the
    // fixed layers' features when only the head is trained).
    const size_t computedLength =
        size_t(settings.model.isFullband() ? 1 : 128) * size_t(models::detectorFramesPerWindow(settings.model));
    const size_t windowLength = headOnly ? size_t(impl.net->fc1->options.in_features()) : computedLength;
    if (!settings.featureCacheDir.empty()) QDir().mkpath(QString::fromStdString(settings.featureCacheDir));
    std::atomic<int> cacheHits{0}, windowCacheHits{0};
    std::vector<std::string> narrowBand;
    parallelFor(int(files.size()), threads, [&](int i) {
        if (cancel.isCancelled()) return;
        const LabeledFile& f = files[size_t(i)];
        TrackWindows windows;
        const std::string cached =
            settings.featureCacheDir.empty() ? std::string()
                                             : settings.featureCacheDir + "/" + trackWindowsCacheName(f, settings, embedderDigest);
        if (!cached.empty() && readCachedTrackWindows(cached, windowLength, windows)) {
            ++cacheHits;
        } else {
            // Head-only: the log-mel windows may be cached already (by a run that trains the whole
            // network, or a head-only run from other weights); the key without the digest is theirs.
            // Either way they are kept, so every variant decodes and augments a track only once.
            const std::string windowsCached =
                headOnly && !cached.empty() ? settings.featureCacheDir + "/" + trackWindowsCacheName(f, settings, std::string()) : std::string();
            if (!windowsCached.empty() && readCachedTrackWindows(windowsCached, computedLength, windows)) {
                ++windowCacheHits;
            } else {
                windows = computeTrackWindows(f, settings, scratch.path(), i, cancel);
                if (cancel.isCancelled()) return;
                if (!windowsCached.empty() && !windows.clean.empty()) writeCachedTrackWindows(windowsCached, computedLength, windows);
            }
            if (headOnly)
                for (auto* group : {&windows.clean, &windows.augmented, &windows.decoded}) embedAll(*group);
            if (!cached.empty() && !windows.clean.empty()) writeCachedTrackWindows(cached, windowLength, windows);
        }
        const bool validationTrack = isValidation[size_t(i)];
        std::lock_guard<std::mutex> lock(mutex);
        if (windows.clean.empty()) {
            skipped.push_back(f.path);
        } else if (settings.model.minBandwidthHz > 0 && windows.bandwidthHz < settings.model.minBandwidthHz) {
            narrowBand.push_back(f.path);
        } else {
            auto& target = validationTrack ? validation : train;
            const bool storedCopy = validationTrack || !settings.codedCopiesOnly || windows.augmented.empty();
            if (storedCopy)
                for (auto& w : windows.clean) target.push_back({i, f.ai, std::move(w)});
            if (!validationTrack) {
                for (auto& w : windows.augmented) train.push_back({i, f.ai, std::move(w)});
                for (auto& w : windows.decoded) train.push_back({int(files.size()) + i, true, std::move(w)});
            }
        }
        if (++done % 50 == 0) say("  " + std::to_string(done.load()) + " / " + std::to_string(files.size()) + " tracks");
    });
    if (!settings.featureCacheDir.empty())
        say("  " + std::to_string(cacheHits.load()) + " tracks read from the feature cache " + settings.featureCacheDir +
            (headOnly ? " (" + std::to_string(windowCacheHits.load()) + " more from its log-mel windows)" : std::string()));
    if (!narrowBand.empty())
        say("  " + std::to_string(narrowBand.size()) + " tracks left out: bandwidth below " +
            std::to_string(int(settings.model.minBandwidthHz)) + " Hz");
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Training was cancelled.");
    for (const auto& s : skipped) say("  skipped (no usable audio): " + s);
    // Examples arrive in thread order; sort so the run depends on the seed alone.
    auto byTrack = [](const Example& a, const Example& b) { return a.track < b.track; };
    // Within a track, windows arrive in a fixed order already (clean, augmented, decoded).
    std::stable_sort(train.begin(), train.end(), byTrack);
    std::stable_sort(validation.begin(), validation.end(), byTrack);
    if (train.empty()) return makeError(ErrorCode::InvalidArgument, "None of the training files could be decoded.");

    const int bands = settings.model.isFullband() ? 1 : 128, frames = models::detectorFramesPerWindow(settings.model);
    const long values = long(windowLength);
    // What one batch of examples looks like to the network, and what runs on it.
    auto batchOf = [&](size_t n) {
        return headOnly ? torch::empty({long(n), long(windowLength)}) : torch::empty({long(n), 1, bands, frames});
    };
    auto run = [&](const torch::Tensor& x) {
        return linearHead ? linearHead->forward(x) : headOnly ? impl.net->head(x) : impl.net->forward(x);
    };
    std::vector<torch::Tensor> trained = impl.net->parameters();
    if (linearHead) {
        trained = linearHead->parameters();
    } else if (headOnly) {
        trained = impl.net->fc1->parameters();
        for (auto& p : impl.net->fc2->parameters()) trained.push_back(p);
    }
    // The frozen blocks: no gradient, no step, and their batch norms keep their statistics.
    std::vector<torch::nn::Module*> frozen;
    if (!headOnly && !settings.model.isFullband() && settings.frozenBlocks > 0) {
        if (settings.initialWeights.empty())
            return makeError(ErrorCode::InvalidArgument, "Freezing blocks needs initial weights to keep.");
        models::ConvBlock blocks[4] = {impl.net->block1, impl.net->block2, impl.net->block3, impl.net->block4};
        for (int b = 0; b < std::min(settings.frozenBlocks, 4); ++b) {
            frozen.push_back(blocks[b].get());
            for (auto& p : blocks[b]->parameters()) p.set_requires_grad(false);
        }
        trained.clear();
        for (auto& p : impl.net->parameters())
            if (p.requires_grad()) trained.push_back(p);
    }
    torch::optim::Adam optimizer(trained, torch::optim::AdamOptions(settings.learningRate));

    int nAi = 0;
    for (const auto& e : train) nAi += e.ai;
    const double positiveWeight = nAi > 0 ? double(train.size() - size_t(nAi)) / nAi : 1.0;
    say("Training " + settings.model.architecture + " on " + std::to_string(train.size()) + " windows (" +
        std::to_string(nAi) + " AI), validating on " + std::to_string(validation.size()) + " windows; " +
        std::to_string(threads) + " threads");

    const std::string checkpointDir = settings.checkpointDir.empty()
                                          ? settings.outputDir + "/" + settings.modelName + ".checkpoint"
                                          : settings.checkpointDir;
    QDir().mkpath(QString::fromStdString(checkpointDir));
    const std::string checkpointModel = checkpointDir + "/model.pt", checkpointOptimizer = checkpointDir + "/optimizer.pt",
                      checkpointEpoch = checkpointDir + "/epoch.txt";
    int firstEpoch = 0;
    if (QFileInfo::exists(QString::fromStdString(checkpointEpoch))) {
        try {
            std::ifstream(checkpointEpoch) >> firstEpoch;
            torch::serialize::InputArchive m, o;
            m.load_from(checkpointModel);
            impl.net->load(m);
            if (linearHead) linearHead->loadFrom(*impl.net);
            o.load_from(checkpointOptimizer);
            optimizer.load(o);
            say("Resuming after epoch " + std::to_string(firstEpoch));
        } catch (const std::exception&) {
            firstEpoch = 0;
            say("The checkpoint in " + checkpointDir + " does not fit this model; starting afresh");
        }
    }

    auto trackLogits = [&](const std::vector<Example>& examples, std::vector<double>& logits, std::vector<int>& labels) {
        impl.net->eval();
        if (linearHead) linearHead->eval();
        torch::NoGradGuard noGrad;
        std::map<int, std::pair<double, int>> sums;
        for (size_t start = 0; start < examples.size(); start += 64) {
            const size_t n = std::min<size_t>(64, examples.size() - start);
            torch::Tensor x = batchOf(n);
            for (size_t i = 0; i < n; ++i)
                std::copy(examples[start + i].window.begin(), examples[start + i].window.end(), x.data_ptr<float>() + i * values);
            torch::Tensor y = run(x);
            for (size_t i = 0; i < n; ++i) {
                auto& s = sums[examples[start + i].track];
                s.first += y[long(i)].item<double>();
                s.second += 1;
            }
        }
        logits.clear();
        labels.clear();
        for (const auto& [track, s] : sums) {
            logits.push_back(s.first / s.second);  // a track's score: its windows' mean logit
            labels.push_back(track < int(files.size()) && files[size_t(track)].ai ? 1 : 0);
        }
    };

    torch::Tensor posWeight = torch::full({1}, positiveWeight);
    // Per-window loss weights when sources are balanced: each (class, source) group sums to
    // the same total, normalised to a mean of 1 (decoded copies form one group of their own).
    // Group DRO's weights replace the balanced loss's fixed ones when both are asked for.
    const bool dro = settings.groupDroStep > 0;
    const bool balanced = settings.balanceSources && !dro;
    std::vector<float> exampleWeight;
    auto group = [&](const Example& e) {
        return std::make_pair(e.ai, e.track < int(files.size()) ? files[size_t(e.track)].source : std::string("decoded"));
    };
    if (balanced) {
        std::map<std::pair<bool, std::string>, int> windowsIn;
        for (const auto& e : train) ++windowsIn[group(e)];
        std::map<bool, int> groupsIn;
        for (const auto& [key, n] : windowsIn) ++groupsIn[key.first];
        // A source's share of its class: 1 / (sources in the class), or its weight over the
        // class's summed weights when sourceWeights names some.
        auto weightOf = [&](const std::string& source) {
            const auto it = settings.sourceWeights.find(source);
            return it == settings.sourceWeights.end() ? 1.0 : it->second;
        };
        std::map<bool, double> classWeight;
        for (const auto& [key, n] : windowsIn) classWeight[key.first] += weightOf(key.second);
        exampleWeight.reserve(train.size());
        for (const auto& e : train) {
            const auto key = group(e);
            const double share = weightOf(key.second) / classWeight[key.first];
            exampleWeight.push_back(float(double(train.size()) * share / (2.0 * windowsIn[key])));
        }
        say("Sources balanced: " + std::to_string(groupsIn[true]) + " AI and " + std::to_string(groupsIn[false]) +
            (settings.sourceWeights.empty() ? " human sources weigh alike"
                                            : " human sources, weighed by the " + std::to_string(settings.sourceWeights.size()) +
                                                  " source weights given"));
    }
    // Group DRO: the groups are the balanced loss's (class, source) pairs; their weights
    // replace its fixed ones and are kept with the checkpoint.
    std::vector<int> groupOfExample;
    std::vector<std::pair<bool, std::string>> groupNames;
    if (dro) {
        std::map<std::pair<bool, std::string>, int> indexOf;
        for (const auto& e : train) {
            auto [it, added] = indexOf.emplace(group(e), int(indexOf.size()));
            if (added) groupNames.push_back(it->first);
            groupOfExample.push_back(it->second);
        }
    }
    GroupDro groupDro(int(groupNames.size()), settings.groupDroStep);
    const std::string checkpointGroups = checkpointDir + "/group_weights.txt";
    if (dro && firstEpoch > 0) {
        std::ifstream in(checkpointGroups);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!groupDro.fromText(text)) say("The checkpoint has no group weights for these sources; they start uniform");
    }
    if (dro)
        say("Group DRO over " + std::to_string(groupNames.size()) + " (class, source) groups, step " +
            std::to_string(settings.groupDroStep));
    // The batch's loss under Group DRO: each present group's mean window loss, weighted by
    // its share of the present groups' weights (after this batch's update).
    auto groupDroLoss = [&](const torch::Tensor& logits, const torch::Tensor& y, size_t start, size_t n,
                            const std::vector<size_t>& order) {
        torch::Tensor perWindow = torch::binary_cross_entropy_with_logits(logits, y, {}, {}, at::Reduction::None);
        std::map<int, std::vector<long>> windowsOf;
        for (size_t i = 0; i < n; ++i) windowsOf[groupOfExample[order[start + i]]].push_back(long(i));
        std::vector<std::pair<int, double>> losses;
        std::vector<torch::Tensor> means;
        for (const auto& [g, rows] : windowsOf) {
            torch::Tensor mean = perWindow.index_select(0, torch::tensor(rows, torch::kLong)).mean();
            losses.emplace_back(g, mean.item<double>());
            means.push_back(mean);
        }
        const std::vector<double> shares = groupDro.update(losses);
        torch::Tensor loss = torch::zeros({});
        for (size_t k = 0; k < means.size(); ++k) loss = loss + means[k] * shares[k];
        return loss;
    };
    std::vector<size_t> order(train.size());
    for (int epoch = firstEpoch; epoch < settings.epochs; ++epoch) {
        std::iota(order.begin(), order.end(), size_t(0));
        std::mt19937 epochRng(static_cast<unsigned>(settings.seed + 1000 * (epoch + 1)));
        std::shuffle(order.begin(), order.end(), epochRng);
        torch::manual_seed(settings.seed + epoch);  // dropout masks
        impl.net->train();
        // Head-only: the fixed layers' batch norms keep the statistics they came with.
        if (headOnly) impl.net->eval(), impl.net->dropout->train();
        if (linearHead) linearHead->train();
        for (auto* block : frozen) block->eval();
        double lossSum = 0;
        int batches = 0;
        for (size_t start = 0; start < order.size(); start += size_t(settings.batchSize)) {
            if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Training was cancelled.");
            const size_t n = std::min<size_t>(size_t(settings.batchSize), order.size() - start);
            torch::Tensor x = batchOf(n);
            torch::Tensor y = torch::empty({long(n)});
            torch::Tensor w = balanced ? torch::empty({long(n)}) : torch::Tensor();
            for (size_t i = 0; i < n; ++i) {
                const Example& e = train[order[start + i]];
                std::copy(e.window.begin(), e.window.end(), x.data_ptr<float>() + i * values);
                y[long(i)] = e.ai ? 1.f : 0.f;
                if (balanced) w.data_ptr<float>()[i] = exampleWeight[order[start + i]];
            }
            if (settings.mixupAlpha > 0) mixupBatch(x, y, w, settings.mixupAlpha, epochRng);
            optimizer.zero_grad();
            torch::Tensor loss = dro        ? groupDroLoss(run(x), y, start, n, order)
                                 : balanced ? torch::binary_cross_entropy_with_logits(run(x), y, w)
                                            : torch::binary_cross_entropy_with_logits(run(x), y, {}, posWeight);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            ++batches;
        }
        std::vector<double> vLogits;
        std::vector<int> vLabels;
        trackLogits(validation, vLogits, vLabels);
        std::vector<double> vAi, vHuman;
        for (size_t i = 0; i < vLogits.size(); ++i) (vLabels[i] ? vAi : vHuman).push_back(vLogits[i]);
        char line[200];
        std::snprintf(line, sizeof line, "epoch %d/%d  loss %.4f  validation AUC %.3f  (%.0f s)", epoch + 1,
                      settings.epochs, lossSum / std::max(1, batches), rocAuc(vAi, vHuman),
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        say(line);
        if (dro) {
            // The three heaviest groups: where training is pushing now.
            std::string top = "  heaviest groups:";
            for (int g : groupDro.heaviest(3)) {
                const auto& [ai, source] = groupNames[size_t(g)];
                char w[32];
                std::snprintf(w, sizeof w, " %.3f", groupDro.weights()[size_t(g)]);
                top += std::string(" ") + (ai ? "AI " : "human ") + source + w;
            }
            say(top);
            std::ofstream(checkpointGroups) << groupDro.toText();
        }
        torch::serialize::OutputArchive m, o;
        if (linearHead) linearHead->storeIn(*impl.net);
        impl.net->save(m);
        optimizer.save(o);
        m.save_to(checkpointModel);
        o.save_to(checkpointOptimizer);
        std::ofstream(checkpointEpoch) << epoch + 1;
    }

    DetectorTrainingReport report;
    report.epochsRun = settings.epochs - firstEpoch;
    report.trainWindows = int(train.size());
    std::set<int> trainTracks, validationTracks;
    for (const auto& e : train) trainTracks.insert(e.track);
    for (const auto& e : validation) validationTracks.insert(e.track);
    report.trainTracks = int(trainTracks.size());
    report.validationTracks = int(validationTracks.size());
    std::vector<double> vLogits;
    std::vector<int> vLabels;
    trackLogits(validation, vLogits, vLabels);
    report.temperature = vLogits.empty() ? 1.0 : fitTemperature(vLogits, vLabels);
    std::vector<double> vAi, vHuman;
    for (size_t i = 0; i < vLogits.size(); ++i) (vLabels[i] ? vAi : vHuman).push_back(vLogits[i]);
    report.validationAuc = rocAuc(vAi, vHuman);
    report.threshold = 0.5;  // on the calibrated probability

    QDir().mkpath(QString::fromStdString(settings.outputDir));
    report.weightsPath = settings.outputDir + "/" + settings.modelName + ".pt";
    if (linearHead) linearHead->storeIn(*impl.net);
    if (auto s = model->save(report.weightsPath); !s) return s.error();
    auto digest = io::sha256OfFile(report.weightsPath);
    if (!digest) return digest.error();
    models::ModelManifest manifest;
    manifest.name = settings.modelName;
    manifest.version = "1";
    manifest.architecture = settings.model.architecture;
    manifest.weightsFile = fileNameOf(report.weightsPath);
    manifest.sha256 = *digest;
    manifest.input = settings.model.isFullband()
                         ? models::InputSpec{settings.model.sampleRate, 1, dsp::FullbandFrontEnd::kFft,
                                             dsp::FullbandFrontEnd::kHop, settings.model.windowSeconds,
                                             "fullband_lines_1k_15k_44k"}
                         : models::InputSpec{16000, 128, 2048, 512, settings.model.windowSeconds,
                                             "logmel128_16k_standardised"};
    manifest.parameters = {{"temperature", report.temperature},
                           {"threshold", report.threshold},
                           {"windows_per_track", settings.model.windowsPerTrack},
                           {"band_limit_hz", settings.model.bandLimitHz},
                           {"validation_auc", report.validationAuc},
                           {"train_tracks", report.trainTracks},
                           {"seed", settings.seed},
                           {"epochs", settings.epochs}};
    if (headOnly) manifest.parameters["head_only"] = 1;
    if (linearHead) manifest.parameters["linear_head"] = 1;
    if (balanced) manifest.parameters["balance_sources"] = 1;
    for (const auto& [source, weight] : settings.sourceWeights)
        if (weight != 1) manifest.parameters["source_weight " + source] = weight;
    if (!frozen.empty()) manifest.parameters["frozen_blocks"] = double(frozen.size());
    if (settings.codedCopiesOnly) manifest.parameters["coded_copies_only"] = 1;
    if (settings.firstSeconds > 0) manifest.parameters["first_seconds"] = settings.firstSeconds;
    if (!settings.model.isFullband() && settings.logMelDecodedCopies > 0)
        manifest.parameters["decoded_human_copies"] = settings.logMelDecodedCopies;
    if (dro) manifest.parameters["group_dro_step"] = settings.groupDroStep;
    if (settings.mixupAlpha > 0) manifest.parameters["mixup_alpha"] = settings.mixupAlpha;
    if (!settings.model.tilesTrack) manifest.parameters["tiles_track"] = 0;
    if (settings.model.isFullband()) {
        manifest.parameters["sample_rate"] = settings.model.sampleRate;
        manifest.parameters["min_bandwidth_hz"] = settings.model.minBandwidthHz;
        manifest.parameters["augmented_copies"] = settings.augmentedCopies;
        manifest.parameters["decoded_human_copies"] = settings.decodedHumanCopies;
    }
    report.manifestPath = settings.outputDir + "/" + settings.modelName + ".manifest.json";
    if (auto s = models::writeManifest(manifest, report.manifestPath); !s) return s.error();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

Result<std::vector<TrackScore>> scoreWithDetector(const std::vector<LabeledFile>& files, const std::string& modelsDir,
                                                  const std::string& modelName, const LogCallback& log,
                                                  const CancelToken& cancel, double* thresholdOut) {
    models::ModelRegistry registry(models::ModelRegistry::defaultSearchDirs(modelsDir));
    auto detector = models::InstalledDetector::load(registry, modelName, "cpu");
    if (!detector) return detector.error();
    if (thresholdOut) *thresholdOut = (*detector)->threshold;
    std::vector<TrackScore> scores(files.size());
    std::atomic<int> done{0};
    const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(1);  // parallel over files instead
    parallelFor(int(files.size()), threads, [&](int i) {
        if (cancel.isCancelled()) return;
        const LabeledFile& f = files[size_t(i)];
        TrackScore& s = scores[size_t(i)];
        s.path = f.path;
        s.ai = f.ai;
        s.source = f.source;
        auto info = audio::probe(f.path);
        if (!info) {
            s.error = info.error().message;
            return;
        }
        auto clips = (*detector)->decode(f.path, info->durationSeconds, cancel);
        if (!clips) {
            s.error = clips.error().message;
            return;
        }
        auto detection = (*detector)->judge(std::move(*clips), info->durationSeconds, cancel);
        if (!detection) {
            s.error = detection.error().message;
            return;
        }
        s.pAi = detection->pAi;
        s.spread = detection->spread;
        s.windowPAi = detection->windowPAi;
        if (++done % 100 == 0 && log) log("  scored " + std::to_string(done.load()) + " / " + std::to_string(files.size()));
    });
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Scoring was cancelled.");
    return scores;
}

}  // namespace humanear
