// The music library on generated WAVs: incremental scans (add, unchanged,
// update, move, delete), per-file failures, cancel, derived files rebuilt when
// missing, damaged or out of step with the catalog, genre mapping rules and
// recommendation rules.
#include "humanear/engine.h"
#include "humanear/library.h"
#include "audio/decoder.h"
#include "library/catalog.h"
#include "similarity/descriptor_embedder.h"
#include "similarity/within_track_spread.h"
#include "testdata.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <set>
#include <optional>
#include <thread>
#include <unistd.h>

using namespace humanear;

namespace {

// Library layout: <root>/<genre folder>/<Artist>/<Album>/<track>.wav, with a
// genre.txt per genre folder, so tags come from the folder fallbacks.
struct Fixture {
    QString root;
    QStringList files;
};

bool writeTone(const QString& path, double frequency, double seconds = 3.0) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    return testdata::writeSineWav(path, 22050, 1, seconds, frequency, 0.4);
}

bool writeText(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// Rock: low tones (ArtistA x4, ArtistB x2). Jazz: high tones (ArtistC x4, ArtistD x3).
Fixture makeGenreLibrary(const QString& root) {
    Fixture f;
    f.root = root;
    writeText(root + "/rock/genre.txt", "Rock\n");
    writeText(root + "/jazz/genre.txt", "Jazz\n");
    auto add = [&](const QString& rel, double hz) {
        const QString path = root + "/" + rel;
        if (writeTone(path, hz)) f.files << path;
    };
    for (int i = 0; i < 4; ++i) add(QString("rock/ArtistA/First/a%1.wav").arg(i), 80 + 15 * i);
    for (int i = 0; i < 2; ++i) add(QString("rock/ArtistB/Second/b%1.wav").arg(i), 140 + 15 * i);
    for (int i = 0; i < 4; ++i) add(QString("jazz/ArtistC/Third/c%1.wav").arg(i), 3000 + 200 * i);
    for (int i = 0; i < 3; ++i) add(QString("jazz/ArtistD/Fourth/d%1.wav").arg(i), 3900 + 200 * i);
    return f;
}

EngineSettings engineSettings() {
    EngineSettings s;
    s.workers = 2;
    s.progressIntervalMs = 1;
    return s;
}

Library openLibrary(Engine& engine, const QString& dir) {
    LibrarySettings settings;
    settings.directory = dir.toStdString();
    auto library = Library::open(engine, settings);
    if (!library) qFatal("cannot open library: %s", library.error().message.c_str());
    return std::move(*library);
}

void bumpMtime(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadWrite);
    f.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime);
}

}  // namespace

class TestLibrary : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Pause holds a scan before its next file (the app's Pause pauses scans too):
    // nothing is embedded while paused, and resuming finishes the scan.
    void pausedScanWaitsAndResumes() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());
        CancelToken token;
        token.setPaused(true);
        std::atomic<int64_t> lastDone{0};
        std::atomic<bool> finished{false};
        std::optional<Result<ScanReport>> report;
        std::thread scan([&] {
            report = library.addFolder(music.path().toStdString(),
                                       [&](const ScanProgress& p) { lastDone = p.done; }, token);
            finished = true;
        });
        QThread::msleep(3000);  // long enough for several files if the pause did not hold
        const bool heldWhilePaused = !finished && lastDone == 0;
        token.setPaused(false);
        scan.join();
        QVERIFY2(heldWhilePaused, "the scan went on while paused");
        QVERIFY(report && *report);
        QCOMPARE(int((*report)->added), int(fx.files.size()));
    }

    void scanCountsAddUnchangedUpdateMoveDelete() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        QCOMPARE(fx.files.size(), 13);
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());

        int64_t lastDone = -1, lastTotal = -1;
        auto added = library.addFolder(music.path().toStdString(), [&](const ScanProgress& p) {
            QVERIFY(p.done >= lastDone);
            lastDone = p.done;
            lastTotal = p.total;
        });
        QVERIFY2(added, added ? "" : added.error().message.c_str());
        QCOMPARE(added->found, 13);
        QCOMPARE(added->added, 13);
        QCOMPARE(added->failures.size(), size_t(0));
        QCOMPARE(lastDone, 13);  // the final progress report always arrives
        QCOMPARE(lastTotal, 13);

        auto again = library.rescan();
        QVERIFY(again);
        QCOMPARE(again->unchanged, 13);
        QCOMPARE(again->added + again->updated + again->moved + again->removed, 0);

        // Changed content: updated. Moved file: recognised by hash, not re-embedded.
        QVERIFY(writeTone(fx.files[0], 95.5, 3.5));
        bumpMtime(fx.files[0]);
        const QString movedTo = music.path() + "/rock/ArtistB/Second/moved.wav";
        QVERIFY(QFile::rename(fx.files[5], movedTo));
        QVERIFY(QFile::remove(fx.files[12]));
        auto changed = library.rescan();
        QVERIFY(changed);
        QCOMPARE(changed->updated, 1);
        QCOMPARE(changed->moved, 1);
        QCOMPARE(changed->removed, 1);
        QCOMPARE(changed->added, 0);
        QCOMPARE(changed->unchanged, 10);

        auto status = library.status();
        QVERIFY(status);
        QCOMPARE(status->tracks, 12);
        QCOMPARE(status->embedded, 12);
        QCOMPARE(status->folders.size(), size_t(1));
        auto tracks = library.tracks();
        QVERIFY(tracks);
        QVERIFY(std::any_of(tracks->begin(), tracks->end(),
                            [&](const LibraryTrack& t) { return t.path == movedTo.toStdString(); }));
        QVERIFY(std::none_of(tracks->begin(), tracks->end(),
                             [&](const LibraryTrack& t) { return t.path == fx.files[12].toStdString(); }));

        // Content changed, track count not: the index is updated in place, not rebuilt.
        QVERIFY(writeTone(fx.files[2], 111.0, 2.5));
        bumpMtime(fx.files[2]);
        auto inPlace = library.rescan();
        QVERIFY(inPlace);
        QCOMPARE(inPlace->updated, 1);
        auto near = library.recommend(fx.files[3].toStdString(), RecommendOptions{11, 99, 100, 3, -1.0});  // no floor
        QVERIFY(near);
        QCOMPARE(int(near->items.size()), 11);  // every other track, the updated one included

        // A second process (or a reopen) sees the same library, with nothing to redo.
        Library reopened = openLibrary(engine, libDir.path());
        auto fresh = reopened.rescan();
        QVERIFY(fresh);
        QCOMPARE(fresh->unchanged, 12);
        QVERIFY2(fresh->notes.empty(), fresh->notes.empty() ? "" : fresh->notes.front().c_str());

        auto removed = reopened.removeFolder(music.path().toStdString());
        QVERIFY(removed);
        QCOMPARE(removed->removed, 12);
        QCOMPARE(reopened.status()->tracks, 0);
        QVERIFY(!reopened.removeFolder(music.path().toStdString()));  // not in the library any more
    }

    // How the tracks' windows spread is committed with the tracks: each described
    // track counts once, and an unchanged rescan adds nothing.
    void withinTrackSpreadCountsEachDescribedTrackOnce() {
        QTemporaryDir music, libDir;
        QStringList files;
        for (int i = 0; i < 5; ++i) {
            // 35 s: three 10 s descriptor windows, each a different mix of two tones.
            std::vector<float> samples(size_t(22050 * 35));
            for (size_t n = 0; n < samples.size(); ++n) {
                const double t = double(n) / 22050, mix = t / 35.0;
                samples[n] = float(0.3 * (1 - mix) * std::sin(2 * M_PI * (200 + 50 * i) * t) +
                                   0.3 * mix * std::sin(2 * M_PI * (900 + 70 * i) * t));
            }
            const QString path = music.filePath(QStringLiteral("album/t%1.wav").arg(i));
            QDir().mkpath(QFileInfo(path).absolutePath());
            QVERIFY(testdata::writeWav(path, 22050, 1, samples));
            files << path;
        }
        QVERIFY(writeTone(music.filePath("album/short.wav"), 300.0, 3.0));  // one window: no spread
        auto storedSpread = [&]() -> std::optional<models::WithinTrackSpread> {
            std::optional<models::WithinTrackSpread> out;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "spread");
                db.setDatabaseName(libDir.filePath("catalog.sqlite"));
                if (db.open()) {
                    QSqlQuery q(db);
                    q.prepare("SELECT value FROM meta WHERE key = ?");
                    q.addBindValue(QStringLiteral("within-track-spread:descriptors/%1")
                                       .arg(models::DescriptorEmbedderInfo::kVersion));
                    if (q.exec() && q.next()) {
                        const QByteArray bytes = q.value(0).toByteArray();
                        auto spread = models::WithinTrackSpread::fromBytes(bytes.toStdString());
                        if (spread) out = *spread;
                    }
                }
            }
            QSqlDatabase::removeDatabase("spread");
            return out;
        };
        Engine engine(engineSettings());
        {
            Library library = openLibrary(engine, libDir.path());
            auto added = library.addFolder(music.path().toStdString());
            QVERIFY(added);
            QCOMPARE(added->added, 6);
        }
        auto spread = storedSpread();
        QVERIFY(spread);
        QCOMPARE(spread->tracks(), 5LL);
        QCOMPARE(spread->degreesOfFreedom(), 10LL);
        double trace = 0;
        for (int i = 0; i < spread->dimension(); ++i) trace += spread->scatter()[size_t(i * spread->dimension() + i)];
        QVERIFY(trace > 0);
        {
            Library library = openLibrary(engine, libDir.path());
            auto again = library.rescan();
            QVERIFY(again);
            QCOMPARE(again->unchanged, 6);
        }
        QCOMPARE(storedSpread()->tracks(), 5LL);
    }

    void badFilesAreReportedAndTheBatchGoesOn() {
        QTemporaryDir music, libDir;
        QVERIFY(writeTone(music.filePath("good1.wav"), 220));
        QVERIFY(writeTone(music.filePath("good2.wav"), 330));
        QVERIFY(writeText(music.filePath("junk.wav"), QByteArray(4000, 'x')));
        QVERIFY(writeText(music.filePath("empty.flac"), QByteArray()));
        QVERIFY(writeText(music.filePath("notes.txt"), "not audio, not even looked at"));
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());
        auto report = library.addFolder(music.path().toStdString());
        QVERIFY(report);
        QCOMPARE(report->found, 4);
        QCOMPARE(report->added, 2);
        QCOMPARE(report->failures.size(), size_t(2));
        for (const Error& e : report->failures)
            QVERIFY2(e.message.find("junk.wav") != std::string::npos ||
                         e.message.find("empty.flac") != std::string::npos,
                     e.message.c_str());
        QVERIFY(!library.addFolder(music.filePath("nowhere").toStdString()));

        // A library file that changed into something unreadable leaves the library.
        QVERIFY(writeText(music.filePath("good1.wav"), QByteArray(5000, 'y')));
        bumpMtime(music.filePath("good1.wav"));
        auto rescan = library.rescan();
        QVERIFY(rescan);
        QCOMPARE(rescan->removed, 1);
        QCOMPARE(rescan->unchanged, 1);
        QCOMPARE(library.status()->tracks, 1);
    }

    void cancelKeepsWhatWasIndexed() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());
        CancelToken cancel;
        auto first = library.addFolder(
            music.path().toStdString(),
            [&](const ScanProgress& p) {
                if (p.done >= 2) cancel.cancel();
            },
            cancel);
        QVERIFY(first);
        QVERIFY(first->cancelled);
        QVERIFY(first->added >= 2);
        QVERIFY(first->added < 13);
        QCOMPARE(library.status()->embedded, first->added);  // index and catalog agree
        auto rest = library.rescan();
        QVERIFY(rest);
        QVERIFY(!rest->cancelled);
        QCOMPARE(rest->added + first->added, 13);
        QCOMPARE(library.status()->embedded, 13);
    }

    void derivedFilesAreRebuiltWhenMissingDamagedOrStale() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        Engine engine(engineSettings());
        const QString index = libDir.filePath("index.faiss");
        const QString centroids = libDir.filePath("centroids.bin");
        {
            Library library = openLibrary(engine, libDir.path());
            QVERIFY(library.addFolder(music.path().toStdString()));
        }
        QVERIFY(QFile::exists(index));
        QVERIFY(QFile::exists(centroids));

        auto rebuiltNote = [&](const char* what) {
            Library library = openLibrary(engine, libDir.path());
            const int kept = int(library.status()->tracks);
            QVERIFY2(!library.openingNotes().empty(), what);
            auto report = library.rescan();
            QVERIFY2(report, what);
            const bool noted = std::any_of(report->notes.begin(), report->notes.end(), [](const std::string& n) {
                return n.find("rebuilt") != std::string::npos;
            });
            QVERIFY2(noted, what);
            QVERIFY2(QFile::exists(index), what);
            // No floor: every other track must be searchable again.
            auto recs = library.recommend(fx.files[0].toStdString(), RecommendOptions{10, 99, 100, 3, -1.0});
            QVERIFY2(recs, what);
            QCOMPARE(int(recs->items.size()), 10);
        };

        QVERIFY(QFile::remove(index));
        rebuiltNote("index.faiss deleted");

        {
            QFile f(index);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(f.size() / 2);
            f.write("garbage garbage garbage");
        }
        rebuiltNote("index.faiss damaged");

        QVERIFY(QFile::remove(centroids));
        rebuiltNote("centroids.bin deleted");

        // A kill between the catalog commit and the index save: the catalog has
        // lost a (deleted) track that the index still holds.
        QVERIFY(QFile::remove(fx.files[1]));
        {
            auto catalog = library::Catalog::open(libDir.path().toStdString());
            QVERIFY(catalog);
            QVERIFY(catalog->removeByPaths({fx.files[1].toStdString()}));
        }
        rebuiltNote("catalog changed behind the index");
        Library library = openLibrary(engine, libDir.path());
        QCOMPARE(library.status()->embedded, 12);
        auto recs = library.recommend(fx.files[0].toStdString(), RecommendOptions{12, 99, 100});
        QVERIFY(recs);
        for (const auto& r : recs->items) QVERIFY(r.track.path != fx.files[1].toStdString());
    }

    // Damage SQLite cannot see (a row's bytes changed), damage it can (a truncated
    // file) and a file that is not a database at all: each is moved aside, the
    // library opens with a note, keeps what survived, and a rescan restores the rest.
    void damagedCatalogIsRebuiltFromWhatSurvives() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        const int total = int(fx.files.size());
        Engine engine(engineSettings());
        const QString catalogFile = libDir.filePath("catalog.sqlite");
        {
            Library library = openLibrary(engine, libDir.path());
            QVERIFY(library.addFolder(music.path().toStdString()));
            QCOMPARE(library.status()->embedded, int64_t(total));
        }
        auto asideFiles = [&] {
            return QDir(libDir.path()).entryList({"catalog.damaged-*.sqlite"}, QDir::Files).size();
        };
        // Opens the damaged library: it must say so, keep between minTracks and maxTracks
        // tracks, answer queries, and come back whole after a rescan.
        auto expectRebuilt = [&](const char* what, int minTracks, int maxTracks, int asideBefore) {
            Library library = openLibrary(engine, libDir.path());
            const int kept = int(library.status()->tracks);
            QVERIFY2(!library.openingNotes().empty(), what);
            auto report = library.rescan();
            QVERIFY2(report, what);
            const bool noted = std::any_of(report->notes.begin(), report->notes.end(), [&](const std::string& n) {
                return n.find("damaged") != std::string::npos && n.find("moved to") != std::string::npos;
            });
            QVERIFY2(noted, what);
            QCOMPARE(asideFiles(), asideBefore + 1);
            qInfo("%s: %d of %d tracks kept", what, kept, total);
            QVERIFY2(kept >= minTracks && kept <= maxTracks, what);
            auto status = library.status();
            QVERIFY2(status, what);
            if (status->folders.empty()) QVERIFY(library.addFolder(music.path().toStdString()));
            QCOMPARE(library.status()->embedded, int64_t(total));
            // No floor: every other track must be searchable again.
            auto recs = library.recommend(fx.files[0].toStdString(), RecommendOptions{10, 99, 100, 3, -1.0});
            QVERIFY2(recs, what);
            QCOMPARE(int(recs->items.size()), 10);
        };

        {
            // A changed embedding with a valid page structure: only the row checksum sees it.
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "tamper");
            db.setDatabaseName(catalogFile);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare("UPDATE tracks SET embedding = zeroblob(length(embedding)) WHERE path = ?"));
            q.addBindValue(fx.files[2]);
            QVERIFY(q.exec());
            QCOMPARE(q.numRowsAffected(), 1);
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase("tamper");
        expectRebuilt("one row's embedding changed", total - 1, total - 1, 0);

        {
            QFile f(catalogFile);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() - 4096));  // the last page: some rows, not all
        }
        expectRebuilt("catalog's last page cut off", 1, total - 1, 1);

        {
            QFile f(catalogFile);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QByteArray junk(64 * 1024, '\0');
            for (auto& c : junk) c = char(QRandomGenerator::global()->bounded(256));
            f.write(junk);
        }
        expectRebuilt("catalog overwritten with random bytes", 0, 0, 2);
    }

    void genreMappingRules() {
        QTemporaryDir music, libDir, queries;
        makeGenreLibrary(music.path());
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());
        QVERIFY(library.addFolder(music.path().toStdString()));

        // Same name (case and spaces ignored): by tag.
        QVERIFY(writeText(queries.filePath("tagged/genre.txt"), "  rock \n"));
        QVERIFY(writeTone(queries.filePath("tagged/x.wav"), 3300));  // sounds like jazz; the tag decides
        auto byTag = library.recommend(queries.filePath("tagged/x.wav").toStdString());
        QVERIFY2(byTag, byTag ? "" : byTag.error().message.c_str());
        QCOMPARE(byTag->mappingReason, std::string("tag"));
        QCOMPARE(byTag->mappedGenre, std::string("Rock"));

        // No tag: by the track's own embedding.
        QVERIFY(writeTone(queries.filePath("untagged/high.wav"), 3500));
        QVERIFY(writeTone(queries.filePath("untagged/low.wav"), 100));
        auto high = library.recommend(queries.filePath("untagged/high.wav").toStdString());
        auto low = library.recommend(queries.filePath("untagged/low.wav").toStdString());
        QVERIFY(high && low);
        QCOMPARE(high->mappingReason, std::string("embedding"));
        QCOMPARE(high->mappedGenre, std::string("Jazz"));
        QCOMPARE(low->mappedGenre, std::string("Rock"));

        // A spelling of a known genre: by tag, through the taxonomy.
        QVERIFY(writeText(queries.filePath("spelled/genre.txt"), "Hard Rock, Grunge\n"));
        QVERIFY(writeTone(queries.filePath("spelled/x.wav"), 3300));
        auto spelled = library.recommend(queries.filePath("spelled/x.wav").toStdString());
        QVERIFY(spelled);
        QCOMPARE(spelled->mappingReason, std::string("tag"));
        QCOMPARE(spelled->mappedGenre, std::string("Rock"));

        // "Other" names no genre: by the track's own sound, as without a tag.
        QVERIFY(writeText(queries.filePath("other/genre.txt"), "Other\n"));
        QVERIFY(writeTone(queries.filePath("other/x.wav"), 3500));
        auto other = library.recommend(queries.filePath("other/x.wav").toStdString());
        QVERIFY(other);
        QCOMPARE(other->mappingReason, std::string("embedding"));
        QCOMPARE(other->mappedGenre, std::string("Jazz"));

        // Unknown name: the centroid of every analysed track carrying it.
        QVERIFY(writeText(queries.filePath("grunge/genre.txt"), "Zeuhl\n"));
        QVERIFY(writeTone(queries.filePath("grunge/g1.wav"), 90));
        auto grunge = library.recommend(queries.filePath("grunge/g1.wav").toStdString());
        QVERIFY(grunge);
        QCOMPARE(grunge->mappingReason, std::string("nearest-centroid"));
        QCOMPARE(grunge->mappedGenre, std::string("Rock"));
        QCOMPARE(grunge->queryGenre, std::string("Zeuhl"));
        // Cached in the catalog.
        auto catalog = library::Catalog::open(libDir.path().toStdString());
        QVERIFY(catalog);
        auto cached = catalog->genreMapping("zeuhl");
        QVERIFY(cached && *cached);
        QCOMPARE(**cached, std::string("Rock"));
        // Two more high "grunge" tracks outvote the first: the shared centroid moves.
        QVERIFY(writeTone(queries.filePath("grunge/g2.wav"), 3400));
        QVERIFY(writeTone(queries.filePath("grunge/g3.wav"), 3600));
        QVERIFY(library.recommend(queries.filePath("grunge/g2.wav").toStdString()));
        auto moved = library.recommend(queries.filePath("grunge/g3.wav").toStdString());
        QVERIFY(moved);
        QCOMPARE(moved->mappedGenre, std::string("Jazz"));
    }

    void recommendationRules() {
        QTemporaryDir music, libDir, elsewhere;
        const Fixture fx = makeGenreLibrary(music.path());
        Engine engine(engineSettings());
        Library library = openLibrary(engine, libDir.path());
        QVERIFY(library.addFolder(music.path().toStdString()));

        // a0 is in Rock (ArtistA x4, ArtistB x2): at most 2 per artist, never a0
        // itself, ordered by the score shown (similarity + the bonus for Rock),
        // nothing at or below the floor, each with its reasons.
        RecommendOptions options;
        options.k = 5;
        auto recs = library.recommend(fx.files[0].toStdString(), options);
        QVERIFY2(recs, recs ? "" : recs.error().message.c_str());
        QCOMPARE(recs->mappedGenre, std::string("Rock"));
        QVERIFY(!recs->items.empty() && recs->items.size() <= 5u);
        std::map<std::string, int> perArtist;
        const std::set<std::string> keys{"same-genre", "tempo",    "timbre", "brightness",      "harmony", "rhythm",
                                         "loudness",   "timbre-movement", "stereo", "musicnn", "overall"};
        for (size_t i = 0; i < recs->items.size(); ++i) {
            const auto& r = recs->items[i];
            QVERIFY(r.track.path != fx.files[0].toStdString());
            QVERIFY(++perArtist[r.track.artist] <= 2);
            QVERIFY(r.similarity > options.minSimilarity);
            QCOMPARE(r.sameGenre, r.track.canonicalGenre == "Rock");
            QVERIFY(std::abs(r.score - r.similarity - (r.sameGenre ? options.genreBonus : 0.0)) < 1e-9);
            if (i > 0) QVERIFY(r.score <= recs->items[i - 1].score);
            QVERIFY(!r.reasons.empty());
            QCOMPARE(r.sameGenre, r.reasons.front() == "same-genre");
            for (const auto& key : r.reasons) QVERIFY2(keys.count(key), key.c_str());
        }
        QVERIFY(perArtist["ArtistA"] <= 2 && perArtist["ArtistB"] <= 2);
        QVERIFY(recs->items.size() == 5u || !recs->note.empty());  // a short list says why

        // A copy of a library track elsewhere: the original is not recommended either.
        const QString copy = elsewhere.filePath("copy.wav");
        QVERIFY(QFile::copy(fx.files[7], copy));
        auto forCopy = library.recommend(copy.toStdString(), RecommendOptions{12, 99, 100});
        QVERIFY(forCopy);
        QVERIFY(!forCopy->items.empty());
        for (const auto& r : forCopy->items) {
            QVERIFY(r.track.path != fx.files[7].toStdString());
            QVERIFY(r.similarity > forCopy->minSimilarity);
        }

        // Bad query files get a message naming them.
        auto missing = library.recommend(elsewhere.filePath("nope.wav").toStdString());
        QVERIFY(!missing);
        QVERIFY(missing.error().message.find("nope.wav") != std::string::npos);
    }

    void schemaOneCatalogIsMigrated() {
        QTemporaryDir libDir;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "v1");
            db.setDatabaseName(libDir.filePath("catalog.sqlite"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const char* sql :
                 {"CREATE TABLE schema_version (version INTEGER NOT NULL)", "INSERT INTO schema_version VALUES (1)",
                  "CREATE TABLE tracks (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL "
                  "DEFAULT 0, mtime_ms INTEGER NOT NULL DEFAULT 0, content_hash TEXT NOT NULL DEFAULT '', title TEXT "
                  "NOT NULL DEFAULT '', artist TEXT NOT NULL DEFAULT '', album TEXT NOT NULL DEFAULT '', genre TEXT NOT "
                  "NULL DEFAULT '', duration REAL NOT NULL DEFAULT 0, embedder_id TEXT NOT NULL DEFAULT '', "
                  "embedder_version TEXT NOT NULL DEFAULT '', embedding BLOB, added_at_ms INTEGER NOT NULL DEFAULT 0)",
                  "CREATE INDEX tracks_content_hash ON tracks(content_hash)",
                  "CREATE TABLE folders (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, added_at_ms INTEGER NOT "
                  "NULL DEFAULT 0)",
                  "CREATE TABLE genre_map (query_genre TEXT PRIMARY KEY, library_genre TEXT NOT NULL)",
                  "INSERT INTO tracks (path, size, title) VALUES ('/music/old.ogg', 42, 'Old')"})
                QVERIFY2(q.exec(sql), sql);
            db.close();
        }
        QSqlDatabase::removeDatabase("v1");
        auto catalog = library::Catalog::open(libDir.path().toStdString());
        QVERIFY2(catalog, catalog ? "" : catalog.error().message.c_str());
        auto old = catalog->findByPath("/music/old.ogg");
        QVERIFY(old && *old);
        QCOMPARE((*old)->title, std::string("Old"));
        QVERIFY((*old)->rawFeatures.empty());
        const int64_t before = *catalog->generation();
        library::TrackRecord t = **old;
        t.rawFeatures = {1.f, 2.f};
        t.previewStartSeconds = 12.5;
        QVERIFY(catalog->upsert(t));
        QVERIFY(*catalog->generation() > before);  // the change counter works on migrated catalogs
        auto back = catalog->findByPath("/music/old.ogg");
        QCOMPARE((*back)->rawFeatures, (std::vector<float>{1.f, 2.f}));
        QCOMPARE((*back)->previewStartSeconds, 12.5);
    }

    void emptyLibraryIsAClearErrorAndAnalysisANote() {
        QTemporaryDir libDir, music;
        QVERIFY(writeTone(music.filePath("q.wav"), 440));
        EngineSettings settings = engineSettings();
        settings.libraryDir = libDir.filePath("absent").toStdString();
        Engine engine(settings);
        AnalysisOptions options;
        options.recommend = RecommendPolicy::Always;
        TrackAnalysis a = engine.analyzeFile(music.filePath("q.wav").toStdString(), options);
        QVERIFY(a.ok());
        QVERIFY(!a.recommendations);
        QCOMPARE(a.notices.size(), size_t(1));
        QCOMPARE(a.notices[0].code, NoticeCode::NoLibrary);  // the app says so in the user's language
        QVERIFY2(a.noteText().find("No recommendations") != std::string::npos, a.noteText().c_str());
        QVERIFY(!QFileInfo::exists(libDir.filePath("absent")));  // analysing creates no library

        Library library = openLibrary(engine, libDir.filePath("empty"));
        auto recs = library.recommend(music.filePath("q.wav").toStdString());
        QVERIFY(!recs);
        QVERIFY(recs.error().message.find("empty") != std::string::npos);
        EngineSettings withEmpty = engineSettings();
        withEmpty.libraryDir = libDir.filePath("empty").toStdString();
        const TrackAnalysis b = Engine(withEmpty).analyzeFile(music.filePath("q.wav").toStdString(), options);
        QCOMPARE(b.notices.size(), size_t(1));
        QCOMPARE(b.notices[0].code, NoticeCode::LibraryEmpty);
    }

    void analysisCarriesRecommendationsOnRequest() {
        QTemporaryDir music, libDir;
        const Fixture fx = makeGenreLibrary(music.path());
        EngineSettings settings = engineSettings();
        settings.libraryDir = libDir.path().toStdString();
        Engine engine(settings);
        {
            Library library = openLibrary(engine, libDir.path());
            QVERIFY(library.addFolder(music.path().toStdString()));
        }
        AnalysisOptions options;
        options.recommend = RecommendPolicy::Always;
        options.recommendationCount = 3;
        TrackAnalysis a = engine.analyzeFile(fx.files[8].toStdString(), options);
        QVERIFY(a.ok());
        QVERIFY2(a.recommendations, a.noteText().c_str());
        QCOMPARE(int(a.recommendations->items.size()), 3);
        QCOMPARE(a.recommendations->mappedGenre, std::string("Jazz"));
        options.recommend = RecommendPolicy::Never;
        QVERIFY(!engine.analyzeFile(fx.files[8].toStdString(), options).recommendations);
    }

    void analysisDecodesTheFileOnce() {
        // Issue 17: the spectrogram view, the music check, every detector member and
        // the library's embedder read the file through one open and one pass.
        QTemporaryDir music, libDir, query;
        makeGenreLibrary(music.path());
        EngineSettings settings = engineSettings();
        Engine engine(settings);
        auto library = std::make_shared<Library>(openLibrary(engine, libDir.path()));
        QVERIFY(library->addFolder(music.path().toStdString()));
        engine.useLibrary(library, "");
        const QString file = query.filePath("song.wav");
        const double seconds = 50;
        QVERIFY(testdata::writeMusicWav(file, 44100, 2, seconds));
        AnalysisOptions options;
        options.recommend = RecommendPolicy::Always;
        options.recommendationCount = 3;

        const audio::DecoderActivity before = audio::decoderActivity();
        const TrackAnalysis a = engine.analyzeFile(file.toStdString(), options);
        const audio::DecoderActivity after = audio::decoderActivity();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error->message.c_str());
        QVERIFY2(a.detection && a.detection->verdict != Verdict::NotMusic && a.detection->members >= 1,
                 "the shipped detector judged the track");
        QVERIFY2(a.recommendations, a.noteText().c_str());
        QCOMPARE(after.opens - before.opens, int64_t(1));
        // Every frame once: the view's 30 s, the detector's and the music check's tiles
        // over the whole track and the embedder's windows overlap, and none is decoded twice.
        QCOMPARE(after.framesDecoded - before.framesDecoded, int64_t(seconds * 44100));

        // The embedding made from the shared pass is the one the library makes from the file alone.
        RecommendOptions alone;
        alone.k = 3;
        auto separately = library->recommend(file.toStdString(), alone);
        QVERIFY2(separately, separately ? "" : separately.error().message.c_str());
        QCOMPARE(a.recommendations->items.size(), separately->items.size());
        for (size_t i = 0; i < separately->items.size(); ++i) {
            QCOMPARE(a.recommendations->items[i].track.path, separately->items[i].track.path);
            QCOMPARE(a.recommendations->items[i].similarity, separately->items[i].similarity);
        }
    }
};

QTEST_GUILESS_MAIN(TestLibrary)
#include "test_library.moc"
