// humanear-cli as a user runs it: JSON Lines out, bad files reported, exit status.
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString cli_ = qEnvironmentVariable("HUMANEAR_CLI");

    using Run = testdata::ProgramRun;
    Run run(const QStringList& args) { return testdata::runProgram(cli_, args); }

private Q_SLOTS:
    void initTestCase() {
        if (cli_.isEmpty()) QSKIP("HUMANEAR_CLI not set: run through ctest");
        QVERIFY(testdata::writeSineWav(dir_.filePath("a.wav"), 48000, 2, 4.0));
        QVERIFY(testdata::writeSineWav(dir_.filePath("b.wav"), 22050, 1, 3.0));
        QFile junk(dir_.filePath("not-audio.flac"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(1000, 'x'));
    }

    void helpListsSubcommands() {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("analyze"));
        QVERIFY(run({"--version"}).out.startsWith("humanear-cli "));
        QVERIFY(run({"no-such-command"}).exitCode != 0);
    }

    void jsonLinesForGoodAndBadFiles() {
        const Run r = run({"analyze", "--json", dir_.filePath("a.wav"), dir_.filePath("not-audio.flac"),
                           dir_.filePath("b.wav"), dir_.filePath("nowhere.mp3")});
        QCOMPARE(r.exitCode, 1);  // some files failed
        QVERIFY2(r.err.contains("cpu") || r.err.contains("cuda"), r.err.constData());  // the device is named
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        int good = 0;
        for (const QByteArray& line : lines) {
            QJsonParseError e{};
            const QJsonObject o = QJsonDocument::fromJson(line, &e).object();
            QCOMPARE(e.error, QJsonParseError::NoError);
            const QString path = o.value("path").toString();
            QVERIFY(o.contains("ok"));
            if (path.endsWith("a.wav") || path.endsWith("b.wav")) {
                QVERIFY2(o.value("ok").toBool(), line.constData());
                QCOMPARE(o.value("channels").toInt(), path.endsWith("a.wav") ? 2 : 1);
                QCOMPARE(o.value("sample_rate").toInt(), path.endsWith("a.wav") ? 48000 : 22050);
                QCOMPARE(o.value("spectrogram").toObject().value("bands").toInt(), 128);
                ++good;
            } else {
                QVERIFY(!o.value("ok").toBool());
                QVERIFY(o.value("error").toString().contains(QFileInfo(path).fileName()));
            }
        }
        QCOMPARE(good, 2);
    }

    void allGoodExitsZeroAndFoldersAreSearched() {
        QDir(dir_.path()).mkpath("sub/deeper");
        QVERIFY(testdata::writeSineWav(dir_.filePath("sub/deeper/c.wav"), 16000, 1, 3.0));
        const Run r = run({"analyze", "--json", dir_.filePath("sub")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed().split('\n').size(), 1);
        const Run human = run({"analyze", dir_.filePath("a.wav")});
        QCOMPARE(human.exitCode, 0);
        QVERIFY(human.out.contains("128 bands"));
    }

    // eval with the installed detector: the JSON keys, per-source rows, a
    // bad file skipped by name, and --scores giving the same P(AI) and per-window
    // P(AI) analyze gives.
    void evalReportsMetricsAndPerFileScores() {
        const QString root = dir_.filePath("eval");
        QDir(root).mkpath("ai/gen1");
        QDir(root).mkpath("human/src1");
        // Music-like fixtures: a sine is "not music" to analyze and would get no P(AI).
        QVERIFY(testdata::writeMusicWav(root + "/ai/gen1/x.wav", 16000, 1, 6.0, 1));
        QVERIFY(testdata::writeMusicWav(root + "/ai/gen1/y.wav", 44100, 2, 7.0, 2));
        QVERIFY(testdata::writeMusicWav(root + "/human/src1/p.wav", 22050, 1, 8.0, 3));
        QVERIFY(testdata::writeMusicWav(root + "/human/src1/q.wav", 48000, 2, 5.0, 4));
        QFile junk(root + "/human/src1/broken.wav");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(700, 'x'));
        junk.close();
        const QString table = root + "/scores.tsv";
        const Run r = run({"eval", "--ai", root + "/ai", "--human", root + "/human", "--json", "--scores", table});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("broken.wav"), r.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        for (const char* key : {"roc_auc", "balanced_accuracy", "tpr", "fpr", "threshold", "n_ai", "n_human",
                                "per_source", "tpr_at_5pct_fpr"})
            QVERIFY2(summary.contains(key), key);
        QCOMPARE(summary.value("n_ai").toInt(), 2);
        QCOMPARE(summary.value("n_human").toInt(), 2);
        const QJsonObject perSource = summary.value("per_source").toObject();
        QCOMPARE(perSource.value("ai/gen1").toObject().value("n").toInt(), 2);
        QCOMPARE(perSource.value("human/src1").toObject().value("class").toString(), QStringLiteral("human"));

        QFile scores(table);
        QVERIFY(scores.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> rows = scores.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 4);
        QCOMPARE(rows.front(), QByteArray("class\tsource\tp_ai\tpath\twindow_p_ai"));
        for (const QByteArray& row : rows.mid(1)) {
            const QList<QByteArray> cells = row.split('\t');
            QCOMPARE(cells.size(), 5);
            const QString path = QString::fromUtf8(cells[3]);
            QCOMPARE(cells[0], QByteArray(path.contains("/ai/") ? "ai" : "human"));
            QCOMPARE(cells[1], QByteArray(path.contains("/ai/") ? "gen1" : "src1"));
            const Run analyzed = run({"analyze", "--json", path});
            const QJsonObject o = QJsonDocument::fromJson(analyzed.out.trimmed()).object();
            QVERIFY2(o.contains("p_ai"), analyzed.out.constData());
            QVERIFY(o.value("members").toInt() >= 1);
            QVERIFY2(std::abs(o.value("p_ai").toDouble() - cells[2].toDouble()) < 1e-5, row.constData());
            const QJsonArray analyzedWindows = o.value("window_p_ai").toArray();
            const QList<QByteArray> windows = cells[4].split(',');
            QVERIFY(!analyzedWindows.isEmpty());
            QCOMPARE(windows.size(), analyzedWindows.size());
            for (int w = 0; w < windows.size(); ++w)
                QVERIFY2(std::abs(analyzedWindows[w].toDouble() - windows[w].toDouble()) < 1e-5, row.constData());
        }
    }

    // eval --score-copies: each file is scored as its degraded copy (the copy's own
    // P(AI), as analyze gives it), reported under the original's path; two files
    // with one name in two sources get two copies; a second run reuses the copies.
    void evalScoresCopiesUnderTheOriginalNames() {
        if (QStandardPaths::findExecutable("ffmpeg").isEmpty()) QSKIP("the ffmpeg tool is not installed");
        const QString root = dir_.filePath("copies");
        for (const char* folder : {"ai/gen1", "human/src1", "human/src2"}) QDir(root).mkpath(folder);
        QVERIFY(testdata::writeMusicWav(root + "/ai/gen1/x.wav", 44100, 2, 6.0, 5));
        QVERIFY(testdata::writeMusicWav(root + "/human/src1/same.wav", 44100, 2, 6.0, 6));
        QVERIFY(testdata::writeMusicWav(root + "/human/src2/same.wav", 22050, 1, 6.0, 7));
        const QString work = root + "/work";
        const QString table = root + "/scores.tsv";
        const QStringList args{"eval",  "--ai",   root + "/ai", "--human", root + "/human/src1", "--human",
                               root + "/human/src2", "--score-copies", "mp3_64k", "--work", work, "--json",
                               "--scores", table};
        const Run first = run(args);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(QJsonDocument::fromJson(first.out.trimmed().split('\n').last()).object().value("scored_as_copies"),
                 QJsonValue("mp3_64k"));
        QStringList copies;
        QDirIterator it(work + "/mp3_64k", {"*.mp3"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) copies << it.next();
        QCOMPARE(copies.size(), 3);

        QFile scores(table);
        QVERIFY(scores.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> rows = scores.readAll().trimmed().split('\n').mid(1);
        QCOMPARE(rows.size(), 3);
        QSet<QString> originals;
        for (const QByteArray& row : rows) {
            const QList<QByteArray> cells = row.split('\t');
            const QString original = QString::fromUtf8(cells[3]);
            QVERIFY2(original.endsWith(".wav") && QFileInfo::exists(original), row.constData());
            originals << original;
            // The copy of this original: in its source's folder, named after it.
            const QString source = QFileInfo(original).dir().dirName();
            QStringList mine;
            for (const QString& c : copies)
                if (QFileInfo(c).dir().dirName() == source) mine << c;
            QCOMPARE(mine.size(), 1);
            const Run analyzed = run({"analyze", "--json", mine.front()});
            const QJsonObject o = QJsonDocument::fromJson(analyzed.out.trimmed()).object();
            QVERIFY2(std::abs(o.value("p_ai").toDouble() - cells[2].toDouble()) < 1e-5, row.constData());
        }
        QCOMPARE(originals.size(), 3);

        // Reused, not encoded again: a marker written into a copy survives a second run.
        QFile marked(copies.front());
        QVERIFY(marked.open(QIODevice::Append));
        marked.write(QByteArray(16, '\0'));
        marked.close();
        const qint64 markedSize = QFileInfo(copies.front()).size();
        QCOMPARE(run(args).exitCode, 0);
        QCOMPARE(QFileInfo(copies.front()).size(), markedSize);

        QCOMPARE(run({"eval", "--ai", root + "/ai", "--human", root + "/human/src1", "--score-copies", "mp3_64k",
                      "--robustness"})
                     .exitCode,
                 2);
        QVERIFY(run({"eval", "--ai", root + "/ai", "--human", root + "/human/src1", "--score-copies", "no_such"})
                    .err.contains("no_such"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
