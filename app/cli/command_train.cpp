#include "command.h"

#include "humanear/lab/detector_training.h"

#include <QCommandLineParser>
#include <algorithm>
#include <cmath>
#include <cstdio>

int runTrainCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train the AI-music detector from a folder of AI-generated audio and a folder of human-made audio.\n"
        "Top-level sub-folders are sources (generators, albums). Writes <out>/<name>.pt and its manifest;\n"
        "deterministic for a seed and resumable from <out>/<name>.checkpoint."));
    parser.addHelpOption();
    const QCommandLineOption ai("ai", "Folder of AI-generated audio (repeatable).", "DIR");
    const QCommandLineOption human("human", "Folder of human-made audio (repeatable).", "DIR");
    const QCommandLineOption out("out", "Output folder (default: models).", "DIR", "models");
    const QCommandLineOption name("name", "Model name (default: detector).", "NAME", "detector");
    const QCommandLineOption arch("arch", "windowed-cnn (default), seed-cnn (the research baseline) or fullband-cnn "
                                          "(narrow spectral lines at 44.1 kHz, 1-15 kHz).", "ARCH", "windowed-cnn");
    const QCommandLineOption epochs("epochs", "Epochs (default 10).", "N", "10");
    const QCommandLineOption seed("seed", "Random seed (default 1234).", "N", "1234");
    const QCommandLineOption window("window", "Window length in seconds (windowed-cnn; default 5).", "S", "5");
    const QCommandLineOption windows("windows", "Windows per track (windowed-cnn; default 4).", "N", "4");
    const QCommandLineOption holdOut("hold-out", "Leave this source out of training (repeatable).", "SOURCE");
    const QCommandLineOption noCodec("no-codec-augmentation", "Do not re-encode training copies with ffmpeg.");
    const QCommandLineOption bandLimit("band-limit", "Ignore mel bands above this frequency in Hz (windowed-cnn default 7000; "
                                                     "0 keeps all, as the seed-cnn baseline does).", "HZ", "7000");
    const QCommandLineOption cache("cache", "Keep decoded, augmented windows here and reuse them (folds share it).", "DIR");
    const QCommandLineOption copies("copies", "fullband-cnn: codec + low-pass copies per track (default 2).", "N", "2");
    const QCommandLineOption decodedCopies("decoded-copies", "Copies of each human track through a random synthetic "
                                                             "decoder, labelled AI (fullband-cnn: default 2; log-mel "
                                                             "networks: default 0, each copy codec-augmented too).", "N");
    const QCommandLineOption firstSeconds("first-seconds", "Training windows from each track's first S seconds only "
                                                           "(default 0: spread over the whole track).", "S", "0");
    const QCommandLineOption minBandwidth("min-bandwidth", "fullband-cnn: leave out tracks whose band ends below this (Hz; "
                                                           "default 14000); the member abstains on them.", "HZ", "14000");
    const QCommandLineOption init("init", "Start from these weights (same architecture) instead of the seed.", "WEIGHTS");
    const QCommandLineOption headOnly("head-only", "With --init: keep its convolutional layers and train only the head "
                                                   "(FC 128, FC 1) on their features (log-mel networks).");
    const QCommandLineOption learningRate("learning-rate", "Adam's step size (default 0.001; lower it to fine-tune from --init).",
                                          "RATE", "0.001");
    const QCommandLineOption balanceSources("balance-sources", "Every source weighs the same in the loss within its class "
                                                               "(and both classes the same), however many tracks it has.");
    const QCommandLineOption spreadWindows("spread-windows", "At analysis, read the same evenly spread windows as in training "
                                                             "instead of the whole track (a cheap second member: it adds to "
                                                             "the verdict, not to the P(AI) timeline).");
    const QCommandLineOption freezeBlocks("freeze-blocks", "With --init (log-mel networks): keep the first N convolutional "
                                                           "blocks as they are and train the rest (0-4; default 0).", "N", "0");
    const QCommandLineOption codedOnly("coded-copies-only", "Train on each track's codec-augmented copy only, never on the "
                                                            "file as stored (log-mel networks).");
    const QCommandLineOption groupDro("group-dro", "Group DRO over (class, source) groups: each group's weight in the "
                                                   "loss grows by exp(STEP x its loss) after every batch, so training "
                                                   "works on the sources it does worst on (replaces --balance-sources' "
                                                   "fixed weights; try 0.01-0.1).", "STEP");
    const QCommandLineOption mixup("mixup", "Blend each training window with another of its batch (inputs, labels and "
                                            "loss weights) by a share drawn from Beta(ALPHA, ALPHA); not with --group-dro "
                                            "(try 0.2-0.4).", "ALPHA");
    const QCommandLineOption linearHead("linear-head", "With --head-only: train one linear layer over the fixed features "
                                                       "(dropped at 0.5 while training) instead of FC 128, ReLU, FC 1.");
    const QCommandLineOption sourceWeights("source-weights", "With --balance-sources: multiply each named source's share "
                                                             "of its class's loss by its weight (FILE: \"source weight\" "
                                                             "per line; sources not named weigh 1).", "FILE");
    parser.addOptions({ai, human, out, name, arch, epochs, seed, window, windows, holdOut, noCodec, bandLimit, cache, copies,
                       decodedCopies, firstSeconds, minBandwidth, init, headOnly, learningRate, balanceSources, spreadWindows,
                       freezeBlocks, codedOnly, groupDro, mixup, linearHead, sourceWeights});
    parser.process(QStringList{"humanear-cli train"} + arguments);
    if (!parser.isSet(ai) || !parser.isSet(human)) {
        std::fprintf(stderr, "humanear-cli train: --ai DIR and --human DIR are required (try --help)\n");
        return 2;
    }
    humanear::DetectorTrainingSettings settings;
    settings.model = parser.value(arch) == "seed-cnn"
                         ? humanear::DetectorConfig::seedCnn()
                         : humanear::DetectorConfig{"windowed-cnn", parser.value(window).toDouble(),
                                                    parser.value(windows).toInt(), parser.value(bandLimit).toDouble()};
    if (parser.isSet(bandLimit) && parser.value(arch) == "seed-cnn") settings.model.bandLimitHz = parser.value(bandLimit).toDouble();
    if (parser.value(arch) == "fullband-cnn") {
        settings.model = humanear::DetectorConfig::fullbandCnn();
        settings.model.minBandwidthHz = parser.value(minBandwidth).toDouble();
        settings.augmentedCopies = parser.value(copies).toInt();
    } else if (parser.value(arch) != "seed-cnn" && parser.value(arch) != "windowed-cnn") {
        std::fprintf(stderr, "humanear-cli train: unknown --arch \"%s\"\n", qPrintable(parser.value(arch)));
        return 2;
    }
    if (parser.isSet(decodedCopies)) {
        bool copiesOk = false;
        const int n = parser.value(decodedCopies).toInt(&copiesOk);
        if (!copiesOk || n < 0 || n > 8) {
            std::fprintf(stderr, "humanear-cli train: --decoded-copies wants 0-8, not \"%s\"\n",
                         qPrintable(parser.value(decodedCopies)));
            return 2;
        }
        if (settings.model.isFullband())
            settings.decodedHumanCopies = n;
        else
            settings.logMelDecodedCopies = n;
    }
    bool firstOk = false;
    settings.firstSeconds = parser.value(firstSeconds).toDouble(&firstOk);
    if (!firstOk || settings.firstSeconds < 0 || !std::isfinite(settings.firstSeconds)) {
        std::fprintf(stderr, "humanear-cli train: --first-seconds wants 0 or more seconds, not \"%s\"\n",
                     qPrintable(parser.value(firstSeconds)));
        return 2;
    }
    settings.featureCacheDir = parser.value(cache).toStdString();
    settings.initialWeights = parser.value(init).toStdString();
    settings.headOnly = parser.isSet(headOnly);
    settings.balanceSources = parser.isSet(balanceSources);
    settings.model.tilesTrack = !parser.isSet(spreadWindows);
    settings.codedCopiesOnly = parser.isSet(codedOnly);
    if (parser.isSet(sourceWeights)) {
        if (!settings.balanceSources || parser.isSet(groupDro)) {
            std::fprintf(stderr, "humanear-cli train: --source-weights needs --balance-sources and no --group-dro\n");
            return 2;
        }
        auto weights = humanear::readSourceWeights(parser.value(sourceWeights).toStdString());
        if (!weights) {
            std::fprintf(stderr, "humanear-cli train: %s\n", weights.error().message.c_str());
            return 2;
        }
        settings.sourceWeights = std::move(*weights);
    }
    if (settings.codedCopiesOnly && parser.isSet(noCodec)) {
        std::fprintf(stderr, "humanear-cli train: --coded-copies-only needs the codec augmentation\n");
        return 2;
    }
    if (parser.isSet(groupDro)) {
        bool stepOk = false;
        settings.groupDroStep = parser.value(groupDro).toDouble(&stepOk);
        if (!stepOk || !(settings.groupDroStep > 0) || !std::isfinite(settings.groupDroStep)) {
            std::fprintf(stderr, "humanear-cli train: --group-dro wants a positive step, not \"%s\"\n",
                         qPrintable(parser.value(groupDro)));
            return 2;
        }
    }
    if (parser.isSet(mixup)) {
        bool alphaOk = false;
        settings.mixupAlpha = parser.value(mixup).toDouble(&alphaOk);
        if (!alphaOk || !(settings.mixupAlpha > 0) || !std::isfinite(settings.mixupAlpha) || parser.isSet(groupDro)) {
            std::fprintf(stderr, "humanear-cli train: --mixup wants a positive ALPHA and no --group-dro, not \"%s\"\n",
                         qPrintable(parser.value(mixup)));
            return 2;
        }
    }
    bool blocksOk = false;
    settings.frozenBlocks = parser.value(freezeBlocks).toInt(&blocksOk);
    if (!blocksOk || settings.frozenBlocks < 0 || settings.frozenBlocks > 4 ||
        (settings.frozenBlocks > 0 && (settings.initialWeights.empty() || settings.headOnly))) {
        std::fprintf(stderr, "humanear-cli train: --freeze-blocks wants 0-4 with --init WEIGHTS and without --head-only\n");
        return 2;
    }
    if (settings.headOnly && settings.initialWeights.empty()) {
        std::fprintf(stderr, "humanear-cli train: --head-only needs --init WEIGHTS\n");
        return 2;
    }
    settings.linearHead = parser.isSet(linearHead);
    if (settings.linearHead && (!settings.headOnly || settings.model.isFullband())) {
        std::fprintf(stderr, "humanear-cli train: --linear-head needs --head-only (a log-mel network)\n");
        return 2;
    }
    settings.epochs = parser.value(epochs).toInt();
    bool rateOk = false;
    settings.learningRate = parser.value(learningRate).toDouble(&rateOk);
    if (!rateOk || !(settings.learningRate > 0)) {
        std::fprintf(stderr, "humanear-cli train: --learning-rate wants a positive number, not \"%s\"\n",
                     qPrintable(parser.value(learningRate)));
        return 2;
    }
    settings.seed = parser.value(seed).toInt();
    settings.outputDir = parser.value(out).toStdString();
    settings.modelName = parser.value(name).toStdString();
    settings.codecAugmentation = !parser.isSet(noCodec);
    auto files = collectFromFolders(parser.values(ai), parser.values(human));
    const QStringList excluded = parser.values(holdOut);
    files.erase(std::remove_if(files.begin(), files.end(),
                               [&](const humanear::LabeledFile& f) { return excluded.contains(QString::fromStdString(f.source)); }),
                files.end());
    auto report = humanear::trainDetector(files, settings, [](const std::string& line) {
        std::fprintf(stderr, "%s\n", line.c_str());
    });
    if (!report) {
        std::fprintf(stderr, "humanear-cli train: %s\n", report.error().message.c_str());
        return 1;
    }
    std::printf("trained %s in %.0f s: %d tracks (%d windows), validation AUC %.3f on %d tracks, temperature %.3f\n"
                "weights %s\nmanifest %s\n",
                settings.model.architecture.c_str(), report->seconds, report->trainTracks, report->trainWindows,
                report->validationAuc, report->validationTracks, report->temperature, report->weightsPath.c_str(),
                report->manifestPath.c_str());
    return 0;
}
