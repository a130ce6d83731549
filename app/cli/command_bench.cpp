// humanear-cli bench [--json] [--quick | --full] [--models DIR] [--runs N] [--tracks N]
//                    [--patches N] [--vectors N,N] [--keep DIR] [--embedder NAME]
// Speed, memory and scale of the whole pipeline against the decode floor; the
// measuring lives in the lab library (humanear/lab/benchmark.h), this file only prints.
#include "command.h"

#include "humanear/lab/benchmark.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

// Finite numbers only: JSON has no NaN or infinity.
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

// Issue 17's targets on the figures of this run: met, or missed by how much.
struct Target {
    const char* name;
    double measured, target;
    bool atMost;  // the figure must stay at or under the target (else reach it)
    bool met() const { return atMost ? measured <= target : measured >= target; }
    double missedBy() const { return met() || target == 0 ? 0 : std::fabs(measured - target) / target; }
};

std::vector<Target> targetsOf(const humanear::BenchmarkReport& r) {
    return {{"end to end <= 0.5 s", r.e2eMedianSeconds, 0.5, true},
            {"end to end <= 2 x floor", ratio(r.e2eMedianSeconds, r.floorSeconds), 2.0, true},
            {"indexing >= 150 tracks/min", r.indexTracksPerMinute, 150, false}};
}

QJsonArray targetsJson(const humanear::BenchmarkReport& r) {
    QJsonArray out;
    for (const Target& t : targetsOf(r))
        out.append(QJsonObject{{QStringLiteral("target"), QString::fromLatin1(t.name)},
                               {QStringLiteral("measured"), number(t.measured)},
                               {QStringLiteral("met"), t.met()},
                               {QStringLiteral("missed_by"), number(t.missedBy())}});
    return out;
}

QJsonObject toJson(const humanear::BenchmarkReport& r) {
    QJsonArray stages;
    for (const auto& s : r.stages)
        stages.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(s.name)},
                                  {QStringLiteral("what"), QString::fromStdString(s.what)},
                                  {QStringLiteral("median_s"), number(s.medianSeconds)},
                                  {QStringLiteral("min_s"), number(s.minSeconds)},
                                  {QStringLiteral("over_floor"), number(ratio(s.medianSeconds, r.floorSeconds))}});
    QJsonArray search;
    for (const auto& s : r.search) {
        QJsonObject o{{QStringLiteral("vectors"), double(s.vectors)},
                      {QStringLiteral("method"), QString::fromStdString(s.method)},
                      {QStringLiteral("mean_ms"), number(s.meanMs)},
                      {QStringLiteral("median_ms"), number(s.medianMs)},
                      {QStringLiteral("p95_ms"), number(s.p95Ms)},
                      {QStringLiteral("recall_at_10"), number(s.recallAt10)}};
        if (s.method == "hnsw") o.insert(QStringLiteral("ef_search"), s.efSearch);
        if (s.method == "ivf") {
            o.insert(QStringLiteral("nprobe"), s.nprobe);
            o.insert(QStringLiteral("nlist"), s.nlist);
        }
        if (s.method != "exact") o.insert(QStringLiteral("build_s"), number(s.buildSeconds));
        search.append(o);
    }
    QJsonArray notes;
    for (const auto& n : r.notes) notes.append(QString::fromStdString(n));
    const auto& b = r.detectorBatching;
    const QJsonValue batching =
        b.measured ? QJsonValue(QJsonObject{{QStringLiteral("device"), QString::fromStdString(b.device)},
                                            {QStringLiteral("workers"), b.callers},
                                            {QStringLiteral("threads_per_worker"), b.threadsPerCaller},
                                            {QStringLiteral("tracks"), b.tracks},
                                            {QStringLiteral("windows_per_track"), b.windowsPerTrack},
                                            {QStringLiteral("plain_s"), number(b.plainSeconds)},
                                            {QStringLiteral("batched_s"), number(b.batchedSeconds)},
                                            {QStringLiteral("plain_windows_per_s"), number(b.plainWindowsPerSecond)},
                                            {QStringLiteral("batched_windows_per_s"), number(b.batchedWindowsPerSecond)},
                                            {QStringLiteral("batched_over_plain"), number(b.batchedOverPlain)},
                                            {QStringLiteral("windows_per_pass"), number(b.windowsPerPass)},
                                            {QStringLiteral("tracks_per_pass"), number(b.tracksPerPass)},
                                            {QStringLiteral("max_logit_difference"), number(b.maxLogitDifference)},
                                            {QStringLiteral("training_form_s"), number(b.trainingFormSeconds)},
                                            {QStringLiteral("training_form_windows_per_s"), number(b.trainingFormWindowsPerSecond)},
                                            {QStringLiteral("inference_form_speedup"), number(b.inferenceFormSpeedup)},
                                            {QStringLiteral("max_form_logit_difference"), number(b.maxFormLogitDifference)}})
                   : QJsonValue();
    return QJsonObject{
        {QStringLiteral("mode"), QString::fromStdString(r.mode)},
        {QStringLiteral("embedder"), QString::fromStdString(r.embedder)},
        {QStringLiteral("device"), QString::fromStdString(r.device)},
        {QStringLiteral("cpu_cores"), r.cpuCores},
        {QStringLiteral("load_before"), QString::fromStdString(r.loadBefore)},
        {QStringLiteral("load_after"), QString::fromStdString(r.loadAfter)},
        {QStringLiteral("track"), QString::fromStdString(r.trackDescription)},
        {QStringLiteral("track_s"), number(r.trackSeconds)},
        {QStringLiteral("floor_s"), number(r.floorSeconds)},
        {QStringLiteral("floor_spans_s"), number(r.floorSpansSeconds)},
        {QStringLiteral("ffmpeg_decode_s"), r.ffmpegSeconds >= 0 ? number(r.ffmpegSeconds) : QJsonValue()},
        {QStringLiteral("runs"), r.runs},
        {QStringLiteral("stages"), stages},
        {QStringLiteral("e2e_median_s"), number(r.e2eMedianSeconds)},
        {QStringLiteral("e2e_min_s"), number(r.e2eMinSeconds)},
        {QStringLiteral("e2e_on_worker_median_s"), number(r.e2eOnWorkerMedianSeconds)},
        {QStringLiteral("e2e_cpu_median_s"), number(r.e2eCpuMedianSeconds)},
        {QStringLiteral("e2e_work_bound_s"), number(r.e2eWorkBoundSeconds())},
        {QStringLiteral("e2e_on_worker_min_s"), number(r.e2eOnWorkerMinSeconds)},
        {QStringLiteral("e2e_over_floor"), number(ratio(r.e2eMedianSeconds, r.floorSeconds))},
        {QStringLiteral("e2e_over_floor_spans"), number(ratio(r.e2eMedianSeconds, r.floorSpansSeconds))},
        {QStringLiteral("detector"), QString::fromStdString(r.detectorInstalled ? r.detectorLabel : "")},
        {QStringLiteral("embedder_s"), number(r.embedderSeconds)},
        {QStringLiteral("embedder_without_musicnn_s"), number(r.embedderFastSeconds)},
        {QStringLiteral("targets"), targetsJson(r)},
        {QStringLiteral("index_tracks"), r.indexTracks},
        {QStringLiteral("index_track_s"), number(r.indexTrackSeconds)},
        {QStringLiteral("index_s"), number(r.indexSeconds)},
        {QStringLiteral("index_tracks_per_min"), number(r.indexTracksPerMinute)},
        {QStringLiteral("peak_rss_mb"), number(r.peakRssMb)},
        {QStringLiteral("peak_rss_how"), QString::fromStdString(r.peakRssHow)},
        {QStringLiteral("process_peak_rss_mb"), number(r.processPeakRssMb)},
        {QStringLiteral("prototype_s"), number(r.prototypeSeconds)},
        {QStringLiteral("prototype_patches"), r.prototypePatchesTotal},
        {QStringLiteral("prototype_patches_timed"), r.prototypePatchesTimed},
        {QStringLiteral("prototype_extrapolated"), r.prototypeExtrapolated},
        {QStringLiteral("prototype_over_default"), number(r.prototypeOverDefault)},
        {QStringLiteral("detector_batching"), batching},
        {QStringLiteral("search"), search},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("total_s"), number(r.totalSeconds)},
    };
}

void printHuman(const humanear::BenchmarkReport& r) {
    std::printf("HumanEar benchmark (%s mode)\n", r.mode.c_str());
    std::printf("  machine: %d CPU cores, load average %s before, %s after (1, 5, 15 min)\n", r.cpuCores,
                r.loadBefore.c_str(), r.loadAfter.c_str());
    std::printf("  models ran on: %s\n", r.device.c_str());
    std::printf("  test track: %.1f s, %s\n\n", r.trackSeconds, r.trackDescription.c_str());

    std::printf("Floor (decode + mono + resample, nothing else; median of %d)\n", r.runs);
    std::printf("  whole file to 16 kHz               %8.3f s\n", r.floorSeconds);
    std::printf("  the analysis's spans, one pass     %8.3f s  (every reader's rate; no analysis)\n", r.floorSpansSeconds);
    if (r.ffmpegSeconds >= 0)
        std::printf("  ffmpeg tool, whole file, 1 thread  %8.3f s  (outside reference, process start included)\n",
                    r.ffmpegSeconds);
    else
        std::printf("  ffmpeg tool                        not installed\n");

    std::printf("\nOne track, default path (median of %d runs after a warm-up; %s)\n", r.runs,
                r.detectorInstalled ? r.detectorLabel.c_str() : "no detector installed");
    double sum = 0;
    for (const auto& s : r.stages) {
        const bool sub = s.name.find(':') != std::string::npos;
        if (!sub) sum += s.medianSeconds;
        std::printf("  %-30s %8.3f s  %5.2f x floor  %s\n", (sub ? "  " + s.name : s.name).c_str(), s.medianSeconds,
                    ratio(s.medianSeconds, r.floorSeconds), s.what.c_str());
    }
    std::printf("  %-30s %8.3f s\n", "(stages, summed)", sum);
    std::printf("  %-30s %8.3f s  (min %.3f s)\n", "end to end", r.e2eMedianSeconds, r.e2eMinSeconds);
    std::printf("  %-30s %8.2f x  (/ spans-only floor: %.2f x)\n", "end to end / floor",
                ratio(r.e2eMedianSeconds, r.floorSeconds), ratio(r.e2eMedianSeconds, r.floorSpansSeconds));
    std::printf("  %-30s %8.3f s  (min %.3f s)\n", "end to end on a pool worker", r.e2eOnWorkerMedianSeconds,
                r.e2eOnWorkerMinSeconds);
    std::printf("  %-30s %8.3f s  (CPU time of every thread, median): on %d workers no schedule\n"
                "  %-30s %8.3f s  of this work ends sooner; the pool worker's end to end is %.2f x that\n",
                "work in one analysis", r.e2eCpuMedianSeconds, r.e2eWorkers, "", r.e2eWorkBoundSeconds(),
                ratio(r.e2eOnWorkerMedianSeconds, r.e2eWorkBoundSeconds()));
    std::printf("  The stages run partly in parallel (the embedder and search on a helper worker), so\n"
                "  they may sum to more than the end to end. \"On a pool worker\" is how the app runs\n"
                "  it (a one-file batch): the analysis on one worker, only the other free to help.\n");
    std::printf("\nThe library embedder alone on the track's windows (decoded beforehand, one thread)\n");
    std::printf("  with musicnn (descriptors)          %8.3f s  %5.2f x floor\n", r.embedderSeconds,
                ratio(r.embedderSeconds, r.floorSeconds));
    std::printf("  without musicnn (descriptors-fast)  %8.3f s  %5.2f x floor\n", r.embedderFastSeconds,
                ratio(r.embedderFastSeconds, r.floorSeconds));

    std::printf("\nLibrary indexing (%s embedder)\n", r.embedder.c_str());
    std::printf("  %d tracks of %.0f s (MP3) in %.1f s: %.0f tracks/min\n", r.indexTracks, r.indexTrackSeconds,
                r.indexSeconds, r.indexTracksPerMinute);
    std::printf("  peak resident memory %.0f MB (%s)\n", r.peakRssMb, r.peakRssHow.c_str());

    std::printf("\nResearch prototype's path: OpenL3 mel256 at hop 0.1 s over the whole track\n");
    std::printf("  decode to 48 kHz %.3f s, front end %.3f s (%d patches), network %.3f s%s\n",
                r.prototypeDecodeSeconds, r.prototypeFrontEndSeconds, r.prototypePatchesTotal,
                r.prototypeNetworkSeconds,
                r.prototypeExtrapolated
                    ? (" (extrapolated from " + std::to_string(r.prototypePatchesTimed) + " patches)").c_str()
                    : "");
    std::printf("  total %.1f s: %.0f x the default path's end to end\n", r.prototypeSeconds, r.prototypeOverDefault);

    if (const auto& b = r.detectorBatching; b.measured) {
        std::printf("\nDetector on %d tracks at once (%d workers x %d thread%s, %d windows per track, on %s)\n", b.tracks,
                    b.callers, b.threadsPerCaller, b.threadsPerCaller == 1 ? "" : "s", b.windowsPerTrack,
                    b.device.c_str());
        std::printf("  each worker its own passes  %8.3f s  %8.0f windows/s\n", b.plainSeconds, b.plainWindowsPerSecond);
        std::printf("  batched across tracks       %8.3f s  %8.0f windows/s  (%.1f windows, %.2f tracks per pass)\n",
                    b.batchedSeconds, b.batchedWindowsPerSecond, b.windowsPerPass, b.tracksPerPass);
        std::printf("  batched / own passes        %8.2f x  throughput; largest logit difference %.1e\n",
                    b.batchedOverPlain, b.maxLogitDifference);
        std::printf("  network as trained (eval)   %8.3f s  %8.0f windows/s: the inference form is %.2f x faster, "
                    "largest logit difference %.1e\n",
                    b.trainingFormSeconds, b.trainingFormWindowsPerSecond, b.inferenceFormSpeedup, b.maxFormLogitDifference);
    }

    std::printf("\nSearch, synthetic 512-d unit vectors (one query at a time, one thread)\n");
    std::printf("  %10s  %-14s %9s %9s %9s %10s %9s\n", "vectors", "method", "mean ms", "median", "p95", "recall@10",
                "build s");
    for (const auto& s : r.search) {
        const std::string method = s.method == "hnsw"  ? "hnsw ef " + std::to_string(s.efSearch)
                                   : s.method == "ivf" ? "ivf probe " + std::to_string(s.nprobe)
                                                       : s.method;
        std::printf("  %10lld  %-14s %9.3f %9.3f %9.3f %10.3f", static_cast<long long>(s.vectors), method.c_str(),
                    s.meanMs, s.medianMs, s.p95Ms, s.recallAt10);
        if (s.method != "exact")
            std::printf(" %9.1f\n", s.buildSeconds);
        else
            std::printf(" %9s\n", "-");
    }
    std::printf("\nTargets (2-core machine, default embedder, shipped detector)\n");
    for (const Target& t : targetsOf(r)) {
        if (t.met())
            std::printf("  %-28s %8.3f  met\n", t.name, t.measured);
        else
            std::printf("  %-28s %8.3f  MISSED by %.0f%%\n", t.name, t.measured, 100 * t.missedBy());
    }
    if (r.e2eWorkBoundSeconds() > 0.5)
        std::printf("  End to end cannot reach 0.5 s on %d workers while one analysis is %.2f s of CPU work\n"
                    "  (%.2f s with perfect scheduling): the work itself must shrink.\n",
                    r.e2eWorkers, r.e2eCpuMedianSeconds, r.e2eWorkBoundSeconds());
    std::printf("\nPeak resident memory of the whole run: %.0f MB; %.0f s in all.\n", r.processPeakRssMb,
                r.totalSeconds);
    for (const auto& n : r.notes) std::printf("Note: %s\n", n.c_str());
}

}  // namespace

int runBenchCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures speed, memory and scale on inputs it makes itself (a 4-minute 44.1 kHz stereo MP3,\n"
        "a folder of tracks, synthetic vectors) in a temporary folder, and compares end-to-end analysis\n"
        "with the floor (decoding the same file and nothing else). Default: several minutes.\n"
        "--full adds 1,000 indexed tracks and 1e6 vectors (about an hour on 2 cores)."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("End with one JSON object of every figure."));
    const QCommandLineOption quick(QStringLiteral("quick"), QStringLiteral("Small inputs, a minute or so."));
    const QCommandLineOption full(QStringLiteral("full"), QStringLiteral("1,000 tracks and 1e6 vectors too."));
    const QCommandLineOption models(QStringLiteral("models"), QStringLiteral("Where the detector is."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs per timing."), QStringLiteral("N"));
    const QCommandLineOption tracks(QStringLiteral("tracks"), QStringLiteral("Tracks to index."), QStringLiteral("N"));
    const QCommandLineOption patches(QStringLiteral("patches"),
                                     QStringLiteral("OpenL3 patches to run (the rest is extrapolated)."),
                                     QStringLiteral("N"));
    const QCommandLineOption vectors(QStringLiteral("vectors"), QStringLiteral("Index sizes, e.g. 10000,100000."),
                                     QStringLiteral("N,N"));
    const QCommandLineOption keep(QStringLiteral("keep"), QStringLiteral("Make and keep the inputs in DIR."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption hnswMillion(QStringLiteral("hnsw-million"),
                                         QStringLiteral("Build HNSW above 1e5 vectors too (about an hour at 1e6)."));
    const QCommandLineOption embedder(QStringLiteral("embedder"),
                                      QStringLiteral("The library's embedder: descriptors (default) or descriptors-fast."),
                                      QStringLiteral("NAME"), QString::fromLatin1(humanear::kDefaultEmbedder));
    parser.addOptions({json, quick, full, models, runs, tracks, patches, vectors, keep, hnswMillion, embedder});
    parser.process(QStringList{QStringLiteral("humanear-cli bench")} + arguments);
    if (!parser.positionalArguments().isEmpty() || (parser.isSet(quick) && parser.isSet(full))) {
        std::fprintf(stderr, "humanear-cli bench: takes no files, and --quick or --full, not both (try --help)\n");
        return 2;
    }
    humanear::BenchmarkOptions options;
    options.mode = parser.isSet(quick)  ? humanear::BenchmarkMode::Quick
                   : parser.isSet(full) ? humanear::BenchmarkMode::Full
                                        : humanear::BenchmarkMode::Default;
    options.modelsDir = parser.value(models).toStdString();
    options.embedder = parser.value(embedder).toStdString();
    auto positive = [&](const QCommandLineOption& o, int& into) {
        if (!parser.isSet(o)) return true;
        bool ok = false;
        into = parser.value(o).toInt(&ok);
        if (!ok || into <= 0) {
            std::fprintf(stderr, "humanear-cli bench: --%s needs a positive number\n", qPrintable(o.names().front()));
            return false;
        }
        return true;
    };
    if (!positive(runs, options.runs) || !positive(tracks, options.indexTracks) ||
        !positive(patches, options.openl3Patches))
        return 2;
    if (parser.isSet(vectors)) {
        for (const QString& part : parser.value(vectors).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const double n = part.toDouble(&ok);
            if (!ok || n < 100) {
                std::fprintf(stderr, "humanear-cli bench: --vectors needs sizes of at least 100\n");
                return 2;
            }
            options.searchSizes.push_back(static_cast<int64_t>(n));
        }
    }
    options.hnswAtMillion = parser.isSet(hnswMillion);
    if (parser.isSet(keep)) {
        options.workDir = parser.value(keep).toStdString();
        options.keepFiles = true;
    }
    auto report = humanear::runBenchmark(options, [](const std::string& line) {
        std::fprintf(stderr, "bench: %s\n", line.c_str());
        std::fflush(stderr);
    });
    if (!report) {
        std::fprintf(stderr, "humanear-cli bench: %s\n", report.error().message.c_str());
        return 1;
    }
    printHuman(*report);
    if (parser.isSet(json)) {
        std::fflush(stdout);
        std::printf("%s\n", QJsonDocument(toJson(*report)).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
