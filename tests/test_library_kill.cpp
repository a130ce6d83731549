// Nothing committed is lost when the indexer is killed. `humanear-cli library add`
// runs on a growing folder and is killed with SIGKILL at random moments, at least
// 20 times. After each kill:
//   - an independent SQLite reader (QtSql, not the engine) lists what the catalog
//     holds: every track that was there after the previous kill is still there;
//   - the library reopens (repairing the index if the kill left it behind), and
//     then the catalog, the index on disk and the status agree: the same tracks,
//     each once, all searchable.
// A final uninterrupted run must then hold every file exactly once.
#include "humanear/engine.h"
#include "humanear/library.h"
#include "index/vector_index.h"
#include "testdata.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <algorithm>

using namespace humanear;

namespace {

struct CatalogRows {
    QHash<QString, qint64> idByPath;
    int duplicateHashes = 0;
    bool readable = false;
};

// What is on disk, read the way any SQLite client would (the WAL included).
CatalogRows readCatalog(const QString& file) {
    CatalogRows rows;
    const QString connection = QStringLiteral("kill-check");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery q(db);
            rows.readable = q.exec(QStringLiteral("SELECT id, path FROM tracks"));
            while (q.next()) rows.idByPath.insert(q.value(1).toString(), q.value(0).toLongLong());
            QSqlQuery dup(db);
            if (dup.exec(QStringLiteral("SELECT content_hash FROM tracks GROUP BY content_hash HAVING COUNT(*) > 1")))
                while (dup.next()) ++rows.duplicateHashes;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return rows;
}

}  // namespace

class TestLibraryKill : public QObject {
    Q_OBJECT

    QTemporaryDir music_, lib_;
    QString cli_ = qEnvironmentVariable("HUMANEAR_CLI");
    int written_ = 0;

    // Distinct tones below the 8 kHz Nyquist limit, so every file has its own content
    // hash and none aliases to silence.
    void writeTracks(int count) {
        for (int i = 0; i < count; ++i, ++written_) {
            const QString dir = music_.filePath(QStringLiteral("g%1").arg(written_ % 3));
            QDir().mkpath(dir);
            QVERIFY(testdata::writeSineWav(dir + QStringLiteral("/t%1.wav").arg(written_, 3, 10, QLatin1Char('0')),
                                           16000, 1, 6.0, 90.0 + (37 * written_) % 7000, 0.3));
        }
    }

    QProcess* startIndexer(bool keepOutput = false) {
        auto* p = new QProcess(this);
        if (!keepOutput) {
            p->setStandardOutputFile(QProcess::nullDevice());
            p->setStandardErrorFile(QProcess::nullDevice());
        }
        p->start(cli_, {QStringLiteral("library"), QStringLiteral("add"), music_.path(), QStringLiteral("--library"),
                        lib_.path()});
        return p;
    }

    // Reopens the library and checks catalog, index file and status against each other.
    void checkConsistent(Engine& engine, const CatalogRows& onDisk, bool* indexWasRepaired) {
        LibrarySettings settings;
        settings.directory = lib_.path().toStdString();
        auto library = Library::open(engine, settings);
        QVERIFY2(library, library ? "" : library.error().message.c_str());
        const auto& notes = library->openingNotes();
        *indexWasRepaired = std::any_of(notes.begin(), notes.end(),
                                        [](const std::string& n) { return n.find("rebuilt") != std::string::npos; });
        auto status = library->status();
        QVERIFY(status);
        QCOMPARE(status->tracks, int64_t(onDisk.idByPath.size()));
        QCOMPARE(status->embedded, status->tracks);

        const CatalogRows reopened = readCatalog(lib_.filePath(QStringLiteral("catalog.sqlite")));
        QCOMPARE(reopened.idByPath, onDisk.idByPath);  // opening neither lost nor invented a track
        QCOMPARE(reopened.duplicateHashes, 0);
        if (onDisk.idByPath.isEmpty()) return;
        auto index = index::VectorIndex::load(lib_.filePath(QStringLiteral("index.faiss")).toStdString());
        QVERIFY2(index, index ? "" : index.error().message.c_str());
        QCOMPARE(index->size(), int64_t(onDisk.idByPath.size()));
        for (qint64 id : onDisk.idByPath) QVERIFY2(index->contains(id), "a catalog track is missing from the index");
    }

private Q_SLOTS:
    void initTestCase() {
        if (cli_.isEmpty()) QSKIP("HUMANEAR_CLI not set: run through ctest");
        QVERIFY(music_.isValid() && lib_.isValid());
    }

    void killedIndexerLosesNothing() {
        EngineSettings engineSettings;
        engineSettings.workers = 2;
        Engine engine(engineSettings);
        const QString catalogFile = lib_.filePath(QStringLiteral("catalog.sqlite"));

        // Two clean runs set the pace: one that indexes 16 files, one with nothing to do
        // (start-up and checks only). Kills are spread from start-up to the expected end
        // of each run, so they land while loading, scanning, embedding, committing
        // batches of 32 and saving the index.
        auto cleanRunMs = [&] {
            QElapsedTimer clock;
            clock.start();
            std::unique_ptr<QProcess> p(startIndexer());
            if (!p->waitForFinished(120000) || p->exitCode() != 0) return -1;
            return int(clock.elapsed());
        };
        writeTracks(16);
        const int indexingRunMs = cleanRunMs();
        const int idleRunMs = cleanRunMs();
        QVERIFY(indexingRunMs > 0 && idleRunMs > 0);
        const double perTrackMs = std::max(1.0, (indexingRunMs - idleRunMs) / 16.0);
        CatalogRows committed = readCatalog(catalogFile);
        QCOMPARE(committed.idByPath.size(), written_);

        QRandomGenerator random(20261121);
        int kills = 0, finishedFirst = 0, killedBeforeCommit = 0, killedBeforeIndexSaved = 0, killedAfterIndexSaved = 0;
        // The clean runs can misjudge later ones (a sanitizer build, a busy machine):
        // a run that beats its kill shrinks the window, a kill widens it again.
        double windowScale = 1.0;
        for (int round = 0; kills < 24 && round < 200; ++round) {
            if (written_ - committed.idByPath.size() < 32) writeTracks(16);
            const int pending = written_ - int(committed.idByPath.size());
            const int expectedMs = int(windowScale * (idleRunMs + pending * perTrackMs));
            const int earliestMs = std::min(idleRunMs / 2, expectedMs / 2);
            const int delayMs = earliestMs + int(random.bounded(quint32(std::max(1, expectedMs * 11 / 10 - earliestMs))));
            std::unique_ptr<QProcess> p(startIndexer());
            QVERIFY(p->waitForStarted());
            if (!p->waitForFinished(delayMs)) {
                p->kill();  // SIGKILL
                QVERIFY(p->waitForFinished(10000));
            }
            // A run may beat its kill (even between the timeout and the signal): still a
            // restart to check, but not a kill.
            if (p->exitStatus() == QProcess::CrashExit) {
                ++kills;
                windowScale = std::min(1.0, windowScale * 1.1);
            } else {
                ++finishedFirst;
                windowScale *= 0.7;
            }
            const CatalogRows onDisk = readCatalog(catalogFile);
            QVERIFY(onDisk.readable);
            for (auto it = committed.idByPath.cbegin(); it != committed.idByPath.cend(); ++it) {
                QVERIFY2(onDisk.idByPath.contains(it.key()), qPrintable("lost after a kill: " + it.key()));
                QCOMPARE(onDisk.idByPath.value(it.key()), it.value());
            }
            QCOMPARE(onDisk.duplicateHashes, 0);
            bool repaired = false;
            checkConsistent(engine, onDisk, &repaired);
            if (QTest::currentTestFailed()) return;
            if (p->exitStatus() == QProcess::CrashExit) {
                if (onDisk.idByPath.size() == committed.idByPath.size()) ++killedBeforeCommit;
                else if (repaired) ++killedBeforeIndexSaved;
                else ++killedAfterIndexSaved;
            }
            committed = onDisk;
        }
        qInfo("%d kills (%d before that run committed anything, %d after a commit but before the index was saved, "
              "%d after the index was saved), %d runs finished before their kill; %d tracks committed of %d written",
              kills, killedBeforeCommit, killedBeforeIndexSaved, killedAfterIndexSaved, finishedFirst,
              int(committed.idByPath.size()), written_);
        QVERIFY(kills >= 20);

        std::unique_ptr<QProcess> last(startIndexer(true));
        QVERIFY(last->waitForFinished(300000));
        QVERIFY2(last->exitCode() == 0, (last->readAllStandardOutput() + last->readAllStandardError()).constData());
        const CatalogRows final = readCatalog(catalogFile);
        QCOMPARE(final.idByPath.size(), written_);
        bool repaired = false;
        checkConsistent(engine, final, &repaired);
        QVERIFY(!repaired);  // a clean finish leaves nothing to repair
    }
};

QTEST_GUILESS_MAIN(TestLibraryKill)
#include "test_library_kill.moc"
