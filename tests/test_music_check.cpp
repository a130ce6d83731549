// "Not music": a tone, noise, near silence, DC, clicks or speech gets that
// verdict and no P(AI); music (synthesised here, and every real song in
// ../shared/data) never does.
#include "dsp/music_check.h"
#include "humanear/engine.h"
#include "humanear/json.h"
#include "synth_signals.h"
#include "testdata.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

using namespace humanear;

Q_DECLARE_METATYPE(NotMusicReason)

namespace {
constexpr int kRate = 16000;

QString describe(const MusicMeasures& m) {
    return QStringLiteral("reason %1: loud %2 dB, active %3, burst %4 s, variation %5 dB, tonal %6, flatness %7, "
                          "pause %8, voiced %9, voiced run %10 s, pulse %11")
        .arg(QString::fromLatin1(notMusicReasonName(m.reason)))
        .arg(m.loudDb, 0, 'f', 1)
        .arg(m.activeShare, 0, 'f', 3)
        .arg(m.medianBurstSeconds, 0, 'f', 3)
        .arg(m.variationDb, 0, 'f', 2)
        .arg(m.tonalShare, 0, 'f', 3)
        .arg(m.flatness, 0, 'f', 3)
        .arg(m.pauseShare, 0, 'f', 3)
        .arg(m.voicedShare, 0, 'f', 3)
        .arg(m.medianVoicedSeconds, 0, 'f', 3)
        .arg(m.pulse, 0, 'f', 3);
}
}  // namespace

class TestMusicCheck : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString& name, const std::vector<float>& samples, int rate = kRate) {
        const QString path = dir_.filePath(name);
        if (!testdata::writeWav(path, rate, 1, samples)) return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // The periodicity's lagged products: equal, bit for bit, to one plain loop per
    // lag, for frames long and short against the lags (the eight-lag blocks' tails).
    void laggedProductsEqualOneLoopPerLag() {
        std::mt19937 random(7);
        std::normal_distribution<double> noise;
        for (int frame : {256, 60, 17, 5}) {
            std::vector<double> f(static_cast<size_t>(frame));
            for (double& v : f) v = noise(random);
            const int minLag = 10, maxLag = 50;
            std::vector<double> cross(size_t(maxLag - minLag + 1), -1.0);
            dsp::laggedProducts(f.data(), frame, minLag, maxLag, cross.data());
            for (int lag = minLag; lag <= maxLag; ++lag) {
                double expected = 0;
                for (int i = 0; i + lag < frame; ++i) expected += f[size_t(i)] * f[size_t(i + lag)];
                QVERIFY2(cross[size_t(lag - minLag)] == expected,
                         qPrintable(QStringLiteral("frame %1, lag %2").arg(frame).arg(lag)));
            }
        }
    }

    // The flatness's sum of logs through a product: the plain sum to 1e-12, over a
    // power spectrum's range (a silent bin included), and over float's whole range
    // without the offset, where the product underflows and the logs are summed.
    void sumOfLogsMatchesThePlainSum() {
        std::mt19937 random(11);
        struct Case { double offset, lowest, highest; };
        for (const Case c : {Case{1e-12, -14, 6}, Case{0, -44, 38}}) {
            std::uniform_real_distribution<double> exponent(c.lowest, c.highest);
            std::vector<float> x(513);
            for (float& v : x) v = float(std::pow(10.0, exponent(random)));
            if (c.offset > 0) x[3] = 0.f;
            else std::fill_n(x.begin() + 16, 8, 1e-44f);  // eight factors whose product is below double's range
            double plain = 0;
            for (float v : x) plain += std::log(double(v) + c.offset);
            const double viaProduct = dsp::sumOfLogs(x.data(), int(x.size()), c.offset);
            QVERIFY2(std::isfinite(plain), "the reference is finite");
            QVERIFY2(std::abs(viaProduct - plain) <= 1e-12 * std::abs(plain),
                     qPrintable(QStringLiteral("%1 against %2").arg(viaProduct, 0, 'g', 17).arg(plain, 0, 'g', 17)));
        }
    }

    void synthesisedSignals_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<NotMusicReason>("expected");
        QTest::newRow("sine 440 Hz, 3 s") << "sine" << NotMusicReason::SteadyTone;
        QTest::newRow("sine 1 kHz, 20 s") << "sine-long" << NotMusicReason::SteadyTone;
        QTest::newRow("two tones") << "two-tone" << NotMusicReason::SteadyTone;
        QTest::newRow("constant DC") << "dc" << NotMusicReason::NearSilence;
        QTest::newRow("white noise") << "white" << NotMusicReason::Noise;
        QTest::newRow("pink noise") << "pink" << NotMusicReason::Noise;
        QTest::newRow("noise at -70 dBFS") << "near-silence" << NotMusicReason::NearSilence;
        QTest::newRow("metronome clicks") << "clicks" << NotMusicReason::Clicks;
        QTest::newRow("speech-like") << "speech" << NotMusicReason::Speech;
        QTest::newRow("music-like") << "music" << NotMusicReason::None;
        QTest::newRow("music-like, 44.1 kHz, 47 s") << "music-long" << NotMusicReason::None;
    }

    // Through the same path analysis takes: a WAV file, decoded to 16 kHz in 5 s tiles.
    void synthesisedSignals() {
        QFETCH(QString, name);
        QFETCH(NotMusicReason, expected);
        std::vector<float> x;
        int rate = kRate;
        if (name == "sine") x = synth::sine(rate, 3.0, 440);
        if (name == "sine-long") x = synth::sine(rate, 20.0, 1000, 0.3);
        if (name == "two-tone") x = synth::twoTone(rate, 8.0, 440, 660);
        if (name == "dc") x = synth::constant(rate, 6.0, 0.5f);
        if (name == "white") x = synth::whiteNoise(rate, 10.0, 0.2);
        if (name == "pink") x = synth::pinkNoise(rate, 10.0, 0.2);
        if (name == "near-silence") x = synth::whiteNoise(rate, 10.0, std::pow(10.0, -70 / 20.0));
        if (name == "clicks") x = synth::clicks(rate, 12.0);
        if (name == "speech") x = synth::speechLike(rate, 15.0);
        if (name == "music") x = synth::musicLike(rate, 12.0);
        if (name == "music-long") {
            rate = 44100;
            x = synth::musicLike(rate, 47.0, 11);
        }
        QVERIFY(!x.empty());
        const QString path = write(name + ".wav", x, rate);
        QVERIFY(!path.isEmpty());
        auto m = measureMusicInFile(path.toStdString());
        QVERIFY2(m, m ? "" : m.error().message.c_str());
        qInfo("%s: %s", qPrintable(name), qPrintable(describe(*m)));
        QVERIFY2(m->reason == expected, qPrintable(describe(*m)));
    }

    // Real speech, when espeak-ng is installed to make some.
    void espeakSpeechIsSpeech() {
        if (!testdata::haveTool(QStringLiteral("espeak-ng"))) QSKIP("espeak-ng is not installed");
        const QString path = dir_.filePath(QStringLiteral("espeak.wav"));
        QString error;
        QVERIFY2(testdata::runTool(QStringLiteral("espeak-ng"),
                                   {QStringLiteral("-w"), path,
                                    QStringLiteral("The detector listens to music. This recording is a voice reading "
                                                   "a few sentences aloud, with the pauses people make between them. "
                                                   "It should not be judged as a song, because it is not one.")},
                                   &error),
                 qPrintable(error));
        auto m = measureMusicInFile(path.toStdString());
        QVERIFY2(m, m ? "" : m.error().message.c_str());
        qInfo("espeak-ng: %s", qPrintable(describe(*m)));
        QVERIFY2(m->reason == NotMusicReason::Speech, qPrintable(describe(*m)));
    }

    // End to end: a 3 s sine gets "not music", no P(AI), in the result and its JSON;
    // a music-like track gets P(AI) and its windows over the whole track.
    void analysisGivesNotMusicAndNoPAi() {
        Engine engine;
        const QString tone = dir_.filePath(QStringLiteral("tone44k.wav"));
        QVERIFY(testdata::writeSineWav(tone, 44100, 2, 3.0));
        const TrackAnalysis a = engine.analyzeFile(tone.toStdString());
        QVERIFY2(a.ok(), a.ok() ? "" : a.error->message.c_str());
        QVERIFY(a.detection);
        QCOMPARE(a.detection->verdict, Verdict::NotMusic);
        QCOMPARE(a.detection->notMusic, NotMusicReason::SteadyTone);
        QVERIFY(!a.detection->hasPAi());
        QVERIFY(a.detection->timeline.empty());
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(toJsonLine(a))).object();
        QCOMPARE(o.value("verdict").toString(), QStringLiteral("not_music"));
        QCOMPARE(o.value("not_music_reason").toString(), QStringLiteral("steady_tone"));
        QVERIFY(!o.contains("p_ai"));
        QVERIFY(!o.contains("windows"));
        QVERIFY(o.value("music_check").toObject().contains("tonal_share"));

        const double seconds = 23.0;
        const QString song = write(QStringLiteral("song.wav"), synth::musicLike(22050, seconds, 5), 22050);
        const TrackAnalysis b = engine.analyzeFile(song.toStdString());
        QVERIFY2(b.ok(), b.ok() ? "" : b.error->message.c_str());
        QVERIFY2(b.music && b.music->reason == NotMusicReason::None, b.music ? qPrintable(describe(*b.music)) : "no measures");
        if (!b.detection) QSKIP("no detector installed: the windows' JSON is not checked");
        QVERIFY(b.detection->hasPAi());
        const QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(toJsonLine(b))).object();
        QVERIFY(j.contains("p_ai"));
        QVERIFY(!j.contains("not_music_reason"));
        const QJsonArray windows = j.value("windows").toArray();
        QCOMPARE(windows.size(), int(std::ceil(seconds / 5.0)));
        double covered = 0;
        for (const auto& v : windows) {
            const QJsonObject w = v.toObject();
            QVERIFY(w.contains("start") && w.contains("end") && w.contains("p_ai"));
            QVERIFY2(w.value("start").toDouble() <= covered + 1e-6, "a gap in the windows");
            covered = std::max(covered, w.value("end").toDouble());
            const double p = w.value("p_ai").toDouble();
            QVERIFY(p >= 0 && p <= 1);
        }
        QVERIFY(std::abs(covered - seconds) < 0.01);
    }

    // No real song, AI-made or human-made, is called "not music". Lists every flagged clip.
    void noRealSongIsCalledNotMusic() {
        const QString data = testdata::sharedFile(QStringLiteral("data"));
        REQUIRE_SHARED(data);
        QStringList files;
        for (const char* side : {"ai", "human"}) {
            QDirIterator it(data + "/" + side, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                if (!file.endsWith(QLatin1String(".csv"))) files << file;  // emotify's manifest sits beside its clips
            }
        }
        QVERIFY2(files.size() > 100, qPrintable(QString::number(files.size())));
        std::atomic<int> next{0};
        std::mutex mutex;
        QStringList flagged, unreadable;
        auto work = [&] {
            for (int i = next++; i < files.size(); i = next++) {
                auto m = measureMusicInFile(files[i].toStdString());
                std::lock_guard<std::mutex> lock(mutex);
                if (!m)
                    unreadable << files[i];
                else if (m->reason != NotMusicReason::None)
                    flagged << files[i] + ": " + describe(*m);
            }
        };
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < std::max(2u, std::thread::hardware_concurrency()); ++t) threads.emplace_back(work);
        for (auto& t : threads) t.join();
        qInfo("%lld clips measured, %lld called not music, %lld unreadable", qlonglong(files.size()),
              qlonglong(flagged.size()), qlonglong(unreadable.size()));
        QVERIFY2(flagged.isEmpty(), qPrintable(flagged.join('\n')));
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestMusicCheck)
#include "test_music_check.moc"
