// Recommendations a user can read (issue 16): canonical genres from the tag
// spellings real files carry; lists ordered by the score they show (similarity
// plus the genre bonus), nothing at or below the similarity floor, at most two
// per artist, never the query; reasons derived from the embedder's feature groups.
#include "index/vector_index.h"
#include "similarity/embedding_space.h"
#include "library/genre_taxonomy.h"
#include "library/recommendation_reasons.h"
#include "library/recommender.h"
#include "similarity/descriptor_embedder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace humanear;
using namespace humanear::library;
using models::DescriptorEmbedder;

namespace {

struct Row {
    std::string title, artist, genre;  // genre: canonical
    float cosine;                      // to the query direction (1, 0, 0)
};

struct SmallLibrary {
    index::VectorIndex index;
    std::unordered_map<int64_t, IndexedTrack> tracks;
};

// Each row at its cosine to +x, spread around the x axis so rows are not copies of each other.
SmallLibrary makeLibrary(const std::vector<Row>& rows) {
    auto idx = index::VectorIndex::create(3, index::VectorIndex::Kind::Exact);
    if (!idx) qFatal("no index");
    SmallLibrary lib{std::move(*idx), {}};
    std::vector<int64_t> ids;
    std::vector<float> flat;
    for (size_t i = 0; i < rows.size(); ++i) {
        const int64_t id = int64_t(i + 1);
        const float c = rows[i].cosine, s = std::sqrt(std::max(0.f, 1 - c * c));
        const float angle = float(i) * 0.7f;
        flat.insert(flat.end(), {c, s * std::cos(angle), s * std::sin(angle)});
        LibraryTrack t;
        t.id = id;
        t.path = "/music/" + rows[i].title + ".flac";
        t.title = rows[i].title;
        t.artist = rows[i].artist;
        t.canonicalGenre = rows[i].genre;
        lib.tracks[id] = IndexedTrack{t, "hash-" + rows[i].title};
        ids.push_back(id);
    }
    if (!lib.index.add(ids, flat)) qFatal("cannot add");
    return lib;
}

std::vector<std::string> titles(const std::vector<Recommendation>& recs) {
    std::vector<std::string> out;
    for (const auto& r : recs) out.push_back(r.track.title);
    return out;
}

RecommendOptions plainOptions(int k) {
    RecommendOptions o;
    o.k = k;
    o.queryExpansion = 0;  // similarities are exactly the rows' cosines
    return o;
}

const RecommendQuery kQuery{{1.f, 0.f, 0.f}, "/music/query.flac", "hash-query"};

// Raw descriptor vectors for the reason tests: every dimension N(0, 1) but the
// tempo, which spreads over 80-160 BPM like real music (stored as log2(BPM / 120)).
std::vector<std::vector<float>> randomRaw(int count, std::mt19937& rng) {
    const auto& groups = DescriptorEmbedder::groups();
    const auto rhythm = std::find_if(groups.begin(), groups.end(), [](const auto& g) { return std::string(g.name) == "rhythm"; });
    const size_t tempo = size_t(rhythm->offset + DescriptorEmbedder::kTempoIndexInRhythm);
    std::normal_distribution<float> normal;
    std::uniform_real_distribution<float> bpm(80, 160);
    std::vector<std::vector<float>> out(size_t(count), std::vector<float>(size_t(DescriptorEmbedder::dimension())));
    for (auto& v : out) {
        for (auto& x : v) x = normal(rng);
        v[tempo] = std::log2(bpm(rng) / 120.f);
    }
    return out;
}

ReasonModel fitOn(const std::vector<std::vector<float>>& raw) {
    std::vector<const std::vector<float>*> pointers;
    for (const auto& v : raw) pointers.push_back(&v);
    const size_t d = size_t(DescriptorEmbedder::dimension());
    std::vector<float> mean(d, 0.f), stddev(d, 0.f);
    for (size_t i = 0; i < d; ++i) {
        double sum = 0, sq = 0;
        for (const auto& v : raw) sum += v[i], sq += double(v[i]) * v[i];
        mean[i] = float(sum / double(raw.size()));
        stddev[i] = float(std::sqrt(std::max(0.0, sq / double(raw.size()) - double(mean[i]) * mean[i])));
    }
    return ReasonModel::fit(pointers, mean, stddev);
}

const DescriptorEmbedder::Group& group(const char* name) {
    for (const auto& g : DescriptorEmbedder::groups())
        if (std::string(g.name) == name) return g;
    qFatal("no group %s", name);
}

}  // namespace

class TestRecommendations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void genreSpellingsResolveToCanonicalGenres_data() {
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<bool>("explicitlyUnknown");
        // The spellings of the library in issue 16, then common variants.
        QTest::newRow("chansonfrancaise") << "chansonfrancaise" << "Chanson" << false;
        QTest::newRow("Chanson française") << "Chanson française" << "Chanson" << false;
        QTest::newRow("reggaeton, latin") << "reggaeton, latin" << "Latin" << false;
        QTest::newRow("Death Metal") << "Death Metal" << "Metal" << false;
        QTest::newRow("Unclassifiable") << "Unclassifiable" << "" << true;
        QTest::newRow("hiphop") << "hiphop" << "Hip-hop" << false;
        QTest::newRow("Hip-Hop") << "Hip-Hop" << "Hip-hop" << false;
        QTest::newRow("Hip Hop/Rap") << "Hip Hop/Rap" << "Hip-hop" << false;
        QTest::newRow("Other") << "Other" << "" << true;
        QTest::newRow("R&B") << "R&B" << "R&B / soul" << false;
        QTest::newRow("RnB") << "RnB" << "R&B / soul" << false;
        QTest::newRow("Rhythm & Blues") << "Rhythm & Blues" << "R&B / soul" << false;
        QTest::newRow("Blues") << "Blues" << "Blues" << false;
        QTest::newRow("Orchestral") << "Orchestral" << "Classical" << false;
        QTest::newRow("Industrial") << "Industrial" << "Electronic" << false;
        QTest::newRow("Game OST") << "Game OST" << "Soundtrack" << false;
        QTest::newRow("K-Pop") << "K-Pop" << "Pop" << false;
        QTest::newRow("Synthpop") << "Synthpop" << "Electronic" << false;
        QTest::newRow("Trip-Hop") << "Trip-Hop" << "Electronic" << false;
        QTest::newRow("Dubstep") << "Dubstep" << "Electronic" << false;
        QTest::newRow("Dub") << "Dub" << "Reggae" << false;
        QTest::newRow("Electronique") << "Électronique" << "Electronic" << false;
        QTest::newRow("Afrobeats") << "Afrobeats" << "World" << false;
        QTest::newRow("Bossa Nova") << "Bossa Nova" << "Latin" << false;
        QTest::newRow("padded rock") << "  rock \n" << "Rock" << false;
        // Multi-genre tags: the first part that names a genre.
        QTest::newRow("Other, Rock") << "Other, Rock" << "Rock" << false;
        QTest::newRow("Pop/Rock") << "Pop/Rock" << "Pop" << false;
        QTest::newRow("Rock; Blues") << "Rock; Blues" << "Rock" << false;
        QTest::newRow("Other; Unknown") << "Other; Unknown" << "" << true;
        // Not known to the taxonomy: mapped by sound, not "no genre".
        QTest::newRow("Zeuhl") << "Zeuhl" << "" << false;
        QTest::newRow("empty") << "" << "" << false;
    }
    void genreSpellingsResolveToCanonicalGenres() {
        QFETCH(QString, tag);
        QFETCH(QString, canonical);
        QFETCH(bool, explicitlyUnknown);
        const GenreResolution r = resolveGenre(tag.toStdString());
        QCOMPARE(QString::fromStdString(r.canonical), canonical);
        QCOMPARE(r.explicitlyUnknown, explicitlyUnknown);
        if (r.recognised()) {
            const auto& all = canonicalGenres();
            QVERIFY(std::find(all.begin(), all.end(), r.canonical) != all.end());
        }
    }

    void theTaxonomyIsSmall() {
        const auto& all = canonicalGenres();
        QVERIFY(all.size() >= 15 && all.size() <= 20);
        for (const auto& g : all) QCOMPARE(canonicalGenre(g), g);  // each name resolves to itself
    }

    void listIsOrderedByTheScoreItShows() {
        // B is the most similar, but A (same genre, 0.77 + 0.05) outscores it; C
        // (same genre, 0.70 + 0.05) does not.
        const SmallLibrary lib = makeLibrary({{"B", "b", "Jazz", 0.80f},
                                              {"A", "a", "Rock", 0.77f},
                                              {"C", "c", "Rock", 0.70f},
                                              {"D", "d", "Jazz", 0.60f}});
        RecommendOptions options = plainOptions(4);
        options.genreBonus = 0.05;
        auto recs = selectRecommendations(kQuery, "Rock", lib.index, lib.tracks, options);
        QVERIFY(recs);
        QCOMPARE(titles(recs->items), (std::vector<std::string>{"A", "B", "C", "D"}));
        for (size_t i = 0; i < recs->items.size(); ++i) {
            const auto& r = recs->items[i];
            QCOMPARE(r.sameGenre, r.track.canonicalGenre == "Rock");
            QVERIFY(std::abs(r.score - (r.similarity + (r.sameGenre ? 0.05 : 0.0))) < 1e-9);
            if (i > 0) QVERIFY(r.score <= recs->items[i - 1].score);
            QCOMPARE(r.sameGenre, std::find(r.reasons.begin(), r.reasons.end(), "same-genre") != r.reasons.end());
        }
        QVERIFY(recs->note.empty());
        // Without a genre preference the order is the similarity's.
        auto plain = selectRecommendations(kQuery, "", lib.index, lib.tracks, plainOptions(4));
        QVERIFY(plain);
        QCOMPARE(titles(plain->items), (std::vector<std::string>{"B", "A", "C", "D"}));
    }

    void nothingAtOrBelowTheFloorAndTheNoteSaysWhy() {
        const SmallLibrary lib = makeLibrary({{"close", "a", "Rock", 0.50f},
                                              {"weak", "b", "Rock", 0.12f},
                                              {"atFloor", "c", "Rock", 0.10f},
                                              {"negative", "d", "Rock", -0.30f}});
        RecommendOptions options = plainOptions(10);
        options.genreBonus = 0.5;  // the floor is on similarity, whatever the bonus
        auto recs = selectRecommendations(kQuery, "Rock", lib.index, lib.tracks, options);
        QVERIFY(recs);
        QCOMPARE(titles(recs->items), (std::vector<std::string>{"close", "weak"}));
        for (const auto& r : recs->items) QVERIFY(r.similarity > options.minSimilarity);
        QVERIFY2(recs->note.find("Only 2 tracks are close enough") != std::string::npos, recs->note.c_str());

        options.minSimilarity = 0.6;
        auto none = selectRecommendations(kQuery, "Rock", lib.index, lib.tracks, options);
        QVERIFY(none);
        QVERIFY(none->items.empty());
        QVERIFY2(none->note.find("Nothing in the library is close enough") != std::string::npos, none->note.c_str());
    }

    void atMostTwoPerArtistAndNeverTheQuery() {
        const SmallLibrary lib = makeLibrary({{"query", "Q", "Rock", 0.99f},  // the query's own path and hash
                                              {"x1", "Artist X", "Rock", 0.95f},
                                              {"x2", "artist x ", "Rock", 0.94f},  // same artist, other spelling
                                              {"x3", "ARTIST X", "Rock", 0.93f},
                                              {"y1", "Y", "Rock", 0.50f}});
        auto recs = selectRecommendations(kQuery, "", lib.index, lib.tracks, plainOptions(10));
        QVERIFY(recs);
        QCOMPARE(titles(recs->items), (std::vector<std::string>{"x1", "x2", "y1"}));
        QVERIFY2(recs->note.find("at most 2 per artist") != std::string::npos, recs->note.c_str());
        // A copy of the query elsewhere (same content hash) is excluded too.
        const RecommendQuery copy{kQuery.embedding, "/elsewhere/copy.flac", "hash-query"};
        auto forCopy = selectRecommendations(copy, "", lib.index, lib.tracks, plainOptions(10));
        QVERIFY(forCopy);
        for (const auto& r : forCopy->items) QVERIFY(r.track.title != "query");
    }

    // A same-genre track beyond the first candidates can still outscore them:
    // the search widens until nothing unseen could beat the list.
    void theSearchWidensUntilTheListIsFinal() {
        std::vector<Row> rows;
        for (int i = 0; i < 14; ++i) rows.push_back({"other" + std::to_string(i), "o" + std::to_string(i), "Jazz", 0.90f - 0.001f * float(i)});
        rows.push_back({"genreMatch", "g", "Rock", 0.86f});
        for (int i = 0; i < 10; ++i) rows.push_back({"far" + std::to_string(i), "f" + std::to_string(i), "Jazz", 0.3f});
        const SmallLibrary lib = makeLibrary(rows);
        RecommendOptions options = plainOptions(1);
        options.genreBonus = 0.05;
        options.candidates = 1;  // first search: 10 candidates, all "other"
        auto recs = selectRecommendations(kQuery, "Rock", lib.index, lib.tracks, options);
        QVERIFY(recs);
        QCOMPARE(titles(recs->items), (std::vector<std::string>{"genreMatch"}));
    }

    void reasonsComeFromTheFeatureGroupsThatAreClose() {
        std::mt19937 rng(16);
        const auto library = randomRaw(60, rng);
        const ReasonModel model = fitOn(library);
        QVERIFY(!model.empty());
        const auto& rhythm = group("rhythm");
        const size_t tempo = size_t(rhythm.offset + DescriptorEmbedder::kTempoIndexInRhythm);

        // Alike in rhythm (tempo 2 % apart) and stereo, far (3 std) in everything else.
        std::vector<float> query = randomRaw(1, rng).front(), track = query;
        for (auto& x : track) x += 3.f;
        query[tempo] = 0.f;                        // 120 BPM
        track[tempo] = std::log2(122.4f / 120.f);  // 2 % faster
        for (const char* name : {"rhythm", "stereo", "stereo-motion"}) {
            const auto& g = group(name);
            for (int i = g.offset; i < g.offset + g.size; ++i)
                if (size_t(i) != tempo) track[size_t(i)] = query[size_t(i)] + 0.05f;
        }
        auto reasons = model.reasons(query, track);
        QCOMPARE(reasons.front(), std::string("tempo"));
        std::sort(reasons.begin() + 1, reasons.end());
        QCOMPARE(reasons, (std::vector<std::string>{"tempo", "rhythm", "stereo"}));
        QCOMPARE(recommendationReasonText({"same-genre", "tempo", "timbre"}),
                 std::string("same genre \u00b7 similar tempo \u00b7 similar timbre"));

        // Far in every aspect, tempo 60 % apart: nothing to name but the whole.
        std::vector<float> far = query;
        for (auto& x : far) x += 3.f;
        far[tempo] = std::log2(192.f / 120.f);
        QCOMPARE(model.reasons(query, far), (std::vector<std::string>{"overall"}));

        // Timbre alike: named, and named first when it is the closest aspect.
        std::vector<float> timbre = far;
        const auto& mfcc = group("timbre");
        const auto& contrast = group("contrast");
        for (const auto* g : {&mfcc, &contrast})
            for (int i = g->offset; i < g->offset + g->size; ++i) timbre[size_t(i)] = query[size_t(i)];
        QCOMPARE(model.reasons(query, timbre), (std::vector<std::string>{"timbre"}));
    }

    void anAspectThatNeverVariesIsNeverNamed() {
        std::mt19937 rng(7);
        auto library = randomRaw(40, rng);
        const auto& musicnn = group("musicnn");
        for (auto& v : library)
            for (int i = musicnn.offset; i < musicnn.offset + musicnn.size; ++i) v[size_t(i)] = 0.f;  // descriptors-fast
        const ReasonModel model = fitOn(library);
        for (const auto& a : model.aspects()) QVERIFY(a.key != "musicnn");
        QVERIFY(std::any_of(model.aspects().begin(), model.aspects().end(), [](const auto& a) { return a.key == "timbre"; }));
        // Too few tracks to know what "close" means: no aspects at all.
        QVERIFY(fitOn(randomRaw(ReasonModel::kMinTracks - 1, rng)).empty());
        QCOMPARE(fitOn(randomRaw(ReasonModel::kMinTracks - 1, rng)).reasons(library[0], library[1]),
                 (std::vector<std::string>{"overall"}));
    }

    // The tempo a reason compares is the one the embedder measured: a click track
    // at 100 BPM reads log2(100 / 120) at kTempoIndexInRhythm.
    void theTempoIndexHoldsTheMeasuredTempo() {
        QTemporaryDir noModels;
        const DescriptorEmbedder embedder({noModels.path().toStdString()}, /*withMusicnn=*/false);
        const int rate = DescriptorEmbedder::kSampleRate;
        std::vector<float> clicks(size_t(rate * 12), 0.f);
        const size_t period = size_t(rate * 60 / 100);
        for (size_t start = 0; start < clicks.size(); start += period)
            for (size_t i = 0; i < 400 && start + i < clicks.size(); ++i)
                clicks[start + i] = 0.8f * std::exp(-float(i) / 80.f) * std::sin(float(i) * 0.9f);
        const auto raw = embedder.rawDescriptorsOfSamples(clicks.data(), clicks.size());
        const float bpm = 120.f * std::exp2(raw[size_t(group("rhythm").offset + DescriptorEmbedder::kTempoIndexInRhythm)]);
        QVERIFY2(std::abs(bpm - 100.f) < 5.f, qPrintable(QString::number(bpm)));
    }
};

QTEST_GUILESS_MAIN(TestRecommendations)
#include "test_recommendations.moc"
