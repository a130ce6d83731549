#include "humanear/engine.h"

#include "engine_internal.h"
#include "file_name.h"
#include "library/analysis_recommendations.h"
#include "audio/decode_with_helper.h"
#include "audio/decoder.h"
#include "dsp/frontends.h"
#include "dsp/music_check.h"
#include "audio/tags.h"
#include "detector/installed_detector.h"
#include "models/model_registry.h"
#include "runtime/batch_state.h"
#include "models/compute_device.h"
#include "runtime/stage_timer.h"
#include "runtime/thread_priority.h"
#include "runtime/worker_pool.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

namespace humanear {

namespace {

std::string formatSeconds(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, seconds < 10 ? "%.2f s" : "%.0f s", seconds);
    return buffer;
}

int defaultWorkerCount() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace

std::string DeviceInfo::description() const {
    return name + ", " + std::to_string(workers) + (workers == 1 ? " worker x " : " workers x ") +
           std::to_string(threadsPerWorker) + (threadsPerWorker == 1 ? " thread" : " threads") +
           (crossTrackBatching ? ", detector batched across tracks" : "");
}

struct Engine::Private {
    EngineSettings settings;
    models::ComputeDevice device;
    int workers = 1;
    int threadsPerWorker = 1;
    models::ModelRegistry registry;
    dsp::DetectorFrontEnd detectorFrontEnd;

    std::once_flag detectorOnce;
    std::shared_ptr<const models::InstalledDetector> detector;
    std::string detectorProblem;

    // Loaded on first use and shared read-only by every worker; a missing model
    // is a notice on each result, not a failure of the analysis.
    const models::InstalledDetector* installedDetector() {
        std::call_once(detectorOnce, [this] {
            auto loaded = models::InstalledDetector::load(registry, "detector", device.name, batchesAcrossTracks());
            if (loaded)
                detector = *loaded;
            else
                detectorProblem = loaded.error().message;
        });
        return detector.get();
    }

    bool batchesAcrossTracks() const {
        switch (settings.crossTrackBatching) {
        case CrossTrackBatching::On: return true;
        case CrossTrackBatching::Off: return false;
        case CrossTrackBatching::Auto: break;
        }
        return device.cuda;
    }

    library::AnalysisRecommendations recommendations;  // opens the library on first need

    std::once_flag poolOnce;
    std::unique_ptr<runtime::WorkerPool> pool;

    std::mutex batchesMutex;
    std::vector<std::weak_ptr<runtime::BatchState>> batches;

    explicit Private(EngineSettings s)
        : settings(std::move(s)), registry(models::ModelRegistry::defaultSearchDirs(settings.modelsDir)) {
        const int cores = defaultWorkerCount();
        workers = settings.workers > 0 ? settings.workers : cores;
        threadsPerWorker = settings.torchThreadsPerWorker > 0 ? settings.torchThreadsPerWorker
                                                              : std::max(1, cores / workers);
        device = models::selectDevice(settings.device);
    }

    runtime::WorkerPool& workerPool() {
        std::call_once(poolOnce, [this] {
            const int inFlight = settings.maxFilesInFlight > 0 ? settings.maxFilesInFlight : 2 * workers;
            const int threads = threadsPerWorker;
            pool = std::make_unique<runtime::WorkerPool>(workers, inFlight,
                                                         [threads](int) {
                                                             models::setTorchThreads(threads);
                                                             runtime::lowerCurrentThreadPriority();
                                                         });
        });
        return *pool;
    }
};

Engine::Engine(EngineSettings settings) : d(std::make_unique<Private>(std::move(settings))) {}

Engine::~Engine() {
    std::vector<std::shared_ptr<runtime::BatchState>> running;
    {
        std::lock_guard<std::mutex> lock(d->batchesMutex);
        for (auto& weak : d->batches)
            if (auto batch = weak.lock()) running.push_back(batch);
    }
    for (auto& batch : running) {
        batch->cancel.cancel();
        batch->setPaused(false);
        batch->join();
    }
    d->pool.reset();
}

const EngineSettings& Engine::settings() const { return d->settings; }

DeviceInfo Engine::device() const {
    DeviceInfo info;
    info.name = d->device.name;
    info.cudaAvailable = d->device.cudaDeviceCount > 0;
    info.workers = d->workers;
    info.threadsPerWorker = d->threadsPerWorker;
    info.crossTrackBatching = d->batchesAcrossTracks();
    return info;
}

std::string Engine::modelsDirectory() const { return d->registry.firstExistingDir(); }

TrackAnalysis Engine::analyzeFile(const std::string& path, const AnalysisOptions& options,
                                  const CancelToken& cancel) const {
    TrackAnalysis result;
    result.path = path;
    const std::string name = fileNameOf(path);
    auto fail = [&](ErrorCode code, const std::string& message) {
        result.error = makeError(code, message);
        return result;
    };

    runtime::ScopedStage probeStage("probe");
    auto opened = audio::openMeasured(path);
    probeStage.stop();
    if (!opened) {
        result.error = opened.error();
        return result;
    }
    const audio::SourceInfo& info = opened->info;
    result.facts.durationSeconds = info.durationSeconds;
    result.facts.sampleRate = info.sampleRate;
    result.facts.channels = info.channels;
    result.facts.codec = info.codec;
    result.facts.decoder = info.decoder;
    const audio::TrackTags tags = audio::readTags(path);
    result.metadata = TrackMetadata{tags.title, tags.artist, tags.album, tags.genre};

    if (info.durationSeconds < options.minimumSeconds)
        return fail(ErrorCode::TooShort, "\"" + name + "\" is only " + formatSeconds(info.durationSeconds) +
                                             " long; HumanEar needs at least " +
                                             formatSeconds(options.minimumSeconds) + " of audio to judge it.");
    if (cancel.isCancelled()) return fail(ErrorCode::Cancelled, "Analysis of \"" + name + "\" was cancelled.");

    // The recommendation search needs no verdict, so it is prepared now: its
    // library's embedder says what audio it reads, and that joins the one pass below.
    library::AnalysisRecommendations::Pending search = d->recommendations.prepare(*this, info, options);
    struct DropUnlessTaken {
        library::AnalysisRecommendations::Pending& search;
        ~DropUnlessTaken() {
            if (search.job) search.job->drop();
        }
    } dropUnlessTaken{search};

    // One open and one pass over the file for every reader (a stretch two readers
    // want is decoded once, then resampled for each): the spectrogram view's first
    // window and the music check's tiles, each detector member's windows at its
    // rate, and the embedder's windows.
    const int rate = dsp::DetectorFrontEnd::kSampleRate;
    const models::InstalledDetector* detector = d->installedDetector();
    std::vector<audio::DecodeRequest> requests(1);
    requests[0].sampleRate = rate;
    requests[0].spans = {audio::Span{0.0, options.windowSeconds}};
    const std::vector<size_t> musicClips = audio::addDistinctSpans(
        requests[0].spans, audio::tilingSpans(info.durationSeconds, dsp::kMusicCheckWindowSeconds, dsp::kMusicCheckMaxWindows));
    if (detector)
        for (auto& request : detector->audioRequests(info.durationSeconds)) requests.push_back(std::move(request));
    const size_t embedderRequest = requests.size();
    if (search.audio) requests.push_back(*search.audio);
    runtime::ScopedStage decodeStage("decode");
    // Nothing else can start before this pass: an idle worker decodes the second half.
    auto decoded = audio::decodeRequestsWithHelper(*opened->source, requests, &d->workerPool(), cancel);
    decodeStage.stop();
    if (!decoded) {
        result.error = decoded.error();
        return result;
    }
    std::vector<audio::MonoClip>& clips = decoded->front().clips;
    std::vector<audio::MonoClip> detectorInput;
    for (size_t r = 1; r < embedderRequest; ++r)
        for (auto& clip : (*decoded)[r].clips) detectorInput.push_back(std::move(clip));
    if (clips.empty() || clips.front().samples.empty())
        return fail(ErrorCode::Empty, "\"" + name + "\" contains no audio samples.");
    const std::vector<float>& samples = clips.front().samples;
    const double decodedSeconds = double(samples.size()) / rate;
    if (decodedSeconds < options.minimumSeconds)
        return fail(ErrorCode::TooShort, "\"" + name + "\" holds only " + formatSeconds(decodedSeconds) +
                                             " of decodable audio; HumanEar needs at least " +
                                             formatSeconds(options.minimumSeconds) + ".");
    if (audio::isSilent(samples))
        return fail(ErrorCode::Silent,
                    "\"" + name + "\" is silent: there is no sound in it for HumanEar to judge.");
    if (cancel.isCancelled()) return fail(ErrorCode::Cancelled, "Analysis of \"" + name + "\" was cancelled.");
    // The search starts on an idle worker, if there is one, while this one judges.
    if (search.audio)
        d->recommendations.start(search, info, std::move((*decoded)[embedderRequest]), options, d->workerPool(), cancel);

    runtime::ScopedStage viewStage("view");
    dsp::Matrix logMel = d->detectorFrontEnd.logMelDb(samples.data(), samples.size());
    viewStage.stop();
    result.spectrogram.bands = logMel.rows;
    result.spectrogram.frames = logMel.cols;
    result.spectrogram.sampleRate = rate;
    result.spectrogram.hop = dsp::DetectorFrontEnd::kHop;
    if (options.keepSpectrogram) result.spectrogram.db = std::move(logMel.data);

    // Not music (a tone, noise, speech, near silence, clicks) gets that verdict and no P(AI).
    runtime::ScopedStage musicStage("music check");
    std::vector<const std::vector<float>*> musicSamples;
    for (size_t i : musicClips) musicSamples.push_back(&clips[i].samples);
    result.music = dsp::measureMusic(musicSamples, rate);
    musicStage.stop();
    if (result.music->reason != NotMusicReason::None) {
        Detection notMusic;
        notMusic.verdict = Verdict::NotMusic;
        notMusic.notMusic = result.music->reason;
        if (detector) {
            notMusic.model = detector->label;
            notMusic.threshold = detector->threshold;
            notMusic.uncertainLow = detector->bandLow();
            notMusic.uncertainHigh = detector->bandHigh();
            notMusic.members = int(detector->members.size());
        }
        result.detection = std::move(notMusic);
        d->recommendations.addTo(result, options, cancel, search);
        return result;
    }

    if (!detector) {
        result.notices.push_back({NoticeCode::NoDetector, d->detectorProblem});
        d->recommendations.addTo(result, options, cancel, search);
        return result;
    }
    auto detection = detector->judge(std::move(detectorInput), info.durationSeconds, cancel);
    if (!detection) {
        if (detection.error().code == ErrorCode::Cancelled) return fail(ErrorCode::Cancelled, "Analysis of \"" + name + "\" was cancelled.");
        result.notices.push_back({NoticeCode::DetectorFailed,
                                  "The detector could not judge \"" + name + "\": " + detection.error().message});
        return result;
    }
    result.detection = std::move(*detection);
    if (options.computeSaliency) {
        auto saliency = detector->saliencyMap(samples, result.spectrogram.frames, cancel);
        if (saliency)
            result.detection->saliency = std::move(*saliency);
        else if (saliency.error().code != ErrorCode::Cancelled)
            result.notices.push_back(
                {NoticeCode::NoSaliency, "No saliency map for \"" + name + "\": " + saliency.error().message});
    }
    d->recommendations.addTo(result, options, cancel, search);
    return result;
}

void Engine::useLibrary(std::shared_ptr<Library> library, std::string whyNone) {
    d->recommendations.useLibrary(std::move(library), std::move(whyNone));
}

BatchHandle Engine::analyzeBatch(std::vector<std::string> paths, AnalysisOptions options,
                                 BatchCallbacks callbacks) {
    auto state = std::make_shared<runtime::BatchState>(static_cast<long long>(paths.size()),
                                                       d->settings.progressIntervalMs);
    {
        std::lock_guard<std::mutex> lock(d->batchesMutex);
        d->batches.erase(std::remove_if(d->batches.begin(), d->batches.end(),
                                        [](const auto& weak) { return weak.expired(); }),
                         d->batches.end());
        d->batches.push_back(state);
    }
    runtime::WorkerPool& pool = d->workerPool();
    const Engine* engine = this;
    state->start([state, engine, &pool, paths = std::move(paths), options, callbacks]() {
        // The feeder blocks in submit() while the pool's queue is full: at most
        // queueCapacity + workers files are decoded or waiting at any moment.
        size_t submitted = 0;
        for (const std::string& path : paths) {
            auto task = [state, engine, path, options, callbacks] {
                state->waitWhilePaused();
                TrackAnalysis analysis;
                if (state->cancel.isCancelled()) {
                    analysis.path = path;
                    analysis.error = makeError(ErrorCode::Cancelled,
                                               "Analysis of \"" + fileNameOf(path) + "\" was cancelled.");
                } else {
                    analysis = engine->analyzeFile(path, options, state->cancel);
                }
                if (callbacks.onResult) callbacks.onResult(analysis);
                state->finishOne(callbacks.onProgress);
            };
            if (!pool.submit(std::move(task))) break;
            ++submitted;
        }
        for (; submitted < paths.size(); ++submitted) state->finishOne(callbacks.onProgress);  // pool shut down
    });
    BatchHandle handle;
    handle.state_ = std::move(state);
    return handle;
}

// BatchHandle: a thin owner of the shared batch state.
BatchHandle::BatchHandle() = default;
BatchHandle::~BatchHandle() {
    if (state_) {
        state_->cancel.cancel();
        state_->setPaused(false);
        state_->join();
    }
}
BatchHandle::BatchHandle(BatchHandle&&) noexcept = default;
BatchHandle& BatchHandle::operator=(BatchHandle&& other) noexcept {
    if (this != &other) {
        if (state_) {
            state_->cancel.cancel();
            state_->setPaused(false);
            state_->join();
        }
        state_ = std::move(other.state_);
    }
    return *this;
}
void BatchHandle::cancel() {
    if (state_) {
        state_->cancel.cancel();
        state_->setPaused(false);
    }
}
void BatchHandle::setPaused(bool paused) {
    if (state_) state_->setPaused(paused);
}
bool BatchHandle::isFinished() const { return !state_ || state_->isFinished(); }
void BatchHandle::wait() {
    if (state_) state_->join();
}

}  // namespace humanear

// ---- Library access (engine_internal.h) ----
namespace humanear {

runtime::WorkerPool& EngineInternals::workerPool(const Engine& engine) { return engine.d->workerPool(); }

void EngineInternals::takeThreadShare(const Engine& engine) { models::setTorchThreads(engine.d->threadsPerWorker); }

std::vector<std::string> EngineInternals::modelSearchDirs(const Engine& engine) {
    return engine.d->registry.searchDirs();
}

}  // namespace humanear
