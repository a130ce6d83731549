#include "command.h"
#include "input_files.h"

#include "humanear/engine.h"
#include "humanear/json.h"
#include "humanear/library.h"
#include "humanear/short_excerpt.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <cstdio>
#include <mutex>

int runAnalyzeCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Analyse audio files: decode facts, spectrogram shape, whether it is music at all and,\n"
        "when the detector is installed, P(AI) over the whole track with its spread across windows\n"
        "(the per-window timeline with --json) and a verdict: likely AI, uncertain, likely human\n"
        "or not music. AI and uncertain tracks get similar human tracks from the library, if any.\n"
        "Folders are searched recursively. A bad file is reported and the batch goes on;\n"
        "the exit status is 1 when any file failed."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files or folders."),
                                 QStringLiteral("FILE..."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file (JSON Lines)."));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"));
    const QCommandLineOption cpu(QStringLiteral("cpu"), QStringLiteral("Run models on the CPU even when CUDA is available."));
    const QCommandLineOption recommend(QStringLiteral("recommend"),
                                       QStringLiteral("Add the 10 most similar human tracks from the library for every "
                                                      "file (by default only for files judged AI-generated or uncertain)."));
    const QCommandLineOption library(QStringLiteral("library"),
                                     QStringLiteral("Library folder for recommendations (default: %1).")
                                         .arg(QString::fromStdString(humanear::defaultLibraryDirectory())),
                                     QStringLiteral("PATH"));
    const QCommandLineOption batching(
        QStringLiteral("batch-across-tracks"),
        QStringLiteral("Share the detector's forward passes between tracks analysed at the same time: auto (on with "
                       "CUDA), on or off."),
        QStringLiteral("auto|on|off"), QStringLiteral("auto"));
    const QCommandLineOption embedder(QStringLiteral("embedder"),
                                      QString::fromStdString("The embedder the library was indexed with: " +
                                                             humanear::describeEmbedders() + "."),
                                      QStringLiteral("NAME"), QString::fromLatin1(humanear::kDefaultEmbedder));
    parser.addOptions({json, workers, cpu, recommend, library, embedder, batching});
    parser.process(QStringList{QStringLiteral("humanear-cli analyze")} + arguments);

    const QStringList files = expandInputPaths(parser.positionalArguments());
    if (files.isEmpty()) {
        std::fprintf(stderr, "humanear-cli analyze: no input files (try --help)\n");
        return 2;
    }

    humanear::EngineSettings settings;
    settings.workers = parser.value(workers).toInt();
    if (parser.isSet(cpu)) settings.device = humanear::DevicePreference::Cpu;
    if (parser.isSet(library)) settings.libraryDir = parser.value(library).toStdString();
    settings.libraryEmbedder = parser.value(embedder).toStdString();
    const QString batchingValue = parser.value(batching);
    if (batchingValue == QLatin1String("on"))
        settings.crossTrackBatching = humanear::CrossTrackBatching::On;
    else if (batchingValue == QLatin1String("off"))
        settings.crossTrackBatching = humanear::CrossTrackBatching::Off;
    else if (batchingValue != QLatin1String("auto")) {
        std::fprintf(stderr, "humanear-cli analyze: --batch-across-tracks takes auto, on or off, not \"%s\"\n",
                     qPrintable(batchingValue));
        return 2;
    }
    humanear::Engine engine(settings);
    const bool asJson = parser.isSet(json);
    const std::string device = engine.device().description();
    std::fprintf(stderr, "HumanEar: analysing %lld file(s) on %s\n", static_cast<long long>(files.size()),
                 device.c_str());

    std::mutex outputMutex;
    int failures = 0;
    humanear::BatchCallbacks callbacks;
    callbacks.onResult = [&](const humanear::TrackAnalysis& a) {
        std::lock_guard<std::mutex> lock(outputMutex);
        if (!a.ok()) ++failures;
        if (asJson) {
            std::printf("%s\n", humanear::toJsonLine(a).c_str());
        } else if (a.ok()) {
            std::printf("%s\n  %.2f s, %d Hz, %d ch, %s (%s)\n  spectrogram %d bands x %d frames\n", a.path.c_str(),
                        a.facts.durationSeconds, a.facts.sampleRate, a.facts.channels, a.facts.codec.c_str(),
                        a.facts.decoder.c_str(), a.spectrogram.bands, a.spectrogram.frames);
            if (a.detection && !a.detection->hasPAi()) {
                static const char* reasons[] = {"", "near silence", "a steady tone", "noise", "a click track", "speech"};
                std::printf("  not music (%s): no P(AI)\n", reasons[int(a.detection->notMusic)]);
            } else if (a.detection) {
                static const char* words[] = {"likely AI-generated", "uncertain", "likely human-made", "not music"};
                const std::string models =
                    a.detection->members > 1 ? " of " + std::to_string(a.detection->members) + " models" : "";
                std::printf("  P(AI) %.2f +/- %.2f over %d windows%s: %s\n", a.detection->pAi, a.detection->spread,
                            a.detection->windows, models.c_str(), words[int(a.detection->verdict)]);
                if (humanear::isShortExcerpt(a))
                    std::printf("  caution: only %.0f s of audio; verdicts on excerpts under %.0f s are less reliable "
                                "than on whole tracks\n",
                                a.facts.durationSeconds, humanear::kShortExcerptSeconds);
            }
            if (!a.notices.empty()) std::printf("  %s\n", a.noteText().c_str());
            if (a.recommendations) {
                std::printf("  human tracks like it (genre %s, %s):\n",
                            a.recommendations->mappedGenre.empty() ? "any" : a.recommendations->mappedGenre.c_str(),
                            a.recommendations->mappingReason.c_str());
                int rank = 0;
                for (const auto& r : a.recommendations->items)
                    std::printf("   %2d. %.3f  %s - %s  (%s)\n", ++rank, r.score,
                                r.track.artist.empty() ? "(unknown artist)" : r.track.artist.c_str(),
                                r.track.title.c_str(), humanear::recommendationReasonText(r.reasons).c_str());
                if (!a.recommendations->note.empty()) std::printf("   %s\n", a.recommendations->note.c_str());
            }
        } else {
            std::printf("%s\n  error: %s\n", a.path.c_str(), a.error->message.c_str());
        }
        std::fflush(stdout);
    };
    std::vector<std::string> paths;
    paths.reserve(static_cast<size_t>(files.size()));
    for (const QString& f : files) paths.push_back(f.toStdString());
    humanear::AnalysisOptions options;
    if (parser.isSet(recommend)) options.recommend = humanear::RecommendPolicy::Always;
    humanear::BatchHandle batch = engine.analyzeBatch(std::move(paths), options, callbacks);
    batch.wait();
    std::fprintf(stderr, "HumanEar: %lld analysed, %d failed\n", static_cast<long long>(files.size()) - failures,
                 failures);
    return failures > 0 ? 1 : 0;
}
