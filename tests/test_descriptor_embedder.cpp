// The default descriptor embedder on synthetic signals whose tempo, pitch and
// similarity are known.
#include "similarity/track_embedder.h"
#include "similarity/descriptor_embedder.h"
#include "similarity/within_track_spread.h"
#include "runtime/worker_pool.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <future>
#include <random>

using humanear::models::DescriptorEmbedder;
using humanear::models::WithinTrackSpread;
using humanear::models::inverseSquareRoot;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kRate = DescriptorEmbedder::kSampleRate;

const DescriptorEmbedder::Group& group(const char* name) {
    for (const auto& g : DescriptorEmbedder::groups())
        if (std::string(g.name) == name) return g;
    qFatal("no group %s", name);
}

bool allFinite(const std::vector<float>& v) {
    for (float x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ab += double(a[i]) * b[i];
        aa += double(a[i]) * a[i];
        bb += double(b[i]) * b[i];
    }
    return ab / std::sqrt(aa * bb + 1e-30);
}

// Short decaying noise bursts every 60/bpm seconds.
std::vector<float> clickTrack(double bpm, double seconds, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.f, 1.f);
    std::vector<float> x(size_t(seconds * kRate), 0.f);
    const double period = 60.0 / bpm * kRate;
    for (double t = 0; t < double(x.size()); t += period)
        for (int i = 0; i < 600 && size_t(t) + size_t(i) < x.size(); ++i)
            x[size_t(t) + size_t(i)] += 0.6f * g(rng) * float(std::exp(-i / 120.0));
    return x;
}

struct SongStyle {
    std::vector<double> chordHz;
    double bpm;
    int harmonics;       // timbre: 1 = pure sines, more = brighter
    double brightness;   // amplitude ratio between successive harmonics
};

// A chord held under a pulse at the style's tempo, plus seed-dependent noise and
// pulse jitter: two seeds are two excerpts of the same "song".
std::vector<float> song(const SongStyle& s, double seconds, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.f, 1.f);
    std::uniform_real_distribution<double> phase(0, 2 * kPi);
    std::vector<float> x(size_t(seconds * kRate), 0.f);
    for (double f0 : s.chordHz) {
        for (int h = 1; h <= s.harmonics; ++h) {
            const double f = f0 * h;
            if (f > kRate / 2.2) break;
            const double a = 0.12 * std::pow(s.brightness, h - 1);
            const double p = phase(rng);
            for (size_t i = 0; i < x.size(); ++i) x[i] += float(a * std::sin(2 * kPi * f * double(i) / kRate + p));
        }
    }
    const std::vector<float> pulse = clickTrack(s.bpm, seconds, seed + 17);
    for (size_t i = 0; i < x.size(); ++i) x[i] += pulse[i] + 0.02f * g(rng);
    return x;
}

}  // namespace

class TestDescriptorEmbedder : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    DescriptorEmbedder embedder_;

    std::vector<float> rawOfFile(const QString& name, const std::vector<float>& mono, int rate = kRate) {
        const QString path = tmp_.filePath(name);
        if (!testdata::writeWav(path, rate, 1, mono)) {
            qWarning("could not write %s", qPrintable(path));
            return {};
        }
        auto r = embedder_.rawDescriptors(path.toStdString());
        if (!r) {
            qWarning("%s", r.error().message.c_str());
            return {};
        }
        return *r;
    }

    static int tempoBandOf(double bpm) {
        return int(8 * std::log(bpm / 50.0) / std::log(220.0 / 50.0));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void layout() {
        int total = 0;
        for (const auto& g : DescriptorEmbedder::groups()) {
            QCOMPARE(g.offset, total);
            total += g.size;
        }
        QCOMPARE(total, embedder_.rawDimension());
        // 151 signal descriptors, then musicnn's 200-d penultimate layer, last.
        QCOMPARE(embedder_.rawDimension(), 351);
        QCOMPARE(QString::fromLatin1(DescriptorEmbedder::groups().back().name), QStringLiteral("musicnn"));
        QCOMPARE(DescriptorEmbedder::groups().back().size, 200);
        QVERIFY2(embedder_.status().isOk(), embedder_.status().message().c_str());
    }

    void musicnnGroupDescribesTheSound() {
        // Two different sounds get different musicnn groups, one sound the same twice;
        // the group is not left at zero.
        const auto& g = DescriptorEmbedder::groups().back();
        std::vector<float> tone(size_t(20 * DescriptorEmbedder::kSampleRate)), noise(tone.size());
        std::mt19937 rng(3);
        std::normal_distribution<float> unit(0.f, 0.2f);
        for (size_t i = 0; i < tone.size(); ++i) {
            tone[i] = 0.4f * float(std::sin(2 * 3.14159265 * 330.0 * double(i) / DescriptorEmbedder::kSampleRate));
            noise[i] = unit(rng);
        }
        const auto a = embedder_.rawDescriptorsOfSamples(tone.data(), tone.size());
        const auto a2 = embedder_.rawDescriptorsOfSamples(tone.data(), tone.size());
        const auto b = embedder_.rawDescriptorsOfSamples(noise.data(), noise.size());
        double diff = 0, size = 0;
        for (int i = g.offset; i < g.offset + g.size; ++i) {
            QCOMPARE(a[size_t(i)], a2[size_t(i)]);
            diff += std::fabs(a[size_t(i)] - b[size_t(i)]);
            size += std::fabs(a[size_t(i)]);
        }
        QVERIFY(size > 1.0);
        QVERIFY2(diff > 0.2 * size, qPrintable(QStringLiteral("tone vs noise differ by %1 of %2").arg(diff).arg(size)));
    }

    void fastEmbedderSkipsMusicnn() {
        // descriptors-fast needs no weights and leaves the musicnn group at zero; the
        // signal groups are the same numbers as the full embedder's.
        const QString empty = QDir::temp().filePath(QStringLiteral("humanear-no-models"));
        QDir().mkpath(empty);
        DescriptorEmbedder fast({empty.toStdString()}, /*withMusicnn=*/false);
        QVERIFY(fast.status().isOk());
        std::vector<float> tone(size_t(12 * DescriptorEmbedder::kSampleRate));
        for (size_t i = 0; i < tone.size(); ++i)
            tone[i] = 0.3f * float(std::sin(2 * 3.14159265 * 440.0 * double(i) / DescriptorEmbedder::kSampleRate));
        const auto f = fast.rawDescriptorsOfSamples(tone.data(), tone.size());
        const auto full = embedder_.rawDescriptorsOfSamples(tone.data(), tone.size());
        const auto& g = DescriptorEmbedder::groups().back();
        for (int i = 0; i < g.offset; ++i) QCOMPARE(f[size_t(i)], full[size_t(i)]);
        bool fullHasMusicnn = false;
        for (int i = g.offset; i < g.offset + g.size; ++i) {
            QCOMPARE(f[size_t(i)], 0.f);
            fullHasMusicnn = fullHasMusicnn || full[size_t(i)] != 0.f;
        }
        QVERIFY(fullHasMusicnn);

        humanear::library::TrackEmbedderOptions options;
        options.modelSearchDirs = {empty.toStdString()};
        options.name = "descriptors-fast";
        auto made = humanear::library::makeTrackEmbedder(options);
        QVERIFY2(made, made ? "" : made.error().message.c_str());
        QCOMPARE(QString::fromStdString((*made)->id()), QStringLiteral("descriptors-fast"));
        options.name = "descriptors";
        auto refused = humanear::library::makeTrackEmbedder(options);
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains(QStringLiteral("musicnn-msd")));
    }

    void missingMusicnnWeightsAreNamed() {
        const QString empty = QDir::temp().filePath(QStringLiteral("humanear-no-models"));
        QDir().mkpath(empty);
        DescriptorEmbedder without({empty.toStdString()});
        QVERIFY(!without.status().isOk());
        QVERIFY(QString::fromStdString(without.status().message()).contains(QStringLiteral("musicnn")));
        auto described = without.describe("/nonexistent.wav");
        QVERIFY(!described);
        QCOMPARE(described.error().code, without.status().code());
    }

    void finiteForAwkwardInputs_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<int>("rate");
        QTest::newRow("tone 30 s") << "tone" << 30.0 << 44100;
        QTest::newRow("noise 75 s") << "noise" << 75.0 << 22050;
        QTest::newRow("silence 20 s") << "silence" << 20.0 << 44100;
        QTest::newRow("tone 1 s") << "tone" << 1.0 << 22050;
        QTest::newRow("noise 0.1 s") << "noise" << 0.1 << 48000;
    }
    void finiteForAwkwardInputs() {
        QFETCH(QString, kind);
        QFETCH(double, seconds);
        QFETCH(int, rate);
        std::vector<float> x(size_t(seconds * rate), 0.f);
        std::mt19937 rng(5);
        std::normal_distribution<float> g(0.f, 0.2f);
        for (size_t i = 0; i < x.size(); ++i) {
            if (kind == "tone") x[i] = 0.5f * float(std::sin(2 * kPi * 330.0 * double(i) / rate));
            if (kind == "noise") x[i] = g(rng);
        }
        // Silence from a file is refused (nothing to recommend); the arithmetic must still
        // stay finite on it, so it goes through the samples entry point.
        const auto raw = kind == "silence" ? embedder_.rawDescriptorsOfSamples(x.data(), x.size(), nullptr)
                                           : rawOfFile(QString("%1_%2.wav").arg(kind).arg(seconds), x, rate);
        QCOMPARE(int(raw.size()), embedder_.rawDimension());
        QVERIFY(allFinite(raw));
        const auto e = DescriptorEmbedder::Normaliser::identity().apply(raw);
        QVERIFY(allFinite(e));
    }

    // Half the windows on an idle worker must give exactly the single-thread vector.
    void helpersGiveTheSameDescriptors() {
        humanear::runtime::WorkerPool pool(2, 4);
        QTest::qWait(50);  // the workers are waiting for work
        for (int channels : {1, 2}) {
            const QString path = tmp_.filePath(QString("helpers-%1.wav").arg(channels));
            QVERIFY(testdata::writeSineWav(path, 44100, channels, 150.0, 220.0, 0.3));
            auto alone = embedder_.rawDescriptors(path.toStdString());
            auto helped = embedder_.rawDescriptors(path.toStdString(), {}, &pool);
            QVERIFY(alone && helped);
            QCOMPARE(*helped, *alone);
        }
    }

    void silentFileIsAnError() {
        const QString path = tmp_.filePath("silent.wav");
        QVERIFY(testdata::writeWav(path, kRate, 1, std::vector<float>(kRate * 10, 0.f)));
        auto r = embedder_.rawDescriptors(path.toStdString());
        QVERIFY(!r);
        QCOMPARE(r.error().code, humanear::ErrorCode::Silent);
        QVERIFY(QString::fromStdString(r.error().message).contains("silent.wav"));
    }

    void missingFileIsAnError() {
        auto r = embedder_.rawDescriptors(tmp_.filePath("absent.wav").toStdString());
        QVERIFY(!r);
    }

    void cancelledBeforeStart() {
        const QString path = tmp_.filePath("cancel.wav");
        QVERIFY(testdata::writeWav(path, kRate, 1, clickTrack(100, 30, 4)));
        humanear::CancelToken cancel;
        cancel.cancel();
        auto r = embedder_.rawDescriptors(path.toStdString(), cancel);
        QVERIFY(!r);
        QCOMPARE(r.error().code, humanear::ErrorCode::Cancelled);
    }

    void samplesMatchFile() {
        // The in-memory entry point sees the same windows as the file path.
        const auto x = clickTrack(110, 35, 6);
        const auto fromFile = rawOfFile("samples.wav", x);
        const auto fromSamples = embedder_.rawDescriptorsOfSamples(x.data(), x.size());
        QCOMPARE(fromSamples.size(), fromFile.size());
        for (size_t i = 0; i < x.size() && i < fromFile.size(); ++i)
            QVERIFY2(std::abs(fromSamples[i] - fromFile[i]) <= 1e-3f * (1 + std::abs(fromFile[i])),
                     qPrintable(QString("dim %1: %2 vs %3").arg(i).arg(fromSamples[i]).arg(fromFile[i])));
    }

    void tempoOfClickTracks() {
        const auto& rhythm = group("rhythm");
        const auto r120 = rawOfFile("click120.wav", clickTrack(120, 30, 1));
        const auto r90 = rawOfFile("click90.wav", clickTrack(90, 30, 2));
        QVERIFY(!r120.empty() && !r90.empty());
        // rhythm: 8 BPM bands, then log2(tempo / 120).
        const double bpm120 = 120.0 * std::exp2(r120[size_t(rhythm.offset + 8)]);
        const double bpm90 = 120.0 * std::exp2(r90[size_t(rhythm.offset + 8)]);
        qInfo("estimated tempi: %.1f and %.1f BPM", bpm120, bpm90);
        QVERIFY(std::abs(bpm120 - 120) < 5);
        QVERIFY(std::abs(bpm90 - 90) < 4);
        const int b120 = rhythm.offset + tempoBandOf(120), b90 = rhythm.offset + tempoBandOf(90);
        QVERIFY(b120 != b90);
        QVERIFY(r120[size_t(b120)] > r120[size_t(b90)] + 0.3f);
        QVERIFY(r90[size_t(b90)] > r90[size_t(b120)] + 0.3f);
    }

    void chromaOfAnA() {
        std::vector<float> x(size_t(12 * kRate));
        for (size_t i = 0; i < x.size(); ++i) x[i] = 0.4f * float(std::sin(2 * kPi * 440.0 * double(i) / kRate));
        const auto raw = rawOfFile("a440.wav", x);
        const auto& harmony = group("harmony");
        int best = 0;
        for (int k = 1; k < 12; ++k)
            if (raw[size_t(harmony.offset + k)] > raw[size_t(harmony.offset + best)]) best = k;
        QCOMPARE(best, 9);  // C = 0, so A = 9
        QVERIFY(raw[size_t(harmony.offset + 9)] > 0.99f);
        QVERIFY(raw[size_t(harmony.offset + 2)] < 0.2f);  // D, a fourth away
    }

    void sameSongIsNearest() {
        const SongStyle cMajor{{261.63, 329.63, 392.0}, 120, 8, 0.7};
        const SongStyle fSharpMinor{{185.0, 220.0, 277.18}, 90, 1, 0.2};
        const SongStyle ebMajor{{311.13, 392.0, 466.16}, 140, 4, 0.5};
        std::vector<std::vector<float>> raws;
        std::vector<int> label;
        int fileNo = 0;
        for (int style = 0; style < 3; ++style)
            for (unsigned seed = 0; seed < 3; ++seed) {
                const SongStyle& s = style == 0 ? cMajor : style == 1 ? fSharpMinor : ebMajor;
                raws.push_back(rawOfFile(QString("song%1.wav").arg(fileNo++), song(s, 20, 100 * unsigned(style) + seed)));
                QCOMPARE(int(raws.back().size()), embedder_.rawDimension());
                label.push_back(style);
            }
        const auto normaliser = DescriptorEmbedder::Normaliser::fit(raws);
        QVERIFY(normaliser.valid());
        std::vector<std::vector<float>> emb;
        for (const auto& r : raws) {
            emb.push_back(normaliser.apply(r));
            double n = 0;
            for (float v : emb.back()) n += double(v) * v;
            QVERIFY(std::abs(std::sqrt(n) - 1.0) < 1e-5);
        }
        for (size_t i = 0; i < emb.size(); ++i) {
            double worstSame = 2, bestOther = -2;
            for (size_t j = 0; j < emb.size(); ++j) {
                if (i == j) continue;
                const double c = cosine(emb[i], emb[j]);
                if (label[i] == label[j]) worstSame = std::min(worstSame, c);
                else bestOther = std::max(bestOther, c);
            }
            QVERIFY2(worstSame > bestOther,
                     qPrintable(QString("item %1: same %2 other %3").arg(i).arg(worstSame).arg(bestOther)));
        }
    }

    void normaliserBytesRoundTrip() {
        std::vector<std::vector<float>> raws;
        std::mt19937 rng(3);
        std::normal_distribution<float> g(0.f, 2.f);
        for (int i = 0; i < 10; ++i) {
            std::vector<float> v(size_t(embedder_.rawDimension()));
            for (float& x : v) x = g(rng);
            raws.push_back(v);
        }
        const auto n = DescriptorEmbedder::Normaliser::fit(raws);
        const std::string bytes = n.toBytes();
        auto back = DescriptorEmbedder::Normaliser::fromBytes(bytes);
        QVERIFY(back);
        QVERIFY(back->mean == n.mean && back->stddev == n.stddev && back->groupWeight == n.groupWeight);
        QVERIFY(!DescriptorEmbedder::Normaliser::fromBytes(bytes.substr(0, bytes.size() - 1)));
        QVERIFY(!DescriptorEmbedder::Normaliser::fromBytes("HEDN"));
        QVERIFY(!DescriptorEmbedder::Normaliser::fromBytes(std::string(bytes.size(), 'x')));
        // Constant dimensions and wrong-size inputs never produce NaN.
        const auto flat = DescriptorEmbedder::Normaliser::fit({raws[0], raws[0]});
        QVERIFY(allFinite(flat.apply(raws[1])));
        QVERIFY(allFinite(flat.apply({1.f, 2.f})));
    }

    // Whitening by the within-track spread: a direction each track wanders along
    // from window to window stops drowning out the directions that stay put.
    void withinTrackSpreadFindsTheStableDirections() {
        const int dim = DescriptorEmbedder::dimension();
        std::mt19937 rng(5);
        std::normal_distribution<float> unit(0.f, 1.f);
        // 72 tracks in 6 "albums". Dimensions 0-9 carry the album (small offsets,
        // steady within a track); all the others wander widely within every track,
        // so their track means are noise of the same size as the album signal.
        std::vector<std::vector<float>> raws;
        std::vector<int> album;
        WithinTrackSpread spread(dim);
        std::vector<std::vector<float>> albumCentre(6, std::vector<float>(10));
        for (auto& c : albumCentre)
            for (float& x : c) x = unit(rng);
        for (int t = 0; t < 72; ++t) {
            std::vector<std::vector<float>> windows;
            for (int w = 0; w < 12; ++w) {
                std::vector<float> v(static_cast<size_t>(dim));
                for (int i = 0; i < dim; ++i) v[size_t(i)] = i < 10 ? albumCentre[size_t(t % 6)][size_t(i)] + 0.1f * unit(rng) : 3.f * unit(rng);
                windows.push_back(v);
            }
            std::vector<float> mean(size_t(dim), 0.f);
            for (const auto& w : windows)
                for (int i = 0; i < dim; ++i) mean[size_t(i)] += w[size_t(i)] / 12.f;
            raws.push_back(mean);
            album.push_back(t % 6);
            spread.addTrack(windows);
        }
        QCOMPARE(spread.tracks(), 72LL);
        QCOMPARE(spread.degreesOfFreedom(), 792LL);
        auto nearestSameAlbum = [&](const DescriptorEmbedder::Normaliser& n) {
            std::vector<std::vector<float>> e;
            for (const auto& r : raws) e.push_back(n.apply(r));
            int hits = 0;
            for (size_t i = 0; i < e.size(); ++i) {
                double best = -2;
                size_t arg = 0;
                for (size_t j = 0; j < e.size(); ++j) {
                    if (i == j) continue;
                    double c = 0;
                    for (int d = 0; d < dim; ++d) c += double(e[i][size_t(d)]) * e[j][size_t(d)];
                    if (c > best) best = c, arg = j;
                }
                hits += album[i] == album[arg];
            }
            return double(hits) / double(e.size());
        };
        const auto plain = DescriptorEmbedder::Normaliser::fit(raws);
        const auto whitened = DescriptorEmbedder::Normaliser::fit(raws, {}, &spread);
        QVERIFY(plain.projection.empty());
        QCOMPARE(whitened.projection.size(), size_t(dim) * size_t(dim));
        const double before = nearestSameAlbum(plain), after = nearestSameAlbum(whitened);
        QVERIFY2(after >= 0.95 && after > before + 0.3,
                 qPrintable(QStringLiteral("nearest neighbour in the same album: %1 plain, %2 whitened").arg(before).arg(after)));
        QVERIFY(allFinite(whitened.apply(raws[0])));

        // Too little spread to estimate a 351 x 351 covariance: the group weights stay.
        WithinTrackSpread small(dim);
        small.addTrack({raws[0], raws[1], raws[2]});
        QVERIFY(DescriptorEmbedder::Normaliser::fit(raws, {}, &small).projection.empty());

        // The projection survives the bytes; so does the spread; version 1 bytes still read.
        auto back = DescriptorEmbedder::Normaliser::fromBytes(whitened.toBytes());
        QVERIFY(back);
        QVERIFY(back->projection == whitened.projection);
        QVERIFY(back->apply(raws[3]) == whitened.apply(raws[3]));
        auto spreadBack = WithinTrackSpread::fromBytes(spread.toBytes());
        QVERIFY(spreadBack);
        QCOMPARE(spreadBack->tracks(), spread.tracks());
        QVERIFY(spreadBack->scatter() == spread.scatter());
        QVERIFY(!WithinTrackSpread::fromBytes(spread.toBytes().substr(0, 100)));
        std::string v1 = plain.toBytes();
        v1.resize(v1.size() - 4);  // version 1 had no projection length
        v1[4] = 1;
        auto old = DescriptorEmbedder::Normaliser::fromBytes(v1);
        QVERIFY(old);
        QVERIFY(old->projection.empty() && old->mean == plain.mean);
    }

    void inverseSquareRootInvertsTheSquare() {
        const int n = 12;
        std::mt19937 rng(9);
        std::normal_distribution<double> g(0.0, 1.0);
        std::vector<double> b(size_t(n * n)), a(size_t(n * n), 0.0);
        for (double& x : b) x = g(rng);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                for (int k = 0; k < n; ++k) a[size_t(i * n + j)] += b[size_t(i * n + k)] * b[size_t(j * n + k)];
                if (i == j) a[size_t(i * n + j)] += 0.5;
            }
        const auto p = inverseSquareRoot(a, n, 1e-12);
        // P A P = I
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                double v = 0;
                for (int k = 0; k < n; ++k)
                    for (int l = 0; l < n; ++l) v += p[size_t(i * n + k)] * a[size_t(k * n + l)] * p[size_t(l * n + j)];
                QVERIFY2(std::abs(v - (i == j ? 1.0 : 0.0)) < 1e-8, qPrintable(QStringLiteral("(%1,%2) = %3").arg(i).arg(j).arg(v)));
            }
    }

    void concurrentCallsAgree() {
        const QString path = tmp_.filePath("concurrent.wav");
        QVERIFY(testdata::writeWav(path, kRate, 1, clickTrack(100, 25, 9)));
        const auto one = embedder_.rawDescriptors(path.toStdString());
        QVERIFY(one);
        std::vector<std::future<std::vector<float>>> jobs;
        for (int i = 0; i < 4; ++i)
            jobs.push_back(std::async(std::launch::async, [&] { return *embedder_.rawDescriptors(path.toStdString()); }));
        for (auto& j : jobs) QVERIFY(j.get() == *one);
    }
};

QTEST_GUILESS_MAIN(TestDescriptorEmbedder)
#include "test_descriptor_embedder.moc"
