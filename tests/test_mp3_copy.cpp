// The MP3 copy a detector member can judge (audio::Mp3RoundTrip): on the input's
// grid and length, the same however it is fed, and the same encode as the ffmpeg tool's.
#include "audio/decoder.h"
#include "audio/mp3_round_trip.h"
#include "synth_signals.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>
#include <tuple>

using namespace humanear;

namespace {

std::vector<float> interleave(const std::vector<float>& left, const std::vector<float>& right) {
    std::vector<float> out(left.size() * 2);
    for (size_t i = 0; i < left.size(); ++i) {
        out[2 * i] = left[i];
        out[2 * i + 1] = right[i];
    }
    return out;
}

// Correlation of a and b (same length) with b shifted by `lag` samples.
double correlation(const std::vector<float>& a, const std::vector<float>& b, int lag) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const long j = long(i) + lag;
        if (j < 0 || j >= long(b.size())) continue;
        ab += double(a[i]) * b[size_t(j)];
        aa += double(a[i]) * a[i];
        bb += double(b[size_t(j)]) * b[size_t(j)];
    }
    return ab / std::sqrt(aa * bb + 1e-30);
}

// The lag within +-maxLag at which b best matches a.
int bestLag(const std::vector<float>& a, const std::vector<float>& b, int maxLag) {
    int best = 0;
    for (int lag = -maxLag; lag <= maxLag; ++lag)
        if (correlation(a, b, lag) > correlation(a, b, best)) best = lag;
    return best;
}

std::vector<float> channel(const std::vector<float>& interleaved, int channels, int c) {
    std::vector<float> out(interleaved.size() / size_t(channels));
    for (size_t i = 0; i < out.size(); ++i) out[i] = interleaved[i * size_t(channels) + size_t(c)];
    return out;
}

Result<std::vector<float>> roundTrip(const std::vector<float>& interleaved, int rate, int channels,
                                     const std::vector<int64_t>& chunks) {
    auto made = audio::Mp3RoundTrip::create(rate, channels, 64, "test.wav");
    if (!made) return made.error();
    std::vector<float> out;
    int64_t at = 0;
    const int64_t frames = int64_t(interleaved.size()) / channels;
    for (size_t k = 0; at < frames; ++k) {
        const int64_t n = std::min(frames - at, chunks[k % chunks.size()]);
        if (auto s = (*made)->push(interleaved.data() + at * channels, n, out); !s) return s.error();
        at += n;
    }
    if (auto s = (*made)->finish(out); !s) return s.error();
    return out;
}

}  // namespace

class TestMp3Copy : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    // Same length, no shift (the codec's delay removed), close to the input below the
    // codec's band; stereo stays stereo.
    void theCopyLinesUpWithTheInput() {
        const int rate = 44100;
        const auto left = synth::musicLike(rate, 4.0, 3), right = synth::musicLike(rate, 4.0, 8);
        const auto input = interleave(left, right);
        auto copy = roundTrip(input, rate, 2, {65536});
        QVERIFY2(copy, copy ? "" : copy.error().message.c_str());
        QCOMPARE(copy->size(), input.size());
        for (int c = 0; c < 2; ++c) {
            const auto in = channel(input, 2, c), out = channel(*copy, 2, c);
            QCOMPARE(bestLag(in, out, 2000), 0);
            QVERIFY2(correlation(in, out, 0) > 0.95, qPrintable(QString::number(correlation(in, out, 0))));
            QVERIFY(correlation(in, out, 0) < 0.99999);  // lossy: a copy, not the input
        }
    }

    // Fed in blocks of any size, the copy is the same.
    void theCopyDoesNotDependOnTheBlocks() {
        const int rate = 22050;
        const auto mono = synth::musicLike(rate, 3.0, 5);
        auto whole = roundTrip(mono, rate, 1, {1 << 20});
        auto pieces = roundTrip(mono, rate, 1, {1, 1000, 7, 4096, 333});
        QVERIFY(whole && pieces);
        QCOMPARE(pieces->size(), mono.size());
        QVERIFY(*whole == *pieces);
    }

    // A detector window (16 kHz mono) lines up as a stereo file does; what MP3 cannot
    // carry (another rate, more than two channels) and a bit rate of 0 are refused,
    // naming the input, rather than converted behind the caller's back.
    void windowsLineUpAndWhatMp3LacksIsRefused() {
        const auto mono = synth::musicLike(16000, 5.0, 6);
        auto copy = roundTrip(mono, 16000, 1, {80000});
        QVERIFY2(copy, copy ? "" : copy.error().message.c_str());
        QCOMPARE(copy->size(), mono.size());
        QCOMPARE(bestLag(mono, *copy, 2000), 0);
        QVERIFY(correlation(mono, *copy, 0) > 0.95);

        for (const auto& [rate, channels, kbps] : {std::tuple{96000, 1, 64}, {44100, 6, 64}, {44100, 2, 0}}) {
            auto refused = audio::Mp3RoundTrip::create(rate, channels, kbps, "odd.wav");
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
            QVERIFY(QString::fromStdString(refused.error().message).contains("\"odd.wav\""));
        }
    }

    // The same encode as `ffmpeg -c:a libmp3lame -b:a 64k` (and, at a quality, with
    // -compression_level): the tool's copy, decoded, matches this one once lined up.
    void theCopyIsTheFfmpegToolsEncode_data() {
        QTest::addColumn<int>("quality");
        QTest::newRow("LAME's default") << -1;
        QTest::newRow("quality 7") << 7;
    }
    void theCopyIsTheFfmpegToolsEncode() {
        QFETCH(int, quality);
        if (QStandardPaths::findExecutable("ffmpeg").isEmpty()) QSKIP("the ffmpeg tool is not installed");
        const int rate = 44100;
        const auto left = synth::musicLike(rate, 6.0, 11), right = synth::musicLike(rate, 6.0, 12);
        const auto stereo = interleave(left, right);
        QVERIFY(testdata::writeWav(path("tool.wav"), rate, 2, stereo));
        QStringList args{"-hide_banner", "-loglevel", "error", "-y", "-i", path("tool.wav"), "-c:a", "libmp3lame",
                         "-b:a", "64k"};
        if (quality >= 0) args << "-compression_level" << QString::number(quality);
        QProcess ffmpeg;
        ffmpeg.start("ffmpeg", args << path("tool.mp3"));
        QVERIFY(ffmpeg.waitForFinished(60000));
        QCOMPARE(ffmpeg.exitCode(), 0);
        auto tool = audio::decodeSpans(path("tool.mp3").toStdString(), rate, {{0, 6}});
        auto made = audio::Mp3RoundTrip::create(rate, 2, 64, "tool.wav", quality);
        QVERIFY(tool && made);
        std::vector<float> mine;
        QVERIFY((*made)->push(stereo.data(), int64_t(left.size()), mine));
        QVERIFY((*made)->finish(mine));
        std::vector<float> mineMono(left.size());
        for (size_t i = 0; i < mineMono.size(); ++i) mineMono[i] = 0.5f * (mine[2 * i] + mine[2 * i + 1]);
        const auto& toolMono = tool->front().samples;
        QVERIFY(std::abs(long(toolMono.size()) - long(mineMono.size())) <= 1152 * 2);
        const int lag = bestLag(mineMono, toolMono, 3000);
        const double match = correlation(mineMono, toolMono, lag);
        qInfo("ffmpeg tool's copy against this one: best lag %d samples, correlation %.6f", lag, match);
        QCOMPARE(lag, 0);
        QVERIFY2(match > 0.999, qPrintable(QString::number(match)));
        if (quality >= 0) {
            // A quality is a different encode, not the default one relabelled.
            auto byDefault = roundTrip(stereo, rate, 2, {65536});
            QVERIFY(byDefault && *byDefault != mine);
        }
    }
};

QTEST_GUILESS_MAIN(TestMp3Copy)
#include "test_mp3_copy.moc"
