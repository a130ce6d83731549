#pragma once
// `humanear-cli bench`: speed, memory and scale of the whole pipeline, measured
// against the floor (decoding and resampling the same file and nothing else).
// The benchmark makes its own inputs in a temporary folder (a 4-minute 44.1 kHz
// stereo MP3 and a folder of tracks to index), runs every stage on them and
// returns the figures. Nothing here is a pass/fail check: targets are for the
// reader to compare against.
#include "humanear/result.h"
#include "humanear/settings.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace humanear {

enum class BenchmarkMode {
    Quick,    // seconds: small inputs, few runs (for tests)
    Default,  // minutes: 1e4 and 1e5 vectors, 100 tracks indexed
    Full      // an hour or more: 1e6 vectors, 1,000 tracks indexed
};

struct BenchmarkOptions {
    BenchmarkMode mode = BenchmarkMode::Default;
    // Where the detector is looked for (EngineSettings::modelsDir); empty = the standard places.
    std::string modelsDir;
    // Scratch folder; empty = a new folder under the system's temporary folder, removed afterwards.
    std::string workDir;
    bool keepFiles = false;
    // 0 = the mode's default.
    int runs = 0;
    int indexTracks = 0;
    int openl3Patches = 0;             // OpenL3 patches actually run (the rest is extrapolated)
    std::vector<int64_t> searchSizes;  // vector counts for the search figures
    bool hnswAtMillion = false;        // also build HNSW above 1e5 vectors (about an hour at 1e6)
    std::string embedder = kDefaultEmbedder;  // the library's embedder (LibrarySettings::embedder)
};

struct BenchmarkStage {
    std::string name;
    std::string what;  // one line: what this stage covers
    double medianSeconds = 0;
    double minSeconds = 0;
};

struct BenchmarkSearch {
    int64_t vectors = 0;
    std::string method;  // "exact", "hnsw" or "ivf"
    int efSearch = 0;    // hnsw only
    int nprobe = 0, nlist = 0;  // ivf only
    double buildSeconds = 0;  // hnsw and ivf: building (and training) the index
    double meanMs = 0, medianMs = 0, p95Ms = 0;
    double recallAt10 = 1;
};

// The detector judging many tracks at once (synthetic windows of the installed
// detector's shape): each worker running its own passes ("plain") against the
// workers' windows sharing passes through the cross-track batcher.
struct BenchmarkDetectorBatching {
    bool measured = false;
    std::string device;  // where the network ran: "cpu" or "cuda:0"
    int callers = 0, threadsPerCaller = 0, tracks = 0, windowsPerTrack = 0;
    double plainSeconds = 0, batchedSeconds = 0;
    double plainWindowsPerSecond = 0, batchedWindowsPerSecond = 0;
    double batchedOverPlain = 0;  // throughput ratio: > 1 means batching pays on this device
    double windowsPerPass = 0, tracksPerPass = 0;
    double maxLogitDifference = 0;  // batched against plain, same windows
    // The baseline of the network's inference form (batch norm folded, channels-last):
    // the same plain passes through the network as trained (eval mode), same windows.
    double trainingFormSeconds = 0, trainingFormWindowsPerSecond = 0;
    double inferenceFormSpeedup = 0;         // trainingFormSeconds / plainSeconds
    double maxFormLogitDifference = 0;       // inference form against training form
};

struct BenchmarkReport {
    std::string device;       // what ran the models: "cpu, 2 workers x 1 thread"
    int cpuCores = 0;
    std::string loadBefore, loadAfter;  // /proc/loadavg: 1, 5, 15 minute load averages
    std::string mode;
    std::string embedder;  // the library's embedder

    // The test track.
    std::string trackDescription;
    double trackSeconds = 0;

    // Floor: the whole file decoded and resampled to 16 kHz mono, nothing else.
    double floorSeconds = 0;
    // The one pass the default analysis makes (its spans at every reader's rate), nothing else.
    double floorSpansSeconds = 0;
    // `ffmpeg` decoding the whole file to 16 kHz mono (outside reference); < 0 when not installed.
    double ffmpegSeconds = -1;

    // One track through the default path.
    int runs = 0;
    std::vector<BenchmarkStage> stages;
    double e2eMedianSeconds = 0, e2eMinSeconds = 0;
    std::string e2eWhat;
    // The same track as the app runs it: a one-file Engine::analyzeBatch, so the
    // analysis itself is on a pool worker and only the other worker can help (the
    // figures above run it on the calling thread, beside both workers).
    double e2eOnWorkerMedianSeconds = 0, e2eOnWorkerMinSeconds = 0;
    // The work in one such analysis: the process's CPU time (every thread, user and
    // system) during it, median. Divided by the workers, it is the shortest end to
    // end any schedule of this work could reach; the end to end over that says how
    // much of the gap is waiting rather than work.
    double e2eCpuMedianSeconds = 0;
    int e2eWorkers = 0;
    double e2eWorkBoundSeconds() const { return e2eWorkers > 0 ? e2eCpuMedianSeconds / e2eWorkers : 0; }
    bool detectorInstalled = false;
    std::string detectorLabel;  // or why there is none
    // The library embedder's own work on the track's windows (decoded beforehand),
    // one thread, median: with musicnn ("descriptors") and without ("descriptors-fast").
    double embedderSeconds = 0, embedderFastSeconds = 0;

    // Library indexing.
    int indexTracks = 0;
    double indexTrackSeconds = 0;  // length of each indexed track
    double indexSeconds = 0;
    double indexTracksPerMinute = 0;
    double peakRssMb = 0;          // peak resident memory while indexing
    std::string peakRssHow;        // how it was measured
    double processPeakRssMb = 0;   // the whole run's peak (getrusage ru_maxrss)

    // The research prototype's path: OpenL3 (mel256, 512-d) at hop 0.1 s over the whole track.
    int prototypePatchesTotal = 0;
    int prototypePatchesTimed = 0;
    bool prototypeExtrapolated = false;
    double prototypeDecodeSeconds = 0, prototypeFrontEndSeconds = 0, prototypeNetworkSeconds = 0;
    double prototypeSeconds = 0;
    double prototypeOverDefault = 0;
    std::string prototypeWeights;

    BenchmarkDetectorBatching detectorBatching;

    std::vector<BenchmarkSearch> search;
    std::vector<std::string> notes;
    double totalSeconds = 0;
};

// Progress lines for a terminal (stage names, estimates); may be empty.
using BenchmarkLog = std::function<void(const std::string&)>;

Result<BenchmarkReport> runBenchmark(const BenchmarkOptions& options, const BenchmarkLog& log = {});

}  // namespace humanear
