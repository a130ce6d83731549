#include "library/recommender.h"

#include "library/genre_centroids.h"
#include "library/query_expansion.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace humanear::library {

namespace {

bool isQueryItself(const IndexedTrack& t, const RecommendQuery& query) {
    return t.track.path == query.path || (!query.contentHash.empty() && t.contentHash == query.contentHash);
}

// The query moved toward its nearest library tracks (never itself or its copies).
Result<std::vector<float>> expandedQuery(const RecommendQuery& query, const index::VectorIndex& index,
                                         const std::unordered_map<int64_t, IndexedTrack>& tracks, int neighbours) {
    if (neighbours <= 0 || index.size() == 0) return query.embedding;
    // A few more than asked for, so that copies of the query can be skipped.
    auto hits = index.search(query.embedding, int(std::min<int64_t>(index.size(), neighbours + 8)));
    if (!hits) return hits.error();
    std::vector<std::vector<float>> nearest;
    for (const auto& h : *hits) {
        if (int(nearest.size()) >= neighbours) break;
        auto it = tracks.find(h.id);
        if (it == tracks.end() || isQueryItself(it->second, query)) continue;
        auto v = index.vector(h.id);
        if (!v) return v.error();
        nearest.push_back(std::move(*v));
    }
    return expandQuery(query.embedding, nearest);
}

std::string floorText(double floor) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", floor);
    return buf;
}

struct Ranked {
    std::vector<Recommendation> items;
    int closeEnough = 0;    // candidates above the floor
    int cutByArtist = 0;    // of those, left out by the per-artist cap
};

Ranked rank(const std::vector<index::SearchHit>& hits, const RecommendQuery& query, const std::string& queryGenre,
            const std::unordered_map<int64_t, IndexedTrack>& tracks, const RecommendOptions& options) {
    Ranked out;
    std::vector<Recommendation> scored;
    for (const auto& h : hits) {
        auto it = tracks.find(h.id);
        if (it == tracks.end() || isQueryItself(it->second, query)) continue;
        // In the precision the index scores in: a track exactly at the floor is at it.
        if (!(h.score > float(options.minSimilarity))) continue;
        Recommendation r;
        r.track = it->second.track;
        r.similarity = double(h.score);
        r.sameGenre = !queryGenre.empty() && r.track.canonicalGenre == queryGenre;
        r.score = r.similarity + (r.sameGenre ? options.genreBonus : 0.0);
        if (r.sameGenre) r.reasons.push_back("same-genre");
        scored.push_back(std::move(r));
    }
    out.closeEnough = int(scored.size());
    // Ties (equal scores) by similarity, then by id, so the order never depends on the index.
    std::stable_sort(scored.begin(), scored.end(), [](const Recommendation& a, const Recommendation& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.similarity != b.similarity) return a.similarity > b.similarity;
        return a.track.id < b.track.id;
    });
    std::map<std::string, int> perArtist;
    for (auto& r : scored) {
        if (int(out.items.size()) >= options.k) break;
        const std::string artist = genreKey(r.track.artist);  // trimmed, case folded
        if (!artist.empty() && perArtist[artist] >= options.maxPerArtist) {
            ++out.cutByArtist;
            continue;
        }
        if (!artist.empty()) ++perArtist[artist];
        out.items.push_back(std::move(r));
    }
    return out;
}

}  // namespace

Result<Selection> selectRecommendations(const RecommendQuery& query, const std::string& queryGenre,
                                        const index::VectorIndex& index,
                                        const std::unordered_map<int64_t, IndexedTrack>& tracks,
                                        const RecommendOptions& options) {
    Selection selection;
    if (options.k <= 0) return selection;
    const int64_t size = index.size();
    int64_t n = std::min<int64_t>(size, std::max<int64_t>(options.candidates, int64_t(options.k) * 10));
    auto searched = expandedQuery(query, index, tracks, options.queryExpansion);
    if (!searched) return searched.error();
    const double bonus = queryGenre.empty() ? 0.0 : std::max(0.0, options.genreBonus);
    for (;;) {
        auto hits = index.search(*searched, int(n));
        if (!hits) return hits.error();
        Ranked ranked = rank(*hits, query, queryGenre, tracks, options);
        // A track beyond the fetched ones is no more similar than the last fetched
        // (`weakest`), so it scores at most weakest + bonus: once the list is full
        // of better scores, or nothing beyond can pass the floor, it is final.
        const double weakest = hits->empty() ? -1.0 : double(hits->back().score);
        const bool full = int(ranked.items.size()) >= options.k;
        const bool beyondCanPass = float(weakest) > float(options.minSimilarity);
        const bool final = n >= size || !beyondCanPass || (full && ranked.items.back().score >= weakest + bonus);
        if (!final) {
            n = std::min<int64_t>(size, n * 4);
            continue;
        }
        selection.items = std::move(ranked.items);
        selection.cutByArtist = ranked.cutByArtist > 0;
        const int got = int(selection.items.size());
        if (got == 0) {
            selection.note = "Nothing in the library is close enough to this track (no similarity above " +
                             floorText(options.minSimilarity) + ").";
        } else if (got < options.k) {
            selection.note = "Only " + std::to_string(got) + (got == 1 ? " track is" : " tracks are") +
                             " close enough (similarity above " + floorText(options.minSimilarity) + ")";
            selection.note += ranked.cutByArtist > 0 ? ", at most " + std::to_string(options.maxPerArtist) +
                                                           " per artist."
                                                     : ".";
        }
        return selection;
    }
}

}  // namespace humanear::library
