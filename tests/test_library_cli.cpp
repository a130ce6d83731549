// `humanear-cli library / recommend / eval-recs` as a user runs them: JSON out
// (last line one object), counts, exit statuses, and a bad file named.
#include "testdata.h"

#include "humanear/engine.h"
#include "humanear/library.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <algorithm>

class TestLibraryCli : public QObject {
    Q_OBJECT

    QTemporaryDir music_, lib_;
    QString cli_ = qEnvironmentVariable("HUMANEAR_CLI");

    using Run = testdata::ProgramRun;
    Run run(QStringList args) { return testdata::runProgram(cli_, args << "--library" << lib_.path()); }

private Q_SLOTS:
    void initTestCase() {
        if (cli_.isEmpty()) QSKIP("HUMANEAR_CLI not set: run through ctest");
        QDir().mkpath(music_.filePath("low"));
        QDir().mkpath(music_.filePath("high"));
        for (int i = 0; i < 4; ++i) {
            QVERIFY(testdata::writeSineWav(music_.filePath(QString("low/l%1.wav").arg(i)), 22050, 1, 3.0, 100 + 20 * i));
            QVERIFY(testdata::writeSineWav(music_.filePath(QString("high/h%1.wav").arg(i)), 22050, 1, 3.0, 3000 + 300 * i));
        }
        QFile junk(music_.filePath("high/broken.mp3"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(3000, 'z'));
    }

    void roundTrip() {
        const Run add = run({"library", "add", "--json", music_.path()});
        QCOMPARE(add.exitCode, 1);  // one file failed
        QJsonObject report = add.lastJsonLine();
        QCOMPARE(report.value("added").toInt(), 8);
        QCOMPARE(report.value("failed").toInt(), 1);
        QVERIFY(report.value("failures").toArray().at(0).toObject().value("error").toString().contains("broken.mp3"));

        const Run status = run({"library", "status", "--json"});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.lastJsonLine().value("tracks").toInt(), 8);
        QCOMPARE(status.lastJsonLine().value("embedder").toString(), QString("descriptors"));
        QVERIFY(run({"library", "status"}).out.contains("8 tracks"));

        QVERIFY(QFile::remove(music_.filePath("high/broken.mp3")));
        const Run rescan = run({"library", "rescan", "--json"});
        QCOMPARE(rescan.exitCode, 0);
        QCOMPARE(rescan.lastJsonLine().value("unchanged").toInt(), 8);

        const QString query = music_.filePath("low/l0.wav");
        // Every track has the same artist here (the folder fallback), so at most 2.
        const Run rec = run({"recommend", "--json", "--k", "3", query});
        QCOMPARE(rec.exitCode, 0);
        const QJsonArray items = rec.lastJsonLine().value("items").toArray();
        QCOMPARE(items.size(), 2);
        for (const auto& item : items) {
            QVERIFY(item.toObject().value("path").toString() != query);
            QVERIFY(item.toObject().value("path").toString().contains("/low/"));  // the nearest are the low tones
        }
        // Ordered by the score shown, above the floor, each with why (issue 16).
        double previous = 2;
        for (const auto& item : items) {
            const QJsonObject o = item.toObject();
            QVERIFY(o.value("score").toDouble() <= previous);
            previous = o.value("score").toDouble();
            QVERIFY(o.value("similarity").toDouble() > rec.lastJsonLine().value("min_similarity").toDouble());
            QVERIFY(!o.value("reasons").toArray().isEmpty());
            QVERIFY(!o.value("why").toString().isEmpty());
        }
        const Run strict = run({"recommend", "--json", "--floor", "0.999", query});
        QCOMPARE(strict.exitCode, 0);
        QVERIFY(strict.lastJsonLine().value("items").toArray().isEmpty());
        QVERIFY2(strict.lastJsonLine().value("note").toString().contains("close enough"), strict.out.constData());
        QCOMPARE(run({"recommend", "--floor", "x", query}).exitCode, 2);
        QVERIFY(run({"recommend", query}).out.contains("l1"));

        const Run bad = run({"recommend", "--json", music_.filePath("nothing.wav")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("nothing.wav"));

        const Run eval = run({"eval-recs", "--json"});
        QCOMPARE(eval.exitCode, 0);
        QCOMPARE(eval.lastJsonLine().value("queries").toInt(), 8);
        // 8 tracks and k = 10: every other track is among the "top 10", 3 of the 7 from the same folder.
        QCOMPARE(eval.lastJsonLine().value("same_folder_p10").toDouble(), 3.0 / 7.0);
        QCOMPARE(eval.lastJsonLine().value("same_folder_chance").toDouble(), 3.0 / 7.0);
        QCOMPARE(eval.lastJsonLine().value("query_expansion").toInt(), 3);
        QCOMPARE(eval.lastJsonLine().value("pipeline_lists").toInt(), 8);
        QCOMPARE(eval.lastJsonLine().value("pipeline_lists_out_of_order").toInt(), 0);
        QCOMPARE(eval.lastJsonLine().value("pipeline_lists_below_floor").toInt(), 0);
        QCOMPARE(run({"eval-recs", "--json", "--expand", "0"}).lastJsonLine().value("query_expansion").toInt(), 0);
        QCOMPARE(run({"eval-recs", "--expand", "-1"}).exitCode, 2);
        QCOMPARE(run({"recommend", "--expand", "many", query}).exitCode, 2);

        QCOMPARE(run({"recommend", "--embedder", "no-such", query}).exitCode, 1);
        const Run openl3 = run({"library", "status", "--embedder", "openl3"});
        QVERIFY(openl3.exitCode != 0 || openl3.out.contains("openl3"));  // absent weights: a clear error

        const Run removed = run({"library", "remove", "--json", music_.path()});
        QCOMPARE(removed.exitCode, 0);
        QCOMPARE(removed.lastJsonLine().value("removed").toInt(), 8);
        QCOMPARE(run({"library", "status", "--json"}).lastJsonLine().value("tracks").toInt(), 0);
        QCOMPARE(run({"library", "frobnicate"}).exitCode, 2);
    }

    void analyzeUsesTheLibrarysEmbedder() {
        // A library indexed with descriptors-fast serves `analyze` when told so; asked
        // with the default embedder, it gives no list rather than comparing across spaces.
        QTemporaryDir fastLib;
        auto inFast = [&](QStringList args) { return testdata::runProgram(cli_, args << "--library" << fastLib.path()); };
        QFile::remove(music_.filePath("high/broken.mp3"));
        const Run add = inFast({"library", "add", "--embedder", "descriptors-fast", "--json", music_.path()});
        QCOMPARE(add.exitCode, 0);
        QCOMPARE(add.lastJsonLine().value("added").toInt(), 8);
        QCOMPARE(inFast({"library", "status", "--json", "--embedder", "descriptors-fast"}).lastJsonLine().value("embedder").toString(),
                 QString("descriptors-fast"));
        const QString query = music_.filePath("low/l0.wav");
        const Run fast = inFast({"analyze", "--json", "--recommend", "--embedder", "descriptors-fast", query});
        QCOMPARE(fast.exitCode, 0);
        const QJsonObject recs = fast.lastJsonLine().value("recommendations").toObject();
        QVERIFY2(!recs.value("items").toArray().isEmpty(), fast.out.constData());
        QCOMPARE(recs.value("embedder").toString(), QString("descriptors-fast"));
        const Run mismatched = inFast({"analyze", "--json", "--recommend", query});
        QVERIFY(mismatched.lastJsonLine().value("recommendations").toObject().value("items").toArray().isEmpty());
    }

    // A Library kept open sees what another process added (issue 15): the catalog's
    // change counter moved and that writer stored its index, so the next query, and
    // the next analysis through Engine::useLibrary, read the new tracks.
    void anOpenLibrarySeesTracksAnotherProcessAdded() {
        QFile::remove(music_.filePath("high/broken.mp3"));
        QTemporaryDir sharedLib;
        humanear::EngineSettings engineSettings;
        engineSettings.libraryDir = sharedLib.path().toStdString();
        humanear::Engine engine(engineSettings);
        humanear::LibrarySettings librarySettings;
        librarySettings.directory = sharedLib.path().toStdString();
        auto opened = humanear::Library::open(engine, librarySettings);
        QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
        auto library = std::make_shared<humanear::Library>(std::move(*opened));
        QVERIFY(library->addFolder(music_.filePath("low").toStdString()));
        engine.useLibrary(library);
        const std::string query = music_.filePath("high/h0.wav").toStdString();
        auto hasHigh = [](const std::vector<humanear::Recommendation>& items) {
            return std::any_of(items.begin(), items.end(),
                               [](const auto& r) { return r.track.path.find("/high/") != std::string::npos; });
        };
        auto first = library->recommend(query);
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QVERIFY(!hasHigh(first->items));

        const Run add = testdata::runProgram(cli_, {"library", "add", "--json", music_.filePath("high"), "--library", sharedLib.path()});
        QCOMPARE(add.lastJsonLine().value("added").toInt(), 4);
        auto second = library->recommend(query);
        QVERIFY2(second, second ? "" : second.error().message.c_str());
        QVERIFY2(!second->items.empty() && second->items.front().track.path.find("/high/") != std::string::npos,
                 second->items.empty() ? "no items" : second->items.front().track.path.c_str());
        auto status = library->status();
        QVERIFY(status);
        QCOMPARE(status->embedded, int64_t(8));

        humanear::AnalysisOptions options;
        options.recommend = humanear::RecommendPolicy::Always;
        const humanear::TrackAnalysis analysed = engine.analyzeFile(query, options);
        QVERIFY2(analysed.ok(), analysed.error ? analysed.error->message.c_str() : "");
        QVERIFY2(analysed.recommendations && hasHigh(analysed.recommendations->items), analysed.noteText().c_str());
    }
};

QTEST_GUILESS_MAIN(TestLibraryCli)
#include "test_library_cli.moc"
