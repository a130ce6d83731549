// TagLib tags and the folder-layout fallbacks for untagged files.
#include "audio/tags.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

using humanear::audio::readTags;
using humanear::audio::titleFromFileName;
using humanear::audio::TrackTags;

class TestTags : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;

    // One second of sine through ffmpeg with the given -metadata pairs.
    bool encode(const QString& path, const QStringList& metadata) {
        QStringList args{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1"};
        for (const QString& m : metadata) args << "-metadata" << m;
        args << path;
        QString err;
        const bool ok = testdata::runTool("ffmpeg", args, &err);
        if (!ok) qWarning("ffmpeg failed: %s", qPrintable(err));
        return ok;
    }

    static std::string s(const QString& q) { return q.toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg not installed");
    }

    void taggedFormats_data() {
        QTest::addColumn<QString>("extension");
        QTest::newRow("mp3") << "mp3";
        QTest::newRow("flac") << "flac";
        QTest::newRow("ogg") << "ogg";
        QTest::newRow("m4a") << "m4a";
        QTest::newRow("opus") << "opus";
    }
    void taggedFormats() {
        QFETCH(QString, extension);
        const QString dir = tmp_.filePath("tagged/SomeArtist/SomeAlbum");
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/01 - file name." + extension;
        // Non-ASCII text checks that UTF-8 survives both ways.
        QVERIFY(encode(path, {QString::fromUtf8("title=Déjà Vu Ω"), "artist=The Testers", "album=Fixture Album",
                              "genre=Synthpop", "date=1999", "track=7"}));
        const TrackTags t = readTags(s(path));
        QCOMPARE(QString::fromStdString(t.title), QString::fromUtf8("Déjà Vu Ω"));
        QCOMPARE(t.artist, std::string("The Testers"));
        QCOMPARE(t.album, std::string("Fixture Album"));
        QCOMPARE(t.genre, std::string("Synthpop"));
        QCOMPARE(t.year, 1999);
        QCOMPARE(t.trackNumber, 7);
    }

    void untaggedFallsBackToFolders() {
        const QString dir = tmp_.filePath("lib/Boards of Testing/Music Has the Right");
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/03 - roygbiv_song-name.flac";
        QVERIFY(encode(path, {}));
        const TrackTags t = readTags(s(path));
        QCOMPARE(t.title, std::string("roygbiv song name"));
        QCOMPARE(t.album, std::string("Music Has the Right"));
        QCOMPARE(t.artist, std::string("Boards of Testing"));
        QCOMPARE(t.genre, std::string());
        QCOMPARE(t.year, 0);
        QCOMPARE(t.trackNumber, 0);
    }

    void genericFoldersAreNotArtists() {
        const QString dir = tmp_.filePath("Music/Loose Album");
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/track.flac";
        QVERIFY(encode(path, {}));
        const TrackTags t = readTags(s(path));
        QCOMPARE(t.album, std::string("Loose Album"));
        QCOMPARE(t.artist, std::string());

        // The demo-music layout: collection/soundtrack/{genre.txt, tracks}.
        const QString soundtrack = tmp_.filePath("human-debian/hedgewars");
        QVERIFY(QDir().mkpath(soundtrack));
        QFile g(soundtrack + "/genre.txt");
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("Soundtrack\n");
        g.close();
        QVERIFY(encode(soundtrack + "/Art.flac", {}));
        const TrackTags d = readTags(s(soundtrack + "/Art.flac"));
        QCOMPARE(d.title, std::string("Art"));
        QCOMPARE(d.album, std::string("hedgewars"));
        QCOMPARE(d.artist, std::string());
        QCOMPARE(d.genre, std::string("Soundtrack"));
    }

    void genreFromGenreTxt() {
        const QString root = tmp_.filePath("soundtracks/wesnoth");
        const QString dir = root + "/disc1/extra";
        QVERIFY(QDir().mkpath(dir));
        QFile g(root + "/genre.txt");
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("Orchestral\nsecond line ignored\n");
        g.close();
        const QString path = dir + "/battle.ogg";
        QVERIFY(encode(path, {"title=Battle"}));
        TrackTags t = readTags(s(path));
        QCOMPARE(t.title, std::string("Battle"));
        QCOMPARE(t.genre, std::string("Orchestral"));

        // The tag wins over the file.
        const QString tagged = dir + "/tagged.ogg";
        QVERIFY(encode(tagged, {"genre=Folk"}));
        QCOMPARE(readTags(s(tagged)).genre, std::string("Folk"));

        // More than 4 levels up is out of reach.
        const QString deep = root + "/a/b/c/d/e";
        QVERIFY(QDir().mkpath(deep));
        QVERIFY(encode(deep + "/x.flac", {}));
        QCOMPARE(readTags(s(deep + "/x.flac")).genre, std::string());
    }

    void corruptAndEmptyFilesNeverCrash_data() {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<int>("bytes");
        for (const char* ext : {"mp3", "flac", "ogg", "m4a", "opus", "wav", "xyz"}) {
            QTest::newRow(qPrintable(QString("%1-empty").arg(ext))) << ext << 0;
            QTest::newRow(qPrintable(QString("%1-random").arg(ext))) << ext << 65536;
        }
    }
    void corruptAndEmptyFilesNeverCrash() {
        QFETCH(QString, extension);
        QFETCH(int, bytes);
        const QString dir = tmp_.filePath("corrupt/Artist/Album");
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QString("/02_broken_%1.").arg(bytes) + extension;
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        std::mt19937 rng(1234u + static_cast<unsigned>(bytes));
        QByteArray data(bytes, 0);
        for (char& c : data) c = static_cast<char>(rng() & 0xff);
        f.write(data);
        f.close();
        const TrackTags t = readTags(s(path));
        QCOMPARE(t.title, std::string("broken ") + std::to_string(bytes));
        QCOMPARE(t.album, std::string("Album"));
        QCOMPARE(t.artist, std::string("Artist"));
    }

    void missingFile() {
        const TrackTags t = readTags(s(tmp_.filePath("nowhere/Album/05. Gone.mp3")));
        QCOMPARE(t.title, std::string("Gone"));
        QCOMPARE(t.album, std::string("Album"));
    }

    void titleHeuristics() {
        QCOMPARE(titleFromFileName("/x/03 - Song Name.mp3"), std::string("Song Name"));
        QCOMPARE(titleFromFileName("/x/03. Song.mp3"), std::string("Song"));
        QCOMPARE(titleFromFileName("/x/3_song_name.mp3"), std::string("song name"));
        QCOMPARE(titleFromFileName("/x/1-03 Song.flac"), std::string("Song"));
        QCOMPARE(titleFromFileName("/x/07 Song.flac"), std::string("Song"));
        QCOMPARE(titleFromFileName("/x/99 Luftballons.mp3"), std::string("99 Luftballons"));
        QCOMPARE(titleFromFileName("/x/1979.mp3"), std::string("1979"));
        QCOMPARE(titleFromFileName("/x/battle-epic.ogg"), std::string("battle epic"));
        QCOMPARE(titleFromFileName("/x/01.mp3"), std::string("01"));
    }
};

QTEST_GUILESS_MAIN(TestTags)
#include "test_tags.moc"
