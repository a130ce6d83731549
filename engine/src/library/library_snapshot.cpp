#include "library/library_snapshot.h"

#include "library/genre_taxonomy.h"
#include "library/library_evaluation.h"
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

RecommendationEvaluation evaluateSnapshot(const Snapshot& snap, const std::vector<std::string>& folders,
                                          const RecommendOptions& options) {
    std::vector<EvaluationTrack> tracks;
    tracks.reserve(snap.tracks.size());
    for (const auto& [id, t] : snap.tracks) {
        EvaluationTrack e;
        e.track = t.track;
        e.contentHash = t.contentHash;
        e.embedding = snap.embeddings.at(id);
        // The first folder below the (deepest) added folder the track lies in.
        std::string root;
        for (const auto& f : folders)
            if (isUnderFolder(t.track.path, f) && f.size() > root.size()) root = f;
        if (!root.empty()) {
            const fs::path rel = fs::path(t.track.path).lexically_relative(root);
            e.folderLabel = std::next(rel.begin()) == rel.end() ? fs::path(root).filename().string()
                                                                 : rel.begin()->string();
        }
        tracks.push_back(std::move(e));
    }
    std::sort(tracks.begin(), tracks.end(), [](const auto& a, const auto& b) { return a.track.path < b.track.path; });
    // The recommend pipeline with the query's genre tag hidden: its genre by sound.
    auto pipeline = [&](size_t i) -> std::vector<Recommendation> {
        if (!snap.index) return {};
        RecommendQuery query{tracks[i].embedding, tracks[i].track.path, tracks[i].contentHash};
        const auto* genre = snap.centroids.nearest(query.embedding);
        auto recs = selectRecommendations(query, genre ? genre->genre : std::string(), *snap.index, snap.tracks,
                                          options);
        return recs ? std::move(recs->items) : std::vector<Recommendation>{};
    };
    return evaluateLeaveOneOut(tracks, options.k, pipeline, 2000, options.queryExpansion, options.minSimilarity);
}

}  // namespace humanear::library
