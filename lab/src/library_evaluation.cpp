#include "library_evaluation.h"

#include "humanear/lab/library_evaluation.h"
#include "library/library_internals.h"
#include "library/library_paths.h"
#include "library/recommender.h"

#include "similarity/embedding_space.h"
#include "library/genre_centroids.h"
#include "library/query_expansion.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace humanear::library {

namespace {

struct Running {
    double sum = 0;
    long n = 0;
    void add(double v) {
        sum += v;
        ++n;
    }
    double mean() const { return n ? sum / double(n) : 0.0; }
};

}  // namespace

RecommendationEvaluation evaluateLeaveOneOut(const std::vector<EvaluationTrack>& tracks, int k,
                                             const std::function<std::vector<Recommendation>(size_t)>& pipeline,
                                             size_t maxQueries, int queryExpansion, double minSimilarity) {
    RecommendationEvaluation ev;
    const size_t n = tracks.size();
    if (n < 2 || k <= 0) return ev;
    std::vector<std::string> genre(n), artist(n);
    std::unordered_map<int64_t, size_t> byId;  // where a recommended track is
    for (size_t i = 0; i < n; ++i) byId.emplace(tracks[i].track.id, i);
    for (size_t i = 0; i < n; ++i) {
        genre[i] = tracks[i].track.canonicalGenre;
        artist[i] = genreKey(tracks[i].track.artist);
    }
    // Genre sums for leave-one-out centroids.
    std::map<std::string, std::vector<double>> genreSum;
    std::map<std::string, long> genreCount;
    for (size_t i = 0; i < n; ++i) {
        if (genre[i].empty()) continue;
        auto& s = genreSum[genre[i]];
        if (s.empty()) s.assign(tracks[i].embedding.size(), 0.0);
        for (size_t d = 0; d < s.size() && d < tracks[i].embedding.size(); ++d) s[d] += tracks[i].embedding[d];
        genreCount[genre[i]]++;
    }

    Running album, albumChance, folder, folderChance, genreP, genreChance, cosine, mapping, pipelineAlbum;
    Running pipelineFolder, pipelineGenre, pipelineLength;
    int64_t lists = 0, outOfOrder = 0, belowFloor = 0, emptyLists = 0;
    std::map<std::string, std::map<std::string, long>> mappedByEmbedding;  // true genre -> mapped -> count
    std::map<std::string, std::string> displayName;                        // genre key -> as tagged
    for (size_t i = 0; i < n; ++i)
        if (!genre[i].empty()) displayName.emplace(genre[i], genre[i]);
    const size_t queries = std::min(n, std::max<size_t>(1, maxQueries));
    std::vector<std::pair<float, size_t>> sims;
    for (size_t q = 0; q < queries; ++q) {
        const size_t i = queries == n ? q : q * n / queries;
        const auto& me = tracks[i];
        sims.clear();
        for (size_t j = 0; j < n; ++j) {
            if (j == i || (!me.contentHash.empty() && tracks[j].contentHash == me.contentHash)) continue;
            sims.emplace_back(dot(me.embedding, tracks[j].embedding), j);
        }
        if (sims.empty()) continue;
        auto bestFirst = [](const auto& a, const auto& b) { return a.first > b.first; };
        std::sort(sims.begin(), sims.end(), bestFirst);
        if (queryExpansion > 0) {
            // Ranked as the recommender ranks: by the query moved toward its nearest tracks.
            std::vector<std::vector<float>> nearest;
            for (size_t r = 0; r < sims.size() && int(r) < queryExpansion; ++r)
                nearest.push_back(tracks[sims[r].second].embedding);
            const std::vector<float> expanded = expandQuery(me.embedding, nearest);
            for (auto& s : sims) s.first = dot(expanded, tracks[s.second].embedding);
            std::sort(sims.begin(), sims.end(), bestFirst);
        }
        const size_t top = std::min<size_t>(size_t(k), sims.size());

        double cos = 0;
        int sameAlbum = 0, sameFolder = 0;
        for (size_t r = 0; r < top; ++r) {
            const auto& other = tracks[sims[r].second];
            cos += dot(me.embedding, other.embedding);
            sameAlbum += !me.track.album.empty() && other.track.album == me.track.album;
            sameFolder += !me.folderLabel.empty() && other.folderLabel == me.folderLabel;
        }
        cosine.add(cos / double(top));
        if (!me.track.album.empty()) {
            album.add(double(sameAlbum) / double(top));
            long same = 0;
            for (const auto& s : sims) same += tracks[s.second].track.album == me.track.album;
            albumChance.add(double(same) / double(sims.size()));
        }
        if (!me.folderLabel.empty()) {
            folder.add(double(sameFolder) / double(top));
            long same = 0;
            for (const auto& s : sims) same += tracks[s.second].folderLabel == me.folderLabel;
            folderChance.add(double(same) / double(sims.size()));
        }
        if (!genre[i].empty()) {
            // Only other artists count, where the artist is known: the same
            // artist in the same genre is too easy to be a recommendation.
            int taken = 0, same = 0;
            long eligible = 0, eligibleSame = 0;
            for (const auto& s : sims) {
                const size_t j = s.second;
                if (!artist[i].empty() && artist[j] == artist[i]) continue;
                ++eligible;
                eligibleSame += genre[j] == genre[i];
                if (taken < k) {
                    ++taken;
                    same += genre[j] == genre[i];
                }
            }
            if (taken > 0) {
                genreP.add(double(same) / double(taken));
                genreChance.add(double(eligibleSame) / double(eligible));
            }
            // Map by embedding against centroids that leave this track out.
            std::string best;
            float bestScore = -2.f;
            for (const auto& [g, sum] : genreSum) {
                std::vector<float> c(sum.size());
                const bool own = g == genre[i];
                if (own && genreCount[g] < 2) continue;
                for (size_t d = 0; d < c.size(); ++d) c[d] = float(sum[d] - (own ? me.embedding[d] : 0.f));
                normaliseInPlace(c);
                const float score = dot(me.embedding, c);
                if (score > bestScore) {
                    bestScore = score;
                    best = g;
                }
            }
            if (genreCount[genre[i]] >= 2) {
                mapping.add(best == genre[i] ? 1.0 : 0.0);
                mappedByEmbedding[genre[i]][best]++;
            }
        }
        if (pipeline) {
            const auto recs = pipeline(i);
            ++lists;
            emptyLists += recs.empty();
            pipelineLength.add(double(recs.size()));
            bool ordered = true, aboveFloor = true;
            for (size_t r = 0; r < recs.size(); ++r) {
                ordered = ordered && (r == 0 || recs[r].score <= recs[r - 1].score);
                aboveFloor = aboveFloor && float(recs[r].similarity) > float(minSimilarity);
            }
            outOfOrder += !ordered;
            belowFloor += !aboveFloor;
            // Precision over k slots: a short list is not rewarded for being short.
            const double slots = double(std::max<size_t>(size_t(k), recs.size()));
            int sameAlbum = 0, sameFolder = 0, sameGenre = 0;
            for (const auto& r : recs) {
                sameAlbum += r.track.album == me.track.album;
                sameGenre += r.track.canonicalGenre == genre[i];
            }
            for (const auto& r : recs)
                if (auto it = byId.find(r.track.id); it != byId.end())
                    sameFolder += tracks[it->second].folderLabel == me.folderLabel;
            if (!me.track.album.empty()) pipelineAlbum.add(double(sameAlbum) / slots);
            if (!me.folderLabel.empty()) pipelineFolder.add(double(sameFolder) / slots);
            if (!genre[i].empty()) pipelineGenre.add(double(sameGenre) / slots);
        }
    }
    ev.queries = long(queries);
    ev.sameAlbumPrecisionAt10 = album.mean();
    ev.chanceSameAlbum = albumChance.mean();
    ev.sameFolderPrecisionAt10 = folder.mean();
    ev.chanceSameFolder = folderChance.mean();
    ev.sameGenrePrecisionAt10 = genreP.mean();
    ev.chanceSameGenre = genreChance.mean();
    ev.meanTop10Cosine = cosine.mean();
    ev.embeddingGenreMappingAccuracy = mapping.mean();
    ev.pipelineSameAlbumPrecisionAt10 = pipelineAlbum.mean();
    ev.pipelineSameFolderPrecisionAt10 = pipelineFolder.mean();
    ev.pipelineSameGenrePrecisionAt10 = pipelineGenre.mean();
    ev.pipelineLists = lists;
    ev.pipelineListsOutOfOrder = outOfOrder;
    ev.pipelineListsBelowFloor = belowFloor;
    ev.pipelineEmptyLists = emptyLists;
    ev.pipelineMeanLength = pipelineLength.mean();
    for (const auto& [g, mapped] : mappedByEmbedding) {
        long total = 0;
        std::pair<std::string, long> top{"", -1};
        for (const auto& [m, c] : mapped) {
            total += c;
            if (c > top.second) top = {m, c};
        }
        ev.genreMapping.push_back({displayName[g] + " (tag hidden)", displayName[top.first],
                                   "embedding: " + std::to_string(top.second) + "/" + std::to_string(total) +
                                       " tracks"});
    }
    return ev;
}

// Leave-one-out evaluation of `snap`, with the recommend pipeline run on each
// query with its genre tag hidden. folders: the library's added folders (for the
// folder labels).
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
            const std::filesystem::path rel = std::filesystem::path(t.track.path).lexically_relative(root);
            e.folderLabel = std::next(rel.begin()) == rel.end() ? std::filesystem::path(root).filename().string()
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

namespace humanear {

Result<RecommendationEvaluation> evaluateLibrary(Library& library, const RecommendOptions& options) {
    LibraryInternals::takeThreadShare(library);
    const auto snap = LibraryInternals::snapshot(library);
    auto folders = LibraryInternals::folders(library);
    if (!folders) return folders.error();
    RecommendationEvaluation ev = library::evaluateSnapshot(*snap, *folders, options);
    ev.embedderId = LibraryInternals::embedderId(library);
    std::vector<GenreMappingRow> rows;
    for (const auto& c : snap->centroids.all()) rows.push_back({c.genre, c.genre, "tag"});
    if (auto cached = LibraryInternals::cachedGenreMappings(library))
        for (const auto& [q, g] : *cached) rows.push_back({q, g, "nearest-centroid (cached)"});
    rows.insert(rows.end(), ev.genreMapping.begin(), ev.genreMapping.end());
    ev.genreMapping = std::move(rows);
    return ev;
}

}  // namespace humanear
