// Audio input behaviour: exact decoding, mixing, resampling, span seeking, streaming
// long files, concurrency, and every kind of bad input as a value whose message is a
// sentence naming the file.
#include "audio/decode_with_helper.h"
#include "audio/decoder.h"
#include "audio/resampler.h"
#include "runtime/worker_pool.h"
#include "dsp/frontends.h"
#include "audio_checks.h"
#include "testdata.h"

#include <QtTest>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <thread>

using namespace humanear;

namespace {

std::string str(const QString& s) { return s.toStdString(); }

// A listener's sentence: names the file, starts like a sentence, ends with a full stop.
QString messageProblem(const std::string& message, const QString& file) {
    const QString m = QString::fromStdString(message);
    const QString name = QFileInfo(file).fileName();
    if (!m.contains(QLatin1Char('"') + name + QLatin1Char('"'))) return QStringLiteral("does not name \"%1\": %2").arg(name, m);
    if (!m.endsWith(QLatin1Char('.'))) return QStringLiteral("is not a finished sentence: ") + m;
    if (!(m.front() == QLatin1Char('"') || m.front().isUpper())) return QStringLiteral("does not start a sentence: ") + m;
    return {};
}

}  // namespace

class TestAudioDecode : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    void writeBytes(const QString& name, const QByteArray& bytes) {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), qint64(bytes.size()));
    }
    // The first `fraction` of a file, as a copy that stopped part-way would leave it.
    void writeCut(const QString& from, const QString& to, double fraction) {
        QFile in(path(from));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray all = in.readAll();
        writeBytes(to, all.left(int(double(all.size()) * fraction)));
    }
    static bool ffmpeg(QStringList args, QString* error = nullptr) {
        args.prepend(QStringLiteral("-y"));
        args.prepend(QStringLiteral("error"));
        args.prepend(QStringLiteral("-loglevel"));
        args.prepend(QStringLiteral("-hide_banner"));
        return testdata::runTool(QStringLiteral("ffmpeg"), args, error);
    }
    // 1 kHz-ish content from lavfi for compressed fixtures.
    static bool ffmpegTone(const QString& out, double seconds, int rate, QStringList codecArgs = {}) {
        QStringList args{"-f", "lavfi", "-i",
                         QStringLiteral("aevalsrc=0.5*sin(2*PI*(200*t+20*t*t)):s=%1:d=%2").arg(rate).arg(seconds)};
        args << codecArgs << out;
        return ffmpeg(args);
    }

    // Whether probe(), which reads only the header, must see the problem too.
    enum class Probe { Fails, MayPass };

    // An error value from decodeSpans (and from probe, when the header shows it), with
    // an allowed code and a message naming the file.
    void expectError(const QString& file, std::initializer_list<ErrorCode> allowed, Probe probe = Probe::Fails) {
        auto clips = audio::decodeSpans(str(file), 16000, {audio::Span{0, 30}});
        QVERIFY2(!clips, qPrintable(file + QStringLiteral(" decoded although it should not")));
        const QString problem = messageProblem(clips.error().message, file);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("the message ") + problem));
        bool codeOk = false;
        for (ErrorCode c : allowed) codeOk = codeOk || c == clips.error().code;
        QVERIFY2(codeOk, qPrintable(QStringLiteral("%1 (%2)").arg(QString::fromStdString(clips.error().message),
                                                                 errorCodeName(clips.error().code))));
        auto info = audio::probe(str(file));
        if (info && probe == Probe::MayPass) return;
        QVERIFY2(!info, qPrintable(file + QStringLiteral(" probed although it should not")));
        QCOMPARE(info.error().code, clips.error().code);
        QCOMPARE(info.error().message, clips.error().message);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // ---- Decoding, mixing, resampling ---------------------------------------------

    void sineWavDecodesExactly() {
        // Native rate and channel count through open(); mono at the native rate through decodeSpans().
        QVERIFY(testdata::writeSineWav(path("sine.wav"), 44100, 2, 1.5, 440.0, 0.5));
        auto source = audio::open(str(path("sine.wav")));
        QVERIFY(source);
        const auto& info = (*source)->info();
        QCOMPARE(info.decoder, std::string("libsndfile"));
        QCOMPARE(info.codec, std::string("float"));
        QCOMPARE(info.container, std::string("wav"));
        QCOMPARE(info.sampleRate, 44100);
        QCOMPARE(info.channels, 2);
        QCOMPARE(info.frames, int64_t(66150));
        QCOMPARE(info.durationSeconds, 1.5);
        std::vector<float> x(size_t(info.frames + 100) * 2);
        auto got = (*source)->read(x.data(), info.frames + 100);
        QVERIFY(got);
        QCOMPARE(*got, info.frames);
        double worst = 0;
        for (int64_t i = 0; i < *got; ++i)
            for (int c = 0; c < 2; ++c) {
                const double want = 0.5 * std::sin(2.0 * M_PI * 440.0 * (1.0 + 0.1 * c) * double(i) / 44100);
                worst = std::max(worst, std::fabs(double(x[size_t(i * 2 + c)]) - want));
            }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        auto end = (*source)->read(x.data(), 100);
        QVERIFY(end);
        QCOMPARE(*end, int64_t(0));

        auto clips = audio::decodeSpans(str(path("sine.wav")), 44100, {audio::Span{0, 10}});
        QVERIFY(clips);
        QCOMPARE(clips->size(), size_t(1));
        QCOMPARE(clips->front().sampleRate, 44100);
        QCOMPARE(clips->front().samples.size(), size_t(66150));
        for (size_t i = 0; i < 66150; i += 997) {
            const double want = 0.25 * (std::sin(2.0 * M_PI * 440.0 * double(i) / 44100) +
                                        std::sin(2.0 * M_PI * 484.0 * double(i) / 44100));
            QVERIFY(std::fabs(clips->front().samples[i] - want) < 1e-6);
        }
    }

    void channelsAreMixedByMean() {
        // Opposite-phase channels cancel; identical channels keep their level; 5.1 averages all six.
        std::vector<float> opposite, same, six;
        for (int i = 0; i < 16000; ++i) {
            const float v = 0.5f * std::sin(2 * float(M_PI) * 440 * float(i) / 16000.f);
            opposite.insert(opposite.end(), {v, -v});
            same.insert(same.end(), {v, v});
            six.insert(six.end(), {0.f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f});
        }
        QVERIFY(testdata::writeWav(path("opposite.wav"), 16000, 2, opposite));
        QVERIFY(testdata::writeWav(path("same.wav"), 16000, 2, same));
        QVERIFY(testdata::writeWav(path("six.wav"), 16000, 6, six));
        auto a = audio::decodeSpans(str(path("opposite.wav")), 16000, {audio::Span{0, 1}});
        auto b = audio::decodeSpans(str(path("same.wav")), 16000, {audio::Span{0, 1}});
        auto c = audio::decodeSpans(str(path("six.wav")), 16000, {audio::Span{0, 1}});
        QVERIFY(a && b && c);
        QVERIFY(audio::isSilent(a->front().samples));
        QVERIFY(std::fabs(rms(b->front().samples) - 0.5 / std::sqrt(2.0)) < 1e-3);
        for (float v : c->front().samples) QVERIFY(std::fabs(v - 0.25f) < 1e-6f);
    }

    void resamplingKeepsPitchAndLength() {
        QVERIFY(testdata::writeSineWav(path("tone44.wav"), 44100, 1, 2.0, 1000.0));
        for (int target : {16000, 48000, 22050, 8000}) {
            auto clips = audio::decodeSpans(str(path("tone44.wav")), target, {audio::Span{0, 2}});
            QVERIFY(clips);
            const auto& x = clips->front().samples;
            QVERIFY2(std::llabs(static_cast<long long>(x.size()) - 2LL * target) <= 1,
                     qPrintable(QStringLiteral("%1 samples at %2 Hz").arg(x.size()).arg(target)));
            QVERIFY(std::fabs(zeroCrossingFrequency(x, target) - 1000.0) < 2.0);
            QVERIFY(std::fabs(rms(x, x.size() / 4, x.size() * 3 / 4) - 0.5 / std::sqrt(2.0)) < 0.01);
        }
        // Each span is resampled on its own: ±1 sample per span.
        auto spans = audio::decodeSpans(str(path("tone44.wav")), 16000,
                                        {audio::Span{0.1, 0.3}, audio::Span{0.77, 0.5}, audio::Span{1.3, 0.123}});
        QVERIFY(spans);
        const double lengths[] = {0.3, 0.5, 0.123};
        for (size_t i = 0; i < 3; ++i)
            QVERIFY2(std::fabs(double((*spans)[i].samples.size()) - lengths[i] * 16000) <= 1.0,
                     qPrintable(QString::number((*spans)[i].samples.size())));
    }

    void streamingResamplerMatchesWholeBuffer() {
        // The OpenL3 path converts whole buffers; decoding streams them in blocks. Both must agree.
        std::mt19937 rng(7);
        std::vector<float> x(48000 * 2);
        for (size_t i = 0; i < x.size(); ++i) x[i] = 0.4f * std::sin(0.05f * float(i)) + 0.05f * float(int(rng() % 200) - 100) / 100.f;
        for (auto [from, to] : {std::pair{48000, 16000}, std::pair{16000, 48000}, std::pair{44100, 16000}}) {
            auto whole = audio::Resampler::resample(x, from, to);
            QVERIFY(whole);
            const double expected = double(x.size()) * to / from;
            QVERIFY2(std::fabs(double(whole->size()) - expected) <= 1.0, qPrintable(QString::number(whole->size())));
            audio::Resampler streaming(from, to);
            QVERIFY(streaming.status());
            std::vector<float> out;
            size_t at = 0;
            while (at < x.size()) {
                const size_t n = std::min<size_t>(x.size() - at, 1 + rng() % 5000);
                QVERIFY(streaming.process(x.data() + at, n, out));
                at += n;
            }
            QVERIFY(streaming.flush(out));
            QCOMPARE(out.size(), whole->size());
            for (size_t i = 0; i < out.size(); ++i) QVERIFY(std::fabs(out[i] - (*whole)[i]) < 1e-5f);
        }
        auto same = audio::Resampler::resample(x, 16000, 16000);
        QVERIFY(same);
        QVERIFY(*same == x);
        auto none = audio::Resampler::resample({}, 48000, 16000);
        QVERIFY(none);
        QVERIFY(none->empty());
    }

    void resamplerRejectsBadRates() {
        auto bad = audio::Resampler::resample(std::vector<float>(100, 0.f), 0, 16000);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::InvalidArgument);
        audio::Resampler negative(-1, 16000);
        QVERIFY(!negative.status());
        std::vector<float> out;
        QVERIFY(!negative.process(out.data(), 0, out));
    }

    // ---- Spans ---------------------------------------------------------------------

    void spansSeekToTheRightPart() {
        // 3 s of silence, then 3 s of a loud tone; through every decoder path.
        std::vector<float> x(6 * 44100);
        for (size_t i = 3 * 44100; i < x.size(); ++i) x[i] = 0.8f * std::sin(2 * float(M_PI) * 500 * float(i) / 44100.f);
        QVERIFY(testdata::writeWav(path("halves.wav"), 44100, 1, x));
        QStringList files{path("halves.wav")};
        if (testdata::haveTool("ffmpeg")) {
            for (const char* ext : {"flac", "mp3", "ogg", "m4a"}) {
                const QString out = path(QStringLiteral("halves.%1").arg(ext));
                QVERIFY(ffmpeg({"-i", path("halves.wav"), out}));
                files << out;
            }
            QVERIFY(ffmpeg({"-i", path("halves.wav"), "-c:a", "alac", path("halves_alac.m4a")}));
            files << path("halves_alac.m4a");
        }
        for (const QString& f : files) {
            auto clips = audio::decodeSpans(str(f), 16000, {audio::Span{0.5, 2}, audio::Span{3.5, 2}, audio::Span{5.5, 2}});
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(int(clips->size()), 3);
            QVERIFY2(rms((*clips)[0].samples) < 0.01, qPrintable(f));
            QVERIFY2(rms((*clips)[1].samples) > 0.5, qPrintable(f));
            QCOMPARE((*clips)[1].startSeconds, 3.5);
            // The last span is clamped to the end of the file: 0.5 s remain.
            QVERIFY2(std::fabs(double((*clips)[2].samples.size()) / 16000 - 0.5) < 0.03,
                     qPrintable(f + QStringLiteral(": %1").arg((*clips)[2].samples.size())));
        }
    }

    void spanStartsOnTheRightSample() {
        // One impulse at frame 110250 (2.5 s): a span from 2.0 s has it 0.5 s in.
        std::vector<float> x(4 * 44100, 0.f);
        x[110250] = 1.f;
        QVERIFY(testdata::writeWav(path("click.wav"), 44100, 1, x));
        auto native = audio::decodeSpans(str(path("click.wav")), 44100, {audio::Span{2.0, 1.0}});
        QVERIFY(native);
        const auto& n = native->front().samples;
        QCOMPARE(n.size(), size_t(44100));
        QCOMPARE(std::max_element(n.begin(), n.end()) - n.begin(), 22050L);
        auto resampled = audio::decodeSpans(str(path("click.wav")), 16000, {audio::Span{2.0, 1.0}});
        QVERIFY(resampled);
        const auto& r = resampled->front().samples;
        const long peak = long(std::max_element(r.begin(), r.end()) - r.begin());
        QVERIFY2(std::labs(peak - 8000) <= 1, qPrintable(QString::number(peak)));
    }

    void spansAreClampedToTheFile() {
        QVERIFY(testdata::writeSineWav(path("two.wav"), 16000, 1, 2.0, 300.0));
        auto clips = audio::decodeSpans(str(path("two.wav")), 16000,
                                        {audio::Span{-1, 0.5}, audio::Span{1.5, 10}, audio::Span{5, 1}, audio::Span{1, 0},
                                         audio::Span{std::numeric_limits<double>::quiet_NaN(), 1}});
        QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
        QCOMPARE(clips->size(), size_t(5));
        QCOMPARE((*clips)[0].samples.size(), size_t(8000));   // negative start -> 0
        QCOMPARE((*clips)[1].samples.size(), size_t(8000));   // runs past the end -> what remains
        QVERIFY((*clips)[2].samples.empty());                 // past the end
        QVERIFY((*clips)[3].samples.empty());                 // zero length
        QCOMPARE((*clips)[4].samples.size(), size_t(16000));  // NaN start -> 0
        auto none = audio::decodeSpans(str(path("two.wav")), 16000, {});
        QVERIFY(none);
        QVERIFY(none->empty());
        // Spans that all miss the file are not an error: there is simply nothing there.
        auto beyond = audio::decodeSpans(str(path("two.wav")), 16000, {audio::Span{10, 3}});
        QVERIFY(beyond);
        QVERIFY(beyond->front().samples.empty());
    }

    void longFilesAreStreamedNotLoaded() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed: the 20-minute files cannot be made");
        // 20 minutes of a slow sweep (100 Hz + 2.4 Hz per second) at 8 kHz: every
        // moment has its own pitch, so a clip shows where it came from. FLAC goes
        // through libsndfile, ALAC through FFmpeg. (SoX's synth takes 6-8 s for this.)
        const QString sweep = QStringLiteral("aevalsrc=0.5*sin(2*PI*(100*t+1.2*t*t)):s=8000:d=1200");
        QVERIFY(ffmpeg({"-f", "lavfi", "-i", sweep, path("long.flac")}));
        QVERIFY(ffmpeg({"-f", "lavfi", "-i", sweep, "-c:a", "alac", path("long.m4a")}));
        const auto spans = audio::evenlySpreadSpans(1200, 3, 3);
        QCOMPARE(int(spans.size()), 3);
        QCOMPARE(spans[1].startSeconds, 598.5);
        QCOMPARE(spans.back().startSeconds, 1197.0);
        for (const char* name : {"long.flac", "long.m4a"}) {
            audio::DecodeStats stats;
            auto clips = audio::decodeSpans(str(path(name)), 16000, spans, {}, &stats);
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(int(clips->size()), 3);
            // Only the spans came out of the decoder: 9 s of 1200, plus at most one
            // codec block per seek that was decoded to find the first sample.
            QCOMPARE(stats.framesRead, int64_t(3 * 3 * 8000));
            QVERIFY2(stats.framesDecoded >= stats.framesRead && stats.framesDecoded <= stats.framesRead + 3 * 8192,
                     qPrintable(QStringLiteral("%1: %2 frames decoded").arg(name).arg(stats.framesDecoded)));
            for (const auto& clip : *clips) {
                QCOMPARE(clip.samples.size(), size_t(48000));
                double worst = 0;
                for (size_t i = 4000; i + 4000 < clip.samples.size(); ++i) {
                    const double t = clip.startSeconds + double(i) / 16000;
                    worst = std::max(worst, std::fabs(clip.samples[i] - 0.5 * std::sin(2 * M_PI * (100 * t + 1.2 * t * t))));
                }
                QVERIFY2(worst < 0.01, qPrintable(QStringLiteral("%1 at %2 s: off by %3").arg(name).arg(clip.startSeconds).arg(worst)));
            }
        }
    }

    void cancelStopsDecoding() {
        QVERIFY(testdata::writeSineWav(path("cancel.wav"), 16000, 1, 5.0));
        CancelToken cancel;
        cancel.cancel();
        auto clips = audio::decodeSpans(str(path("cancel.wav")), 16000, {audio::Span{0, 5}}, cancel);
        QVERIFY(!clips);
        QCOMPARE(clips.error().code, ErrorCode::Cancelled);
        QVERIFY(messageProblem(clips.error().message, path("cancel.wav")).isEmpty());
    }

    void spansWantedTwiceAreDecodedOnce() {
        std::vector<audio::Span> spans{{0.0, 30.0}};
        const auto positions = audio::addDistinctSpans(spans, {{0.0, 30.0}, {40.0, 5.0}, {0.0, 5.0}, {40.0, 5.0}});
        QCOMPARE(positions, (std::vector<size_t>{0, 1, 2, 1}));
        QCOMPARE(int(spans.size()), 3);
        QCOMPARE(spans[1].startSeconds, 40.0);
        QCOMPARE(spans[2].lengthSeconds, 5.0);
    }

    void evenlySpreadSpansEdgeCases() {
        QVERIFY(audio::evenlySpreadSpans(0, 5, 4).empty());
        QVERIFY(audio::evenlySpreadSpans(-3, 5, 4).empty());
        QVERIFY(audio::evenlySpreadSpans(10, 5, 0).empty());
        QVERIFY(audio::evenlySpreadSpans(10, 0, 3).empty());
        QVERIFY(audio::evenlySpreadSpans(std::numeric_limits<double>::quiet_NaN(), 5, 3).empty());
        QVERIFY(audio::evenlySpreadSpans(std::numeric_limits<double>::infinity(), 5, 3).empty());
        auto whole = audio::evenlySpreadSpans(3, 5, 4);  // shorter than a window: the whole track
        QCOMPARE(int(whole.size()), 1);
        QCOMPARE(whole[0].startSeconds, 0.0);
        QCOMPARE(whole[0].lengthSeconds, 3.0);
        auto exact = audio::evenlySpreadSpans(5, 5, 4);
        QCOMPARE(int(exact.size()), 1);
        QCOMPARE(exact[0].lengthSeconds, 5.0);
        auto middle = audio::evenlySpreadSpans(9, 5, 4);  // one window fits: it sits in the middle
        QCOMPARE(int(middle.size()), 1);
        QCOMPARE(middle[0].startSeconds, 2.0);
        auto two = audio::evenlySpreadSpans(11, 5, 8);  // only two 5 s windows fit without overlap
        QCOMPARE(int(two.size()), 2);
        QCOMPARE(two[0].startSeconds, 0.0);
        QCOMPARE(two[1].startSeconds + two[1].lengthSeconds, 11.0);
        auto four = audio::evenlySpreadSpans(100, 5, 4);
        QCOMPARE(int(four.size()), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(four[size_t(i)].startSeconds, 95.0 * i / 3);
            QCOMPARE(four[size_t(i)].lengthSeconds, 5.0);
        }
        auto one = audio::evenlySpreadSpans(100, 5, 1);
        QCOMPARE(int(one.size()), 1);
        QCOMPARE(one[0].startSeconds, 47.5);
        auto many = audio::evenlySpreadSpans(7200, 10, 100000);  // capped by what fits
        QCOMPARE(int(many.size()), 720);
        for (size_t i = 1; i < many.size(); ++i) QVERIFY(many[i].startSeconds >= many[i - 1].startSeconds + 10 - 1e-9);
        QCOMPARE(many.back().startSeconds + many.back().lengthSeconds, 7200.0);
    }

    // ---- Bad input -----------------------------------------------------------------

    void missingFile() { expectError(path("does-not-exist.wav"), {ErrorCode::FileNotFound}); }

    void emptyFile() {
        writeBytes("empty.wav", {});
        expectError(path("empty.wav"), {ErrorCode::Empty});
    }

    void directoryPath() {
        QVERIFY(QDir(dir_.path()).mkdir("folder.mp3"));
        expectError(path("folder.mp3"), {ErrorCode::NotAudio});
    }

    void randomBytes_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"noise.mp3", "noise.wav", "noise.flac", "noise.m4a", "noise.ogg", "noise.opus", "noise.aiff"})
            QTest::newRow(name) << QString::fromLatin1(name);
        QTest::newRow("text") << QStringLiteral("notes.txt");
    }

    void randomBytes() {
        QFETCH(QString, name);
        QByteArray bytes;
        if (name.endsWith(QLatin1String(".txt"))) {
            bytes = QByteArray("These are not the droids you are looking for.\n").repeated(200);
        } else {
            std::mt19937 rng(uint32_t(qHash(name)));
            for (int i = 0; i < 50000; ++i) bytes.append(char(rng() & 0xFF));
        }
        writeBytes(name, bytes);
        expectError(path(name), {ErrorCode::NotAudio});
    }

    void zeroSampleWav() {
        QVERIFY(testdata::writeWav(path("zero.wav"), 44100, 2, {}));
        expectError(path("zero.wav"), {ErrorCode::Empty});
    }

    void wavHeaderClaimingMoreThanPresent() {
        // 1 s of audio under a header that promises 10 s: a copy that stopped part-way.
        std::vector<float> x(16000);
        for (size_t i = 0; i < x.size(); ++i) x[i] = 0.3f * std::sin(float(i) * 0.2f);
        QVERIFY(testdata::writeWav(path("liar.wav"), 16000, 1, x, 10 * 16000 * 4));
        expectError(path("liar.wav"), {ErrorCode::Truncated});
        QVERIFY(QString::fromStdString(audio::probe(str(path("liar.wav"))).error().message).contains("10.0 seconds"));
        // Half a second short of 10.5 s is within what codecs and sloppy writers leave: decoded as it is.
        std::vector<float> y(10 * 16000, 0.3f);
        QVERIFY(testdata::writeWav(path("nearly.wav"), 16000, 1, y, (10 * 16000 + 8000) * 4));
        auto clips = audio::decodeSpans(str(path("nearly.wav")), 16000, {audio::Span{0, 30}});
        QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
        QCOMPARE(clips->front().samples.size(), size_t(160000));
    }

    void streamedWavsWithPlaceholderSizes() {
        // Writers that stream to a pipe cannot fix the header: FFmpeg leaves 0xFFFFFFFF,
        // others 0. The samples are all there and must decode.
        std::vector<float> x(16000, 0.25f);
        QVERIFY(testdata::writeWav(path("streamed_ffff.wav"), 16000, 1, x, 0xFFFFFFFFLL));
        QVERIFY(testdata::writeWav(path("streamed_zero.wav"), 16000, 1, x, 0));
        for (const char* name : {"streamed_ffff.wav", "streamed_zero.wav"}) {
            auto info = audio::probe(str(path(name)));
            QVERIFY2(info, info ? "" : info.error().message.c_str());
            QCOMPARE(info->frames, int64_t(16000));
            auto clips = audio::decodeSpans(str(path(name)), 16000, {audio::Span{0, 30}});
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(clips->front().samples.size(), size_t(16000));
        }
    }

    void absurdParameters_data() {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::newRow("1 Hz") << 1 << 1;
        QTest::newRow("999 Hz") << 999 << 1;
        QTest::newRow("3 MHz") << 3000000 << 1;
        QTest::newRow("0 channels") << 16000 << 0;
        QTest::newRow("65 channels") << 16000 << 65;
    }

    void absurdParameters() {
        QFETCH(int, rate);
        QFETCH(int, channels);
        const QString name = QStringLiteral("absurd_%1_%2.wav").arg(rate).arg(channels);
        QVERIFY(testdata::writeWav(path(name), rate, channels, std::vector<float>(size_t(std::max(channels, 1)) * 2000, 0.1f)));
        expectError(path(name), {ErrorCode::BadParameters});
    }

    void truncatedCompressedFiles_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("codecArgs");
        QTest::newRow("flac") << "cut.flac" << QStringList{};
        QTest::newRow("mp3") << "cut.mp3" << QStringList{"-c:a", "libmp3lame", "-b:a", "128k"};
        QTest::newRow("aac faststart") << "cut.m4a" << QStringList{"-c:a", "aac", "-movflags", "+faststart"};
        QTest::newRow("alac faststart") << "cut_alac.m4a" << QStringList{"-c:a", "alac", "-movflags", "+faststart"};
    }

    void truncatedCompressedFiles() {
        QFETCH(QString, name);
        QFETCH(QStringList, codecArgs);
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        const QString full = QStringLiteral("full_") + name;
        QVERIFY(ffmpegTone(path(full), 10, 44100, codecArgs));
        // Cut in the middle: the header still promises 10 s.
        const QString half = QStringLiteral("half_") + name;
        writeCut(full, half, 0.5);
        auto info = audio::probe(str(path(half)));
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QVERIFY(std::fabs(info->durationSeconds - 10) < 0.1);
        // What lies before the cut decodes; asking for what is missing says the file is cut short.
        auto early = audio::decodeSpans(str(path(half)), 16000, {audio::Span{1, 2}});
        QVERIFY2(early, early ? "" : early.error().message.c_str());
        QCOMPARE(early->front().samples.size(), size_t(32000));
        expectError(path(half), {ErrorCode::Truncated}, Probe::MayPass);
        auto late = audio::decodeSpans(str(path(half)), 16000, {audio::Span{1, 2}, audio::Span{7, 2}});
        QVERIFY(!late);
        QCOMPARE(late.error().code, ErrorCode::Truncated);
        // Only the last few percent missing: the music is there, so it decodes as far as it goes.
        const QString most = QStringLiteral("most_") + name;
        writeCut(full, most, 0.97);
        auto clips = audio::decodeSpans(str(path(most)), 16000, {audio::Span{0, 30}});
        QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
        const double seconds = double(clips->front().samples.size()) / 16000;
        QVERIFY2(seconds > 9 && seconds < 10, qPrintable(QString::number(seconds)));
        // Cut right after the header: it starts like audio, so it is reported as truncated
        // (by probe too unless the header happens to be whole).
        const QString stub = QStringLiteral("stub_") + name;
        writeCut(full, stub, 0.002);
        expectError(path(stub), {ErrorCode::Truncated}, Probe::MayPass);
    }

    void truncatedOggIsMeasuredFromItsData() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        // An Ogg stream states no length in its header; a cut one ends where its last page does.
        QVERIFY(ffmpegTone(path("full.ogg"), 10, 44100, {"-c:a", "libvorbis"}));
        writeCut("full.ogg", "half.ogg", 0.5);
        auto info = audio::probe(str(path("half.ogg")));
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QVERIFY2(info->durationSeconds > 3 && info->durationSeconds < 7, qPrintable(QString::number(info->durationSeconds)));
        auto clips = audio::decodeSpans(str(path("half.ogg")), 16000, {audio::Span{0, 30}});
        QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
        QVERIFY(std::fabs(double(clips->front().samples.size()) / 16000 - info->durationSeconds) < 0.1);
    }

    void truncatedMp4WithoutIndex() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        // FFmpeg writes the MP4 index at the end by default: a cut file has none.
        QVERIFY(ffmpegTone(path("noindex.m4a"), 10, 44100, {"-c:a", "aac"}));
        writeCut("noindex.m4a", "noindex_half.m4a", 0.5);
        expectError(path("noindex_half.m4a"), {ErrorCode::Truncated});
    }

    void oneDecodeServesSeveralReaders() {
        // Issue 17: overlapping spans, two rates and a mid/side reader from one pass;
        // each clip equals what decodeSpans gives for it alone, and no frame is decoded twice.
        const int rate = 44100;
        const double seconds = 20;
        std::vector<float> stereo(size_t(seconds * rate) * 2);
        for (size_t i = 0; i < stereo.size() / 2; ++i) {
            const double t = double(i) / rate;
            stereo[2 * i] = float(0.4 * std::sin(2 * M_PI * (220 + 5 * t) * t));
            stereo[2 * i + 1] = float(0.3 * std::sin(2 * M_PI * 330 * t));
        }
        QVERIFY(testdata::writeWav(path("several.wav"), rate, 2, stereo));
        const std::string file = str(path("several.wav"));
        const std::vector<audio::Span> view{{0, 8}}, tiles{{0, 5}, {5, 5}, {10, 5}, {15, 5}}, windows{{3, 4}, {12, 6}};
        std::vector<audio::DecodeRequest> requests{{16000, view, audio::Channels::Mono},
                                                   {16000, tiles, audio::Channels::Mono},
                                                   {22050, windows, audio::Channels::MidSide}};
        const audio::DecoderActivity before = audio::decoderActivity();
        audio::DecodeStats stats;
        auto decoded = audio::decodeRequests(file, requests, {}, &stats);
        const audio::DecoderActivity after = audio::decoderActivity();
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        QCOMPARE(after.opens - before.opens, int64_t(1));
        QCOMPARE(stats.framesRead, int64_t(seconds * rate));
        QCOMPARE(after.framesDecoded - before.framesDecoded, int64_t(seconds * rate));
        QCOMPARE(decoded->size(), size_t(3));
        for (size_t r = 0; r < requests.size(); ++r) {
            auto alone = audio::decodeSpans(file, requests[r].sampleRate, requests[r].spans);
            QVERIFY(alone);
            QCOMPARE((*decoded)[r].clips.size(), alone->size());
            for (size_t i = 0; i < alone->size(); ++i) {
                QCOMPARE((*decoded)[r].clips[i].startSeconds, (*alone)[i].startSeconds);
                QCOMPARE((*decoded)[r].clips[i].samples, (*alone)[i].samples);
            }
        }
        QVERIFY((*decoded)[0].sides.empty());
        // Mid/side: the side is (left - right) / 2 at the reader's rate.
        const auto& mid = (*decoded)[2];
        QCOMPARE(mid.sides.size(), mid.clips.size());
        std::vector<float> sideAt44k(stereo.size() / 2);
        for (size_t i = 0; i < sideAt44k.size(); ++i) sideAt44k[i] = 0.5f * (stereo[2 * i] - stereo[2 * i + 1]);
        for (size_t i = 0; i < windows.size(); ++i) {
            const size_t first = size_t(windows[i].startSeconds * rate), n = size_t(windows[i].lengthSeconds * rate);
            auto expected = audio::Resampler::resample(
                std::vector<float>(sideAt44k.begin() + long(first), sideAt44k.begin() + long(first + n)), rate, 22050);
            QVERIFY(expected);
            QCOMPARE(mid.sides[i].size(), mid.clips[i].samples.size());
            QCOMPARE(mid.sides[i].size(), expected->size());
            double worst = 0;
            for (size_t k = 0; k < expected->size(); ++k) worst = std::max(worst, double(std::fabs(mid.sides[i][k] - (*expected)[k])));
            QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        }
        // A mono file gives a mid/side reader its mid alone.
        QVERIFY(testdata::writeSineWav(path("mono.wav"), 22050, 1, 3.0));
        auto mono = audio::decodeRequests(str(path("mono.wav")), {{22050, {{0, 2}}, audio::Channels::MidSide}});
        QVERIFY(mono);
        QVERIFY(mono->front().sides.empty());
        QCOMPARE(mono->front().clips.front().samples.size(), size_t(44100));
    }

    void theSplitFrameIsStraddledByNoClip() {
        audio::SourceInfo info;
        info.decoder = "libsndfile";
        info.sampleRate = 44100;
        info.frames = 100 * 44100;
        const std::vector<audio::Span> tiles = audio::tilingSpans(100, 5, 120);
        auto frame = audio::splitFrame(info, {{16000, tiles, audio::Channels::Mono}});
        QVERIFY(frame);
        QCOMPARE(*frame, int64_t(50 * 44100));
        // A clip across the middle moves the cut to the nearest boundary outside it.
        frame = audio::splitFrame(info, {{16000, tiles, audio::Channels::Mono}, {22050, {{42, 10}}, audio::Channels::MidSide}});
        QVERIFY(frame);
        QCOMPARE(*frame, int64_t(55 * 44100));
        // No cut: a clip over the whole middle half, a short file, a length that is only
        // an estimate, or FFmpeg's seeks.
        QVERIFY(!audio::splitFrame(info, {{16000, tiles, audio::Channels::Mono}, {16000, {{20, 60}}, audio::Channels::Mono}}));
        audio::SourceInfo shortFile = info;
        shortFile.frames = 50 * 44100;
        QVERIFY(!audio::splitFrame(shortFile, {{16000, audio::tilingSpans(50, 5, 120), audio::Channels::Mono}}));
        audio::SourceInfo estimated = info;
        estimated.lengthEstimated = true;
        QVERIFY(!audio::splitFrame(estimated, {{16000, tiles, audio::Channels::Mono}}));
        audio::SourceInfo ffmpeg = info;
        ffmpeg.decoder = "ffmpeg";
        QVERIFY(!audio::splitFrame(ffmpeg, {{16000, tiles, audio::Channels::Mono}}));
    }

    void aHelperDecodesTheSecondHalfToTheSameClips() {
        // Issue 17: an analysis's pass with an idle worker gives exactly the clips of
        // one pass, for every format libsndfile reads (its seeks land on the same
        // samples as reading through), decodes each frame once (WAV: no codec
        // priming to redo), and opens the file a second time only for the helper.
        const int rate = 44100;
        const double seconds = 70;
        std::vector<float> stereo(size_t(seconds * rate) * 2);
        std::mt19937 rng(7);
        std::normal_distribution<float> noise(0.f, 0.05f);
        for (size_t i = 0; i < stereo.size() / 2; ++i) {
            const double t = double(i) / rate;
            stereo[2 * i] = float(0.4 * std::sin(2 * M_PI * (220 + 3 * t) * t)) + noise(rng);
            stereo[2 * i + 1] = float(0.3 * std::sin(2 * M_PI * 330 * t)) + noise(rng);
        }
        QVERIFY(testdata::writeWav(path("helped.wav"), rate, 2, stereo));
        QStringList files{QStringLiteral("helped.wav")};
        if (testdata::haveTool("ffmpeg"))
            for (const QString& name : {QStringLiteral("helped.flac"), QStringLiteral("helped.mp3"), QStringLiteral("helped.ogg")}) {
                QVERIFY(ffmpeg({"-i", path("helped.wav"), path(name)}));
                files << name;
            }
        // As an analysis asks: tiles at 16 kHz, spread mid/side windows at 22.05 kHz,
        // and a view window across the middle.
        const std::vector<audio::DecodeRequest> requests{
            {16000, {{30, 10}}, audio::Channels::Mono},
            {16000, audio::tilingSpans(seconds, 5, 120), audio::Channels::Mono},
            {22050, audio::evenlySpreadSpans(seconds, 10, 12), audio::Channels::MidSide}};
        runtime::WorkerPool pool(1, 4);
        for (const QString& name : files) {
            const std::string file = str(path(name));
            auto single = audio::decodeRequests(file, requests);
            QVERIFY2(single, single ? "" : single.error().message.c_str());
            auto opened = audio::openMeasured(file);
            QVERIFY(opened);
            const auto split = audio::splitFrame(opened->info, requests);
            QVERIFY2(split, qPrintable(name));
            // The worker may be between tasks when asked: try until it was idle.
            bool helped = false;
            for (int attempt = 0; attempt < 50 && !helped; ++attempt) {
                auto source = audio::open(file);
                QVERIFY(source);
                const audio::DecoderActivity before = audio::decoderActivity();
                auto decoded = audio::decodeRequestsWithHelper(**source, requests, &pool);
                const audio::DecoderActivity after = audio::decoderActivity();
                QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
                helped = after.opens - before.opens == 1;
                QVERIFY(after.opens - before.opens <= 1);
                if (name.endsWith(QLatin1String(".wav")))
                    QCOMPARE(after.framesDecoded - before.framesDecoded, int64_t(seconds * rate));
                QCOMPARE(decoded->size(), single->size());
                for (size_t r = 0; r < requests.size(); ++r) {
                    QCOMPARE((*decoded)[r].clips.size(), (*single)[r].clips.size());
                    for (size_t i = 0; i < (*single)[r].clips.size(); ++i) {
                        QCOMPARE((*decoded)[r].clips[i].startSeconds, (*single)[r].clips[i].startSeconds);
                        QVERIFY2((*decoded)[r].clips[i].samples == (*single)[r].clips[i].samples,
                                 qPrintable(QStringLiteral("%1: request %2, clip %3 differs").arg(name).arg(r).arg(i)));
                    }
                    QVERIFY((*decoded)[r].sides == (*single)[r].sides);
                }
                if (!helped) QTest::qWait(10);
            }
            QVERIFY2(helped, qPrintable(name + QStringLiteral(": the idle worker never took the second half")));
        }
        // A damaged long file: the same error, word for word, as one pass gives,
        // whether the cut falls in the first half or the second.
        if (files.contains(QStringLiteral("helped.mp3")))
            for (const double kept : {0.3, 0.6}) {
                const QString cut = QStringLiteral("helped-cut%1.mp3").arg(int(kept * 10));
                writeCut(QStringLiteral("helped.mp3"), cut, kept);
                auto source = audio::open(str(path(cut)));
                QVERIFY(source);
                auto single = audio::decodeRequests(str(path(cut)), requests);
                auto helped = audio::decodeRequestsWithHelper(**source, requests, &pool);
                QVERIFY2(!single && !helped, qPrintable(cut));
                QCOMPARE(helped.error().code, single.error().code);
                QCOMPARE(helped.error().message, single.error().message);
            }
        // No idle worker: one pass, no second open.
        std::atomic<bool> release{false};
        struct Release {
            std::atomic<bool>& flag;
            ~Release() { flag = true; }  // whatever fails below, the pool can still join
        } releaseOnExit{release};
        auto busy = [&release] {
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        };
        bool offered = false;
        QTRY_VERIFY(offered = offered || pool.trySubmitToIdleWorker(busy));
        auto source = audio::open(str(path("helped.wav")));
        QVERIFY(source);
        const audio::DecoderActivity before = audio::decoderActivity();
        auto alone = audio::decodeRequestsWithHelper(**source, requests, &pool);
        QCOMPARE(audio::decoderActivity().opens - before.opens, int64_t(0));
        release = true;
        QVERIFY(alone);
        QVERIFY(alone->back().sides == audio::decodeRequests(str(path("helped.wav")), requests)->back().sides);
    }

    void nonFiniteSamplesBecomeSilence() {
        std::vector<float> x(16000, 0.25f);
        x[100] = std::numeric_limits<float>::quiet_NaN();
        x[200] = std::numeric_limits<float>::infinity();
        x[300] = -std::numeric_limits<float>::infinity();
        QVERIFY(testdata::writeWav(path("nan.wav"), 16000, 1, x));
        audio::DecodeStats stats;
        auto clips = audio::decodeSpans(str(path("nan.wav")), 16000, {audio::Span{0, 1}}, {}, &stats);
        QVERIFY(clips);
        QCOMPARE(stats.nonFiniteSamples, int64_t(3));
        const auto& y = clips->front().samples;
        for (float v : y) QVERIFY(std::isfinite(v));
        QCOMPARE(y[100], 0.f);
        QCOMPARE(y[200], 0.f);
        QCOMPARE(y[99], 0.25f);
        // Resampled, the replaced samples leave finite values too.
        auto resampled = audio::decodeSpans(str(path("nan.wav")), 48000, {audio::Span{0, 1}});
        QVERIFY(resampled);
        for (float v : resampled->front().samples) QVERIFY(std::isfinite(v));
    }

    void absurdFloatSamplesAreClipped() {
        // Found by fuzz_decode: a float WAV holding 2.7e38 overflowed the front end's
        // power spectrum and the whole spectrogram became NaN.
        std::vector<float> x(16000, 0.25f);
        x[100] = 2.7e38f;
        x[200] = -1e30f;
        x[300] = 999.f;  // loud but within the limit: kept
        QVERIFY(testdata::writeWav(path("huge.wav"), 16000, 1, x));
        audio::DecodeStats stats;
        auto clips = audio::decodeSpans(str(path("huge.wav")), 16000, {audio::Span{0, 1}}, {}, &stats);
        QVERIFY(clips);
        QCOMPARE(stats.clippedSamples, int64_t(2));
        const auto& y = clips->front().samples;
        QCOMPARE(y[100], 1000.f);
        QCOMPARE(y[200], -1000.f);
        QCOMPARE(y[300], 999.f);
        const dsp::Matrix db = dsp::DetectorFrontEnd().logMelDb(y.data(), y.size());
        for (float v : db.data) QVERIFY(std::isfinite(v));
    }

    void pathThatReadsAsUrlIsALocalFile() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed");
        // "http://127.0.0.1:9/tone.m4a" names a local file (in the folders "http:" and
        // "127.0.0.1:9"). FFmpeg used to fetch it over HTTP instead of reading it; nothing
        // listens on port 9, so the file failed. HumanEar must never open a connection.
        QVERIFY(QDir(dir_.path()).mkpath("http:/127.0.0.1:9"));
        QVERIFY(ffmpegTone(path("http:/127.0.0.1:9/tone.m4a"), 3, 44100, {"-c:a", "aac"}));
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir_.path()));
        auto info = audio::probe("http://127.0.0.1:9/tone.m4a");
        QDir::setCurrent(previous);
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QCOMPARE(info->decoder, std::string("ffmpeg"));
        QVERIFY(std::fabs(info->durationSeconds - 3) < 0.1);
    }

    void unreadableFileIsReported() {
        if (geteuid() == 0) QSKIP("running as root: permissions do not stop root from reading, so this cannot be tested");
        QVERIFY(testdata::writeSineWav(path("locked.wav"), 16000, 1, 1.0));
        QVERIFY(QFile::setPermissions(path("locked.wav"), QFileDevice::Permissions()));
        expectError(path("locked.wav"), {ErrorCode::PermissionDenied});
    }

    void invalidTargetRate() {
        QVERIFY(testdata::writeSineWav(path("target.wav"), 16000, 1, 1.0));
        for (int rate : {0, -16000, 999, 1000000}) {
            auto clips = audio::decodeSpans(str(path("target.wav")), rate, {audio::Span{0, 1}});
            QVERIFY(!clips);
            QCOMPARE(clips.error().code, ErrorCode::InvalidArgument);
            QVERIFY(messageProblem(clips.error().message, path("target.wav")).isEmpty());
        }
    }

    // ---- Threads -------------------------------------------------------------------

    void concurrentDecodesAgree() {
        // Different files on different threads at once give what they give alone.
        QStringList files;
        QVERIFY(testdata::writeSineWav(path("par.wav"), 44100, 2, 4.0, 700.0));
        files << path("par.wav");
        if (testdata::haveTool("ffmpeg")) {
            const QList<QPair<QString, QStringList>> kinds{{"par.flac", {}},
                                                           {"par.mp3", {}},
                                                           {"par.ogg", {}},
                                                           {"par.opus", {}},
                                                           {"par.m4a", {}},
                                                           {"par_alac.m4a", {"-c:a", "alac"}}};
            for (const auto& [name, args] : kinds) {
                QVERIFY(ffmpegTone(path(name), 4, 48000, args));
                files << path(name);
            }
        }
        const std::vector<audio::Span> spans{{0.2, 1.0}, {2.5, 1.0}, {1.0, 0.5}};
        std::vector<std::vector<std::vector<float>>> reference;
        for (const QString& f : files) {
            auto clips = audio::decodeSpans(str(f), 16000, spans);
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            std::vector<std::vector<float>> samples;
            for (auto& c : *clips) samples.push_back(c.samples);
            reference.push_back(std::move(samples));
        }
        std::atomic<int> mismatches{0}, failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t)
            threads.emplace_back([&, t] {
                for (int round = 0; round < 4; ++round)
                    for (int k = 0; k < files.size(); ++k) {
                        const int i = (k + t + round) % int(files.size());
                        auto clips = audio::decodeSpans(str(files[i]), 16000, spans);
                        if (!clips) {
                            ++failures;
                            continue;
                        }
                        for (size_t s = 0; s < spans.size(); ++s)
                            if ((*clips)[s].samples != reference[size_t(i)][s]) ++mismatches;
                        // Bad files on several threads at once too: libsndfile keeps global error state.
                        if (audio::probe(str(path("not-there.flac")))) ++failures;
                    }
            });
        for (auto& thread : threads) thread.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(mismatches.load(), 0);
    }

    // ---- Helpers for the analysis layer --------------------------------------------

    void silenceIsDetected() {
        QVERIFY(audio::isSilent({}));
        QVERIFY(audio::isSilent(std::vector<float>(1000, 0.f)));
        QVERIFY(audio::isSilent(std::vector<float>(1000, 1e-5f)));  // -100 dBFS
        QVERIFY(!audio::isSilent(std::vector<float>(1000, 0.01f)));  // -40 dBFS
        std::vector<float> oneClick(1000, 0.f);
        oneClick[500] = -0.5f;
        QVERIFY(!audio::isSilent(oneClick));
        QVERIFY(audio::isSilent(std::vector<float>(1000, 0.01f), -30.f));
        std::vector<float> broken(1000, 0.f);
        broken[1] = std::numeric_limits<float>::quiet_NaN();
        broken[2] = std::numeric_limits<float>::infinity();
        QVERIFY(audio::isSilent(broken));
    }
};

QTEST_GUILESS_MAIN(TestAudioDecode)
#include "test_audio_decode.moc"
