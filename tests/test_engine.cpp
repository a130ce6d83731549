// The engine end to end through its public API: a batch of good and bad files.
#include "humanear/engine.h"
#include "humanear/json.h"
#include "humanear/short_excerpt.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <map>
#include <mutex>

using namespace humanear;

class TestEngine : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    // One JSON form for an analysis (the CLI's lines, the app's export and session):
    // what is written reads back, and a session saved by the app before there was
    // one encoder (its own keys) still reads.
    void analysisJsonRoundTrips() {
        humanear::TrackAnalysis a;
        a.path = "/music/x.ogg";
        a.facts = {181.5, 44100, 2, "vorbis", "libsndfile"};
        a.metadata = {"Title", "Artist", "Album", "reggaeton, latin"};
        a.spectrogram.bands = 128;
        humanear::Detection d;
        d.pAi = 0.62;
        d.spread = 0.11;
        d.threshold = 0.80;
        d.uncertainLow = 0.45;
        d.uncertainHigh = 0.80;
        d.windows = 3;
        d.members = 1;
        d.windowPAi = {0.5, 0.6, 0.7};
        d.timeline = {{0, 5, 0.5}, {5, 10, 0.6}, {10, 15, 0.7}};
        d.verdict = humanear::Verdict::Uncertain;
        d.model = "detector v3";
        a.detection = d;
        humanear::MusicMeasures m;
        m.seconds = 181.5;
        m.pulse = 0.4;
        a.music = m;
        humanear::RecommendationList list;
        list.mappedGenre = "latin";
        list.mappingReason = "tag";
        list.embedderId = "descriptors";
        list.minSimilarity = 0.1;
        humanear::Recommendation r;
        r.track.id = 7;
        r.track.path = "/lib/y.flac";
        r.track.artist = "Someone";
        r.similarity = 0.7;
        r.score = 0.8;
        r.sameGenre = true;
        r.reasons = {"same_genre", "tempo"};
        list.items = {r};
        a.recommendations = list;
        a.notices = {{humanear::NoticeCode::NoSaliency, "No saliency map."},
                     {humanear::NoticeCode::LibraryEmpty, "No recommendations: the library is empty."}};

        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(humanear::toJsonLine(a))).object();
        const humanear::TrackAnalysis b = humanear::analysisFromJson(json);
        QVERIFY(b.ok());
        QCOMPARE(b.path, a.path);
        QCOMPARE(b.facts.codec, std::string("vorbis"));
        QCOMPARE(b.metadata.genre, a.metadata.genre);
        QCOMPARE(b.spectrogram.bands, 0);  // the matrix is not stored, nor is its shape
        QVERIFY(b.detection);
        QCOMPARE(b.detection->pAi, 0.62);
        QCOMPARE(b.detection->uncertainLow, 0.45);
        QCOMPARE(b.detection->verdict, humanear::Verdict::Uncertain);
        QCOMPARE(b.detection->windows, 3);
        QCOMPARE(b.detection->windowPAi.size(), size_t(3));
        QCOMPARE(b.detection->timeline.size(), size_t(3));
        QCOMPARE(b.detection->timeline[2].endSeconds, 15.0);
        QCOMPARE(b.detection->model, d.model);
        QVERIFY(b.music);
        QCOMPARE(b.music->pulse, 0.4);
        QVERIFY(b.recommendations);
        QCOMPARE(b.recommendations->mappingReason, std::string("tag"));
        QCOMPARE(b.recommendations->items.size(), size_t(1));
        QCOMPARE(b.recommendations->items[0].track.id, int64_t(7));
        QCOMPARE(b.recommendations->items[0].score, 0.8);
        QCOMPARE(b.recommendations->items[0].reasons, r.reasons);
        QCOMPARE(b.notices.size(), size_t(2));
        QCOMPARE(b.notices[1].code, humanear::NoticeCode::LibraryEmpty);
        QCOMPARE(b.notices[1].details, a.notices[1].details);
        QCOMPARE(json.value("note").toString().toStdString(), a.noteText());  // for readers without codes

        humanear::TrackAnalysis failed;
        failed.path = "/music/bad.mp3";
        failed.error = humanear::Error{humanear::ErrorCode::Truncated, "\"bad.mp3\" is cut short."};
        const auto back = humanear::analysisFromJson(humanear::analysisToJson(failed));
        QVERIFY(!back.ok());
        QCOMPARE(back.error->code, humanear::ErrorCode::Truncated);
        QCOMPARE(back.error->message, failed.error->message);

        // The app's session before one encoder: "mapping_reason", "windows" as a count, no band.
        const QJsonObject old{{"path", "/music/z.wav"}, {"ok", true}, {"p_ai", 0.9}, {"threshold", 0.5},
                              {"windows", 4}, {"verdict", "likely_ai"},
                              {"recommendations", QJsonObject{{"mapping_reason", "embedding"}, {"items", QJsonArray{}}}}};
        const auto restored = humanear::analysisFromJson(old);
        QCOMPARE(restored.detection->windows, 4);
        QCOMPARE(restored.detection->verdict, humanear::Verdict::LikelyAi);
        QCOMPARE(restored.detection->uncertainLow, 0.35);
        QCOMPARE(restored.recommendations->mappingReason, std::string("embedding"));
        QJsonObject withNote = old;
        withNote.insert("note", "No recommendations: the library is empty.");
        const auto noted = humanear::analysisFromJson(withNote);
        QCOMPARE(noted.notices.size(), size_t(1));
        QCOMPARE(noted.notices[0].code, humanear::NoticeCode::Other);
        QCOMPARE(noted.noteText(), std::string("No recommendations: the library is empty."));
    }

    // A P(AI) from under 15 s of audio is flagged as a short excerpt (JSON
    // short_excerpt); a longer track, a "not music" verdict and a failed file are not.
    void shortExcerptIsFlagged() {
        humanear::TrackAnalysis a;
        a.path = "/music/clip.mp3";
        a.facts.durationSeconds = 10.0;
        humanear::Detection d;
        d.pAi = 0.9;
        d.verdict = humanear::Verdict::LikelyAi;
        a.detection = d;
        auto json = [](const humanear::TrackAnalysis& t) {
            return QJsonDocument::fromJson(QByteArray::fromStdString(humanear::toJsonLine(t))).object();
        };
        QVERIFY(humanear::isShortExcerpt(a));
        QCOMPARE(json(a).value("short_excerpt"), QJsonValue(true));
        a.facts.durationSeconds = humanear::kShortExcerptSeconds;
        QVERIFY(!humanear::isShortExcerpt(a));
        QCOMPARE(json(a).value("short_excerpt"), QJsonValue(false));
        a.facts.durationSeconds = 10.0;
        a.detection->verdict = humanear::Verdict::NotMusic;
        QVERIFY(!humanear::isShortExcerpt(a));
        QVERIFY(!json(a).contains("short_excerpt"));
        a.detection->verdict = humanear::Verdict::LikelyAi;
        a.error = humanear::Error{humanear::ErrorCode::DecodeFailed, "\"clip.mp3\" could not be decoded."};
        QVERIFY(!humanear::isShortExcerpt(a));
        a.error.reset();
        a.detection.reset();
        QVERIFY(!humanear::isShortExcerpt(a));
    }

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
