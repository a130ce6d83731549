// Model loading goes through one place that refuses missing or damaged weights.
#include "io/sha256.h"
#include "models/model_registry.h"

#include <QtTest>

using namespace humanear;
using namespace humanear::models;

class TestModelRegistry : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    void writeFile(const QString& name, const QByteArray& bytes) {
        QFile f(dir_.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    ModelManifest manifestFor(const QByteArray& weights) {
        ModelManifest m;
        m.name = "toy";
        m.version = "1";
        m.architecture = "test";
        m.weightsFile = "toy.pt";
        m.sha256 = QCryptographicHash::hash(weights, QCryptographicHash::Sha256).toHex().toStdString();
        m.input.sampleRate = 16000;
        m.input.nMels = 128;
        m.input.frontEnd = "logmel128_16k";
        m.parameters["threshold"] = 0.5;
        return m;
    }

private Q_SLOTS:
    void init() {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void fileChecksumsAreSha256() {
        // The standard's test vectors, then a file across several read blocks against
        // Qt's own SHA-256 (a second implementation).
        writeFile("empty", {});
        writeFile("abc", "abc");
        QByteArray large(200000, Qt::Uninitialized);
        for (int i = 0; i < large.size(); ++i) large[i] = char((i * 7 + 3) % 256);
        writeFile("large", large);
        QCOMPARE(io::sha256OfFile(dir_.filePath("empty").toStdString()).value(),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(io::sha256OfFile(dir_.filePath("abc").toStdString()).value(),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(io::sha256OfFile(dir_.filePath("large").toStdString()).value(),
                 QCryptographicHash::hash(large, QCryptographicHash::Sha256).toHex().toStdString());
        auto missing = io::sha256OfFile(dir_.filePath("missing").toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::IoError);
        QVERIFY(missing.error().message.find("missing") != std::string::npos);
    }

    void missingModelNamesWhereItLooked() {
        ModelRegistry registry({dir_.path().toStdString()});
        auto found = registry.locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelMissing);
        QVERIFY(QString::fromStdString(found.error().message).contains(dir_.path()));
    }

    void validModelRoundTrips() {
        const QByteArray weights("pretend weights");
        writeFile("toy.pt", weights);
        QVERIFY(writeManifest(manifestFor(weights), dir_.filePath("toy.manifest.json").toStdString()));
        ModelRegistry registry({"/nonexistent", dir_.path().toStdString()});
        auto found = registry.locate("toy");
        QVERIFY2(found, found ? "" : found.error().message.c_str());
        QCOMPARE(found->input.sampleRate, 16000);
        QCOMPARE(found->parameters.at("threshold"), 0.5);
        QCOMPARE(QString::fromStdString(found->weightsPath()), dir_.filePath("toy.pt"));
    }

    void tamperedWeightsAreRefused() {
        const QByteArray weights("pretend weights");
        QVERIFY(writeManifest(manifestFor(weights), dir_.filePath("toy.manifest.json").toStdString()));
        writeFile("toy.pt", "pretend weightz");
        auto found = ModelRegistry({dir_.path().toStdString()}).locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelCorrupt);
        QVERIFY(QString::fromStdString(found.error().message).contains("toy.pt"));
    }

    // Filesystems with coarse timestamps give a rewrite the same size and mtime as the
    // original; a verification cache keyed on those must not vouch for the new bytes.
    void rewriteWithSameSizeAndMtimeIsRefused() {
        const QByteArray weights("pretend weights");
        writeFile("toy.pt", weights);
        QVERIFY(writeManifest(manifestFor(weights), dir_.filePath("toy.manifest.json").toStdString()));
        const QString path = dir_.filePath("toy.pt");
        const QDateTime firstMtime = QFileInfo(path).lastModified();
        QVERIFY(ModelRegistry({dir_.path().toStdString()}).locate("toy"));

        writeFile("toy.pt", "pretend weightz");
        QFile rewritten(path);
        QVERIFY(rewritten.open(QIODevice::ReadWrite));
        QVERIFY(rewritten.setFileTime(firstMtime, QFileDevice::FileModificationTime));
        rewritten.close();
        QCOMPARE(QFileInfo(path).lastModified(), firstMtime);

        auto found = ModelRegistry({dir_.path().toStdString()}).locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelCorrupt);
    }

    void missingWeightsAreRefused() {
        QVERIFY(writeManifest(manifestFor("x"), dir_.filePath("toy.manifest.json").toStdString()));
        auto found = ModelRegistry({dir_.path().toStdString()}).locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelMissing);
    }

    void damagedManifestIsRefused() {
        writeFile("toy.manifest.json", "{ not json");
        auto found = ModelRegistry({dir_.path().toStdString()}).locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelCorrupt);
        QVERIFY(QString::fromStdString(found.error().message).contains("toy.manifest.json"));
    }

    void incompleteManifestIsRefused() {
        writeFile("toy.manifest.json", R"({"name":"toy","weights":"toy.pt"})");
        writeFile("toy.pt", "x");
        auto found = ModelRegistry({dir_.path().toStdString()}).locate("toy");
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::ModelCorrupt);
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "test_model_registry.moc"
