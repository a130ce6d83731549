// The library catalog: persistence, upserts by path, moves, folder removal,
// exact embedding round-trips, batch transactions and refusing damaged files.
#include "library/catalog.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>
#include <thread>

using namespace humanear;
using namespace humanear::library;

namespace {

std::vector<float> unitVector(int dim, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> n;
    std::vector<float> v(static_cast<size_t>(dim));
    double norm = 0;
    for (auto& x : v) {
        x = n(rng);
        norm += double(x) * x;
    }
    for (auto& x : v) x = float(x / std::sqrt(norm));
    return v;
}

TrackRecord track(const std::string& path, unsigned seed = 1, int dim = 16) {
    TrackRecord t;
    t.path = path;
    t.contentHash = "hash-" + std::to_string(seed);
    t.title = "Title " + std::to_string(seed);
    t.artist = "Artist";
    t.album = "Album";
    t.genre = "jazz";
    t.embedderId = "openl3-mel128-music-512";
    t.embedderVersion = "1";
    t.size = 1000 + seed;
    t.mtimeMs = 1700000000000LL + seed;
    t.durationSeconds = 180.5;
    t.embedding = unitVector(dim, seed);
    return t;
}

}  // namespace

class TestCatalog : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::string dir_;

    Catalog openOk() {
        auto c = Catalog::open(dir_);
        if (!c) qFatal("open failed: %s", c.error().message.c_str());
        return std::move(c).value();
    }

    void damageFile(bool truncate) {
        const QString file = QString::fromStdString(dir_ + "/catalog.sqlite");
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 16 * 4096);
        if (truncate) {
            QVERIFY(f.resize(size / 2 + 1234));
        } else {
            f.seek(size / 4);
            QVERIFY(f.write(QByteArray(int(size / 2), char(0xA5))) == size / 2);
        }
    }

    void fillForDamage() {
        auto c = openOk();
        std::vector<TrackRecord> batch;
        for (unsigned i = 0; i < 400; ++i) batch.push_back(track("/music/f" + std::to_string(i) + ".mp3", i, 128));
        QVERIFY(c.upsertBatch(batch));
    }

private Q_SLOTS:
    void init() {
        QDir(tmp_.path()).removeRecursively();
        QDir().mkpath(tmp_.path());
        dir_ = tmp_.filePath("lib").toStdString();
    }

    void createAndReopenPersists() {
        int64_t id = 0;
        {
            auto c = openOk();
            QCOMPARE(*c.count(), int64_t(0));
            auto r = c.upsert(track("/music/a.flac"));
            QVERIFY2(r, r ? "" : r.error().message.c_str());
            id = *r;
            QVERIFY(c.addFolder("/music"));
        }
        QVERIFY(QFile::exists(QString::fromStdString(dir_ + "/catalog.sqlite")));
        auto c = openOk();
        QCOMPARE(*c.count(), int64_t(1));
        auto found = c.findByPath("/music/a.flac");
        QVERIFY(found && found->has_value());
        const TrackRecord& t = **found;
        QCOMPARE(t.id, id);
        QCOMPARE(t.title, std::string("Title 1"));
        QCOMPARE(t.genre, std::string("jazz"));
        QCOMPARE(t.size, int64_t(1001));
        QCOMPARE(t.mtimeMs, 1700000000001LL);
        QCOMPARE(t.durationSeconds, 180.5);
        QCOMPARE(t.embedderId, std::string("openl3-mel128-music-512"));
        QVERIFY(t.addedAtMs > 0);
        QCOMPARE(*c.folders(), std::vector<std::string>{"/music"});
    }

    void upsertUpdatesInPlace() {
        auto c = openOk();
        auto first = c.upsert(track("/music/a.flac", 1));
        QVERIFY(first);
        QVERIFY(c.upsert(track("/music/b.flac", 2)));
        TrackRecord changed = track("/music/a.flac", 7);
        changed.title = "Renamed";
        auto second = c.upsert(changed);
        QVERIFY(second);
        QCOMPARE(*second, *first);
        QCOMPARE(*c.count(), int64_t(2));
        auto t = c.findByPath("/music/a.flac");
        QCOMPARE((*t)->title, std::string("Renamed"));
        QCOMPARE((*t)->contentHash, std::string("hash-7"));
        QCOMPARE((*t)->embedding, unitVector(16, 7));
    }

    void findByHashFindsMovedFileAndMovePath() {
        auto c = openOk();
        auto id = c.upsert(track("/music/old/song.mp3", 42));
        QVERIFY(id);
        // The scanner sees an unknown path whose hash the catalog knows.
        auto byHash = c.findByHash("hash-42");
        QVERIFY(byHash && byHash->has_value());
        QCOMPARE((*byHash)->path, std::string("/music/old/song.mp3"));
        QVERIFY(!c.findByHash("hash-nope")->has_value());

        auto moved = c.movePath("/music/old/song.mp3", "/music/new/song.mp3");
        QVERIFY2(moved, moved.message().c_str());
        QVERIFY(!c.findByPath("/music/old/song.mp3")->has_value());
        auto t = c.findByPath("/music/new/song.mp3");
        QVERIFY(t->has_value());
        QCOMPARE((*t)->id, *id);
        QCOMPARE((*t)->embedding, unitVector(16, 42));

        auto missing = c.movePath("/music/nowhere.mp3", "/music/x.mp3");
        QVERIFY(!missing);
        QCOMPARE(missing.code(), ErrorCode::FileNotFound);
        QVERIFY(c.upsert(track("/music/other.mp3", 3)));
        auto clash = c.movePath("/music/other.mp3", "/music/new/song.mp3");
        QVERIFY(!clash);
        QCOMPARE(clash.code(), ErrorCode::InvalidArgument);
    }

    void removeUnderRemovesOnlyThatFolder() {
        auto c = openOk();
        QVERIFY(c.upsert(track("/music/rock/a.mp3", 1)));
        QVERIFY(c.upsert(track("/music/rock/sub/b.mp3", 2)));
        QVERIFY(c.upsert(track("/music/rock2/c.mp3", 3)));
        QVERIFY(c.upsert(track("/music/rock_x/d.mp3", 4)));
        QVERIFY(c.upsert(track("/music/Rock/e.mp3", 5)));
        QVERIFY(c.upsert(track("/music/rocka.mp3", 6)));
        auto removed = c.removeUnder("/music/rock/");
        QVERIFY(removed);
        QCOMPARE(removed->size(), size_t(2));
        auto rest = c.all(false);
        QVERIFY(rest);
        std::vector<std::string> paths;
        for (const auto& t : *rest) {
            paths.push_back(t.path);
            QVERIFY(t.embedding.empty());
        }
        QCOMPARE(paths, (std::vector<std::string>{"/music/rock2/c.mp3", "/music/rock_x/d.mp3", "/music/Rock/e.mp3",
                                                  "/music/rocka.mp3"}));
        auto one = c.removeByPath("/music/rocka.mp3");
        QVERIFY(one && one->has_value());
        QVERIFY(!c.removeByPath("/music/rocka.mp3")->has_value());
        QCOMPARE(*c.count(), int64_t(3));
    }

    void embeddingRoundTripsExactly() {
        std::vector<float> v = unitVector(512, 99);
        v[0] = 1e-38f;  // denormal-ish, signed zero, extremes
        v[1] = -0.0f;
        v[2] = 3.4e38f;
        {
            auto c = openOk();
            TrackRecord t = track("/music/e.wav", 9, 512);
            t.embedding = v;
            QVERIFY(c.upsert(t));
        }
        auto c = openOk();
        auto all = c.all(true);
        QVERIFY(all);
        QCOMPARE(all->size(), size_t(1));
        const auto& got = all->front().embedding;
        QCOMPARE(got.size(), v.size());
        QVERIFY(std::memcmp(got.data(), v.data(), v.size() * sizeof(float)) == 0);
        // A track without an embedding reads back empty.
        TrackRecord bare = track("/music/bare.wav");
        bare.embedding.clear();
        QVERIFY(c.upsert(bare));
        QVERIFY((*c.findByPath("/music/bare.wav"))->embedding.empty());
    }

    void upsertBatchOfThousand() {
        auto c = openOk();
        std::vector<TrackRecord> batch;
        for (unsigned i = 0; i < 1000; ++i) batch.push_back(track("/music/batch/" + std::to_string(i) + ".mp3", i, 512));
        QElapsedTimer timer;
        timer.start();
        auto ids = c.upsertBatch(batch);
        QVERIFY2(ids, ids ? "" : ids.error().message.c_str());
        qInfo("upsertBatch of 1000 x 512-d: %lld ms", timer.elapsed());
        QCOMPARE(ids->size(), size_t(1000));
        QCOMPARE(*c.count(), int64_t(1000));
        // A batch with a bad record stores nothing.
        std::vector<TrackRecord> bad{track("/music/batch/new.mp3", 5000), track("", 5001)};
        QVERIFY(!c.upsertBatch(bad));
        QCOMPARE(*c.count(), int64_t(1000));
        QVERIFY(!c.findByPath("/music/batch/new.mp3")->has_value());
    }

    void overwrittenCatalogIsRefused() {
        fillForDamage();
        damageFile(false);
        auto c = Catalog::open(dir_);
        QVERIFY(!c);
        qInfo("%s", c.error().message.c_str());
        QVERIFY(QString::fromStdString(c.error().message).contains("catalog.sqlite"));
    }

    void truncatedCatalogIsRefused() {
        fillForDamage();
        damageFile(true);
        auto c = Catalog::open(dir_);
        QVERIFY(!c);
        qInfo("%s", c.error().message.c_str());
        QVERIFY(QString::fromStdString(c.error().message).contains("catalog.sqlite"));
    }

    void garbageFileIsRefused() {
        QDir().mkpath(QString::fromStdString(dir_));
        QFile f(QString::fromStdString(dir_ + "/catalog.sqlite"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(10000, 'x'));
        f.close();
        auto c = Catalog::open(dir_);
        QVERIFY(!c);
        QCOMPARE(c.error().code, ErrorCode::DataCorrupt);
        QVERIFY(QString::fromStdString(c.error().message).contains("catalog.sqlite"));
    }

    void genreMapRoundTrip() {
        {
            auto c = openOk();
            QVERIFY(!c.genreMapping("synthwave")->has_value());
            QVERIFY(c.setGenreMapping("synthwave", "electronic"));
            QVERIFY(c.setGenreMapping("bebop", "jazz"));
            QVERIFY(c.setGenreMapping("synthwave", "pop"));
        }
        auto c = openOk();
        QCOMPARE(**c.genreMapping("synthwave"), std::string("pop"));
        QCOMPARE(**c.genreMapping("bebop"), std::string("jazz"));
        QVERIFY(c.clearGenreMappings());
        QVERIFY(!c.genreMapping("bebop")->has_value());
    }

    void walModeAndConcurrentWriters() {
        {
            auto c = openOk();
            auto other = openOk();  // e.g. the GUI and the CLI on one library
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t)
                threads.emplace_back([&, t] {
                    Catalog& target = (t % 2) ? other : c;
                    for (unsigned i = 0; i < 50; ++i) {
                        auto r = target.upsert(track("/music/t" + std::to_string(t) + "/" + std::to_string(i), i));
                        if (!r) qWarning("%s", r.error().message.c_str());
                    }
                });
            for (auto& th : threads) th.join();
            QCOMPARE(*c.count(), int64_t(200));
            QCOMPARE(*other.count(), int64_t(200));
            QVERIFY(QFile::exists(QString::fromStdString(dir_ + "/catalog.sqlite-wal")));
        }
        // WAL is recorded in the file header (bytes 18 and 19 are 2).
        QFile f(QString::fromStdString(dir_ + "/catalog.sqlite"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray header = f.read(100);
        QCOMPARE(int(header[18]), 2);
        QCOMPARE(int(header[19]), 2);
    }

    void foldersAddRemoveList() {
        auto c = openOk();
        QVERIFY(c.addFolder("/b"));
        QVERIFY(c.addFolder("/a"));
        QVERIFY(c.addFolder("/a"));
        QCOMPARE(*c.folders(), (std::vector<std::string>{"/a", "/b"}));
        QVERIFY(c.removeFolder("/a"));
        QCOMPARE(*c.folders(), (std::vector<std::string>{"/b"}));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "test_catalog.moc"
