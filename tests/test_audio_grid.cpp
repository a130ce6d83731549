// A grid of real files made at test time with ffmpeg and SoX: every format HumanEar
// promises (WAV 8/16/24/32-bit and float, AIFF, FLAC, Ogg Vorbis, Opus, MP3, AAC and
// ALAC in M4A), mono/stereo/5.1, 8-192 kHz, from two different writers. Each must
// probe right, decode to a clean 1 kHz tone of the right length at both model rates,
// and seek to the right sample.
#include "audio/decoder.h"
#include "audio_checks.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>

using namespace humanear;

namespace {

// Share of a clip's energy (middle half, Hann window) at `frequency`: about 1 for a
// clean tone, near 0 for noise or a tone at another pitch.
double toneFraction(const std::vector<float>& x, int sampleRate, double frequency) {
    const size_t from = x.size() / 4, n = x.size() / 2;
    if (n < 16) return 0;
    const double w = 2 * M_PI * frequency / sampleRate;
    double re = 0, im = 0, energy = 0;
    for (size_t i = 0; i < n; ++i) {
        const double hann = 0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(n - 1));
        const double v = hann * x[from + i];
        re += v * std::cos(w * double(i));
        im -= v * std::sin(w * double(i));
        energy += v * v;
    }
    return energy > 0 ? 3.0 * (re * re + im * im) / (double(n) * energy) : 0;
}

// Runs a generator; an absent tool or a format the local build lacks skips the row
// (the decoder is not at fault), any other failure is a test failure.
enum class Made { Yes, ToolMissing, FormatMissing, Failed };
Made make(const QString& tool, const QStringList& args, QString* why) {
    if (!testdata::haveTool(tool)) {
        *why = tool + QStringLiteral(" is not installed");
        return Made::ToolMissing;
    }
    QString error;
    if (testdata::runTool(tool, args, &error)) return Made::Yes;
    *why = tool + QStringLiteral(": ") + error.trimmed();
    for (const char* missing : {"no handler for file extension", "Unknown encoder", "Encoder not found",
                                "not compiled in", "Requested output format"})
        if (error.contains(QLatin1String(missing))) return Made::FormatMissing;
    return Made::Failed;
}

#define MAKE_OR_SKIP(tool, args)                                                                   \
    do {                                                                                           \
        QString why_;                                                                              \
        switch (make(tool, args, &why_)) {                                                         \
        case Made::Yes: break;                                                                     \
        case Made::ToolMissing:                                                                    \
        case Made::FormatMissing: QSKIP(qPrintable(why_ + QStringLiteral(": row cannot be made"))); \
        case Made::Failed: QFAIL(qPrintable(why_));                                                \
        }                                                                                          \
    } while (0)

}  // namespace

class TestAudioGrid : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    struct Entry {
        const char* name;
        const char* ext;
        const char* tool;  // "ffmpeg" or "sox"
        QStringList codecArgs;
        int rate;
        int channels;
        int expectedRate;  // what the file ends up with (Opus keeps 48 kHz or its input rate)
        bool lossless;
        const char* decoder;
    };
    static QList<Entry> grid() {
        return {
            {"wav_u8", "wav", "ffmpeg", {"-c:a", "pcm_u8"}, 8000, 1, 8000, true, "libsndfile"},
            {"wav_s16", "wav", "ffmpeg", {"-c:a", "pcm_s16le"}, 44100, 2, 44100, true, "libsndfile"},
            {"wav_s16_16k", "wav", "ffmpeg", {"-c:a", "pcm_s16le"}, 16000, 1, 16000, true, "libsndfile"},
            {"wav_s24", "wav", "ffmpeg", {"-c:a", "pcm_s24le"}, 96000, 2, 96000, true, "libsndfile"},
            {"wav_s32_51", "wav", "ffmpeg", {"-c:a", "pcm_s32le"}, 48000, 6, 48000, true, "libsndfile"},
            {"wav_f32", "wav", "ffmpeg", {"-c:a", "pcm_f32le"}, 192000, 1, 192000, true, "libsndfile"},
            {"wav_f64", "wav", "ffmpeg", {"-c:a", "pcm_f64le"}, 22050, 2, 22050, true, "libsndfile"},
            {"aiff_s16", "aiff", "ffmpeg", {"-c:a", "pcm_s16be"}, 44100, 2, 44100, true, "libsndfile"},
            {"flac_8k", "flac", "ffmpeg", {"-c:a", "flac"}, 8000, 1, 8000, true, "libsndfile"},
            {"flac_48k_51", "flac", "ffmpeg", {"-c:a", "flac"}, 48000, 6, 48000, true, "libsndfile"},
            {"flac_96k_24bit", "flac", "ffmpeg", {"-c:a", "flac", "-sample_fmt", "s32"}, 96000, 2, 96000, true, "libsndfile"},
            {"flac_192k", "flac", "ffmpeg", {"-c:a", "flac"}, 192000, 2, 192000, true, "libsndfile"},
            {"vorbis_44k", "ogg", "ffmpeg", {"-c:a", "libvorbis", "-q:a", "4"}, 44100, 2, 44100, false, "libsndfile"},
            {"vorbis_22k", "ogg", "ffmpeg", {"-c:a", "libvorbis"}, 22050, 1, 22050, false, "libsndfile"},
            {"opus_48k", "opus", "ffmpeg", {"-c:a", "libopus", "-b:a", "96k"}, 48000, 2, 48000, false, "libsndfile"},
            {"opus_from_44k", "opus", "ffmpeg", {"-c:a", "libopus", "-b:a", "96k", "-ar", "48000"}, 44100, 2, 48000, false, "libsndfile"},
            {"opus_16k", "opus", "ffmpeg", {"-c:a", "libopus", "-b:a", "32k"}, 16000, 1, 16000, false, "libsndfile"},
            {"opus_51", "opus", "ffmpeg", {"-c:a", "libopus", "-b:a", "192k", "-mapping_family", "1"}, 48000, 6, 48000, false, "libsndfile"},
            {"mp3_44k", "mp3", "ffmpeg", {"-c:a", "libmp3lame", "-b:a", "192k"}, 44100, 2, 44100, false, "libsndfile"},
            {"mp3_8k", "mp3", "ffmpeg", {"-c:a", "libmp3lame", "-b:a", "32k"}, 8000, 1, 8000, false, "libsndfile"},
            {"mp3_48k_vbr", "mp3", "ffmpeg", {"-c:a", "libmp3lame", "-q:a", "2"}, 48000, 1, 48000, false, "libsndfile"},
            {"aac_44k", "m4a", "ffmpeg", {"-c:a", "aac", "-b:a", "128k"}, 44100, 2, 44100, false, "ffmpeg"},
            {"aac_48k_51", "m4a", "ffmpeg", {"-c:a", "aac", "-b:a", "256k"}, 48000, 6, 48000, false, "ffmpeg"},
            {"aac_8k", "m4a", "ffmpeg", {"-c:a", "aac"}, 8000, 1, 8000, false, "ffmpeg"},
            {"alac_44k", "m4a", "ffmpeg", {"-c:a", "alac"}, 44100, 2, 44100, true, "ffmpeg"},
            {"alac_96k", "m4a", "ffmpeg", {"-c:a", "alac"}, 96000, 2, 96000, true, "ffmpeg"},
            // SoX writes its own headers (WAVE_FORMAT_EXTENSIBLE beyond 16 bits or 2 channels).
            {"sox_wav_u8", "wav", "sox", {"-b", "8", "-e", "unsigned-integer"}, 22050, 1, 22050, true, "libsndfile"},
            {"sox_wav_s24_51", "wav", "sox", {"-b", "24"}, 48000, 6, 48000, true, "libsndfile"},
            {"sox_wav_f32", "wav", "sox", {"-b", "32", "-e", "floating-point"}, 44100, 2, 44100, true, "libsndfile"},
            {"sox_aiff_s24", "aiff", "sox", {"-b", "24"}, 96000, 2, 96000, true, "libsndfile"},
            {"sox_flac_s24", "flac", "sox", {"-b", "24"}, 44100, 1, 44100, true, "libsndfile"},
            {"sox_vorbis", "ogg", "sox", {"-C", "5"}, 48000, 2, 48000, false, "libsndfile"},
            {"sox_mp3_22k", "mp3", "sox", {"-C", "128"}, 22050, 2, 22050, false, "libsndfile"},
        };
    }

    QString fileFor(const Entry& e) const { return dir_.filePath(QStringLiteral("%1.%2").arg(e.name, e.ext)); }

    // 3 s of a 1 kHz tone at peak 0.5 in every channel, so the mono mix keeps its level
    // (5.1 codecs low-pass the LFE channel: 5/6 of it).
    static QStringList generatorArgs(const Entry& e, const QString& out) {
        if (QLatin1String(e.tool) == QLatin1String("sox")) {
            QStringList args{"-n", "-r", QString::number(e.rate), "-c", QString::number(e.channels)};
            args << e.codecArgs << out << QStringList{"synth", "3", "sine", "1000", "gain", "-6.02"};
            return args;
        }
        const QString pan = e.channels == 1 ? QStringLiteral("volume=4")
                            : e.channels == 2 ? QStringLiteral("volume=4,pan=stereo|c0=c0|c1=c0")
                                              : QStringLiteral("volume=4,pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0");
        QStringList args{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                         QStringLiteral("sine=frequency=1000:sample_rate=%1:duration=3").arg(e.rate),  // peak 1/8
                         "-af", pan};
        if (!e.codecArgs.contains(QStringLiteral("-ar"))) args << "-ar" << QString::number(e.rate);
        args << e.codecArgs << out;
        return args;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void decodesEveryFormat_data() {
        QTest::addColumn<int>("row");
        const auto entries = grid();
        for (int i = 0; i < entries.size(); ++i) QTest::newRow(entries[i].name) << i;
    }

    void decodesEveryFormat() {
        QFETCH(int, row);
        const Entry e = grid()[row];
        const QString file = fileFor(e);
        MAKE_OR_SKIP(QString::fromLatin1(e.tool), generatorArgs(e, file));

        auto info = audio::probe(file.toStdString());
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QCOMPARE(info->sampleRate, e.expectedRate);
        QCOMPARE(info->channels, e.channels);
        QCOMPARE(QString::fromStdString(info->decoder), QString::fromLatin1(e.decoder));
        QVERIFY(!info->codec.empty() && info->codec != "other");
        if (e.lossless)
            QCOMPARE(info->frames, int64_t(3) * e.expectedRate);
        else  // encoder delay and padding
            QVERIFY2(std::fabs(info->durationSeconds - 3.0) < 0.1,
                     qPrintable(QStringLiteral("duration %1 s via %2").arg(info->durationSeconds).arg(info->decoder.c_str())));

        for (int target : {16000, 48000}) {
            audio::DecodeStats stats;
            auto clips = audio::decodeSpans(file.toStdString(), target, {audio::Span{0, 10}}, {}, &stats);
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(int(clips->size()), 1);
            const auto& x = clips->front().samples;
            // The decoder delivers what probe promised (lossy streams within a few
            // milliseconds: SoX's MP3s have no exact gapless length), and the resampler
            // keeps the length.
            if (e.lossless)
                QCOMPARE(stats.framesRead, info->frames);
            else
                QVERIFY2(std::llabs(stats.framesRead - info->frames) <= info->sampleRate / 100,
                         qPrintable(QStringLiteral("read %1 of %2 frames").arg(stats.framesRead).arg(info->frames)));
            const double expected = double(stats.framesRead) * target / info->sampleRate;
            QVERIFY2(std::fabs(double(x.size()) - expected) <= 1.0,
                     qPrintable(QStringLiteral("%1 samples at %2 Hz, expected %3").arg(x.size()).arg(target).arg(expected)));
            const double f = zeroCrossingFrequency(x, target);
            QVERIFY2(std::fabs(f - 1000.0) < 10.0, qPrintable(QStringLiteral("tone at %1 Hz").arg(f)));
            const double purity = toneFraction(x, target, 1000.0);
            QVERIFY2(purity > 0.9, qPrintable(QStringLiteral("only %1 of the energy is at 1 kHz").arg(purity)));
            const double level = rms(x, x.size() / 4, x.size() * 3 / 4);
            QVERIFY2(level > 0.25 && level < 0.45, qPrintable(QStringLiteral("rms %1").arg(level)));  // 0.5 peak -> 0.354
            QCOMPARE(stats.nonFiniteSamples, int64_t(0));
        }
    }

    // A span read after a seek must be the same audio as that stretch of a decode from
    // the start: a chirp changes pitch all the time, so any offset shows.
    void seeksLandOnTheRightSample_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QStringList>("codecArgs");
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("tolerance");  // max abs difference; a one-sample slip gives about 0.1
        QTest::newRow("wav") << "wav" << QStringList{"-c:a", "pcm_s16le"} << 44100 << 1e-6;
        QTest::newRow("aiff") << "aiff" << QStringList{"-c:a", "pcm_s24be"} << 48000 << 1e-6;
        QTest::newRow("flac") << "flac" << QStringList{"-c:a", "flac"} << 44100 << 1e-6;
        QTest::newRow("vorbis") << "ogg" << QStringList{"-c:a", "libvorbis"} << 44100 << 1e-3;
        QTest::newRow("opus") << "opus" << QStringList{"-c:a", "libopus", "-b:a", "128k"} << 48000 << 1e-3;
        QTest::newRow("mp3") << "mp3" << QStringList{"-c:a", "libmp3lame", "-b:a", "192k"} << 44100 << 1e-3;
        QTest::newRow("aac") << "m4a" << QStringList{"-c:a", "aac", "-b:a", "192k"} << 44100 << 1e-3;
        QTest::newRow("alac") << "m4a" << QStringList{"-c:a", "alac"} << 44100 << 1e-6;
    }

    void seeksLandOnTheRightSample() {
        QFETCH(QString, ext);
        QFETCH(QStringList, codecArgs);
        QFETCH(int, rate);
        QFETCH(double, tolerance);
        const QString file = dir_.filePath(QStringLiteral("chirp_%1.%2").arg(QTest::currentDataTag(), ext));
        QStringList args{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                         QStringLiteral("aevalsrc=0.5*sin(2*PI*(200*t+150*t*t)):s=%1:d=6").arg(rate)};
        args << codecArgs << file;
        MAKE_OR_SKIP(QStringLiteral("ffmpeg"), args);

        auto whole = audio::open(file.toStdString());
        QVERIFY2(whole, whole ? "" : whole.error().message.c_str());
        const int64_t frames = (*whole)->info().frames;
        QCOMPARE((*whole)->info().channels, 1);
        std::vector<float> reference(size_t(frames) + 8192);
        int64_t total = 0;
        for (;;) {
            auto got = (*whole)->read(reference.data() + total, int64_t(reference.size()) - total);
            QVERIFY(got);
            if (*got == 0) break;
            total += *got;
        }
        QCOMPARE(total, frames);

        auto source = audio::open(file.toStdString());
        QVERIFY(source);
        for (double at : {3.7, 1.2345, 0.5, 4.9}) {  // backwards as well as forwards
            const int64_t first = std::llround(at * (*source)->info().sampleRate);
            QVERIFY((*source)->seek(first));
            std::vector<float> part(4096);
            int64_t got = 0;
            while (got < int64_t(part.size())) {
                auto n = (*source)->read(part.data() + got, int64_t(part.size()) - got);
                QVERIFY(n && *n > 0);
                got += *n;
            }
            double worst = 0;
            for (size_t i = 0; i < part.size(); ++i)
                worst = std::max(worst, double(std::fabs(part[i] - reference[size_t(first) + i])));
            QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("after seeking to %1 s the audio differs by %2 from a "
                                                                   "decode from the start (%3)")
                                                        .arg(at)
                                                        .arg(worst)
                                                        .arg((*source)->info().decoder.c_str())));
        }
    }
};

QTEST_GUILESS_MAIN(TestAudioGrid)
#include "test_audio_grid.moc"
