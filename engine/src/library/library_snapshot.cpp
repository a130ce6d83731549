#include "library/library_snapshot.h"

#include "library/genre_taxonomy.h"
#include "library/library_paths.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace humanear::library {

LibraryTrack toLibraryTrack(const TrackRecord& t) {
    LibraryTrack out;
    out.id = t.id;
    out.path = t.path;
    out.title = t.title;
    out.artist = t.artist;
    out.album = t.album;
    out.genre = t.genre;
    out.canonicalGenre = canonicalGenre(t.genre);
    out.durationSeconds = t.durationSeconds;
    out.previewStartSeconds = t.previewStartSeconds;
    return out;
}

std::shared_ptr<Snapshot> buildSnapshot(const std::vector<TrackRecord>& all, EmbeddingSpace space,
                                        const std::function<bool(const TrackRecord&)>& isCurrent) {
    auto snap = std::make_shared<Snapshot>();
    snap->space = std::move(space);
    std::vector<const std::vector<float>*> raw;
    for (const auto& t : all) {
        if (!isCurrent(t)) continue;
        IndexedTrack indexed{toLibraryTrack(t), t.contentHash};
        snap->centroids.add(indexed.track.canonicalGenre, t.embedding);
        snap->tracks[t.id] = std::move(indexed);
        snap->byPath[t.path] = t.id;
        if (!t.contentHash.empty()) {
            snap->byHash.emplace(t.contentHash, t.id);
            snap->sizes.insert(t.size);
        }
        snap->embeddings[t.id] = t.embedding;
        if (!t.rawFeatures.empty()) raw.push_back(&t.rawFeatures);
    }
    snap->centroids.finish();
    if (const auto* normaliser = snap->space.normaliser())
        snap->reasons = ReasonModel::fit(raw, normaliser->mean, normaliser->stddev);
    return snap;
}

}  // namespace humanear::library
