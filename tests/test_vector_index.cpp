// FAISS-backed vector index: exact and HNSW search, removal, checksummed
// atomic save/load, and the atomic-file primitives underneath.
#include "io/atomic_file.h"
#include "bench/vector_search_bench.h"
#include "index/vector_index.h"

#include <QtTest>

#include <cmath>
#include <random>
#include <set>
#include <unistd.h>

using namespace humanear;
using namespace humanear::index;

namespace {

std::vector<float> randomUnitRows(size_t n, int dim, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> v(n * size_t(dim));
    for (size_t i = 0; i < n; ++i) {
        double norm = 0;
        float* row = v.data() + i * size_t(dim);
        for (int j = 0; j < dim; ++j) {
            row[j] = g(rng);
            norm += double(row[j]) * row[j];
        }
        const float inv = float(1.0 / std::sqrt(norm));
        for (int j = 0; j < dim; ++j) row[j] *= inv;
    }
    return v;
}

std::vector<int64_t> idsFrom(int64_t first, size_t n) {
    std::vector<int64_t> ids(n);
    for (size_t i = 0; i < n; ++i) ids[i] = first + int64_t(i) * 3;  // sparse, like catalog ids after deletions
    return ids;
}

std::vector<float> row(const std::vector<float>& rows, size_t i, int dim) {
    return {rows.begin() + long(i * size_t(dim)), rows.begin() + long((i + 1) * size_t(dim))};
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

void writeRaw(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
}

}  // namespace

class TestVectorIndex : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

    VectorIndex filled(VectorIndex::Kind kind, size_t n, int dim, std::vector<float>* rowsOut = nullptr,
                       std::vector<int64_t>* idsOut = nullptr) {
        auto idx = VectorIndex::create(dim, kind);
        if (!idx) qFatal("create: %s", idx.error().message.c_str());
        auto rows = randomUnitRows(n, dim, 7);
        auto ids = idsFrom(100, n);
        auto s = idx->add(ids, rows);
        if (!s) qFatal("add: %s", s.message().c_str());
        if (rowsOut) *rowsOut = rows;
        if (idsOut) *idsOut = ids;
        return std::move(idx).value();
    }

private Q_SLOTS:
    void crcMatchesReference() {
        const char* s = "123456789";
        QCOMPARE(crc32(s, 9), 0xCBF43926u);
        QCOMPARE(crc32(s + 4, 5, crc32(s, 4)), 0xCBF43926u);
    }

    void exactSearchFindsItself() {
        std::vector<float> rows;
        std::vector<int64_t> ids;
        auto idx = filled(VectorIndex::Kind::Exact, 500, 32, &rows, &ids);
        QCOMPARE(idx.size(), int64_t(500));
        for (size_t i : {size_t(0), size_t(17), size_t(499)}) {
            auto hits = idx.search(row(rows, i, 32), 5);
            QVERIFY(hits);
            QCOMPARE(hits->size(), size_t(5));
            QCOMPARE(hits->front().id, ids[i]);
            QVERIFY(std::abs(hits->front().score - 1.0f) < 1e-5f);
            for (size_t j = 1; j < hits->size(); ++j) QVERIFY((*hits)[j - 1].score >= (*hits)[j].score);
        }
        // Batch search agrees with single searches.
        std::vector<float> batch;
        for (size_t i : {size_t(3), size_t(4)}) {
            auto r = row(rows, i, 32);
            batch.insert(batch.end(), r.begin(), r.end());
        }
        auto b = idx.searchBatch(batch, 3);
        QVERIFY(b);
        QCOMPARE(b->size(), size_t(2));
        QCOMPARE((*b)[0].front().id, ids[3]);
        QCOMPARE((*b)[1].front().id, ids[4]);
        // Wrong dimensions are refused, not asserted.
        QVERIFY(!idx.search(std::vector<float>(31, 0.f), 3));
        QVERIFY(!idx.add({1}, std::vector<float>(31, 0.f)));
        // k larger than the index returns everything.
        auto small = filled(VectorIndex::Kind::Exact, 3, 8);
        QCOMPARE(small.search(std::vector<float>(8, 0.35f), 10)->size(), size_t(3));
    }

    void removalWorks_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("exact") << int(VectorIndex::Kind::Exact);
        QTest::newRow("hnsw") << int(VectorIndex::Kind::Hnsw);
        QTest::newRow("ivf") << int(VectorIndex::Kind::Ivf);
    }
    void removalWorks() {
        QFETCH(int, kind);
        std::vector<float> rows;
        std::vector<int64_t> ids;
        auto idx = filled(VectorIndex::Kind(kind), 300, 16, &rows, &ids);
        QVERIFY(idx.remove({ids[10], ids[11], 999999}));
        QCOMPARE(idx.size(), int64_t(298));
        QVERIFY(!idx.contains(ids[10]));
        QVERIFY(idx.contains(ids[12]));
        auto hits = idx.search(row(rows, 10, 16), 10);
        QVERIFY(hits);
        QCOMPARE(hits->size(), size_t(10));
        for (const auto& h : *hits) QVERIFY(h.id != ids[10] && h.id != ids[11]);
        // Re-adding a removed id brings it back exactly once (add is an upsert).
        QVERIFY(idx.add({ids[10]}, row(rows, 10, 16)));
        QVERIFY(idx.add({ids[10]}, row(rows, 10, 16)));
        QCOMPARE(idx.size(), int64_t(299));
        hits = idx.search(row(rows, 10, 16), 3);
        QCOMPARE(hits->front().id, ids[10]);
        QVERIFY(hits->at(1).id != ids[10]);
        // Removing most of an HNSW index triggers a rebuild; results stay right.
        std::vector<int64_t> many(ids.begin() + 20, ids.begin() + 200);
        QVERIFY(idx.remove(many));
        QCOMPARE(idx.size(), int64_t(119));
        hits = idx.search(row(rows, 250, 16), 1);
        QCOMPARE(hits->front().id, ids[250]);
    }

    void hnswManyTombstonesStillFillK() {
        std::vector<float> rows;
        std::vector<int64_t> ids;
        auto idx = filled(VectorIndex::Kind::Hnsw, 1000, 16, &rows, &ids);
        std::vector<int64_t> gone;
        for (size_t i = 0; i < 1000; i += 5) gone.push_back(ids[i]);  // 20%: below the rebuild threshold
        QVERIFY(idx.remove(gone));
        QCOMPARE(idx.size(), int64_t(800));
        const std::set<int64_t> removed(gone.begin(), gone.end());
        auto queries = randomUnitRows(100, 16, 77);
        auto res = idx.searchBatch(queries, 50);
        QVERIFY(res);
        for (const auto& hits : *res) {
            QCOMPARE(hits.size(), size_t(50));
            for (const auto& h : hits) QVERIFY(!removed.count(h.id));
        }
        QVERIFY(idx.compact());
        QCOMPARE(idx.size(), int64_t(800));
        QCOMPARE(idx.search(row(rows, 1, 16), 1)->front().id, ids[1]);
    }

    // Query expansion reads neighbours' vectors back from the index, whatever its kind.
    void storedVectorsReadBack_data() { removalWorks_data(); }
    void storedVectorsReadBack() {
        QFETCH(int, kind);
        std::vector<float> rows;
        std::vector<int64_t> ids;
        auto idx = filled(VectorIndex::Kind(kind), 300, 16, &rows, &ids);
        for (size_t i : {size_t(0), size_t(123), size_t(299)}) {
            auto v = idx.vector(ids[i]);
            QVERIFY2(v, v ? "" : v.error().message.c_str());
            const auto expected = row(rows, i, 16);
            for (size_t d = 0; d < expected.size(); ++d) QVERIFY(std::abs((*v)[d] - expected[d]) < 1e-6f);
        }
        QVERIFY(idx.remove({ids[5]}));
        QVERIFY(!idx.vector(ids[5]));
        QVERIFY(!idx.vector(987654321));
    }

    void saveLoadRoundTrip_data() { removalWorks_data(); }
    void saveLoadRoundTrip() {
        QFETCH(int, kind);
        std::vector<float> rows;
        std::vector<int64_t> ids;
        auto idx = filled(VectorIndex::Kind(kind), 1000, 24, &rows, &ids);
        QVERIFY(idx.remove({ids[5]}));  // a tombstone for HNSW must survive saving
        idx.setEfSearch(100);
        idx.setNprobe(5);
        const std::string path = tmp_.filePath(QString("rt-%1.faiss").arg(kind)).toStdString();
        auto saved = idx.save(path);
        QVERIFY2(saved, saved.message().c_str());
        auto loaded = VectorIndex::load(path);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->size(), idx.size());
        QCOMPARE(loaded->dim(), 24);
        QCOMPARE(int(loaded->kind()), kind);
        if (VectorIndex::Kind(kind) == VectorIndex::Kind::Ivf) QCOMPARE(loaded->nprobe(), 5);
        else QCOMPARE(loaded->efSearch(), 100);
        QVERIFY(!loaded->contains(ids[5]));
        auto queries = randomUnitRows(50, 24, 1234);
        auto a = idx.searchBatch(queries, 10);
        auto b = loaded->searchBatch(queries, 10);
        QVERIFY(a && b);
        for (size_t q = 0; q < 50; ++q) {
            QCOMPARE((*a)[q].size(), (*b)[q].size());
            for (size_t j = 0; j < (*a)[q].size(); ++j) {
                QCOMPARE((*a)[q][j].id, (*b)[q][j].id);
                QCOMPARE((*a)[q][j].score, (*b)[q][j].score);
            }
        }
        // No temporary files left behind.
        QCOMPARE(QDir(tmp_.path()).entryList({"*.tmp-*"}, QDir::Files).size(), 0);
    }

    void damagedIndexFilesAreRefused() {
        auto idx = filled(VectorIndex::Kind::Exact, 200, 16);
        const QString qpath = tmp_.filePath("index.faiss");
        const std::string path = qpath.toStdString();
        QVERIFY(idx.save(path));
        const QByteArray good = readAll(qpath);
        QVERIFY(good.size() > 1000);

        writeRaw(qpath, good.left(good.size() - 100));
        auto truncated = VectorIndex::load(path);
        QVERIFY(!truncated);
        QCOMPARE(truncated.error().code, ErrorCode::Truncated);
        QVERIFY(QString::fromStdString(truncated.error().message).contains(qpath));

        writeRaw(qpath, good.left(10));
        auto stub = VectorIndex::load(path);
        QVERIFY(!stub);
        QVERIFY(QString::fromStdString(stub.error().message).contains(qpath));

        QByteArray flipped = good;
        flipped[good.size() / 2] = char(flipped[good.size() / 2] ^ 0x10);
        writeRaw(qpath, flipped);
        auto bitflip = VectorIndex::load(path);
        QVERIFY(!bitflip);
        QCOMPARE(bitflip.error().code, ErrorCode::DataCorrupt);
        QVERIFY(QString::fromStdString(bitflip.error().message).contains(qpath));
        qInfo("%s", bitflip.error().message.c_str());

        QByteArray header = good;
        header[17] = char(header[17] ^ 0x01);  // payload size field
        writeRaw(qpath, header);
        QVERIFY(!VectorIndex::load(path));

        // Valid framing around a payload FAISS cannot parse: caught, not thrown.
        std::vector<uint8_t> junk(32, 0);
        junk[0] = 1;   // layout version
        junk[8] = 16;  // dim
        for (char c : std::string("IxM2\x09\x09\x09")) junk.push_back(uint8_t(c));
        QVERIFY(writeChecked(path, fourcc("VIDX"), junk));
        auto unparsable = VectorIndex::load(path);
        QVERIFY(!unparsable);
        QCOMPARE(unparsable.error().code, ErrorCode::DataCorrupt);
        QVERIFY(QString::fromStdString(unparsable.error().message).contains(qpath));
        qInfo("%s", unparsable.error().message.c_str());

        auto missing = VectorIndex::load(tmp_.filePath("absent.faiss").toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::FileNotFound);
    }

    void hnswRecallVersusExact() {
        const int dim = 64;
        const size_t n = 20000, nq = 200;
        auto base = randomUnitRows(n, dim, 42);
        auto queries = randomUnitRows(nq, dim, 43);
        std::vector<int64_t> ids = idsFrom(1, n);
        QElapsedTimer timer;
        timer.start();
        auto exact = VectorIndex::create(dim, VectorIndex::Kind::Exact);
        auto hnsw = VectorIndex::create(dim, VectorIndex::Kind::Hnsw);
        QVERIFY(exact && hnsw);
        QVERIFY(exact->add(ids, base));
        QVERIFY(hnsw->add(ids, base));
        const qint64 buildMs = timer.restart();
        hnsw->setEfSearch(128);
        auto truth = exact->searchBatch(queries, 10);
        auto approx = hnsw->searchBatch(queries, 10);
        QVERIFY(truth && approx);
        size_t found = 0;
        for (size_t q = 0; q < nq; ++q) {
            std::set<int64_t> want;
            for (const auto& h : (*truth)[q]) want.insert(h.id);
            for (const auto& h : (*approx)[q]) found += want.count(h.id);
        }
        const double recall = double(found) / double(nq * 10);
        qInfo("HNSW recall@10 vs exact on %zu x %d-d: %.4f (build %lld ms, search %lld ms, efSearch %d)", n, dim,
              recall, buildMs, timer.elapsed(), hnsw->efSearch());
        QVERIFY(recall >= 0.95);
        QCOMPARE(VectorIndex::chooseKind(1000), VectorIndex::Kind::Exact);
        QCOMPARE(VectorIndex::chooseKind(50000), VectorIndex::Kind::Ivf);
    }

    // Clustered vectors, as real embeddings are (genres, albums): IVF at its default
    // nprobe against exact search, and the same lists after a save and load.
    void ivfRecallVersusExact() {
        bench::VectorSearchSpec spec;
        spec.vectors = 20000;
        spec.queries = 200;
        spec.dim = 64;
        spec.clusters = 400;
        const auto data = bench::makeSyntheticVectors(spec);
        std::vector<int64_t> ids = idsFrom(1, spec.vectors);
        auto exact = VectorIndex::create(spec.dim, VectorIndex::Kind::Exact);
        auto ivf = VectorIndex::createIvf(spec.dim, {});
        QVERIFY(exact && ivf);
        QVERIFY(exact->add(ids, data.data));
        QCOMPARE(ivf->nlist(), 0);
        QVERIFY(ivf->add(ids, data.data));
        QCOMPARE(ivf->nlist(), 20000 / 39);  // 4 sqrt(n) = 566, capped at 39 training points a list
        auto truth = exact->searchBatch(data.queries, 10);
        auto recallOf = [&](const VectorIndex& index) {
            auto approx = index.searchBatch(data.queries, 10);
            size_t found = 0;
            for (size_t q = 0; q < spec.queries; ++q) {
                std::set<int64_t> want;
                for (const auto& h : (*truth)[q]) want.insert(h.id);
                for (const auto& h : (*approx)[q]) found += want.count(h.id);
            }
            return double(found) / double(spec.queries * 10);
        };
        const double recall = recallOf(*ivf);
        qInfo("IVF recall@10 vs exact on %zu clustered %d-d vectors: %.4f (nlist %d, nprobe %d)", spec.vectors,
              spec.dim, recall, ivf->nlist(), ivf->nprobe());
        QVERIFY(recall >= 0.95);
        ivf->setNprobe(1);
        QVERIFY(recallOf(*ivf) < recall);  // fewer lists visited, fewer found: nprobe is honoured
        ivf->setNprobe(16);
        const QString path = tmp_.filePath("ivf.index");
        QVERIFY(ivf->save(path.toStdString()));
        auto loaded = VectorIndex::load(path.toStdString());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->kind(), VectorIndex::Kind::Ivf);
        QCOMPARE(loaded->nlist(), ivf->nlist());
        QCOMPARE(loaded->nprobe(), 16);
        QCOMPARE(recallOf(*loaded), recall);
    }

    void atomicWriteKeepsOldFileUntilRename() {
        const QString qpath = tmp_.filePath("centroids.bin");
        const std::string path = qpath.toStdString();
        const std::vector<uint8_t> oldBytes{'o', 'l', 'd'};
        QVERIFY(writeChecked(path, fourcc("TEST"), oldBytes));

        // A "crash" after writing the temporary file but before the rename:
        // a half-written tmp file lies beside the original.
        const QString tmpName = qpath + ".tmp-" + QString::number(::getpid()) + ".999";
        writeRaw(tmpName, QByteArray("HEARCHK1 half written garbage"));
        auto read = readChecked(path, fourcc("TEST"));
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(*read, oldBytes);

        // The streaming writer leaves the original alone until commit().
        {
            auto w = CheckedFileWriter::begin(path, fourcc("TEST"));
            QVERIFY(w);
            QVERIFY(w->write("new ", 4));
            QCOMPARE(*readChecked(path), oldBytes);
            // Destroyed without commit: like a crash, the old file stays.
        }
        QCOMPARE(*readChecked(path), oldBytes);
        QCOMPARE(QDir(tmp_.path()).entryList({"centroids.bin.tmp-*"}, QDir::Files).size(), 1);  // only ours

        auto w = CheckedFileWriter::begin(path, fourcc("TEST"));
        QVERIFY(w);
        QVERIFY(w->write("new ", 4));
        QVERIFY(w->write("bytes", 5));
        QVERIFY(w->commit());
        auto now = readChecked(path, fourcc("TEST"));
        QVERIFY(now);
        QCOMPARE(std::string(now->begin(), now->end()), std::string("new bytes"));
        // Wrong kind of file is refused by tag.
        auto wrongTag = readChecked(path, fourcc("VIDX"));
        QVERIFY(!wrongTag);
        QVERIFY(QString::fromStdString(wrongTag.error().message).contains(qpath));

        // Plain (unframed) atomic write.
        QVERIFY(writeFileAtomically(path, std::vector<uint8_t>{1, 2, 3}));
        QCOMPARE(readAll(qpath), QByteArray("\x01\x02\x03", 3));
        auto unframed = readChecked(path);
        QVERIFY(!unframed);
        QCOMPARE(unframed.error().code, ErrorCode::Truncated);

        // Unwritable location: error names the file, nothing thrown.
        auto bad = writeFileAtomically("/nonexistent-dir/x.bin", std::vector<uint8_t>{1});
        QVERIFY(!bad);
        QVERIFY(QString::fromStdString(bad.message()).contains("/nonexistent-dir/x.bin"));
    }
};

QTEST_GUILESS_MAIN(TestVectorIndex)
#include "test_vector_index.moc"
