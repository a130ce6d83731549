#pragma once
// Engine settings: a plain struct whose defaults work out of the box (whisper.cpp style).
#include <string>

namespace humanear {

// The embedder a new library is indexed with (availableEmbedders() in library.h lists all).
inline constexpr const char* kDefaultEmbedder = "descriptors";

enum class DevicePreference { Auto, Cpu, Cuda };

// Whether the detector windows of tracks analysed at the same time share forward passes.
enum class CrossTrackBatching {
    // On when the models run on CUDA, where one large batch beats many small ones.
    // Off on the CPU: there each worker's own pass keeps its core busy, and a shared
    // pass would leave the waiting workers idle (`humanear-cli bench` measures both).
    Auto,
    On,
    Off
};

struct EngineSettings {
    // Analysis workers; 0 picks one per core.
    int workers = 0;
    // Threads each worker's LibTorch may use for intra-op parallelism; 0 = cores / workers.
    int torchThreadsPerWorker = 0;
    DevicePreference device = DevicePreference::Auto;
    CrossTrackBatching crossTrackBatching = CrossTrackBatching::Auto;
    // Where model weights and manifests live; empty = search the standard places
    // ($HUMANEAR_MODELS_DIR, the installed share/humanear/models, the source tree's models/).
    std::string modelsDir;
    // Files admitted to the pipeline at once. Bounds memory when thousands are queued.
    int maxFilesInFlight = 0;  // 0 = 2 x workers
    // Minimum interval between progress reports, so a GUI is never flooded.
    int progressIntervalMs = 50;
    // The recommendation library used by analyses; empty = defaultLibraryDirectory().
    std::string libraryDir;
    // The embedder that library was indexed with (LibrarySettings::embedder): a query
    // must be embedded the same way as the tracks it is compared with.
    std::string libraryEmbedder = kDefaultEmbedder;
};

// When an analysis adds recommendations. WhenNotHuman (the default): for a
// "likely AI" or "uncertain" verdict; WhenAi: "likely AI" only. (Values are
// stored in settings as numbers: append, never reorder.)
enum class RecommendPolicy { Never, WhenAi, Always, WhenNotHuman };

struct AnalysisOptions {
    // How much of the track, from its start, the spectrogram (TrackAnalysis::spectrogram)
    // covers. Not the detector's: it picks its own windows over the whole track.
    double windowSeconds = 30.0;
    // Tracks shorter than this cannot be judged and are reported as too short.
    double minimumSeconds = 2.0;
    // Keep the log-mel matrix in the result (the GUI draws it; the CLI does not need it).
    bool keepSpectrogram = false;
    // Compute the detector's saliency map over the spectrogram (costs a backward pass).
    bool computeSaliency = false;
    // When to add the top human recommendations from the library.
    RecommendPolicy recommend = RecommendPolicy::WhenNotHuman;
    int recommendationCount = 10;
};

}  // namespace humanear
