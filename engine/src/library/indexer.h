#pragma once
// Embedding jobs for a scan: each file is hashed, tagged and embedded on the
// engine's worker pool; finished records come back to the calling thread in
// batches so it can commit them to the catalog while the pool keeps working.
// A file that fails becomes one Error naming it; the others go on. Cancel is
// checked between files; progress is throttled.
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/result.h"
#include "library/catalog.h"
#include "library/scanner.h"
#include "similarity/track_embedder.h"

#include <functional>
#include <vector>

namespace humanear::runtime {
class WorkerPool;
}

namespace humanear::library {

// Tags, hash and raw features of one file, as a catalog record without an
// embedding (the library space normalises it later). Runs on the calling thread.
Result<TrackRecord> describeTrack(const FileOnDisk& file, const TrackEmbedder& embedder, const CancelToken& cancel);

struct IndexerRun {
    runtime::WorkerPool* pool = nullptr;
    const TrackEmbedder* embedder = nullptr;
    int batchSize = 32;
    int progressIntervalMs = 50;
    // Called on the calling thread with each batch of finished records; a
    // failure here stops the run (the catalog could not store them).
    std::function<Status(std::vector<TrackRecord>&)> commit;
};

struct IndexerOutcome {
    int64_t embedded = 0;
    std::vector<Error> failures;
    std::vector<std::string> failedPaths;  // same order as failures
    bool cancelled = false;
    std::optional<Error> commitError;
};

IndexerOutcome embedFiles(const std::vector<FileOnDisk>& files, const IndexerRun& run,
                          const ScanProgressCallback& progress, const CancelToken& cancel);

}  // namespace humanear::library
