// A detector may be an ensemble of trained networks: its manifest names member
// models beside it, P(AI) is the mean of their calibrated P(AI), and the spread
// says when the members disagree.
#include "detector/detector_member.h"
#include "dsp/frontends.h"
#include "io/sha256.h"
#include "humanear/lab/detector_training.h"
#include "detector/installed_detector.h"
#include "models/model_registry.h"

#include "clips_for_spans.h"
#include "testdata.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace humanear;
using namespace humanear::models;

namespace {

constexpr int kRate = dsp::DetectorFrontEnd::kSampleRate;

std::vector<float> noisyChord(double seconds, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.f, 0.05f);
    std::vector<float> samples(size_t(seconds * kRate));
    for (size_t i = 0; i < samples.size(); ++i) {
        const double t = double(i) / kRate;
        samples[i] = float(0.3 * std::sin(2 * M_PI * 196 * t) + 0.2 * std::sin(2 * M_PI * 2349 * t * (1 + t / 40))) +
                     noise(random);
    }
    return samples;
}

// The clips a decoder would return for these spans of an in-memory track at the members' rate.
std::vector<audio::MonoClip> clipsFor(const std::vector<float>& track, const std::vector<audio::Span>& spans) {
    return testdata::clipsFor(track, kRate, spans);
}

}  // namespace

class TestDetectorEnsemble : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }

    // Fresh (untrained) weights are enough: the ensemble's arithmetic, not the
    // networks' skill, is under test, and two different seeds disagree.
    void writeMember(const QString& name, DetectorArchitecture architecture, int seed, double temperature,
                     bool tilesTrack = true, int mp3CopyKbps = 0) {
        auto model = DetectorModel::create(architecture, seed);
        QVERIFY(model);
        QVERIFY(model->save(path(name + ".pt")));
        auto digest = io::sha256OfFile(path(name + ".pt"));
        QVERIFY(digest);
        const bool windowed = architecture == DetectorArchitecture::WindowedCnn;
        ModelManifest m;
        m.name = name.toStdString();
        m.version = "1";
        m.architecture = windowed ? "windowed-cnn" : "seed-cnn";
        m.weightsFile = (name + ".pt").toStdString();
        m.sha256 = *digest;
        m.input = InputSpec{kRate, 128, 2048, 512, windowed ? 5.0 : 30.0, "logmel128_16k_standardised"};
        m.parameters = {{"temperature", temperature}, {"windows_per_track", windowed ? 4 : 1},
                        {"band_limit_hz", windowed ? 7000 : 0}};
        if (!tilesTrack) m.parameters["tiles_track"] = 0;
        if (mp3CopyKbps) m.parameters["mp3_copy_kbps"] = mp3CopyKbps;
        QVERIFY(writeManifest(m, path(name + ".manifest.json")));
    }

    void writeEnsemble(const QString& name, std::vector<std::string> members) {
        ModelManifest m;
        m.name = name.toStdString();
        m.version = "2";
        m.architecture = "ensemble";
        m.members = std::move(members);
        m.parameters = {{"threshold", 0.5}};
        QVERIFY(writeManifest(m, path(name + ".manifest.json")));
    }

    ModelRegistry registry() const { return ModelRegistry({dir_.path().toStdString()}); }

private Q_SLOTS:
    void init() {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
        writeMember(QStringLiteral("detector-seed-cnn"), DetectorArchitecture::SeedCnn, 8, 1.5);
        writeMember(QStringLiteral("detector-windowed-cnn"), DetectorArchitecture::WindowedCnn, 7, 2.0);
        writeEnsemble(QStringLiteral("detector"), {"detector-seed-cnn", "detector-windowed-cnn"});
    }

    void manifestRoundTripsItsMembers() {
        auto read = readManifest(path(QStringLiteral("detector.manifest.json")));
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QVERIFY(read->isEnsemble());
        QCOMPARE(read->members, (std::vector<std::string>{"detector-seed-cnn", "detector-windowed-cnn"}));
        QVERIFY(read->weightsFile.empty());
        writeEnsemble(QStringLiteral("empty"), {});
        auto empty = readManifest(path(QStringLiteral("empty.manifest.json")));
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, ErrorCode::ModelCorrupt);
    }

    void ensembleAveragesItsMembersCalibratedProbabilities() {
        auto ensemble = InstalledDetector::load(registry(), "detector", "cpu");
        QVERIFY2(ensemble, ensemble ? "" : ensemble.error().message.c_str());
        auto seed = InstalledDetector::load(registry(), "detector-seed-cnn", "cpu");
        auto windowed = InstalledDetector::load(registry(), "detector-windowed-cnn", "cpu");
        QVERIFY(seed && windowed);
        QCOMPARE((*ensemble)->members.size(), size_t(2));
        QCOMPARE(QString::fromStdString((*ensemble)->label), QStringLiteral("detector v2 (seed-cnn + windowed-cnn)"));

        const double seconds = 47;
        const auto track = noisyChord(seconds, 5);
        const auto spans = (*ensemble)->spans(seconds);
        // The seed's one 30 s window, then the windowed member's 5 s windows over the
        // whole track: ten for 47 s, the last one ending at the end.
        QCOMPARE(spans.size(), size_t(1 + 10));
        auto together = (*ensemble)->judge(clipsFor(track, spans), seconds);
        auto alone1 = (*seed)->judge(clipsFor(track, (*seed)->spans(seconds)), seconds);
        auto alone2 = (*windowed)->judge(clipsFor(track, (*windowed)->spans(seconds)), seconds);
        QVERIFY(together && alone1 && alone2);
        // Different networks must disagree here, or the mean would prove nothing.
        QVERIFY2(std::abs(alone1->pAi - alone2->pAi) > 1e-4, "the two members gave the same P(AI)");
        QVERIFY(std::abs(together->pAi - (alone1->pAi + alone2->pAi) / 2) < 1e-6);
        QCOMPARE(together->windows, 11);
        QCOMPARE(together->members, 2);
        QCOMPARE(together->windowPAi.size(), size_t(11));
        QVERIFY(std::abs(together->windowPAi.front() - alone1->windowPAi.front()) < 1e-6);
        QVERIFY(std::abs(together->windowPAi.back() - alone2->windowPAi.back()) < 1e-6);
        const double expectedSpread = std::sqrt(
            (alone1->spread * alone1->spread + std::pow(alone1->pAi - together->pAi, 2) +
             alone2->spread * alone2->spread + std::pow(alone2->pAi - together->pAi, 2)) / 2);
        QVERIFY(std::abs(together->spread - expectedSpread) < 1e-6);
        // Members that disagree make the ensemble less sure than either alone can be.
        QVERIFY(together->spread >= std::abs(alone1->pAi - alone2->pAi) / 2 - 1e-9);
    }

    // P(AI) over time: the windowed member's windows tile the whole track, and
    // each point of the timeline is that member's window P(AI) (the seed judges
    // the first 30 s only, so it is in the track's P(AI) but not the curve).
    void timelineCoversTheWholeTrackWithoutGaps() {
        auto ensemble = InstalledDetector::load(registry(), "detector", "cpu");
        auto windowed = InstalledDetector::load(registry(), "detector-windowed-cnn", "cpu");
        QVERIFY(ensemble && windowed);
        for (double seconds : {3.0, 12.0, 47.0, 61.5}) {
            const auto track = noisyChord(seconds, 9);
            auto together = (*ensemble)->judge(clipsFor(track, (*ensemble)->spans(seconds)), seconds);
            auto alone = (*windowed)->judge(clipsFor(track, (*windowed)->spans(seconds)), seconds);
            QVERIFY(together && alone);
            const auto& timeline = together->timeline;
            QCOMPARE(timeline.size(), size_t(std::ceil(seconds / 5.0)));
            QCOMPARE(timeline.front().startSeconds, 0.0);
            QVERIFY2(std::abs(timeline.back().endSeconds - seconds) < 1e-3, qPrintable(QString::number(seconds)));
            for (size_t i = 0; i < timeline.size(); ++i) {
                QVERIFY(timeline[i].endSeconds > timeline[i].startSeconds);
                if (i > 0) QVERIFY2(timeline[i].startSeconds <= timeline[i - 1].endSeconds + 1e-6, "a gap");
                QVERIFY(std::abs(timeline[i].pAi - alone->windowPAi[i]) < 1e-6);
                QVERIFY(std::abs(alone->timeline[i].pAi - alone->windowPAi[i]) < 1e-6);
            }
            // The track's P(AI) is still the windows' mean logit through the temperature.
            double meanLogit = 0;
            for (double p : alone->windowPAi) meanLogit += std::log(p / (1 - p)) / double(alone->windowPAi.size());
            QVERIFY(std::abs(alone->pAi - 1 / (1 + std::exp(-meanLogit))) < 1e-5);
        }
    }

    // A second windowed member trained with --spread-windows reads its four spread
    // windows at analysis (a twelfth of the whole track's cost): its score joins the
    // verdict, and the timeline stays the tiling member's windows.
    void spreadMemberJoinsTheVerdictButNotTheTimeline() {
        writeMember(QStringLiteral("detector-spread"), DetectorArchitecture::WindowedCnn, 11, 1.0, false);
        writeEnsemble(QStringLiteral("two-windowed"), {"detector-windowed-cnn", "detector-spread"});
        auto ensemble = InstalledDetector::load(registry(), "two-windowed", "cpu");
        auto tiling = InstalledDetector::load(registry(), "detector-windowed-cnn", "cpu");
        auto spread = InstalledDetector::load(registry(), "detector-spread", "cpu");
        QVERIFY2(ensemble, ensemble ? "" : ensemble.error().message.c_str());
        QVERIFY(tiling && spread);
        const double seconds = 61.5;
        QCOMPARE((*spread)->spans(seconds).size(), size_t(4));
        QVERIFY(!(*spread)->members.front()->tilesTrack());
        QCOMPARE((*ensemble)->spans(seconds).size(), size_t(13 + 4));
        const auto track = noisyChord(seconds, 3);
        auto together = (*ensemble)->judge(clipsFor(track, (*ensemble)->spans(seconds)), seconds);
        auto alone1 = (*tiling)->judge(clipsFor(track, (*tiling)->spans(seconds)), seconds);
        auto alone2 = (*spread)->judge(clipsFor(track, (*spread)->spans(seconds)), seconds);
        QVERIFY(together && alone1 && alone2);
        QCOMPARE(alone2->windows, 4);
        QVERIFY2(std::abs(alone1->pAi - alone2->pAi) > 1e-4, "the two members gave the same P(AI)");
        QVERIFY(std::abs(together->pAi - (alone1->pAi + alone2->pAi) / 2) < 1e-6);
        QCOMPARE(together->timeline.size(), alone1->timeline.size());
        for (size_t i = 0; i < together->timeline.size(); ++i)
            QVERIFY(std::abs(together->timeline[i].pAi - alone1->windowPAi[i]) < 1e-6);
    }

    void tooFewClipsIsAnErrorNotACrash() {
        auto ensemble = InstalledDetector::load(registry(), "detector", "cpu");
        QVERIFY(ensemble);
        const auto track = noisyChord(40, 2);
        auto spans = (*ensemble)->spans(40);
        spans.pop_back();
        auto judged = (*ensemble)->judge(clipsFor(track, spans), 40);
        QVERIFY(!judged);
    }

    void ensembleSaliencyCoversEveryMembersWindows() {
        auto ensemble = InstalledDetector::load(registry(), "detector", "cpu");
        QVERIFY(ensemble);
        const auto track = noisyChord(32, 4);
        const int frames = int(track.size() / dsp::DetectorFrontEnd::kHop) + 1;
        auto map = (*ensemble)->saliencyMap(track, frames);
        QVERIFY2(map, map ? "" : map.error().message.c_str());
        QCOMPARE(map->size(), size_t(dsp::DetectorFrontEnd::kBands) * size_t(frames));
        QCOMPARE(*std::max_element(map->begin(), map->end()), 1.f);
        QVERIFY(*std::min_element(map->begin(), map->end()) >= 0.f);
    }

    void damagedMemberIsRefusedByName() {
        QFile weights(dir_.filePath(QStringLiteral("detector-seed-cnn.pt")));
        QVERIFY(weights.open(QIODevice::Append));
        weights.write("x");
        weights.close();
        auto loaded = InstalledDetector::load(registry(), "detector", "cpu");
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::ModelCorrupt);
        QVERIFY(QString::fromStdString(loaded.error().message).contains(QStringLiteral("detector-seed-cnn")));
    }

    // Members come from the ensemble's own folder, never from another search folder.
    void membersElsewhereAreNotPickedUp() {
        QTemporaryDir other;
        QVERIFY(QFile::copy(dir_.filePath(QStringLiteral("detector.manifest.json")),
                            other.filePath(QStringLiteral("detector.manifest.json"))));
        auto loaded = InstalledDetector::load(ModelRegistry({other.path().toStdString(), dir_.path().toStdString()}),
                                              "detector", "cpu");
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::ModelMissing);
        QVERIFY(QString::fromStdString(loaded.error().message).contains(QStringLiteral("detector-seed-cnn")));
    }

    // writeDetectorEnsemble (humanear-cli combine) makes the same kind of folder
    // from trained models elsewhere, keeping their manifests' other fields.
    void ensembleIsWrittenFromTrainedModels() {
        QTemporaryDir out;
        EnsembleSpec spec;
        spec.memberManifests = {path(QStringLiteral("detector-windowed-cnn.manifest.json")),
                                path(QStringLiteral("detector-seed-cnn.manifest.json"))};
        spec.outDir = out.path().toStdString();
        spec.name = "judge";
        spec.version = "3";
        auto written = writeDetectorEnsemble(spec);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        auto loaded = InstalledDetector::load(ModelRegistry({spec.outDir}), "judge", "cpu");
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(QString::fromStdString((*loaded)->label), QStringLiteral("judge v3 (windowed-cnn + seed-cnn)"));
        auto member = readManifest(out.filePath(QStringLiteral("judge-seed-cnn.manifest.json")).toStdString());
        QVERIFY(member);
        QCOMPARE(member->parameters.at("temperature"), 1.5);
        QCOMPARE(member->weightsFile, std::string("judge-seed-cnn.pt"));

        // A member whose weights no longer match is refused before anything is written.
        QFile weights(dir_.filePath(QStringLiteral("detector-seed-cnn.pt")));
        QVERIFY(weights.open(QIODevice::Append));
        weights.write("x");
        weights.close();
        QTemporaryDir other;
        spec.outDir = other.path().toStdString();
        auto refused = writeDetectorEnsemble(spec);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::ModelCorrupt);
        QVERIFY(QDir(other.path()).entryList(QDir::Files).isEmpty());
        // An ensemble cannot be a member.
        spec.memberManifests = {path(QStringLiteral("detector.manifest.json")),
                                path(QStringLiteral("detector-windowed-cnn.manifest.json"))};
        QVERIFY(!writeDetectorEnsemble(spec));
    }

    // A member whose manifest says mp3_copy_kbps judges an MP3 copy of each 16 kHz
    // mono window (what its training saw), not the window as decoded: its verdict is
    // the plain member's verdict on mp3CopiesOf(clips), and it differs from the
    // verdict on the clips themselves.
    void aMemberCanJudgeMp3CopiesOfItsWindows() {
        writeMember(QStringLiteral("plain"), DetectorArchitecture::WindowedCnn, 7, 2.0);
        writeMember(QStringLiteral("copying"), DetectorArchitecture::WindowedCnn, 7, 2.0, true, 64);
        auto plain = InstalledDetector::load(registry(), "plain", "cpu");
        auto copying = InstalledDetector::load(registry(), "copying", "cpu");
        QVERIFY(plain && copying);
        const DetectorMember& member = *(*copying)->members.front();
        QCOMPARE(member.config.mp3CopyKbps, 64);
        QCOMPARE((*plain)->members.front()->config.mp3CopyKbps, 0);

        const double seconds = 23;
        const auto track = noisyChord(seconds, 9);
        const auto clips = clipsFor(track, member.spans(seconds));
        auto copies = mp3CopiesOf(clips, member.config);
        QVERIFY(copies);
        QCOMPARE(copies->size(), clips.size());
        for (size_t i = 0; i < clips.size(); ++i) {
            QCOMPARE((*copies)[i].samples.size(), clips[i].samples.size());
            QCOMPARE((*copies)[i].startSeconds, clips[i].startSeconds);
            QVERIFY((*copies)[i].samples != clips[i].samples);
        }
        auto ofClips = (*copying)->judge(clips, seconds);
        auto ofCopies = (*plain)->judge(*copies, seconds);
        auto asDecoded = (*plain)->judge(clips, seconds);
        QVERIFY(ofClips && ofCopies && asDecoded);
        QVERIFY2(std::abs(ofClips->pAi - ofCopies->pAi) < 1e-9, qPrintable(QString::number(ofClips->pAi - ofCopies->pAi)));
        double moved = 0;
        for (size_t w = 0; w < asDecoded->windowPAi.size(); ++w)
            moved = std::max(moved, std::abs(asDecoded->windowPAi[w] - ofClips->windowPAi[w]));
        QVERIFY2(moved > 1e-6, "the copies read the same as the windows");
    }

    // The copy is made after the file is mixed to mono and resampled, so the stored
    // format cannot change it: a 44.1 kHz stereo file and its 16 kHz mono mix read the
    // same P(AI). (Stop 30 measured a copy of the file at its own rate and channels:
    // mono files kept all 64 kbit/s for one channel, stereo ones were coded far
    // more coarsely, and channel count follows the label in corpus v2.)
    void theCopyDoesNotDependOnTheStoredFormat() {
        writeMember(QStringLiteral("copying"), DetectorArchitecture::WindowedCnn, 7, 2.0, true, 64);
        auto copying = InstalledDetector::load(registry(), "copying", "cpu");
        QVERIFY(copying);
        const double seconds = 12;
        QVERIFY(testdata::writeMusicWav(dir_.filePath("stereo.wav"), 44100, 2, seconds, 3));
        auto mix = audio::decodeSpans(path("stereo.wav"), kRate, {{0, seconds}});
        QVERIFY(mix);
        QVERIFY(testdata::writeWav(dir_.filePath("mono16k.wav"), kRate, 1, mix->front().samples));
        auto judged = [&](const char* file) {
            auto clips = (*copying)->decode(path(file), seconds);
            return clips ? (*copying)->judge(*clips, seconds) : Result<Detection>(clips.error());
        };
        auto ofStereo = judged("stereo.wav");
        auto ofMono = judged("mono16k.wav");
        QVERIFY(ofStereo && ofMono);
        QVERIFY2(std::abs(ofStereo->pAi - ofMono->pAi) < 1e-4, qPrintable(QString::number(ofStereo->pAi - ofMono->pAi)));
    }

    void nestedEnsembleIsRefused() {
        writeEnsemble(QStringLiteral("outer"), {"detector", "detector-seed-cnn"});
        auto loaded = InstalledDetector::load(registry(), "outer", "cpu");
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::ModelCorrupt);
    }
};

QTEST_GUILESS_MAIN(TestDetectorEnsemble)
#include "test_detector_ensemble.moc"
