// The engine end to end through its public API: a batch of good and bad files.
#include "humanear/engine.h"
#include "testdata.h"

#include <QtTest>
#include <map>
#include <mutex>

using namespace humanear;

class TestEngine : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(testdata::writeSineWav(path("tone.wav"), 44100, 2, 5.0));
        QVERIFY(testdata::writeSineWav(path("long.wav"), 16000, 1, 40.0));
        QVERIFY(testdata::writeSineWav(path("blip.wav"), 16000, 1, 0.05));
        QVERIFY(testdata::writeSineWav(path("silence.wav"), 16000, 1, 5.0, 440.0, 0.0));
        QFile junk(path("junk.mp3"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        for (int i = 0; i < 4096; ++i) junk.putChar(static_cast<char>((i * 7919) % 251));
    }

    void analyzesOneFileWithFactsAndShape() {
        Engine engine;
        AnalysisOptions options;
        options.keepSpectrogram = true;
        const TrackAnalysis a = engine.analyzeFile(path("long.wav").toStdString(), options);
        QVERIFY2(a.ok(), a.ok() ? "" : a.error->message.c_str());
        QCOMPARE(a.facts.sampleRate, 16000);
        QCOMPARE(a.facts.channels, 1);
        QVERIFY(qAbs(a.facts.durationSeconds - 40.0) < 0.01);
        // Only the first 30 s are analysed: the seed network's 128 x 938 input.
        QCOMPARE(a.spectrogram.bands, 128);
        QCOMPARE(a.spectrogram.frames, 938);
        QCOMPARE(a.spectrogram.db.size(), size_t(128 * 938));
    }

    // Untagged rips still read well: title from the file name, album and artist from the folders.
    void metadataFallsBackToFileAndFolderNames() {
        QVERIFY(QDir(dir_.path()).mkpath("Some Artist/First Album"));
        const QString file = path("Some Artist/First Album/03 - Quiet_Morning.wav");
        QVERIFY(testdata::writeSineWav(file, 22050, 1, 3.0));
        Engine engine;
        const TrackAnalysis a = engine.analyzeFile(file.toStdString());
        QVERIFY2(a.ok(), a.ok() ? "" : a.error->message.c_str());
        QCOMPARE(QString::fromStdString(a.metadata.title), QStringLiteral("Quiet Morning"));
        QCOMPARE(QString::fromStdString(a.metadata.album), QStringLiteral("First Album"));
        QCOMPARE(QString::fromStdString(a.metadata.artist), QStringLiteral("Some Artist"));
    }

    void badFilesAreValuesNamingTheFile() {
        Engine engine;
        struct Case { QString file; ErrorCode code; };
        const Case cases[] = {{"missing.wav", ErrorCode::FileNotFound},
                              {"blip.wav", ErrorCode::TooShort},
                              {"silence.wav", ErrorCode::Silent},
                              {"junk.mp3", ErrorCode::NotAudio}};
        for (const auto& c : cases) {
            const TrackAnalysis a = engine.analyzeFile(path(c.file).toStdString());
            QVERIFY2(!a.ok(), qPrintable(c.file));
            QVERIFY2(QString::fromStdString(a.error->message).contains(c.file), a.error->message.c_str());
            QVERIFY2(a.error->code == c.code,
                     qPrintable(c.file + ": got " + QString::fromLatin1(errorCodeName(a.error->code))));
        }
    }

    void batchReportsEveryFileAndGoesOnAfterErrors() {
        EngineSettings settings;
        settings.workers = 2;
        settings.maxFilesInFlight = 2;
        Engine engine(settings);
        std::vector<std::string> files;
        const QStringList names{"tone.wav", "junk.mp3", "missing.wav", "silence.wav", "long.wav", "blip.wav"};
        for (int repeat = 0; repeat < 5; ++repeat)
            for (const QString& n : names) files.push_back(path(n).toStdString());

        std::mutex m;
        std::map<std::string, int> okCount, errorCount;
        long long lastDone = -1, lastTotal = -1;
        int progressCalls = 0;
        BatchCallbacks callbacks;
        callbacks.onResult = [&](const TrackAnalysis& a) {
            std::lock_guard<std::mutex> lock(m);
            (a.ok() ? okCount : errorCount)[a.path]++;
        };
        callbacks.onProgress = [&](long long done, long long total) {
            std::lock_guard<std::mutex> lock(m);
            QVERIFY(done > lastDone);
            lastDone = done;
            lastTotal = total;
            ++progressCalls;
        };
        BatchHandle batch = engine.analyzeBatch(files, {}, callbacks);
        batch.wait();
        QVERIFY(batch.isFinished());
        QCOMPARE(okCount[path("tone.wav").toStdString()], 5);
        QCOMPARE(okCount[path("long.wav").toStdString()], 5);
        QCOMPARE(errorCount[path("junk.mp3").toStdString()], 5);
        QCOMPARE(errorCount[path("silence.wav").toStdString()], 5);
        QCOMPARE(lastDone, static_cast<long long>(files.size()));
        QCOMPARE(lastTotal, static_cast<long long>(files.size()));
        QVERIFY(progressCalls >= 1);
    }

    void cancelStopsTheRestOfTheBatch() {
        EngineSettings settings;
        settings.workers = 1;
        settings.maxFilesInFlight = 1;
        Engine engine(settings);
        std::vector<std::string> files(200, path("long.wav").toStdString());
        std::atomic<int> analysed{0}, cancelled{0};
        BatchCallbacks callbacks;
        BatchHandle batch;
        callbacks.onResult = [&](const TrackAnalysis& a) {
            if (a.ok()) ++analysed;
            else if (a.error->code == ErrorCode::Cancelled) ++cancelled;
        };
        batch = engine.analyzeBatch(files, {}, callbacks);
        QTRY_VERIFY_WITH_TIMEOUT(analysed.load() >= 1, 20000);
        batch.cancel();
        batch.wait();
        QVERIFY(analysed.load() < 200);
        QCOMPARE(analysed.load() + cancelled.load(), 200);  // every file still gets its report
    }

    void emptyBatchFinishesAtOnce() {
        Engine engine;
        BatchHandle batch = engine.analyzeBatch({}, {}, {});
        batch.wait();
        QVERIFY(batch.isFinished());
    }

    void deviceIsReported() {
        EngineSettings settings;
        settings.workers = 3;
        settings.device = DevicePreference::Cpu;
        Engine engine(settings);
        const DeviceInfo device = engine.device();
        QCOMPARE(QString::fromStdString(device.name), QStringLiteral("cpu"));
        QCOMPARE(device.workers, 3);
        QVERIFY(QString::fromStdString(device.description()).startsWith("cpu, 3 workers"));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "test_engine.moc"
