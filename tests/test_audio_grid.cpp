// A grid of real files made at test time with ffmpeg: every format HumanEar
// promises, mono/stereo/5.1, 8-192 kHz. Each must probe right and decode to a
// clean 1 kHz tone at both model rates.
#include "audio/decoder.h"
#include "audio_checks.h"
#include "testdata.h"

#include <QtTest>

using namespace humanear;

class TestAudioGrid : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    struct Entry {
        const char* name;
        const char* ext;
        QStringList codecArgs;
        int rate;
        int channels;
        int expectedRate;  // what the file ends up with (Opus is always 48 kHz inside)
    };
    static QList<Entry> grid() {
        return {
            {"wav_u8", "wav", {"-c:a", "pcm_u8"}, 8000, 1, 8000},
            {"wav_s16", "wav", {"-c:a", "pcm_s16le"}, 44100, 2, 44100},
            {"wav_s24", "wav", {"-c:a", "pcm_s24le"}, 96000, 2, 96000},
            {"wav_s32", "wav", {"-c:a", "pcm_s32le"}, 48000, 6, 48000},
            {"wav_f32", "wav", {"-c:a", "pcm_f32le"}, 192000, 1, 192000},
            {"wav_f64", "wav", {"-c:a", "pcm_f64le"}, 22050, 2, 22050},
            {"aiff_s16", "aiff", {"-c:a", "pcm_s16be"}, 44100, 2, 44100},
            {"flac_8k", "flac", {"-c:a", "flac"}, 8000, 1, 8000},
            {"flac_48k_51", "flac", {"-c:a", "flac"}, 48000, 6, 48000},
            {"flac_96k", "flac", {"-c:a", "flac", "-sample_fmt", "s32"}, 96000, 2, 96000},
            {"vorbis_44k", "ogg", {"-c:a", "libvorbis", "-q:a", "4"}, 44100, 2, 44100},
            {"vorbis_22k", "ogg", {"-c:a", "libvorbis"}, 22050, 1, 22050},
            {"opus_48k", "opus", {"-c:a", "libopus", "-b:a", "96k"}, 48000, 2, 48000},
            {"opus_51", "opus", {"-c:a", "libopus", "-b:a", "192k", "-mapping_family", "1"}, 48000, 6, 48000},
            {"mp3_44k", "mp3", {"-c:a", "libmp3lame", "-b:a", "192k"}, 44100, 2, 44100},
            {"mp3_8k", "mp3", {"-c:a", "libmp3lame", "-b:a", "32k"}, 8000, 1, 8000},
            {"mp3_48k", "mp3", {"-c:a", "libmp3lame", "-b:a", "128k"}, 48000, 1, 48000},
            {"aac_44k", "m4a", {"-c:a", "aac", "-b:a", "128k"}, 44100, 2, 44100},
            {"aac_48k_51", "m4a", {"-c:a", "aac", "-b:a", "256k"}, 48000, 6, 48000},
            {"aac_8k", "m4a", {"-c:a", "aac"}, 8000, 1, 8000},
            {"alac_44k", "m4a", {"-c:a", "alac"}, 44100, 2, 44100},
            {"alac_96k", "m4a", {"-c:a", "alac"}, 96000, 2, 96000},
            {"wav_s16_16k", "wav", {"-c:a", "pcm_s16le"}, 16000, 1, 16000},
            {"flac_192k", "flac", {"-c:a", "flac"}, 192000, 2, 192000},
        };
    }

private Q_SLOTS:
    void initTestCase() {
        if (!testdata::haveTool("ffmpeg")) QSKIP("ffmpeg is not installed: the format grid cannot be generated");
        QVERIFY(dir_.isValid());
        for (const Entry& e : grid()) {
            const QString out = dir_.filePath(QStringLiteral("%1.%2").arg(e.name, e.ext));
            QStringList args{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                             QStringLiteral("sine=frequency=1000:sample_rate=%1:duration=3").arg(e.rate),
                             // lavfi sine peaks at 1/8: volume=4 gives 0.5. The tone goes in every channel so
                             // the mono mix keeps its level (5.1 codecs low-pass the LFE channel: 5/6 of it).
                             "-af", e.channels == 1 ? QStringLiteral("volume=4")
                                    : e.channels == 2 ? QStringLiteral("volume=4,pan=stereo|c0=c0|c1=c0")
                                                      : QStringLiteral("volume=4,pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0"),
                             "-ar", QString::number(e.rate)};
            args << e.codecArgs << out;
            QString error;
            QVERIFY2(testdata::runTool("ffmpeg", args, &error), qPrintable(e.name + QStringLiteral(": ") + error));
        }
    }

    void decodesEveryFormat_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        for (const Entry& e : grid())
            QTest::newRow(e.name) << dir_.filePath(QStringLiteral("%1.%2").arg(e.name, e.ext)) << e.expectedRate
                                  << e.channels;
    }

    void decodesEveryFormat() {
        QFETCH(QString, file);
        QFETCH(int, rate);
        QFETCH(int, channels);
        auto info = audio::probe(file.toStdString());
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QCOMPARE(info->sampleRate, rate);
        QCOMPARE(info->channels, channels);
        QVERIFY2(std::fabs(info->durationSeconds - 3.0) < 0.1,
                 qPrintable(QStringLiteral("duration %1 via %2").arg(info->durationSeconds).arg(info->decoder.c_str())));
        for (int target : {16000, 48000}) {
            audio::DecodeStats stats;
            auto clips = audio::decodeSpans(file.toStdString(), target, {audio::Span{0, 10}}, {}, &stats);
            QVERIFY2(clips, clips ? "" : clips.error().message.c_str());
            QCOMPARE(int(clips->size()), 1);
            const auto& x = clips->front().samples;
            QVERIFY2(std::fabs(double(x.size()) / target - 3.0) < 0.1, qPrintable(QString::number(x.size())));
            const double f = zeroCrossingFrequency(x, target);
            QVERIFY2(std::fabs(f - 1000.0) < 15.0, qPrintable(QStringLiteral("tone at %1 Hz").arg(f)));
            const double level = rms(x, x.size() / 4, x.size() * 3 / 4);
            QVERIFY2(level > 0.25 && level < 0.45, qPrintable(QStringLiteral("rms %1").arg(level)));  // 0.5 peak -> 0.354
        }
    }
};

QTEST_GUILESS_MAIN(TestAudioGrid)
#include "test_audio_grid.moc"
