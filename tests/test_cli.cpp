// humanear-cli as a user runs it: JSON Lines out, bad files reported, exit status.
#include "testdata.h"

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
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
