// Training end to end on a toy corpus the network can learn in seconds: the
// manifest is written and verified, scores separate the classes, and a seed
// makes the run repeatable.
#include "humanear/lab/detection_metrics.h"
#include "io/sha256.h"
#include "humanear/lab/detector_head_merge.h"
#include "humanear/lab/detector_training.h"
#include "humanear/lab/group_dro.h"
#include "linear_head.h"
#include "mixup.h"
#include "training_windows.h"
#include "detector/detector_impl.h"
#include "models/model_registry.h"
#include "testdata.h"

#include <QtTest>
#include <random>

using namespace humanear;

class TestDetectorTraining : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // "AI" clips carry a comb of spectral peaks every 500 Hz (the kind of artefact
    // an upsampling decoder leaves); "human" clips are the same noise without it.
    void makeCorpus() {
        std::mt19937 rng(5);
        std::normal_distribution<float> noise(0.f, 0.1f);
        for (int cls = 0; cls < 2; ++cls)
            for (int source = 0; source < 2; ++source) {
                const QString folder = QStringLiteral("%1/%2/src%3").arg(dir_.path(), cls ? "ai" : "human").arg(source);
                QDir().mkpath(folder);
                for (int i = 0; i < 8; ++i) {
                    std::vector<float> x(16000 * 3);
                    const float tone = 100.f + 37.f * float(i + 8 * source);
                    for (size_t n = 0; n < x.size(); ++n) {
                        float v = noise(rng) + 0.2f * std::sin(2 * float(M_PI) * tone * float(n) / 16000.f);
                        if (cls)
                            for (int k = 1; k <= 14; ++k) v += 0.05f * std::sin(2 * float(M_PI) * 500.f * float(k) * float(n) / 16000.f);
                        x[n] = v;
                    }
                    QVERIFY(testdata::writeWav(QStringLiteral("%1/clip%2.wav").arg(folder).arg(i), 16000, 1, x));
                }
            }
    }

    DetectorTrainingSettings settings(const QString& out) const {
        DetectorTrainingSettings s;
        s.model = DetectorConfig{"windowed-cnn", 1.0, 2};
        s.epochs = 8;
        s.batchSize = 8;
        s.seed = 42;
        s.validationFraction = 0.25;
        s.codecAugmentation = false;  // keeps the test fast and free of ffmpeg
        s.outputDir = out.toStdString();
        s.threads = 2;
        return s;
    }

    // A plain run on the toy corpus, for others to start from (initialWeights).
    Result<DetectorTrainingReport> trainedBase(const QString& folder, int epochs) const {
        auto s = settings(dir_.filePath(folder));
        s.epochs = epochs;
        return trainDetector(collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString()),
                             s, {});
    }

    // ROC-AUC of the model trained into `folder`, scored on `files`.
    double aucOf(const std::vector<LabeledFile>& files, const QString& folder) const {
        auto scores = scoreWithDetector(files, dir_.filePath(folder).toStdString(), "detector", {});
        if (!scores) return -1;
        std::vector<double> ai, human;
        for (const auto& sc : *scores) (sc.ai ? ai : human).push_back(sc.pAi);
        return rocAuc(ai, human);
    }

private Q_SLOTS:
    void initTestCase() { makeCorpus(); }

    void collectsSourcesFromTopLevelFolders() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        QCOMPARE(int(files.size()), 32);
        QCOMPARE(files.front().source, std::string("src0"));
        QVERIFY(files.front().ai);
        QVERIFY(!files.back().ai);
        // Relative folders name the same sources (the CLI passes what the user typed).
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir_.path());
        const auto relative = collectLabeledFiles("ai", "./human");
        QDir::setCurrent(previous);
        QCOMPARE(int(relative.size()), 32);
        QCOMPARE(relative.front().source, std::string("src0"));
        QCOMPARE(relative.back().source, std::string("src1"));
    }

    void trainsScoresAndRepeats() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto first = trainDetector(files, settings(dir_.filePath("run1")), {});
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QVERIFY(first->temperature > 0);
        // The manifest's checksum matches the weights it names.
        models::ModelRegistry registry({dir_.filePath("run1").toStdString()});
        auto manifest = registry.locate("detector");
        QVERIFY2(manifest, manifest ? "" : manifest.error().message.c_str());
        QCOMPARE(QString::fromStdString(manifest->architecture), QStringLiteral("windowed-cnn"));

        auto scores = scoreWithDetector(files, dir_.filePath("run1").toStdString(), "detector", {});
        QVERIFY2(scores, scores ? "" : scores.error().message.c_str());
        std::vector<double> ai, human;
        for (const auto& s : *scores) {
            QVERIFY2(s.error.empty(), s.error.c_str());
            QVERIFY(s.pAi >= 0 && s.pAi <= 1 && s.spread >= 0);
            (s.ai ? ai : human).push_back(s.pAi);
        }
        const double auc = rocAuc(ai, human);
        qInfo("toy corpus ROC-AUC %.3f", auc);
        QVERIFY(auc > 0.9);

        // Same seed, same data: the same weights, byte for byte.
        auto second = trainDetector(files, settings(dir_.filePath("run2")), {});
        QVERIFY(second);
        QCOMPARE(io::sha256OfFile(first->weightsPath).value(), io::sha256OfFile(second->weightsPath).value());
    }

    void resumesFromCheckpoint() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto s = settings(dir_.filePath("resume"));
        s.epochs = 2;
        QVERIFY(trainDetector(files, s, {}));
        s.epochs = 3;
        std::vector<std::string> lines;
        auto resumed = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY(resumed);
        QCOMPARE(resumed->epochsRun, 1);
        bool saidResuming = false;
        for (const auto& l : lines) saidResuming |= l.find("Resuming after epoch 2") != std::string::npos;
        QVERIFY(saidResuming);
    }

    // Head-only retraining keeps the convolutional layers byte for byte and moves
    // the head; the feature cache makes a second run read every track from disk and
    // give the same weights.
    void headOnlyKeepsTheFeaturesAndTheCacheRepeats() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto trained = trainedBase(QStringLiteral("base"), 2);
        QVERIFY(trained);
        auto s = settings(dir_.filePath("head1"));
        s.initialWeights = trained->weightsPath;
        s.headOnly = true;
        s.epochs = 3;
        s.featureCacheDir = dir_.filePath("cache").toStdString();
        std::vector<std::string> lines;
        auto head = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY2(head, head ? "" : head.error().message.c_str());
        auto before = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, trained->weightsPath);
        auto after = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, head->weightsPath);
        QVERIFY(before && after);
        // Same windows through both: different logits (the head moved), while a
        // second head-only run from the cache lands on the same weights.
        std::vector<float> window(size_t(128 * 32), 0.5f);
        for (size_t i = 0; i < window.size(); ++i) window[i] = float(std::sin(double(i) * 0.01));
        models::DetectorInput input{128, 32, {window.data()}};
        QVERIFY(std::fabs(before->logits(input).value()[0] - after->logits(input).value()[0]) > 1e-6);
        {
            torch::NoGradGuard noGrad;
            before->impl().net->eval();
            after->impl().net->eval();
            const torch::Tensor x = torch::from_blob(window.data(), {1, 1, 128, 32}).clone();
            QVERIFY(torch::equal(before->impl().net->embed(x), after->impl().net->embed(x)));  // features untouched
        }
        // One entry of fixed-layer features and one of log-mel windows per track.
        QCOMPARE(QDir(dir_.filePath("cache")).entryList(QDir::Files).size(), qsizetype(2 * files.size()));
        s.outputDir = dir_.filePath("head2").toStdString();
        lines.clear();
        auto again = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY(again);
        bool allCached = false;
        for (const auto& l : lines) allCached |= l.find("32 tracks read from the feature cache") != std::string::npos;
        QVERIFY(allCached);
        QCOMPARE(io::sha256OfFile(head->weightsPath).value(), io::sha256OfFile(again->weightsPath).value());
        // Other starting weights: their features are not cached, but the tracks' log-mel
        // windows are, so nothing is decoded again.
        s.initialWeights = head->weightsPath;
        s.outputDir = dir_.filePath("head3").toStdString();
        lines.clear();
        QVERIFY(trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); }));
        bool fromWindows = false;
        for (const auto& l : lines)
            fromWindows |= l.find("0 tracks read from the feature cache") != std::string::npos &&
                           l.find("(32 more from its log-mel windows)") != std::string::npos;
        QVERIFY(fromWindows);
        QCOMPARE(QDir(dir_.filePath("cache")).entryList(QDir::Files).size(), qsizetype(3 * files.size()));
        // Head-only without initial weights is refused.
        auto bad = settings(dir_.filePath("bad-head"));
        bad.headOnly = true;
        QVERIFY(!trainDetector(files, bad, {}));
    }

    // A source with few tracks weighs as much as a large one: the run says so, the
    // manifest records it, the weights differ from the plain run, and it still learns.
    void balancedSourcesWeighAlike() {
        auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        int dropped = 0;  // src0's AI clips: 8 -> 3, so the two AI sources differ in size
        files.erase(std::remove_if(files.begin(), files.end(),
                                   [&](const LabeledFile& f) { return f.ai && f.source == "src0" && dropped++ < 5; }),
                    files.end());
        auto plain = trainDetector(files, settings(dir_.filePath("plain")), {});
        QVERIFY(plain);
        auto s = settings(dir_.filePath("balanced"));
        s.balanceSources = true;
        std::vector<std::string> lines;
        auto balanced = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY2(balanced, balanced ? "" : balanced.error().message.c_str());
        bool said = false;
        for (const auto& l : lines) said |= l == "Sources balanced: 2 AI and 2 human sources weigh alike";
        QVERIFY(said);
        QVERIFY(io::sha256OfFile(plain->weightsPath).value() != io::sha256OfFile(balanced->weightsPath).value());
        QFile manifest(QString::fromStdString(balanced->manifestPath));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"balance_sources\": 1"));
        QVERIFY(aucOf(files, QStringLiteral("balanced")) > 0.9);
    }

    // A source weight scales that source's share of its class in the balanced loss: the
    // file is read (comments, blank lines), bad lines are refused by file and line, the
    // run says so, the manifest records the weight, and the weights differ from the
    // balanced run's. Without balanced sources there is nothing to scale.
    void sourceWeightsScaleTheBalancedLoss() {
        const QString path = dir_.filePath("weights.tsv");
        auto write = [&](const QByteArray& text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text);
        };
        write("# songs count twice\n\nsrc0 3   # the first source\nsrc9\t0.5\n");
        auto weights = readSourceWeights(path.toStdString());
        QVERIFY2(weights, weights ? "" : weights.error().message.c_str());
        QCOMPARE(int(weights->size()), 2);
        QCOMPARE(weights->at("src0"), 3.0);
        QCOMPARE(weights->at("src9"), 0.5);
        for (const QByteArray bad : {"src0 -1\n", "src0\n", "src0 two\n", "src0 1 2\n", "ok 1\nsrc0 0\n"}) {
            write(bad);
            auto refused = readSourceWeights(path.toStdString());
            QVERIFY2(!refused, bad.constData());
            const int line = bad.startsWith("ok") ? 2 : 1;
            QVERIFY2(refused.error().message.find(path.toStdString() + "\" line " + std::to_string(line)) != std::string::npos,
                     refused.error().message.c_str());
        }
        QVERIFY(!readSourceWeights(dir_.filePath("missing.tsv").toStdString()));

        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto s = settings(dir_.filePath("weighted-base"));
        s.balanceSources = true;
        auto balanced = trainDetector(files, s, {});
        QVERIFY(balanced);
        s.outputDir = dir_.filePath("weighted").toStdString();
        s.sourceWeights = {{"src0", 3.0}};
        std::vector<std::string> lines;
        auto weighted = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY2(weighted, weighted ? "" : weighted.error().message.c_str());
        QVERIFY(std::find(lines.begin(), lines.end(),
                          "Sources balanced: 2 AI and 2 human sources, weighed by the 1 source weights given") != lines.end());
        QVERIFY(io::sha256OfFile(balanced->weightsPath).value() != io::sha256OfFile(weighted->weightsPath).value());
        QFile manifest(QString::fromStdString(weighted->manifestPath));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"source_weight src0\": 3"));
        s.balanceSources = false;
        s.outputDir = dir_.filePath("weighted-bad").toStdString();
        auto refused = trainDetector(files, s, {});
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("balanced sources") != std::string::npos);
    }

    // Group DRO's weights: the group that loses more gains weight, by exp(step x loss)
    // relative to the others; the weights stay a distribution; a batch's shares are
    // the present groups' weights over their total; the text form round-trips.
    void groupDroWeighsTheWorstGroupUp() {
        GroupDro dro(3, 0.5);
        QCOMPARE(dro.weights(), (std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3}));
        const auto shares = dro.update({{0, 2.0}, {2, 0.0}});  // group 1 absent from the batch
        const auto& w = dro.weights();
        QVERIFY(std::abs(w[0] + w[1] + w[2] - 1.0) < 1e-12);
        QVERIFY(std::abs(w[0] / w[2] - std::exp(0.5 * 2.0)) < 1e-9);
        QVERIFY(std::abs(w[1] - w[2]) < 1e-12);  // absent and lossless groups keep their ratio
        QCOMPARE(int(shares.size()), 2);
        QVERIFY(std::abs(shares[0] - w[0] / (w[0] + w[2])) < 1e-12);
        QVERIFY(std::abs(shares[0] + shares[1] - 1.0) < 1e-12);
        QCOMPARE(dro.heaviest(1), std::vector<int>{0});
        QCOMPARE(dro.heaviest(5).size(), size_t(3));
        // A group that loses for a very long time does not overflow the others to zero or NaN.
        for (int i = 0; i < 100000; ++i) dro.update({{0, 50.0}});
        for (double x : dro.weights()) QVERIFY(std::isfinite(x) && x > 0);
        QVERIFY(dro.weights()[0] > 0.999);
        GroupDro copy(3, 0.5);
        QVERIFY(copy.fromText(dro.toText()));
        for (int g = 0; g < 3; ++g)  // read back renormalised: equal to within rounding
            QVERIFY(std::abs(copy.weights()[size_t(g)] / dro.weights()[size_t(g)] - 1.0) < 1e-9);
        QVERIFY(!copy.fromText("0.5 0.5"));         // wrong number of groups
        QVERIFY(!copy.fromText("0.5 -0.1 0.6"));    // not a weight
    }

    // Trained with Group DRO, the run names its groups and the heaviest ones, the
    // manifest records the step, the weights differ from the balanced run's, it still
    // learns, and a resumed run takes the group weights from the checkpoint.
    void groupDroTrainsOnItsGroups() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto balancedSettings = settings(dir_.filePath("dro-balanced"));
        balancedSettings.balanceSources = true;
        balancedSettings.epochs = 4;
        auto balanced = trainDetector(files, balancedSettings, {});
        QVERIFY(balanced);
        auto s = settings(dir_.filePath("dro"));
        s.balanceSources = true;
        s.groupDroStep = 0.1;
        s.epochs = 3;
        QVERIFY(trainDetector(files, s, {}));
        std::string groupWeights;
        {
            QFile f(dir_.filePath("dro/detector.checkpoint/group_weights.txt"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            groupWeights = f.readAll().toStdString();
        }
        GroupDro saved(4, 0.1);
        QVERIFY2(saved.fromText(groupWeights), groupWeights.c_str());
        // Not uniform any more: the groups did not all lose alike.
        QVERIFY(*std::max_element(saved.weights().begin(), saved.weights().end()) > 0.26);
        s.epochs = 4;
        std::vector<std::string> lines;
        auto dro = trainDetector(files, s, [&](const std::string& l) { lines.push_back(l); });
        QVERIFY2(dro, dro ? "" : dro.error().message.c_str());
        bool named = false, resumed = false, heaviest = false, warned = false;
        for (const auto& l : lines) {
            named |= l.rfind("Group DRO over 4 (class, source) groups", 0) == 0;
            resumed |= l == "Resuming after epoch 3";
            heaviest |= l.rfind("  heaviest groups: ", 0) == 0;
            warned |= l.find("no group weights") != std::string::npos;
        }
        QVERIFY(named && resumed && heaviest && !warned);
        QVERIFY(io::sha256OfFile(balanced->weightsPath).value() != io::sha256OfFile(dro->weightsPath).value());
        QFile manifest(QString::fromStdString(dro->manifestPath));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QByteArray manifestText = manifest.readAll();
        QVERIFY(manifestText.contains("\"group_dro_step\": 0.1"));
        // Its weights replaced the balanced ones, so the manifest does not claim those.
        QVERIFY(!manifestText.contains("balance_sources"));
        QVERIFY(aucOf(files, QStringLiteral("dro")) > 0.9);
    }

    // Mixup blends each example with exactly one partner of its batch, and its label and
    // loss weight by the same share; a generator state repeats the blend.
    void mixupBlendsEachExampleWithOnePartner() {
        const long n = 8;
        const std::vector<float> labels{1, 0, 1, 0, 1, 1, 0, 0}, weights{1, 2, 3, 4, 5, 6, 7, 8};
        auto blend = [&](unsigned seed) {
            torch::Tensor x = torch::eye(n), y = torch::tensor(labels), w = torch::tensor(weights);
            std::mt19937 rng(seed);
            mixupBatch(x, y, w, 0.4, rng);
            return std::make_tuple(x, y, w);
        };
        const auto [x, y, w] = blend(3);
        int blended = 0;
        for (long i = 0; i < n; ++i) {
            const torch::Tensor row = x[i];
            QVERIFY(row.min().item<float>() >= 0);
            QVERIFY(std::abs(row.sum().item<float>() - 1) < 1e-5);
            const long partners = (row > 0).sum().item<long>();
            QVERIFY2(partners == 1 || partners == 2, qPrintable(QString::number(partners)));
            blended += partners == 2;
            // The row's shares say how much of each original it holds: so do its label and weight.
            QVERIFY(std::abs((row * torch::tensor(labels)).sum().item<float>() - y[i].item<float>()) < 1e-5);
            QVERIFY(std::abs((row * torch::tensor(weights)).sum().item<float>() - w[i].item<float>()) < 1e-4);
        }
        QVERIFY(blended >= n / 2);
        const auto [x2, y2, w2] = blend(3);
        QVERIFY(torch::equal(x, x2) && torch::equal(y, y2) && torch::equal(w, w2));
        const auto [x3, y3, w3] = blend(4);
        QVERIFY(!torch::equal(x, x3));
    }

    // A run with mixup still learns the toy corpus, records its alpha, trains other
    // weights than the same run without it, and refuses Group DRO beside it.
    void mixupTrainsAndIsRecorded() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto plainSettings = settings(dir_.filePath("mixup-plain"));
        plainSettings.balanceSources = true;
        auto plain = trainDetector(files, plainSettings, {});
        QVERIFY(plain);
        auto s = settings(dir_.filePath("mixup"));
        s.balanceSources = true;
        s.mixupAlpha = 0.4;
        auto mixed = trainDetector(files, s, {});
        QVERIFY2(mixed, mixed ? "" : mixed.error().message.c_str());
        QVERIFY(io::sha256OfFile(plain->weightsPath).value() != io::sha256OfFile(mixed->weightsPath).value());
        QFile manifest(QString::fromStdString(mixed->manifestPath));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"mixup_alpha\": 0.4"));
        QVERIFY(aucOf(files, QStringLiteral("mixup")) > 0.9);
        s.groupDroStep = 0.1;
        s.outputDir = dir_.filePath("mixup-dro").toStdString();
        auto refused = trainDetector(files, s, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("Mixup and Group DRO") != std::string::npos, refused.error().message.c_str());
    }

    // Fine-tuning with frozen blocks keeps those blocks (weights and batch-norm
    // statistics) byte for byte and moves the later ones; the manifest says how many.
    void frozenBlocksStayAsTheyCame() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto trained = trainedBase(QStringLiteral("frozen-base"), 1);
        QVERIFY(trained);
        auto s = settings(dir_.filePath("frozen"));
        s.initialWeights = trained->weightsPath;
        s.frozenBlocks = 2;
        s.epochs = 2;
        auto tuned = trainDetector(files, s, {});
        QVERIFY2(tuned, tuned ? "" : tuned.error().message.c_str());
        auto before = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, trained->weightsPath);
        auto after = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, tuned->weightsPath);
        QVERIFY(before && after);
        auto& b = *before->impl().net;
        auto& a = *after->impl().net;
        const std::pair<models::ConvBlock, models::ConvBlock> kept[] = {{b.block1, a.block1}, {b.block2, a.block2}};
        for (const auto& [was, is] : kept) {
            const auto now = is->named_parameters();
            for (const auto& p : was->named_parameters()) QVERIFY2(torch::equal(p.value(), now[p.key()]), p.key().c_str());
            QVERIFY(torch::equal(was->bn->running_mean, is->bn->running_mean));
            QVERIFY(torch::equal(was->bn->running_var, is->bn->running_var));
        }
        QVERIFY(!torch::equal(b.block3->conv->weight, a.block3->conv->weight));
        QVERIFY(!torch::equal(b.block4->bn->running_mean, a.block4->bn->running_mean));
        QVERIFY(!torch::equal(b.fc1->weight, a.fc1->weight));
        QFile manifest(QString::fromStdString(tuned->manifestPath));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"frozen_blocks\": 2"));
        // Without weights to keep, freezing is refused.
        auto bad = settings(dir_.filePath("frozen-bad"));
        bad.frozenBlocks = 1;
        QVERIFY(!trainDetector(files, bad, {}));
    }

    // Coded copies only: a training track gives its augmented copy's windows and not
    // the stored file's, so the run trains on half the windows; validation is unchanged.
    void codedCopiesOnlyLeavesTheStoredFilesOut() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto trainingLine = [&](DetectorTrainingSettings s) {
            std::string said;
            auto report = trainDetector(files, s, [&](const std::string& l) {
                if (l.rfind("Training windowed-cnn on ", 0) == 0) said = l;
            });
            return report ? said : "failed: " + report.error().message;
        };
        auto s = settings(dir_.filePath("stored-and-coded"));
        s.epochs = 1;
        const std::string both = trainingLine(s);
        s.codedCopiesOnly = true;
        s.outputDir = dir_.filePath("coded-only").toStdString();
        const std::string coded = trainingLine(s);
        // 24 training tracks x 2 windows, twice (stored + augmented) or once; 8 tracks validate.
        QCOMPARE(QString::fromStdString(both).section(' ', 3, 3), QStringLiteral("96"));
        QCOMPARE(QString::fromStdString(coded).section(' ', 3, 3), QStringLiteral("48"));
        QVERIFY2(coded.find("validating on 16 windows") != std::string::npos, coded.c_str());
        QFile manifest(dir_.filePath("coded-only/detector.manifest.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"coded_copies_only\": 1"));
    }

    // Log-mel members can take human tracks through a synthetic decoder, labelled AI:
    // each decoded copy joins the training windows, the augmented copy stays what it
    // was without them (the decoder draws after it), AI tracks get none, and the
    // cache keeps the two apart.
    void decodedCopiesJoinTheLogMelTrainingAsAi() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto s = settings(dir_.filePath("decoded-windows"));
        const auto human = std::find_if(files.begin(), files.end(), [](const LabeledFile& f) { return !f.ai; });
        const auto ai = std::find_if(files.begin(), files.end(), [](const LabeledFile& f) { return f.ai; });
        QVERIFY(human != files.end() && ai != files.end());
        const TrackWindows plain = computeTrackWindows(*human, s, dir_.path(), 0, {});
        const std::string plainName = trackWindowsCacheName(*human, s, {});
        s.logMelDecodedCopies = 1;
        const TrackWindows withDecoded = computeTrackWindows(*human, s, dir_.path(), 0, {});
        QVERIFY(plain.decoded.empty());
        QCOMPARE(withDecoded.decoded.size(), withDecoded.clean.size());
        QVERIFY(withDecoded.augmented == plain.augmented);
        QVERIFY(withDecoded.clean == plain.clean);
        QVERIFY(withDecoded.decoded != withDecoded.augmented);
        QVERIFY(computeTrackWindows(*ai, s, dir_.path(), 0, {}).decoded.empty());
        QVERIFY(trackWindowsCacheName(*human, s, {}) != plainName);

        // Training windows and AI windows, as the trainer reports them.
        auto counts = [&](DetectorTrainingSettings t, const QString& out) {
            QString said;
            t.outputDir = dir_.filePath(out).toStdString();
            auto report = trainDetector(files, t, [&](const std::string& l) {
                if (l.rfind("Training windowed-cnn on ", 0) == 0) said = QString::fromStdString(l);
            });
            return report ? std::make_pair(said.section(' ', 3, 3).toInt(), said.section(' ', 5, 5).mid(1).toInt())
                          : std::make_pair(-1, -1);
        };
        s.epochs = 1;
        s.codedCopiesOnly = true;
        s.logMelDecodedCopies = 0;
        const auto [without, aiWithout] = counts(s, QStringLiteral("decoded-none"));
        s.logMelDecodedCopies = 1;
        const auto [with, aiWith] = counts(s, QStringLiteral("decoded-windows"));
        QVERIFY(without > aiWithout && aiWithout > 0);
        // Every human training window gains a decoded twin, labelled AI.
        QCOMPARE(with, without + (without - aiWithout));
        QCOMPARE(aiWith, aiWithout + (without - aiWithout));
        QFile manifest(dir_.filePath("decoded-windows/detector.manifest.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QVERIFY(manifest.readAll().contains("\"decoded_human_copies\": 1"));
    }

    // --first-seconds S: a long track's training windows come from its first S seconds,
    // the same windows a file holding only those seconds gives; the cache keeps them apart.
    void firstSecondsTakesTheWindowsFromTheOpening() {
        std::mt19937 rng(11);
        std::normal_distribution<float> noise(0.f, 0.1f);
        std::vector<float> whole(16000 * 12);
        for (size_t n = 0; n < whole.size(); ++n) {
            const float hz = n < 16000 * 3 ? 300.f : 1700.f;  // the opening sounds unlike the rest
            whole[n] = noise(rng) + 0.3f * std::sin(2 * float(M_PI) * hz * float(n) / 16000.f);
        }
        const std::vector<float> opening(whole.begin(), whole.begin() + 16000 * 3);
        const QString folder = dir_.filePath("first-seconds/human/long");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(testdata::writeWav(folder + "/whole.wav", 16000, 1, whole));
        QVERIFY(testdata::writeWav(folder + "/opening.wav", 16000, 1, opening));
        const LabeledFile wholeFile{(folder + "/whole.wav").toStdString(), false, "long"};
        const LabeledFile openingFile{(folder + "/opening.wav").toStdString(), false, "long"};
        auto s = settings(dir_.filePath("first-seconds-out"));
        const TrackWindows spread = computeTrackWindows(wholeFile, s, dir_.path(), 0, {});
        const TrackWindows reference = computeTrackWindows(openingFile, s, dir_.path(), 0, {});
        const std::string spreadName = trackWindowsCacheName(wholeFile, s, {});
        s.firstSeconds = 3;
        const TrackWindows fromOpening = computeTrackWindows(wholeFile, s, dir_.path(), 0, {});
        QVERIFY(!reference.clean.empty());
        QVERIFY(fromOpening.clean == reference.clean);
        QVERIFY(spread.clean != reference.clean);
        QVERIFY(trackWindowsCacheName(wholeFile, s, {}) != spreadName);
    }

    // The cache follows a file's bytes, not its time stamp: the corpus copied again (a new
    // time, the same audio) keeps its entries; one changed sample misses them.
    void cacheNameFollowsTheContentNotTheTime() {
        const QString folder = dir_.filePath("cache-name/human/src");
        QVERIFY(QDir().mkpath(folder));
        std::vector<float> clip(16000, 0.25f);
        QVERIFY(testdata::writeWav(folder + "/a.wav", 16000, 1, clip));
        const LabeledFile file{(folder + "/a.wav").toStdString(), false, "src"};
        const auto s = settings(dir_.filePath("cache-name-out"));
        const std::string before = trackWindowsCacheName(file, s, {});
        {
            QFile f(folder + "/a.wav");
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addDays(-3), QFileDevice::FileModificationTime));
        }
        QCOMPARE(trackWindowsCacheName(file, s, {}), before);
        clip[8000] = -0.25f;
        QVERIFY(testdata::writeWav(folder + "/a.wav", 16000, 1, clip));
        QVERIFY(trackWindowsCacheName(file, s, {}) != before);
    }

    // Heads of one trunk trained with other seeds merge into one network whose logit
    // is the mean of theirs over their temperatures; heads of other trunks do not merge.
    void mergedHeadsScoreTheirMeanCalibratedLogit() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto trained = trainedBase(QStringLiteral("merge-base"), 1);
        QVERIFY(trained);
        std::vector<std::string> manifests;
        std::vector<double> temperatures;
        for (int seed : {3, 4, 5}) {
            auto s = settings(dir_.filePath(QStringLiteral("merge-head%1").arg(seed)));
            s.initialWeights = trained->weightsPath;
            s.headOnly = true;
            s.epochs = 2;
            s.seed = seed;
            auto head = trainDetector(files, s, {});
            QVERIFY2(head, head ? "" : head.error().message.c_str());
            manifests.push_back(head->manifestPath);
            temperatures.push_back(head->temperature);
        }
        HeadMergeSpec spec{manifests, dir_.filePath("merged").toStdString(), "detector-merged"};
        auto merged = mergeDetectorHeads(spec);
        QVERIFY2(merged, merged ? "" : merged.error().message.c_str());
        auto manifest = models::readManifest(*merged);
        QVERIFY(manifest);
        QCOMPARE(manifest->parameters.at("temperature"), 1.0);
        QCOMPARE(manifest->parameters.at("merged_heads"), 3.0);
        auto model = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, manifest->weightsPath());
        QVERIFY(model);
        QCOMPARE(int(model->impl().net->fc1->weight.size(0)), 3 * 128);
        std::vector<std::vector<float>> windows(4, std::vector<float>(size_t(128 * 32)));
        for (size_t w = 0; w < windows.size(); ++w)
            for (size_t i = 0; i < windows[w].size(); ++i) windows[w][i] = float(std::sin(double(i) * 0.013 * double(w + 1)));
        models::DetectorInput input{128, 32, {}};
        for (const auto& w : windows) input.windows.push_back(w.data());
        const auto got = model->logits(input).value();
        std::vector<double> expected(windows.size(), 0.0);
        double spreadOfHeads = 0;
        std::vector<float> firstHead;
        for (size_t k = 0; k < manifests.size(); ++k) {
            auto head = models::readManifest(manifests[k]);
            QVERIFY(head);
            auto net = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, head->weightsPath());
            QVERIFY(net);
            const auto logits = net->logits(input).value();
            if (k == 0) firstHead = logits;
            for (size_t w = 0; w < windows.size(); ++w) {
                expected[w] += logits[w] / temperatures[k] / double(manifests.size());
                spreadOfHeads = std::max(spreadOfHeads, std::abs(double(logits[w]) - double(firstHead[w])));
            }
        }
        QVERIFY2(spreadOfHeads > 1e-3, "the heads agree: the mean proves nothing");
        for (size_t w = 0; w < windows.size(); ++w)
            QVERIFY2(std::abs(got[w] - expected[w]) < 1e-4, qPrintable(QString("%1 vs %2").arg(got[w]).arg(expected[w])));
        // The base model's head sits on the same trunk, but a model trained from the seed does not.
        auto other = settings(dir_.filePath("merge-other"));
        other.epochs = 1;
        other.seed = 77;
        auto otherTrunk = trainDetector(files, other, {});
        QVERIFY(otherTrunk);
        HeadMergeSpec mixed{{manifests[0], otherTrunk->manifestPath}, dir_.filePath("mixed").toStdString(), "x"};
        auto refused = mergeDetectorHeads(mixed);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("other convolutional layers") != std::string::npos,
                 refused.error().message.c_str());
    }

    // The linear head's stored form (FC 1 with two units (w, -w), FC 2 (1, -1)) computes
    // exactly the linear function it was trained as, and reads back unchanged.
    void linearHeadStoredFormIsTheSameFunction() {
        torch::manual_seed(11);
        LinearHead head(3072, 0.5);
        auto net = models::DetectorModel::create(models::DetectorArchitecture::WindowedCnn, 3, "cpu");
        QVERIFY(net);
        head->storeIn(*net->impl().net);
        QCOMPARE(int(net->impl().net->fc1->weight.size(0)), 2);
        head->eval();
        net->impl().net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor features = torch::randn({16, 3072}) * 3;
        const torch::Tensor expected = head->forward(features);
        QVERIFY(expected.abs().max().item<double>() > 0.1);  // a head that gives zeros would prove nothing
        QVERIFY(torch::allclose(net->impl().net->head(features), expected, 1e-5, 1e-5));
        LinearHead back(3072, 0.5);
        back->loadFrom(*net->impl().net);
        QVERIFY(torch::equal(back->linear->weight, head->linear->weight));
        QVERIFY(torch::equal(back->linear->bias, head->linear->bias));
    }

    // Trained on the toy corpus's fixed features, a linear head learns it, is recorded,
    // loads as a two-unit network, and merges with another seed's like any head.
    void linearHeadTrainsLoadsAndMerges() {
        const auto files = collectLabeledFiles(dir_.filePath("ai").toStdString(), dir_.filePath("human").toStdString());
        auto trained = trainedBase(QStringLiteral("linear-base"), 2);
        QVERIFY(trained);
        std::vector<std::string> manifests;
        for (int seed : {5, 6}) {
            auto s = settings(dir_.filePath(QStringLiteral("linear%1").arg(seed)));
            s.initialWeights = trained->weightsPath;
            s.headOnly = true;
            s.linearHead = true;
            s.epochs = 4;
            s.seed = seed;
            auto head = trainDetector(files, s, {});
            QVERIFY2(head, head ? "" : head.error().message.c_str());
            manifests.push_back(head->manifestPath);
            QFile manifest(QString::fromStdString(head->manifestPath));
            QVERIFY(manifest.open(QIODevice::ReadOnly));
            QVERIFY(manifest.readAll().contains("\"linear_head\": 1"));
            auto model = models::DetectorModel::load(models::DetectorArchitecture::WindowedCnn, head->weightsPath);
            QVERIFY(model);
            QCOMPARE(int(model->impl().net->fc1->weight.size(0)), 2);
            QVERIFY(torch::equal(model->impl().net->fc1->weight[1], -model->impl().net->fc1->weight[0]));
        }
        QVERIFY(aucOf(files, QStringLiteral("linear5")) > 0.9);
        auto merged = mergeDetectorHeads({manifests, dir_.filePath("linear-merged").toStdString(), "detector"});
        QVERIFY2(merged, merged ? "" : merged.error().message.c_str());
        QVERIFY(aucOf(files, QStringLiteral("linear-merged")) > 0.9);
        // Without head-only there are no fixed features to train it on.
        auto bad = settings(dir_.filePath("linear-bad"));
        bad.linearHead = true;
        auto refused = trainDetector(files, bad, {});
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("linear head") != std::string::npos);
    }

    // DetectorModel::logits runs a faster form of the network (batch norm folded into
    // the convolutions, channels-last tensors, pool before ReLU): it must give the
    // training network's own eval-mode output, with batch norms that shift, scale and
    // flip the sign of channels, so that a wrong fold or pool order would show.
    void inferenceFormMatchesTheTrainingNetwork() {
        for (auto architecture : {models::DetectorArchitecture::WindowedCnn, models::DetectorArchitecture::SeedCnn}) {
            auto model = models::DetectorModel::create(architecture, 3);
            QVERIFY(model);
            auto& net = model->impl().net;
            {
                torch::NoGradGuard noGrad;
                for (auto* block : {&net->block1, &net->block2, &net->block3, &net->block4}) {
                    auto& bn = (*block)->bn;
                    bn->running_mean.uniform_(-0.5, 0.5);
                    bn->running_var.uniform_(0.3, 3.0);
                    bn->weight.uniform_(-1.5, 1.5);
                    bn->bias.uniform_(-0.3, 0.3);
                }
            }
            const int frames = 157;
            std::mt19937 rng(11);
            std::vector<std::vector<float>> windows(5, std::vector<float>(size_t(128) * frames));
            for (int i = 0; i < 5; ++i) {  // each window its own level and spread, so their logits differ
                std::normal_distribution<float> normal(0.6f * float(i) - 1.f, 0.3f + 0.4f * float(i));
                for (float& v : windows[i]) v = normal(rng);
            }
            models::DetectorInput input{128, frames, {}};
            for (const auto& w : windows) input.windows.push_back(w.data());
            auto fast = model->logits(input);
            QVERIFY(fast);

            torch::InferenceMode inference;
            torch::Tensor x = torch::empty({5, 1, 128, frames});
            for (int i = 0; i < 5; ++i) std::copy(windows[i].begin(), windows[i].end(), x[i].data_ptr<float>());
            const torch::Tensor reference = net->forward(x).contiguous();
            float spread = 0.f;
            for (int i = 0; i < 5; ++i) {
                const float expected = reference[i].item<float>();
                QVERIFY2(std::abs((*fast)[i] - expected) <= 1e-4f * std::max(1.f, std::abs(expected)),
                         qPrintable(QStringLiteral("window %1: %2 against %3").arg(i).arg((*fast)[i]).arg(expected)));
                spread = std::max(spread, std::abs(expected - reference[0].item<float>()));
            }
            QVERIFY(spread > 1e-3f);  // the windows give different logits: the comparison means something
        }
    }

    void unknownArchitectureIsAnError() {
        auto s = settings(dir_.filePath("bad"));
        s.model.architecture = "transformer-9000";
        auto r = trainDetector(collectLabeledFiles(dir_.filePath("ai").toStdString(), {}), s, {});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestDetectorTraining)
#include "test_detector_training.moc"
