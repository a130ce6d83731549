// `humanear-cli bench`: see humanear/benchmark.h.
#include "humanear/lab/benchmark.h"

#include "audio/decoder.h"
#include "bench/bench_inputs.h"
#include "bench/detector_batching_bench.h"
#include "bench/timing_statistics.h"
#include "bench/vector_search_bench.h"
#include "dsp/frontends.h"
#include "humanear/engine.h"
#include "humanear/library.h"
#include "similarity/descriptor_embedder.h"
#include "detector/detector_windows.h"
#include "detector/installed_detector.h"
#include "models/model_registry.h"
#include "networks/openl3_network.h"
#include "models/compute_device.h"
#include "runtime/stage_timer.h"
#include "engine_internal.h"
#include "similarity/track_embedder.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

namespace humanear {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

using bench::median;
double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    double a = 0, b = 0, c = 0;
    if (!(in >> a >> b >> c)) return "unknown";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f %.2f %.2f", a, b, c);
    return buffer;
}

// VmHWM (peak resident set) in MB from /proc/self/status; < 0 when unavailable.
double vmHwmMb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return -1;
}
double vmRssMb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return -1;
}
// Linux resets VmHWM to the current RSS when "5" is written to clear_refs.
bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    if (!out) return false;
    out << "5";
    out.close();
    return bool(out);
}
// User and system time of every thread of the process so far.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
double ruMaxRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// Synthetic OpenL3 weights with the real layer shapes (He-initialised kernels,
// BN statistics as ../shared/openl3/make_synthetic_h5.py draws them): the same
// cost as the official weights, which are not needed for timing.
models::OpenL3Weights syntheticOpenL3Weights(unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::uniform_real_distribution<float> uni(0.f, 1.f);
    models::OpenL3Weights w;
    const int chans[9] = {1, 64, 64, 128, 128, 256, 256, 512, 512};
    auto bn = [&](models::OpenL3BatchNorm& b, int c, bool first, const std::string& name) {
        b.layer = name;
        for (int i = 0; i < c; ++i) {
            b.gamma.push_back(0.8f + 0.4f * uni(rng));
            b.beta.push_back(0.1f * normal(rng));
            b.movingMean.push_back(first ? -45.f : 0.5f * normal(rng));
            b.movingVariance.push_back(first ? 300.f : 0.5f + 1.5f * uni(rng));
        }
    };
    bn(w.batchNorms[0], 1, true, "batch_normalization_1");
    for (int i = 0; i < 8; ++i) {
        auto& conv = w.convs[size_t(i)];
        conv.layer = i < 7 ? "conv2d_" + std::to_string(i + 1) : "audio_embedding_layer";
        conv.inChannels = chans[i];
        conv.outChannels = chans[i + 1];
        const float scale = std::sqrt(2.f / (9.f * float(chans[i])));
        conv.kernel.resize(size_t(9) * size_t(chans[i]) * size_t(chans[i + 1]));
        for (auto& k : conv.kernel) k = scale * normal(rng);
        for (int o = 0; o < chans[i + 1]; ++o) conv.bias.push_back(0.05f * normal(rng));
        if (i < 7) bn(w.batchNorms[size_t(i + 1)], chans[i + 1], false, "batch_normalization_" + std::to_string(i + 2));
    }
    return w;
}

struct Modes {
    int runs, indexTracks, openl3Patches;
    double trackSeconds, indexTrackSeconds;
    int indexBases;
    std::vector<int64_t> searchSizes;
    size_t queries;
    int batchingTracksPerWorker;
};

Modes modesFor(const BenchmarkOptions& o) {
    Modes m;
    switch (o.mode) {
    case BenchmarkMode::Quick: m = {3, 12, 2, 240, 60, 3, {2000}, 50, 4}; break;
    case BenchmarkMode::Default: m = {7, 100, 16, 240, 200, 8, {10000, 100000}, 200, 16}; break;
    case BenchmarkMode::Full: m = {9, 1000, 64, 240, 200, 16, {10000, 100000, 1000000}, 200, 32}; break;
    }
    if (o.runs > 0) m.runs = o.runs;
    if (o.indexTracks > 0) m.indexTracks = o.indexTracks;
    if (o.openl3Patches > 0) m.openl3Patches = o.openl3Patches;
    if (!o.searchSizes.empty()) m.searchSizes = o.searchSizes;
    return m;
}

const char* modeName(BenchmarkMode mode) {
    switch (mode) {
    case BenchmarkMode::Quick: return "quick";
    case BenchmarkMode::Default: return "default";
    case BenchmarkMode::Full: return "full";
    }
    return "default";
}

std::string stageDescription(const std::string& name) {
    if (name == "probe") return "open the file and read its header";
    if (name == "decode")
        return "the one pass: decode + mono + resample every reader's spans (view, music check, detector members, "
               "embedder)";
    if (name == "view") return "spectrogram view: log-mel of the first 30 s";
    if (name == "music check") return "is it music: flatness, tonality, speech measures over the whole track";
    if (name == "member windowed-cnn front end") return "windowed CNN: standardised log-mel of every 5 s window";
    if (name == "member windowed-cnn network") return "windowed CNN on every window: P(AI) and its timeline (LibTorch)";
    if (name == "member windowed-cnn spread front end") return "second windowed CNN: log-mel of its 4 spread windows";
    if (name == "member windowed-cnn spread network") return "second windowed CNN on 4 spread windows: joins P(AI), not the timeline";
    // Any member may judge an MP3 copy of its windows (mp3_copy_kbps in its manifest).
    if (name.size() > 9 && name.compare(name.size() - 9, 9, " MP3 copy") == 0)
        return "MP3 round trip (LAME) of every 16 kHz mono window the member reads";
    if (name == "member seed-cnn front end") return "seed CNN: standardised log-mel";
    if (name == "member seed-cnn network") return "seed CNN (LibTorch)";
    if (name == "member fullband-cnn front end") return "full-band member: 44.1 kHz long-term spectra, narrow-line residual";
    if (name == "member fullband-cnn network") return "full-band member's network (LibTorch)";
    if (name == "tags + hash") return "query identity: tags, catalog lookup, SHA-256 of the file when a size matches";
    if (name == "embedder") return "library embedder on the shared pass's audio (on a helper worker when one is idle)";
    if (name == "search") return "genre mapping + top-10 from the index (FAISS)";
    return "";
}

class Runner {
public:
    Runner(const BenchmarkOptions& options, const BenchmarkLog& log) : options_(options), log_(log) {}

    Result<BenchmarkReport> run();

private:
    void say(const std::string& line) const {
        if (log_) log_(line);
    }
    Status makeInputs();
    Status measureFloor();
    Status measureIndexing();
    Status measureTrack();
    Status measureEmbedders();
    Status measurePrototype();
    Status measureDetectorBatching();
    Status measureSearch();

    BenchmarkOptions options_;
    BenchmarkLog log_;
    Modes modes_{};
    BenchmarkReport report_;
    fs::path work_, track_, tracksDir_, libraryDir_;
    std::unique_ptr<Engine> engine_;
    // The installed detector, loaded once on the engine's device: the floor reads
    // its spans, the batching section runs its network. Null: detectorProblem_ says why.
    std::shared_ptr<const models::InstalledDetector> detector_;
    std::string detectorProblem_;
    double spanFloor16k_ = 0;
};

Status Runner::makeInputs() {
    const auto t0 = Clock::now();
    std::string how;
    track_ = work_ / "bench-track.mp3";
    tracksDir_ = work_ / "library-music";
    const fs::path madeMark = work_ / ("inputs-" + std::to_string(modes_.indexTracks) + ".done");
    if (options_.keepFiles && fs::exists(madeMark) && fs::exists(track_)) {  // --keep DIR from an earlier run
        say("reusing the inputs in " + work_.string());
        report_.trackDescription = "synthetic music (chords, bass, drums), made by an earlier run";
        auto info = audio::probe(track_.string());
        if (!info) return info.error();
        report_.trackSeconds = info->durationSeconds;
        return {};
    }
    say("making a " + std::to_string(int(modes_.trackSeconds)) + " s 44.1 kHz stereo MP3 ...");
    if (auto st = bench::writeSyntheticMp3(track_.string(), modes_.trackSeconds, 1, work_.string(), &how); !st)
        return st;
    report_.trackDescription = "synthetic music (chords, bass, drums), " + how;
    auto info = audio::probe(track_.string());
    if (!info) return info.error();
    report_.trackSeconds = info->durationSeconds;
    report_.trackDescription += ", " + std::to_string(info->sampleRate) + " Hz, " + std::to_string(info->channels) +
                                " channels, " + std::to_string(fs::file_size(track_) / 1024) + " KiB";

    // Library folder: a few distinct tracks, each copied with its own tags.
    fs::remove_all(tracksDir_);
    fs::create_directories(tracksDir_);
    const int bases = std::max(1, std::min(modes_.indexBases, modes_.indexTracks));
    std::vector<std::string> basePaths;
    for (int b = 0; b < bases; ++b) {
        const std::string p = (work_ / ("base-" + std::to_string(b) + ".mp3")).string();
        if (auto st = bench::writeSyntheticMp3(p, modes_.indexTrackSeconds, 100 + unsigned(b), work_.string()); !st)
            return st;
        basePaths.push_back(p);
    }
    static const char* genres[] = {"Ambient", "Rock", "Electronic", "Jazz", "Folk"};
    for (int i = 0; i < modes_.indexTracks; ++i) {
        const std::string name = "track-" + std::to_string(10000 + i).substr(1) + ".mp3";
        if (auto st = bench::writeTaggedCopy(basePaths[size_t(i % bases)], (tracksDir_ / name).string(),
                                             "Bench track " + std::to_string(i), "Artist " + std::to_string(i % 37),
                                             "Album " + std::to_string(i % 23), genres[i % 5]);
            !st)
            return st;
    }
    for (const auto& p : basePaths) fs::remove(p);
    std::ofstream(madeMark.string()) << "inputs made\n";
    char line[160];
    std::snprintf(line, sizeof line, "inputs made in %.1f s", since(t0));
    say(line);
    return {};
}

Status Runner::measureFloor() {
    say("floor: decoding the whole file to 16 kHz mono ...");
    const std::string path = track_.string();
    std::vector<double> whole, spans;
    auto info = audio::probe(path);
    if (!info) return info.error();
    // What the default analysis reads, in its one pass: the 30 s view and the
    // detector's windows at 16 kHz, the descriptor windows at 22.05 kHz (mid/side).
    std::vector<audio::DecodeRequest> requests{{dsp::DetectorFrontEnd::kSampleRate, {audio::Span{0.0, 30.0}}}};
    if (detector_)
        for (auto& r : detector_->audioRequests(info->durationSeconds)) requests.push_back(std::move(r));
    requests.push_back(models::DescriptorEmbedder::audioRequest(info->durationSeconds));
    for (int r = 0; r < modes_.runs; ++r) {
        auto t0 = Clock::now();
        auto clips = audio::decodeSpans(path, dsp::DetectorFrontEnd::kSampleRate, {audio::Span{0.0, 1e9}});
        whole.push_back(since(t0));
        if (!clips) return clips.error();
        t0 = Clock::now();
        auto all = audio::decodeRequests(path, requests);
        spans.push_back(since(t0));
        if (!all) return all.error();
    }
    report_.floorSeconds = median(whole);
    report_.floorSpansSeconds = median(spans);

    const std::string ffmpeg = bench::ffmpegTool();
    if (!ffmpeg.empty()) {
        std::vector<double> times;
        for (int r = 0; r < std::max(1, modes_.runs / 2); ++r) {
            QProcess p;
            const auto t0 = Clock::now();
            p.start(QString::fromStdString(ffmpeg),
                    {QStringLiteral("-nostdin"), QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-threads"),
                     QStringLiteral("1"), QStringLiteral("-i"), QString::fromStdString(path), QStringLiteral("-ac"),
                     QStringLiteral("1"), QStringLiteral("-ar"), QStringLiteral("16000"), QStringLiteral("-f"),
                     QStringLiteral("f32le"), QStringLiteral("-y"), QStringLiteral("/dev/null")});
            if (!p.waitForFinished(300000) || p.exitCode() != 0) {
                times.clear();
                report_.notes.push_back("The ffmpeg tool failed to decode the test file; no outside reference.");
                break;
            }
            times.push_back(since(t0));
        }
        if (!times.empty()) report_.ffmpegSeconds = median(times);
    }
    return {};
}

Status Runner::measureIndexing() {
    say("indexing " + std::to_string(modes_.indexTracks) + " tracks with the " + options_.embedder + " embedder ...");
    const bool reset = resetPeakRss();
    const double rssBefore = vmRssMb();
    LibrarySettings settings;
    settings.directory = libraryDir_.string();
    settings.embedder = options_.embedder;
    auto t0 = Clock::now();
    auto library = Library::open(*engine_, settings);
    if (!library) return library.error();
    auto scanned = library->addFolder(tracksDir_.string());
    report_.indexSeconds = since(t0);
    if (!scanned) return scanned.error();
    if (!scanned->failures.empty())
        return makeError(ErrorCode::Internal, "Indexing the benchmark's tracks failed: " + scanned->failures.front().message);
    report_.indexTracks = int(scanned->added);
    report_.indexTrackSeconds = modes_.indexTrackSeconds;
    report_.indexTracksPerMinute = report_.indexSeconds > 0 ? 60.0 * double(scanned->added) / report_.indexSeconds : 0;
    const double hwm = vmHwmMb();
    if (reset && hwm > 0) {
        report_.peakRssMb = hwm;
        char how[200];
        std::snprintf(how, sizeof how,
                      "VmHWM of the whole process, reset just before indexing (RSS then %.0f MB: models and earlier stages)",
                      rssBefore);
        report_.peakRssHow = how;
    } else {
        report_.peakRssMb = ruMaxRssMb();
        report_.peakRssHow = "getrusage ru_maxrss: the process's peak so far (could not reset it before indexing)";
    }
    return {};
}

Status Runner::measureTrack() {
    say("one track through the default path (" + std::to_string(modes_.runs) + " runs + 1 warm-up) ...");
    const std::string path = track_.string();
    AnalysisOptions options;
    options.recommend = RecommendPolicy::Always;  // P(AI) + embedding + top-10, whatever the verdict
    const DeviceInfo device = engine_->device();
    models::setTorchThreads(device.threadsPerWorker);  // as one pool worker runs it
    {
        TrackAnalysis warm = engine_->analyzeFile(path, options);
        if (!warm.ok()) return *warm.error;
        report_.detectorInstalled = warm.detection.has_value();
        report_.detectorLabel = warm.detection ? warm.detection->model : warm.noteText();
        if (!warm.recommendations)
            report_.notes.push_back("The benchmark's analysis gave no recommendations: " + warm.noteText());
    }
    std::vector<double> e2e;
    std::vector<runtime::StageTimes> stages;
    for (int r = 0; r < modes_.runs; ++r) {
        runtime::StageTimes times;
        runtime::StageTimes::Install install(times);
        const auto t0 = Clock::now();
        TrackAnalysis a = engine_->analyzeFile(path, options);
        e2e.push_back(since(t0));
        if (!a.ok()) return *a.error;
        stages.push_back(std::move(times));
    }
    std::vector<double> onWorker, cpu;
    for (int r = 0; r < modes_.runs; ++r) {
        std::optional<Error> failed;
        const double cpu0 = processCpuSeconds();
        const auto t0 = Clock::now();
        BatchHandle batch = engine_->analyzeBatch({path}, options, {[&failed](const TrackAnalysis& a) {
                                                                           if (!a.ok()) failed = *a.error;
                                                                       },
                                                                       {}});
        batch.wait();
        onWorker.push_back(since(t0));
        cpu.push_back(processCpuSeconds() - cpu0);
        if (failed) return *failed;
    }
    report_.e2eOnWorkerMedianSeconds = median(onWorker);
    report_.e2eOnWorkerMinSeconds = minimum(onWorker);
    report_.e2eCpuMedianSeconds = median(cpu);
    report_.e2eWorkers = device.workers;
    report_.runs = modes_.runs;
    report_.e2eMedianSeconds = median(e2e);
    report_.e2eMinSeconds = minimum(e2e);
    report_.e2eWhat = "Engine::analyzeFile: probe, decode, spectrogram, P(AI), embedding, top-10 recommendations";
    std::vector<std::string> names;
    for (const auto& s : stages)
        for (const auto& [n, v] : s.seconds)
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    for (const auto& n : names) {
        std::vector<double> v;
        for (const auto& s : stages) {
            double x = 0;
            for (const auto& [m, t] : s.seconds)
                if (m == n) x = t;
            v.push_back(x);
        }
        report_.stages.push_back({n, stageDescription(n), median(v), minimum(v)});
    }
    return {};
}

// The library embedder's own work on one track, with musicnn (the default
// "descriptors") and without it ("descriptors-fast"): its windows decoded once
// beforehand, then described on one thread, as a busy pool runs it.
Status Runner::measureEmbedders() {
    say("the embedder alone, with and without musicnn ...");
    models::setTorchThreads(engine_->device().threadsPerWorker);
    const std::string path = track_.string();
    auto opened = audio::openMeasured(path);
    if (!opened) return opened.error();
    for (const bool withMusicnn : {true, false}) {
        library::TrackEmbedderOptions embedderOptions;
        embedderOptions.name = withMusicnn ? models::DescriptorEmbedderInfo::kId : models::DescriptorEmbedderInfo::kFastId;
        embedderOptions.modelSearchDirs = EngineInternals::modelSearchDirs(*engine_);
        embedderOptions.device = engine_->device().name;
        auto embedder = library::makeTrackEmbedder(embedderOptions);
        if (!embedder) return embedder.error();
        auto decoded = audio::decodeRequests(path, {(*embedder)->audioRequest(opened->info)});
        if (!decoded) return decoded.error();
        std::vector<double> times;
        for (int r = 0; r <= modes_.runs; ++r) {
            const auto t0 = Clock::now();
            auto features = (*embedder)->featuresOfAudio(opened->info, decoded->front(), {});
            if (r > 0) times.push_back(since(t0));  // the first is a warm-up
            if (!features) return features.error();
        }
        (withMusicnn ? report_.embedderSeconds : report_.embedderFastSeconds) = median(times);
    }
    return {};
}

Status Runner::measurePrototype() {
    const int threads = engine_->device().threadsPerWorker;
    say("research prototype: OpenL3 mel256 at hop 0.1 s over the whole track (synthetic weights) ...");
    models::setTorchThreads(threads);
    models::OpenL3NetworkOptions netOptions;
    netOptions.device = "cpu";
    auto network = models::OpenL3Network::create(syntheticOpenL3Weights(1234), netOptions);
    if (!network) return network.error();
    report_.prototypeWeights = "synthetic (seeded random, official layer shapes), kernels " + network->kernelName();
    const std::string path = track_.string();
    auto t0 = Clock::now();
    auto clips = audio::decodeSpans(path, dsp::OpenL3FrontEnd::kSampleRate, {audio::Span{0.0, 1e9}});
    report_.prototypeDecodeSeconds = since(t0);
    if (!clips) return clips.error();
    const auto& x = clips->front().samples;
    const double hop = 0.1;
    const dsp::OpenL3FrontEnd frontEnd;
    const int total = dsp::OpenL3FrontEnd::patchCount(x.size(), hop);
    const int timed = std::max(1, std::min(total, modes_.openl3Patches));
    report_.prototypePatchesTotal = total;
    report_.prototypePatchesTimed = timed;
    report_.prototypeExtrapolated = timed < total;
    // Patches spread over the track, in batches of 8 (the embedder's batch size).
    const int batch = std::min(8, timed);
    std::vector<dsp::Matrix> patches;
    double frontEndSeconds = 0, networkSeconds = 0;
    std::vector<float> out(size_t(batch) * models::OpenL3Network::kEmbedding512);
    int done = 0;
    t0 = Clock::now();
    frontEnd.forEachPatch(x.data(), x.size(), hop, [&](int index, const dsp::Matrix& patch) {
        // Take every (total / timed)-th patch.
        if (int64_t(index) * timed / total == int64_t(index + 1) * timed / total && index + 1 != total) return true;
        patches.push_back(patch);
        if (int(patches.size()) == batch || done + int(patches.size()) == timed) {
            frontEndSeconds += since(t0);
            std::vector<const float*> ptrs;
            for (const auto& p : patches) ptrs.push_back(p.data.data());
            const auto n0 = Clock::now();
            auto st = network->forward(ptrs.data(), ptrs.size(), out.data(), nullptr);
            networkSeconds += since(n0);
            done += int(patches.size());
            patches.clear();
            t0 = Clock::now();
            if (!st) return false;
        }
        return done < timed;
    });
    if (done == 0) return makeError(ErrorCode::Internal, "The OpenL3 network ran on no patch.");
    // The last patch timed is the track's last, so forEachPatch made every patch:
    // the front end is measured in full, the network on `done` patches and scaled.
    report_.prototypeFrontEndSeconds = frontEndSeconds;
    report_.prototypeNetworkSeconds = networkSeconds * double(total) / double(done);
    report_.prototypeSeconds =
        report_.prototypeDecodeSeconds + report_.prototypeFrontEndSeconds + report_.prototypeNetworkSeconds;
    report_.prototypeOverDefault =
        report_.e2eMedianSeconds > 0 ? report_.prototypeSeconds / report_.e2eMedianSeconds : 0;
    return {};
}

namespace {

BenchmarkSearch approximateRow(int64_t vectors, const char* method, double buildSeconds, const bench::LatencyFigure& f) {
    BenchmarkSearch row;
    row.vectors = vectors;
    row.method = method;
    row.buildSeconds = buildSeconds;
    row.meanMs = f.meanMs;
    row.medianMs = f.medianMs;
    row.p95Ms = f.p95Ms;
    row.recallAt10 = f.recallAt10;
    return row;
}

}  // namespace

Status Runner::measureDetectorBatching() {
    const DeviceInfo device = engine_->device();
    if (!detector_) {
        report_.notes.push_back("No detector, so no cross-track batching figures: " + detectorProblem_);
        return {};
    }
    bench::DetectorBatchingSpec spec;
    spec.callers = device.workers;
    spec.threadsPerCaller = device.threadsPerWorker;
    spec.tracksPerCaller = modes_.batchingTracksPerWorker;
    // An ensemble's member with the most windows per track gains the most from shared passes;
    // each track gets the windows that member reads of the bench's track (a whole-track
    // member: one per 5 s).
    const auto windowsOfTrack = [this](const auto& member) { return member->spans(report_.trackSeconds).size(); };
    const models::DetectorMember& member =
        **std::max_element(detector_->members.begin(), detector_->members.end(),
                           [&](const auto& a, const auto& b) { return windowsOfTrack(a) < windowsOfTrack(b); });
    spec.windowsPerTrack = std::max(1, int(member.spans(report_.trackSeconds).size()));
    spec.frames = models::detectorFramesPerWindow(member.config);
    spec.repeats = modes_.runs >= 5 ? 3 : 1;
    say("detector on " + std::to_string(spec.callers * spec.tracksPerCaller) + " tracks from " +
        std::to_string(spec.callers) + " workers, own passes vs shared passes ...");
    auto figures = bench::measureDetectorBatching(member.model, spec);
    if (!figures) return figures.error();
    report_.detectorBatching = *figures;
    report_.detectorBatching.measured = true;
    report_.detectorBatching.device = device.name;
    return {};
}

Status Runner::measureSearch() {
    for (int64_t n : modes_.searchSizes) {
        say("search: " + std::to_string(n) + " synthetic 512-d vectors ...");
        bench::VectorSearchSpec spec;
        spec.vectors = size_t(n);
        spec.queries = modes_.queries;
        spec.clusters = int(std::max<int64_t>(1, std::min<int64_t>(2000, n / 50)));
        const bench::SyntheticVectors vectors = bench::makeSyntheticVectors(spec);
        bench::setSearchThreads(1);
        auto exact = bench::measureExact(vectors);
        if (!exact) return exact.error();
        BenchmarkSearch e;
        e.vectors = n;
        e.method = "exact";
        e.meanMs = exact->latency.meanMs;
        e.medianMs = exact->latency.medianMs;
        e.p95Ms = exact->latency.p95Ms;
        e.recallAt10 = 1;
        report_.search.push_back(e);
        bench::setSearchThreads(bench::maxSearchThreads());
        {
            // IVF, the library's index above its exact-search threshold.
            const auto t0 = Clock::now();
            auto ivf = index::VectorIndex::createIvf(vectors.dim, {});
            if (!ivf) return ivf.error();
            std::vector<int64_t> ids(vectors.count());
            for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t(i);
            if (auto st = ivf->add(ids, vectors.data); !st) return st.error();
            const double build = since(t0);
            say("  IVF built in " + std::to_string(int(build)) + " s");
            bench::setSearchThreads(1);
            for (int nprobe : {4, 8, 16, 32}) {
                ivf->setNprobe(nprobe);
                auto f = bench::measureApproximate(*ivf, vectors, exact->truth);
                if (!f) return f.error();
                BenchmarkSearch row = approximateRow(n, "ivf", build, *f);
                row.nprobe = nprobe;
                row.nlist = ivf->nlist();
                report_.search.push_back(row);
            }
            bench::setSearchThreads(bench::maxSearchThreads());
        }
        // HNSW for comparison, up to 1e5: at 1e6 its graph takes about an hour to
        // build on 2 cores (and reached recall 0.88 here); --hnsw-million builds it anyway.
        if (n > 100000 && !options_.hnswAtMillion) continue;
        index::VectorIndex::HnswParams params;  // M 32, efConstruction 80
        const auto t0 = Clock::now();
        auto hnsw = bench::buildHnsw(vectors, params, [&](size_t done, size_t total) {
            if (total > 50000) {
                char line[96];
                std::snprintf(line, sizeof line, "  HNSW built %zu/%zu in %.0f s", done, total, since(t0));
                say(line);
            }
        });
        const double build = since(t0);
        if (!hnsw) return hnsw.error();
        bench::setSearchThreads(1);
        for (int ef : {16, 32, 64, 128}) {
            hnsw->setEfSearch(ef);
            auto f = bench::measureApproximate(*hnsw, vectors, exact->truth);
            if (!f) return f.error();
            BenchmarkSearch row = approximateRow(n, "hnsw", build, *f);
            row.efSearch = ef;
            report_.search.push_back(row);
        }
        bench::setSearchThreads(bench::maxSearchThreads());
    }
    return {};
}

Result<BenchmarkReport> Runner::run() {
    const auto start = Clock::now();
    modes_ = modesFor(options_);
    report_.mode = modeName(options_.mode);
    report_.embedder = options_.embedder;
    report_.cpuCores = int(std::max(1u, std::thread::hardware_concurrency()));
    report_.loadBefore = loadAverage();
    const bool ownDir = options_.workDir.empty();
    if (ownDir) {
        std::random_device rd;
        work_ = fs::temp_directory_path() / ("humanear-bench-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 100000));
    } else {
        work_ = options_.workDir;
    }
    std::error_code ec;
    fs::remove_all(work_ / "library", ec);  // a kept folder's library from an earlier run
    fs::create_directories(work_, ec);
    if (ec) return makeError(ErrorCode::IoError, "Cannot create the benchmark's folder " + work_.string() + ".");
    libraryDir_ = work_ / "library";
    struct Cleanup {
        fs::path dir;
        bool keep;
        ~Cleanup() {
            std::error_code e;
            if (!keep) fs::remove_all(dir, e);
        }
    } cleanup{work_, options_.keepFiles || !ownDir};

    EngineSettings settings;
    settings.modelsDir = options_.modelsDir;
    settings.libraryDir = libraryDir_.string();
    settings.libraryEmbedder = options_.embedder;
    engine_ = std::make_unique<Engine>(settings);
    report_.device = engine_->device().description();
    if (auto detector = models::InstalledDetector::load(
            models::ModelRegistry(models::ModelRegistry::defaultSearchDirs(options_.modelsDir)), "detector",
            engine_->device().name))
        detector_ = *detector;
    else
        detectorProblem_ = detector.error().message;

    if (auto st = makeInputs(); !st) return st.error();
    if (auto st = measureFloor(); !st) return st.error();
    if (auto st = measureIndexing(); !st) return st.error();
    if (auto st = measureTrack(); !st) return st.error();
    if (auto st = measureEmbedders(); !st) return st.error();
    if (auto st = measurePrototype(); !st) return st.error();
    if (auto st = measureDetectorBatching(); !st) return st.error();
    if (auto st = measureSearch(); !st) return st.error();
    report_.processPeakRssMb = ruMaxRssMb();
    report_.loadAfter = loadAverage();
    report_.totalSeconds = since(start);
    if (!report_.detectorInstalled)
        report_.notes.push_back("No detector is installed, so the detector stage is missing from the figures: " +
                                report_.detectorLabel);
    engine_.reset();
    return report_;
}

}  // namespace

Result<BenchmarkReport> runBenchmark(const BenchmarkOptions& options, const BenchmarkLog& log) {
    try {
        Runner runner(options, log);
        return runner.run();
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::Internal, "The benchmark ran out of memory.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("The benchmark failed: ") + e.what());
    }
}

}  // namespace humanear
