// Audio input behaviour: mixing, resampling, span seeking, streaming, and every
// kind of bad input as a value that names the file.
#include "audio/decoder.h"
#include "audio/resampler.h"
#include "audio_checks.h"
#include "testdata.h"

#include <QtTest>
#include <unistd.h>

using namespace humanear;

class TestAudioDecode : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    void writeBytes(const QString& name, const QByteArray& bytes) {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    void writeTruncated(const QString& from, const QString& to, double fraction) {
        QFile in(path(from));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray all = in.readAll();
        writeBytes(to, all.left(int(all.size() * fraction)));
    }
    // Expects an error value whose message names the file.
    void expectError(const QString& file, std::initializer_list<ErrorCode> allowed) {
        auto clips = audio::decodeSpans(file.toStdString(), 16000, {audio::Span{0, 30}});
        QVERIFY2(!clips, qPrintable(file + " decoded although it should not"));
        const QString message = QString::fromStdString(clips.error().message);
        QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
        bool codeOk = false;
        for (ErrorCode c : allowed) codeOk = codeOk || c == clips.error().code;
        QVERIFY2(codeOk, qPrintable(QStringLiteral("%1: %2 (%3)").arg(file, message, errorCodeName(clips.error().code))));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void stereoIsMixedByMean() {
        // Opposite-phase channels cancel; identical channels keep their level.
        std::vector<float> opposite, same;
        for (int i = 0; i < 16000; ++i) {
            const float v = 0.5f * std::sin(2 * float(M_PI) * 440 * i / 16000.f);
            opposite.insert(opposite.end(), {v, -v});
            same.insert(same.end(), {v, v});
        }
        QVERIFY(testdata::writeWav(path("opposite.wav"), 16000, 2, opposite));
        QVERIFY(testdata::writeWav(path("same.wav"), 16000, 2, same));
        auto a = audio::decodeSpans(path("opposite.wav").toStdString(), 16000, {audio::Span{0, 1}});
        auto b = audio::decodeSpans(path("same.wav").toStdString(), 16000, {audio::Span{0, 1}});
        QVERIFY(a && b);
        QVERIFY(audio::isSilent(a->front().samples));
        QVERIFY(std::fabs(rms(b->front().samples) - 0.5 / std::sqrt(2.0)) < 1e-3);
    }

    void resamplingKeepsPitchAndLength() {
        QVERIFY(testdata::writeSineWav(path("tone44.wav"), 44100, 1, 2.0, 1000.0));
        for (int target : {16000, 48000, 22050}) {
            auto clips = audio::decodeSpans(path("tone44.wav").toStdString(), target, {audio::Span{0, 2}});
            QVERIFY(clips);
            const auto& x = clips->front().samples;
            QVERIFY2(std::llabs(static_cast<long long>(x.size()) - 2LL * target) <= 1, qPrintable(QString::number(x.size())));
            QVERIFY(std::fabs(zeroCrossingFrequency(x, target) - 1000.0) < 5.0);
            QVERIFY(std::fabs(rms(x, x.size() / 4, x.size() * 3 / 4) - 0.5 / std::sqrt(2.0)) < 0.01);
        }
        auto direct = audio::Resampler::resample(std::vector<float>(48000, 0.25f), 48000, 16000);
        QVERIFY(direct);
        QCOMPARE(direct->size(), size_t(16000));
    }

    void spansSeekToTheRightPart() {
        // 3 s of near-silence, then 3 s of a loud tone; as WAV, FLAC and MP3.
        std::vector<float> x(6 * 44100);
        for (size_t i = 3 * 44100; i < x.size(); ++i) x[i] = 0.8f * std::sin(2 * float(M_PI) * 500 * float(i) / 44100.f);
        QVERIFY(testdata::writeWav(path("halves.wav"), 44100, 1, x));
        QStringList files{path("halves.wav")};
        if (testdata::haveTool("ffmpeg")) {
            for (const char* ext : {"flac", "mp3"}) {
                const QString out = path(QStringLiteral("halves.%1").arg(ext));
                QVERIFY(testdata::runTool("ffmpeg", {"-hide_banner", "-loglevel", "error", "-y", "-i", path("halves.wav"), out}));
                files << out;
            }
        }
        for (const QString& f : files) {
            auto clips = audio::decodeSpans(f.toStdString(), 16000, {audio::Span{0.5, 2}, audio::Span{3.5, 2}, audio::Span{5.5, 2}});
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(int(clips->size()), 3);
            QVERIFY2(rms((*clips)[0].samples) < 0.01, qPrintable(f));
            QVERIFY2(rms((*clips)[1].samples) > 0.4, qPrintable(f));
            // The last span is clamped to the end of the file: about 0.5 s remain.
            QVERIFY2(std::fabs(double((*clips)[2].samples.size()) / 16000 - 0.5) < 0.06,
                     qPrintable(f + QStringLiteral(": %1").arg((*clips)[2].samples.size())));
        }
    }

    void longFilesAreStreamedNotLoaded() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        const QString file = path("twenty_minutes.flac");
        QVERIFY(testdata::runTool("ffmpeg", {"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                             "sine=frequency=300:sample_rate=8000:duration=1200", file}));
        audio::DecodeStats stats;
        const auto spans = audio::evenlySpreadSpans(1200, 3, 3);
        auto clips = audio::decodeSpans(file.toStdString(), 16000, spans, {}, &stats);
        QVERIFY(clips);
        QCOMPARE(int(clips->size()), 3);
        QCOMPARE(spans.back().startSeconds, 1197.0);
        // Only the three spans were pulled from the decoder, not 20 minutes.
        QVERIFY2(stats.framesRead <= 3 * 3 * 8000 + 3 * 8192, qPrintable(QString::number(stats.framesRead)));
        for (const auto& clip : *clips) QCOMPARE(clip.samples.size(), size_t(48000));
    }

    void cancelStopsDecoding() {
        CancelToken cancel;
        cancel.cancel();
        QVERIFY(testdata::writeSineWav(path("cancel.wav"), 16000, 1, 5.0));
        auto clips = audio::decodeSpans(path("cancel.wav").toStdString(), 16000, {audio::Span{0, 5}}, cancel);
        QVERIFY(!clips);
        QCOMPARE(clips.error().code, ErrorCode::Cancelled);
    }

    void evenlySpreadSpansEdgeCases() {
        QVERIFY(audio::evenlySpreadSpans(0, 5, 4).empty());
        QVERIFY(audio::evenlySpreadSpans(10, 5, 0).empty());
        auto whole = audio::evenlySpreadSpans(3, 5, 4);
        QCOMPARE(int(whole.size()), 1);
        QCOMPARE(whole[0].lengthSeconds, 3.0);
        auto two = audio::evenlySpreadSpans(11, 5, 8);  // only two 5 s windows fit without overlap
        QCOMPARE(int(two.size()), 2);
        QCOMPARE(two[0].startSeconds, 0.0);
        QCOMPARE(two[1].startSeconds + two[1].lengthSeconds, 11.0);
        auto four = audio::evenlySpreadSpans(100, 5, 4);
        QCOMPARE(int(four.size()), 4);
        QCOMPARE(four[3].startSeconds, 95.0);
    }

    void badInputsAreValuesNamingTheFile() {
        expectError(path("does-not-exist.wav"), {ErrorCode::FileNotFound});
        writeBytes("empty.wav", {});
        expectError(path("empty.wav"), {ErrorCode::Empty});
        QByteArray noise;
        for (int i = 0; i < 20000; ++i) noise.append(char((i * 2654435761u) >> 13));
        for (const char* name : {"noise.mp3", "noise.wav", "noise.flac", "noise.m4a"}) {
            writeBytes(name, noise);
            expectError(path(name), {ErrorCode::NotAudio, ErrorCode::Truncated, ErrorCode::Empty, ErrorCode::DecodeFailed});
        }
        QDir(dir_.path()).mkdir("folder.mp3");
        expectError(path("folder.mp3"), {ErrorCode::NotAudio});
        QVERIFY(testdata::writeWav(path("zero.wav"), 44100, 2, {}));
        expectError(path("zero.wav"), {ErrorCode::Empty});
    }

    void absurdHeadersAreRefused() {
        QVERIFY(testdata::writeWav(path("rate1.wav"), 1, 1, std::vector<float>(100, 0.1f)));
        expectError(path("rate1.wav"), {ErrorCode::BadParameters, ErrorCode::NotAudio});
        QVERIFY(testdata::writeWav(path("rate3M.wav"), 3000000, 1, std::vector<float>(100, 0.1f)));
        expectError(path("rate3M.wav"), {ErrorCode::BadParameters, ErrorCode::NotAudio});
    }

    void headerClaimingMoreThanPresentDecodesWhatIsThere() {
        std::vector<float> x(16000);
        for (size_t i = 0; i < x.size(); ++i) x[i] = 0.3f * std::sin(float(i) * 0.2f);
        QVERIFY(testdata::writeWav(path("liar.wav"), 16000, 1, x, 10 * 16000 * 4));
        auto clips = audio::decodeSpans(path("liar.wav").toStdString(), 16000, {audio::Span{0, 30}});
        QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
        QCOMPARE(clips->front().samples.size(), size_t(16000));
    }

    void truncatedCompressedFiles() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        for (const char* ext : {"flac", "mp3"}) {
            const QString full = QStringLiteral("full.%1").arg(ext);
            QVERIFY(testdata::runTool("ffmpeg", {"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                                 "sine=frequency=800:sample_rate=44100:duration=10", path(full)}));
            // Cut in the middle: what is there decodes, and no more than was there.
            writeTruncated(full, QStringLiteral("half.%1").arg(ext), 0.5);
            auto half = audio::decodeSpans(path(QStringLiteral("half.%1").arg(ext)).toStdString(), 16000, {audio::Span{0, 30}});
            if (half) {
                const double seconds = double(half->front().samples.size()) / 16000;
                QVERIFY2(seconds > 2 && seconds < 7, qPrintable(QStringLiteral("%1: %2 s").arg(ext).arg(seconds)));
            } else {
                QVERIFY(QString::fromStdString(half.error().message).contains("half."));
            }
            writeTruncated(full, QStringLiteral("stub.%1").arg(ext), 0.002);
            // Cut inside the header: it starts like audio, so it is reported as truncated.
            expectError(path(QStringLiteral("stub.%1").arg(ext)), {ErrorCode::Truncated});
        }
    }

    void nonFiniteSamplesBecomeSilence() {
        std::vector<float> x(16000, 0.25f);
        x[100] = std::numeric_limits<float>::quiet_NaN();
        x[200] = std::numeric_limits<float>::infinity();
        x[300] = -std::numeric_limits<float>::infinity();
        QVERIFY(testdata::writeWav(path("nan.wav"), 16000, 1, x));
        auto clips = audio::decodeSpans(path("nan.wav").toStdString(), 16000, {audio::Span{0, 1}});
        QVERIFY(clips);
        for (float v : clips->front().samples) QVERIFY(std::isfinite(v));
        QCOMPARE(clips->front().samples[100], 0.f);
    }

    void unreadableFileIsReported() {
        if (geteuid() == 0) QSKIP("running as root: permissions do not stop root from reading, so this cannot be tested");
        QVERIFY(testdata::writeSineWav(path("locked.wav"), 16000, 1, 1.0));
        QFile::setPermissions(path("locked.wav"), QFileDevice::Permissions());
        expectError(path("locked.wav"), {ErrorCode::PermissionDenied});
    }

    void silenceIsDetected() {
        QVERIFY(audio::isSilent(std::vector<float>(1000, 0.f)));
        QVERIFY(audio::isSilent(std::vector<float>(1000, 1e-5f)));
        QVERIFY(!audio::isSilent(std::vector<float>(1000, 0.01f)));
    }
};

QTEST_GUILESS_MAIN(TestAudioDecode)
#include "test_audio_decode.moc"
