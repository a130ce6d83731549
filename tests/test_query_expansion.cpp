// Average query expansion in the recommender: the query is moved toward its
// nearest library tracks (never itself) before the search that ranks, so a
// tight group around the query outranks a lone track that happens to be close.
#include "index/vector_index.h"
#include "similarity/embedding_space.h"
#include "library/query_expansion.h"
#include "library/recommender.h"

#include <QtTest>

#include <cmath>

using namespace humanear;
using namespace humanear::library;

namespace {

std::vector<float> unit(float x, float y, float z) {
    std::vector<float> v{x, y, z};
    normaliseInPlace(v);
    return v;
}

struct SmallLibrary {
    index::VectorIndex index;
    std::unordered_map<int64_t, IndexedTrack> tracks;
};

// The query points along x. An album of three tracks leans toward +y, at
// cosines 0.958, 0.944 and 0.928 to it; a lone track leans toward -y at 0.935,
// closer than the album's third track. A copy of the query is stored too.
SmallLibrary albumAndLoneTrack() {
    auto idx = index::VectorIndex::create(3, index::VectorIndex::Kind::Exact);
    if (!idx) qFatal("no index");
    SmallLibrary lib{std::move(*idx), {}};
    const std::vector<std::pair<std::string, std::vector<float>>> rows{
        {"a1", unit(1, 0.30f, 0)}, {"a2", unit(1, 0.35f, 0)}, {"a3", unit(1, 0.40f, 0)},
        {"lone", unit(1, -0.38f, 0)}, {"query", unit(1, 0, 0)}};
    std::vector<int64_t> ids;
    std::vector<float> flat;
    for (size_t i = 0; i < rows.size(); ++i) {
        const int64_t id = int64_t(i + 1);
        LibraryTrack t;
        t.id = id;
        t.path = "/music/" + rows[i].first + ".flac";
        t.title = rows[i].first;
        t.artist = rows[i].first;  // one artist each: the per-artist cap plays no part
        lib.tracks[id] = IndexedTrack{t, "hash-" + rows[i].first};
        ids.push_back(id);
        flat.insert(flat.end(), rows[i].second.begin(), rows[i].second.end());
    }
    if (!lib.index.add(ids, flat)) qFatal("cannot add");
    return lib;
}

std::vector<std::string> titles(const std::vector<Recommendation>& recs) {
    std::vector<std::string> out;
    for (const auto& r : recs) out.push_back(r.track.title);
    return out;
}

}  // namespace

class TestQueryExpansion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void expandedQueryIsTheNormalisedSum() {
        const auto q = unit(1, 0, 0);
        const auto e = expandQuery(q, {unit(0, 1, 0), unit(0, 0, 1)});
        const float third = 1.f / std::sqrt(3.f);
        for (float v : e) QVERIFY(std::abs(v - third) < 1e-6f);
        QCOMPARE(expandQuery(q, {}), q);
    }

    void aGroupAroundTheQueryOutranksALoneNearTrack() {
        const SmallLibrary lib = albumAndLoneTrack();
        const RecommendQuery query{unit(1, 0, 0), "/music/query.flac", "hash-query"};
        RecommendOptions options;
        options.k = 3;
        options.maxPerArtist = 5;

        options.queryExpansion = 0;
        auto plain = selectRecommendations(query, "", lib.index, lib.tracks, options);
        QVERIFY(plain);
        QCOMPARE(titles(plain->items), (std::vector<std::string>{"a1", "a2", "lone"}));

        options.queryExpansion = 2;
        auto expanded = selectRecommendations(query, "", lib.index, lib.tracks, options);
        QVERIFY(expanded);
        QCOMPARE(titles(expanded->items), (std::vector<std::string>{"a1", "a2", "a3"}));
        // Similarities are those the ranking used: still best first.
        for (size_t i = 1; i < expanded->items.size(); ++i)
            QVERIFY(expanded->items[i].similarity <= expanded->items[i - 1].similarity);
    }

    // The query's own copy in the library is its nearest neighbour; averaging it
    // in would only weaken the expansion (and it is never recommended).
    void theQueryItselfIsNeverANeighbour() {
        const SmallLibrary lib = albumAndLoneTrack();
        const RecommendQuery query{unit(1, 0, 0), "/elsewhere/query-copy.flac", "hash-query"};
        RecommendOptions options;
        options.k = 4;
        options.maxPerArtist = 5;
        options.queryExpansion = 1;
        auto recs = selectRecommendations(query, "", lib.index, lib.tracks, options);
        QVERIFY(recs);
        for (const auto& r : recs->items) QVERIFY(r.track.title != "query");
        // With a1 alone averaged in, the query leans to +y: a1's similarity is
        // cos(angle between a1 and the midpoint of query and a1), above its plain 0.958.
        QVERIFY(recs->items.front().similarity > 0.985);
        QCOMPARE(recs->items.front().track.title, std::string("a1"));
    }
};

QTEST_GUILESS_MAIN(TestQueryExpansion)
#include "test_query_expansion.moc"
