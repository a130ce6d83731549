#include "library/recommender.h"

#include "library/query_expansion.h"

#include <algorithm>
#include <map>

namespace humanear::library {

namespace {

struct Candidate {
    const IndexedTrack* track;
    float score;
};

std::vector<Recommendation> pick(const std::vector<Candidate>& candidates, const std::string& mappedGenre,
                                 const GenreCentroids& centroids, const RecommendOptions& options) {
    std::vector<std::string> order;
    if (!mappedGenre.empty()) {
        order.push_back(mappedGenre);
        for (auto& g : centroids.neighboursOf(mappedGenre)) order.push_back(std::move(g));
    }
    std::vector<Recommendation> out;
    std::map<std::string, int> perArtist;
    auto take = [&](const Candidate& c) {
        const std::string artist = genreKey(c.track->track.artist);  // same folding as genre names
        if (!artist.empty() && perArtist[artist] >= options.maxPerArtist) return;
        if (!artist.empty()) ++perArtist[artist];
        out.push_back(Recommendation{c.track->track, double(c.score)});
    };
    std::map<std::string, size_t> rank;
    for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    // Genre by genre in `order`, best first within each; tracks of genres the
    // centroids do not know (no tag) come last, still best first.
    for (size_t g = 0; g <= order.size() && int(out.size()) < options.k; ++g)
        for (const auto& c : candidates) {
            if (int(out.size()) >= options.k) break;
            auto it = rank.find(c.track->track.genre);
            const size_t r = it == rank.end() ? order.size() : it->second;
            if (r == g) take(c);
        }
    return out;
}

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

}  // namespace

Result<std::vector<Recommendation>> selectRecommendations(
    const RecommendQuery& query, const std::string& mappedGenre, const GenreCentroids& centroids,
    const index::VectorIndex& index, const std::unordered_map<int64_t, IndexedTrack>& tracks,
    const RecommendOptions& options) {
    if (options.k <= 0) return std::vector<Recommendation>{};
    const int64_t size = index.size();
    int64_t n = std::min<int64_t>(size, std::max<int64_t>(options.candidates, int64_t(options.k) * 10));
    auto searched = expandedQuery(query, index, tracks, options.queryExpansion);
    if (!searched) return searched.error();
    for (;;) {
        auto hits = index.search(*searched, int(n));
        if (!hits) return hits.error();
        std::vector<Candidate> candidates;
        int inGenre = 0;
        for (const auto& h : *hits) {
            auto it = tracks.find(h.id);
            if (it == tracks.end()) continue;
            const IndexedTrack& t = it->second;
            if (isQueryItself(t, query)) continue;
            candidates.push_back({&t, h.score});
            inGenre += t.track.genre == mappedGenre;
        }
        auto picked = pick(candidates, mappedGenre, centroids, options);
        // Enough found in the genre itself, or nothing more to fetch: done.
        // Otherwise widen the search so the genre's own tracks are not crowded
        // out of the candidates by closer tracks of other genres.
        const int pickedInGenre = int(std::count_if(picked.begin(), picked.end(), [&](const Recommendation& r) {
            return r.track.genre == mappedGenre;
        }));
        if (n >= size || mappedGenre.empty() || pickedInGenre >= options.k) return picked;
        const GenreCentroid* genre = centroids.find(mappedGenre);
        if (genre && inGenre >= genre->tracks) return picked;  // every track of the genre was a candidate
        n = std::min<int64_t>(size, n * 4);
    }
}

}  // namespace humanear::library
