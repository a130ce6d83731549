// The bad-input grid as one batch, the way a listener drops a folder of odd files:
// every case gets a correct result or an error that names the file, nothing
// crashes or hangs, a 2-hour file is streamed (peak memory stays bounded), and
// the files after each bad one are still analysed. The library scanner gets the
// same folder, with a symlink loop in it, and must terminate with the same files.
#include "humanear/engine.h"
#include "humanear/library.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

using namespace humanear;

namespace {

// Peak resident memory of this process, in MB, from /proc (VmHWM).
double peakRssMb() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

// Linux resets VmHWM to the current RSS when "5" is written to clear_refs.
bool resetPeakRss() {
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

// 16-bit PCM written in blocks, so the test itself never holds the 2 hours.
bool writeLongPcm16Wav(const QString& path, int rate, double seconds) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    const quint32 frames = quint32(rate * seconds);
    const quint32 dataBytes = frames * 2;
    QByteArray header;
    auto u32 = [&](quint32 v) { header.append(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](quint16 v) { header.append(reinterpret_cast<const char*>(&v), 2); };
    header.append("RIFF");
    u32(36 + dataBytes);
    header.append("WAVEfmt ");
    u32(16);
    u16(1);
    u16(1);
    u32(quint32(rate));
    u32(quint32(rate * 2));
    u16(2);
    u16(16);
    header.append("data");
    u32(dataBytes);
    f.write(header);
    std::vector<qint16> block(size_t(rate) * 10);
    quint64 n = 0;
    for (quint32 written = 0; written < frames;) {
        const quint32 count = std::min<quint32>(quint32(block.size()), frames - written);
        for (quint32 i = 0; i < count; ++i, ++n) {
            // A slow glide, so every part of the file sounds different.
            const double t = double(n) / rate;
            block[i] = qint16(8000 * std::sin(2 * M_PI * (220 + 0.05 * t) * t));
        }
        if (f.write(reinterpret_cast<const char*>(block.data()), qint64(count) * 2) != qint64(count) * 2) return false;
        written += count;
    }
    return true;
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    enum class Expect { Result, Error };
    struct Case {
        QString path;
        Expect expect;
        std::vector<ErrorCode> codes;  // acceptable errors; empty: any error that names the file
        double minSeconds = 0, maxSeconds = 1e9;
    };
    std::vector<Case> cases_;

    QString file(const QString& name) const { return dir_.filePath(QStringLiteral("grid/") + name); }
    void expectResult(const QString& path, double minSeconds, double maxSeconds) {
        cases_.push_back({path, Expect::Result, {}, minSeconds, maxSeconds});
    }
    void expectError(const QString& path, std::vector<ErrorCode> codes) {
        cases_.push_back({path, Expect::Error, std::move(codes)});
    }
    void writeBytes(const QString& path, const QByteArray& bytes) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    QByteArray randomBytes(int n) {
        QByteArray b(n, '\0');
        for (auto& c : b) c = char(QRandomGenerator::global()->bounded(256));
        return b;
    }
    // Encodes a 10 s tone with ffmpeg and keeps the first `fraction` of its bytes.
    void truncatedCompressed(const QString& name, const QStringList& codec, double fraction) {
        const QString whole = dir_.filePath(QStringLiteral("whole-") + name);
        QVERIFY(testdata::runTool(QStringLiteral("ffmpeg"),
                                  QStringList{"-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=10"}
                                      << codec << whole));
        QFile in(whole);
        QVERIFY(in.open(QIODevice::ReadOnly));
        writeBytes(file(name), in.readAll().left(int(in.size() * fraction)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(QDir().mkpath(file(QString())));
        if (!testdata::haveTool(QStringLiteral("ffmpeg"))) QSKIP("ffmpeg is needed to make the compressed cases");

        writeBytes(file("empty.wav"), {});
        expectError(file("empty.wav"), {ErrorCode::Empty});
        for (const char* name : {"random.mp3", "random.wav", "random.flac"}) {
            writeBytes(file(name), randomBytes(64 * 1024));
            expectError(file(name), {ErrorCode::NotAudio, ErrorCode::DecodeFailed});
        }
        truncatedCompressed("truncated.mp3", {"-c:a", "libmp3lame", "-b:a", "128k"}, 0.4);
        // Headers that state the full length make a cut file known: an error saying so
        // (a cut of the last few percent decodes as it is; test_audio_decode covers that).
        expectError(file("truncated.mp3"), {ErrorCode::Truncated});
        truncatedCompressed("truncated.flac", {"-c:a", "flac"}, 0.4);
        expectError(file("truncated.flac"), {ErrorCode::Truncated});
        {
            std::vector<float> tone(16000 * 5);
            for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.4f * std::sin(2 * M_PI * 330 * double(i) / 16000);
            // The header claims 60 s; 5 s are there.
            QVERIFY(testdata::writeWav(file("header-claims-60s.wav"), 16000, 1, tone, 16000LL * 60 * 4));
            expectError(file("header-claims-60s.wav"), {ErrorCode::Truncated});
            std::vector<float> bad = tone;
            for (size_t i = 0; i < bad.size(); i += 97)
                bad[i] = (i % 2) ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
            QVERIFY(testdata::writeWav(file("nan-and-inf.wav"), 16000, 1, bad));
            expectResult(file("nan-and-inf.wav"), 4.9, 5.1);
            std::vector<float> square(44100 * 5);
            for (size_t i = 0; i < square.size(); ++i) square[i] = (i / 50) % 2 ? 1.0f : -1.0f;
            QVERIFY(testdata::writeWav(file("square-full-scale.wav"), 44100, 1, square));
            expectResult(file("square-full-scale.wav"), 4.9, 5.1);
            QVERIFY(testdata::writeWav(file("zero-samples.wav"), 16000, 1, {}));
            expectError(file("zero-samples.wav"), {ErrorCode::Empty, ErrorCode::TooShort});
        }
        QVERIFY(testdata::writeSineWav(file("50ms.wav"), 16000, 1, 0.05));
        expectError(file("50ms.wav"), {ErrorCode::TooShort});
        QVERIFY(testdata::writeSineWav(file("silence.wav"), 44100, 2, 10.0, 440, 0.0));
        expectError(file("silence.wav"), {ErrorCode::Silent});
        QVERIFY(writeLongPcm16Wav(file("two-hours.wav"), 8000, 7200));
        expectResult(file("two-hours.wav"), 7199.9, 7200.1);
        QVERIFY(testdata::writeSineWav(file("8khz.wav"), 8000, 1, 6.0));
        expectResult(file("8khz.wav"), 5.9, 6.1);
        QVERIFY(testdata::runTool(QStringLiteral("ffmpeg"),
                                  {"-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=192000:duration=6",
                                   "-c:a", "flac", file("192khz.flac")}));
        expectResult(file("192khz.flac"), 5.9, 6.1);
        for (int channels : {1, 2, 6, 8}) {
            const QString name = file(QStringLiteral("%1-channels.wav").arg(channels));
            QVERIFY(testdata::writeSineWav(name, 48000, channels, 6.0));
            expectResult(name, 5.9, 6.1);
        }
        const QString unicode = file(QStringLiteral("Ünïcødé 音楽 — ♪ «test».wav"));
        QVERIFY(testdata::writeSineWav(unicode, 22050, 2, 6.0));
        expectResult(unicode, 5.9, 6.1);
        {
            // Close to PATH_MAX (4096): 15 folders of 250 characters, then the file.
            QString deep = file(QString());
            for (int i = 0; i < 15; ++i) deep += QString(250, QChar(u'a' + i)) + QLatin1Char('/');
            QVERIFY(QDir().mkpath(deep));
            const QString longPath = deep + QStringLiteral("long-path.wav");
            QVERIFY(longPath.toUtf8().size() > 3800);
            QVERIFY(testdata::writeSineWav(longPath, 16000, 1, 6.0));
            expectResult(longPath, 5.9, 6.1);
        }
        QVERIFY(testdata::writeSineWav(file("locked.wav"), 16000, 1, 6.0));
        QVERIFY(QFile::setPermissions(file("locked.wav"), QFileDevice::Permissions()));
        if (geteuid() == 0) expectResult(file("locked.wav"), 5.9, 6.1);  // root reads it anyway
        else expectError(file("locked.wav"), {ErrorCode::PermissionDenied});
        QVERIFY(testdata::runTool(QStringLiteral("ffmpeg"),
                                  {"-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=500:duration=6", "-c:a",
                                   "flac", "-f", "flac", file("flac-named.mp3")}));
        expectResult(file("flac-named.mp3"), 5.9, 6.1);
        QVERIFY(QDir().mkpath(file("folder-named.wav")));
        expectError(file("folder-named.wav"), {ErrorCode::NotAudio, ErrorCode::InvalidArgument, ErrorCode::IoError});
        QVERIFY(::symlink("self-loop.wav", qPrintable(file("self-loop.wav"))) == 0);  // points at itself
        expectError(file("self-loop.wav"), {});
        QVERIFY(::mkfifo(qPrintable(file("named-pipe.wav")), 0600) == 0);  // opening it for reading would block
        expectError(file("named-pipe.wav"), {});
        QVERIFY(testdata::writeSineWav(file("dangling-target.wav"), 16000, 1, 1.0));
        QVERIFY(QFile::link(file("dangling-target.wav"), file("dangling.wav")));
        QVERIFY(QFile::remove(file("dangling-target.wav")));
        expectError(file("dangling.wav"), {ErrorCode::FileNotFound});
        // A folder that contains itself through a symlink: scanners must not follow it forever.
        QVERIFY(QDir().mkpath(file("loop")));
        QVERIFY(QFile::link(file("loop"), file("loop/again")));
        QVERIFY(testdata::writeSineWav(file("loop/inside.wav"), 16000, 1, 6.0));
        expectResult(file("loop/inside.wav"), 5.9, 6.1);
    }

    void everyCaseInOneBatch() {
        EngineSettings settings;
        settings.workers = 2;
        settings.maxFilesInFlight = 2;
        Engine engine(settings);
        // Load the model and warm up before the memory peak is reset.
        QVERIFY(engine.analyzeFile(file("8khz.wav").toStdString()).ok());
        const bool peakReset = resetPeakRss();
        const double peakBefore = peakRssMb();

        std::vector<std::string> files;
        for (const auto& c : cases_) files.push_back(c.path.toStdString());
        std::mutex m;
        std::map<std::string, TrackAnalysis> results;
        BatchCallbacks callbacks;
        callbacks.onResult = [&](const TrackAnalysis& a) {
            std::lock_guard lock(m);
            results[a.path] = a;
        };
        BatchHandle batch = engine.analyzeBatch(files, {}, callbacks);
        QElapsedTimer clock;
        clock.start();
        while (!batch.isFinished() && clock.elapsed() < 300000) QThread::msleep(20);
        QVERIFY2(batch.isFinished(), "the batch hung");
        const double peakAfter = peakRssMb();

        QCOMPARE(results.size(), cases_.size());
        for (const auto& c : cases_) {
            const TrackAnalysis& a = results[c.path.toStdString()];
            const QString name = QFileInfo(c.path).fileName();
            if (c.expect == Expect::Result) {
                QVERIFY2(a.ok(), qPrintable(name + ": " + (a.error ? QString::fromStdString(a.error->message) : QString())));
                QVERIFY2(a.facts.durationSeconds >= c.minSeconds && a.facts.durationSeconds <= c.maxSeconds,
                         qPrintable(name + QStringLiteral(": %1 s").arg(a.facts.durationSeconds)));
                if (a.detection) {
                    QVERIFY2(std::isfinite(a.detection->pAi), qPrintable(name));
                    QVERIFY2(a.detection->pAi >= 0 && a.detection->pAi <= 1, qPrintable(name));
                }
            } else {
                QVERIFY2(!a.ok(), qPrintable(name + " was analysed but should have failed"));
                QVERIFY2(QString::fromStdString(a.error->message).contains(name),
                         qPrintable(name + " is not named in: " + QString::fromStdString(a.error->message)));
                if (!c.codes.empty())
                    QVERIFY2(std::find(c.codes.begin(), c.codes.end(), a.error->code) != c.codes.end(),
                             qPrintable(name + ": " + errorCodeName(a.error->code) + ": " +
                                        QString::fromStdString(a.error->message)));
            }
        }
        // Loading the 2 hours whole would take 460 MB (float at 16 kHz) on top of the
        // 230 MB decoded at 8 kHz; streaming needs a few windows.
        qInfo("peak resident memory during the batch: %.0f MB -> %.0f MB (peak %s reset first)", peakBefore, peakAfter,
              peakReset ? "was" : "could not be");
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer keeps freed blocks resident in its quarantine (256 MB by
        // default) to catch use after free, so resident memory measures ASan here;
        // the plain build (the README's test command) asserts the bound.
        qInfo("memory bound not asserted under AddressSanitizer");
#else
        QVERIFY2(peakAfter - peakBefore < 250, "memory grew with the file's length");
#endif
    }

    void libraryScanOfTheGridTerminates() {
        QTemporaryDir lib;
        Engine engine;
        LibrarySettings settings;
        settings.directory = lib.path().toStdString();
        auto library = Library::open(engine, settings);
        QVERIFY(library);
        auto report = library->addFolder(file(QString()).toStdString());
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        int expectedOk = 0;
        for (const auto& c : cases_) expectedOk += c.expect == Expect::Result;
        // Every good file once (the loop's file not again through "again"); each bad one
        // named, silent and too-short files included (they have nothing to recommend).
        QCOMPARE(int(report->added), expectedOk);
        for (const auto& failure : report->failures) QVERIFY(!failure.message.empty());
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
