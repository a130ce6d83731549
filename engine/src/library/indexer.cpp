#include "library/indexer.h"
#include "io/sha256.h"

#include "audio/tags.h"
#include "models/model_registry.h"
#include "runtime/progress_throttle.h"
#include "runtime/worker_pool.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>

namespace humanear::library {

Result<TrackRecord> describeTrack(const FileOnDisk& file, const TrackEmbedder& embedder, const CancelToken& cancel) {
    TrackRecord t;
    t.path = file.path;
    t.size = file.size;
    t.mtimeMs = file.mtimeMs;
    t.contentHash = file.contentHash;
    if (t.contentHash.empty()) {
        auto hash = io::sha256OfFile(file.path);
        if (!hash) return makeError(hash.error().code, "Could not read " + file.path + " to index it.");
        t.contentHash = *hash;
    }
    auto features = embedder.features(file.path, cancel);
    if (!features) {
        Error e = features.error();
        // Decoder messages name the file by its name; a library has many folders, so give the path.
        if (e.message.find(file.path) == std::string::npos)
            e.message = file.path + ": " + e.message;
        return e;
    }
    const audio::TrackTags tags = audio::readTags(file.path);
    t.title = tags.title;
    t.artist = tags.artist;
    t.album = tags.album;
    t.genre = tags.genre;
    t.durationSeconds = features->durationSeconds;
    t.previewStartSeconds = features->previewStartSeconds;
    t.rawFeatures = std::move(features->raw);
    t.windowFeatures = std::move(features->windows);
    t.embedderId = embedder.id();
    t.embedderVersion = embedder.version();
    return t;
}

namespace {

// What the workers hand back to the calling thread.
struct Mailbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::pair<std::string, Result<TrackRecord>>> finished;
    int64_t outstanding = 0;
};

}  // namespace

IndexerOutcome embedFiles(const std::vector<FileOnDisk>& files, const IndexerRun& run,
                          const ScanProgressCallback& progress, const CancelToken& cancel) {
    IndexerOutcome outcome;
    auto box = std::make_shared<Mailbox>();
    runtime::ProgressThrottle throttle(run.progressIntervalMs);
    const int64_t total = int64_t(files.size());
    int64_t done = 0;
    std::vector<TrackRecord> pending;
    std::string lastPath;

    auto report = [&] {
        if (progress && throttle.shouldReport(done, total)) progress(ScanProgress{done, total, lastPath});
    };
    auto flush = [&](bool force) {
        if (pending.empty() || outcome.commitError) return;
        if (!force && int(pending.size()) < run.batchSize) return;
        if (auto st = run.commit(pending); !st) {
            outcome.commitError = st.error();  // nothing more can be stored: stop feeding
        }
        pending.clear();
    };
    // Takes what the workers finished; blocks until at least one result when `wait`.
    auto drain = [&](bool wait) {
        std::deque<std::pair<std::string, Result<TrackRecord>>> taken;
        {
            std::unique_lock lock(box->mutex);
            if (wait) box->changed.wait(lock, [&] { return !box->finished.empty() || box->outstanding == 0; });
            taken.swap(box->finished);
        }
        for (auto& [path, r] : taken) {
            ++done;
            if (r) {
                lastPath = r->path;
                pending.push_back(std::move(r).value());
                ++outcome.embedded;
            } else if (r.error().code == ErrorCode::Cancelled) {
                outcome.cancelled = true;
            } else {
                outcome.failures.push_back(r.error());
                outcome.failedPaths.push_back(path);
            }
        }
        flush(false);
        report();
    };

    report();
    for (const auto& file : files) {
        if (cancel.isPaused()) {
            flush(true);  // what is done is stored before a pause that may last
            cancel.waitWhilePaused();
        }
        if (cancel.isCancelled() || outcome.commitError) break;
        {
            std::lock_guard lock(box->mutex);
            ++box->outstanding;
        }
        const TrackEmbedder* embedder = run.embedder;
        auto task = [box, file, embedder, cancel] {
            Result<TrackRecord> r = cancel.isCancelled()
                                        ? Result<TrackRecord>(makeError(ErrorCode::Cancelled, "Cancelled."))
                                        : describeTrack(file, *embedder, cancel);
            std::lock_guard lock(box->mutex);
            box->finished.emplace_back(file.path, std::move(r));
            --box->outstanding;
            box->changed.notify_all();
        };
        if (!run.pool->submit(std::move(task))) {
            std::lock_guard lock(box->mutex);
            --box->outstanding;
            break;
        }
        drain(false);
    }
    for (;;) {
        {
            std::lock_guard lock(box->mutex);
            if (box->outstanding == 0 && box->finished.empty()) break;
        }
        drain(true);
    }
    flush(true);
    if (cancel.isCancelled() && done < total && !outcome.commitError) outcome.cancelled = true;
    if (progress && !outcome.cancelled && done < total) progress(ScanProgress{done, total, lastPath});
    return outcome;
}

}  // namespace humanear::library
