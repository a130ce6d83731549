// The one folder rule (humanear/audio_files.h) that the library scanner, the app,
// the CLI and training share: which suffixes are audio, which links are followed,
// and that a walk ends and names what it could not read.
#include "humanear/audio_files.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <string>
#include <unistd.h>
#include <vector>

using namespace humanear;

class TestAudioFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One rule for every folder search (library, app, CLI, training).
    void audioFilesAreRecognisedByTheirSuffix() {
        for (const char* yes : {"a.wav", "b.FLAC", "c.Opus", "dir.d/e.mp3", "f.m4a", "g.aifc", "h.w64"})
            QVERIFY2(hasAudioFileSuffix(yes), yes);
        for (const char* no : {"notes.txt", "cover.jpg", "noext", ".wav", "dir.mp3/file", "a.wav.part"})
            QVERIFY2(!hasAudioFileSuffix(no), no);
        // The list the open-file dialog offers is the rule itself.
        QVERIFY(audioFileSuffixes().size() >= 10);
        for (const std::string& suffix : audioFileSuffixes()) {
            QVERIFY2(hasAudioFileSuffix("track." + suffix), suffix.c_str());
            QCOMPARE(QString::fromStdString(suffix), QString::fromStdString(suffix).toLower());
        }
    }

    // The one folder rule (humanear::listAudioFiles) the scanner, the app, the CLI
    // and training share: audio suffixes in any case, links to files and folders
    // followed, a loop or a second link to one folder walked once, sorted, and an
    // unreadable folder named rather than skipped in silence.
    void oneFolderRuleFollowsLinksAndEnds() {
        QTemporaryDir root;
        const QString music = root.filePath("music");
        QVERIFY(QDir().mkpath(music + "/sub"));
        QVERIFY(QDir().mkpath(root.filePath("elsewhere")));
        auto touch = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
        };
        QVERIFY(touch(music + "/a.mp3"));
        QVERIFY(touch(music + "/LOUD.WAV"));
        QVERIFY(touch(music + "/notes.txt"));
        QVERIFY(touch(music + "/sub/b.flac"));
        QVERIFY(touch(root.filePath("elsewhere/c.ogg")));
        QVERIFY(QFile::link(root.filePath("elsewhere"), music + "/linked"));
        QVERIFY(QFile::link(root.filePath("elsewhere"), music + "/linked-again"));  // the same folder twice
        QVERIFY(QFile::link(music, music + "/sub/loop"));                           // back up: a loop
        QVERIFY(QFile::link(music + "/sub/b.flac", music + "/sub/b-link.flac"));
        QVERIFY(QFile::link(music + "/gone.mp3", music + "/dangling.mp3"));
        std::vector<std::string> problems;
        const auto files = humanear::listAudioFiles(music.toStdString(), &problems);
        std::vector<std::string> relative;
        for (const auto& f : files) relative.push_back(QDir(music).relativeFilePath(QString::fromStdString(f)).toStdString());
        const std::vector<std::string> expected{"LOUD.WAV", "a.mp3", "linked/c.ogg", "sub/b-link.flac", "sub/b.flac"};
        QCOMPARE(relative, expected);
        QVERIFY(problems.empty());

        if (geteuid() != 0) {  // root reads a folder whatever its permissions
            QVERIFY(QDir().mkpath(music + "/locked"));
            QVERIFY(touch(music + "/locked/d.mp3"));
            QVERIFY(QFile::setPermissions(music + "/locked", QFileDevice::Permissions()));
            problems.clear();
            QCOMPARE(humanear::listAudioFiles(music.toStdString(), &problems).size(), expected.size());
            QCOMPARE(problems.size(), size_t(1));
            QVERIFY2(QString::fromStdString(problems.front()).contains("locked"), problems.front().c_str());
            QFile::setPermissions(music + "/locked", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        }
        QVERIFY(humanear::listAudioFiles(root.filePath("no-such-folder").toStdString(), &problems).empty());
    }
};

QTEST_GUILESS_MAIN(TestAudioFiles)
#include "test_audio_files.moc"
