// `humanear-cli bench --quick --json` is well-formed: the last line is one JSON
// object with every promised key, and the figures are finite and positive.
// No figure is compared with a target: timings on a shared machine are not a
// test (see docs/performance.md).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

class TestBenchCli : public QObject {
    Q_OBJECT

    QString cli_ = qEnvironmentVariable("HUMANEAR_CLI");

private Q_SLOTS:
    void quickJsonIsWellFormed() {
        if (cli_.isEmpty()) QSKIP("HUMANEAR_CLI not set: run through ctest");
        QTemporaryDir work;
        QVERIFY(work.isValid());
        QProcess p;
        // Small everything: this checks the output, not the speed.
        p.start(cli_, {"bench", "--quick", "--json", "--runs", "1", "--tracks", "3", "--vectors", "500",
                       "--patches", "1", "--keep", work.path()});
        QVERIFY(p.waitForFinished(900000));
        const QByteArray out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, err.constData());
        QVERIFY2(out.contains("Floor") && out.contains("end to end"), out.constData());  // the human-readable part

        const QList<QByteArray> lines = out.trimmed().split('\n');
        QJsonParseError e{};
        const QJsonObject o = QJsonDocument::fromJson(lines.last(), &e).object();
        QVERIFY2(e.error == QJsonParseError::NoError && !o.isEmpty(), lines.last().constData());

        for (const char* key : {"floor_s", "e2e_median_s", "e2e_over_floor", "index_tracks_per_min", "peak_rss_mb",
                                "prototype_over_default", "floor_spans_s", "e2e_min_s", "index_s", "prototype_s",
                                "e2e_cpu_median_s", "e2e_work_bound_s"}) {
            QVERIFY2(o.value(key).isDouble(), key);
            const double v = o.value(key).toDouble();
            QVERIFY2(std::isfinite(v) && v > 0, qPrintable(QString("%1 = %2").arg(key).arg(v)));
        }
        QVERIFY(!o.value("device").toString().isEmpty());
        QCOMPARE(o.value("index_tracks").toInt(), 3);
        QVERIFY(o.value("prototype_patches").toInt() > 0);

        const QJsonArray stages = o.value("stages").toArray();
        QVERIFY(!stages.isEmpty());
        QStringList names;
        for (const auto& s : stages) {
            const QJsonObject stage = s.toObject();
            names << stage.value("name").toString();
            // A row nobody can read is no figure: every stage says what it covers.
            QVERIFY2(!stage.value("what").toString().isEmpty(), qPrintable(names.last()));
            QVERIFY(std::isfinite(stage.value("median_s").toDouble()) && stage.value("median_s").toDouble() >= 0);
        }
        for (const char* stage : {"decode", "embedder", "search"}) QVERIFY2(names.contains(stage), stage);

        const QJsonArray search = o.value("search").toArray();
        QCOMPARE(search.size(), 9);  // exact, IVF at four nprobe values, HNSW at four efSearch values
        QStringList methods;
        for (const auto& s : search) {
            const QJsonObject row = s.toObject();
            methods << row.value("method").toString();
            QCOMPARE(row.value("vectors").toInt(), 500);
            if (row.value("method") != "exact") QVERIFY(row.value("build_s").toDouble() > 0);
            if (row.value("method") == "ivf") QVERIFY(row.value("nlist").toInt() >= 1 && row.value("nprobe").toInt() >= 1);
            QVERIFY(row.value("mean_ms").toDouble() > 0);
            const double recall = row.value("recall_at_10").toDouble();
            QVERIFY(recall > 0 && recall <= 1);
        }
        QCOMPARE(methods.count("exact"), 1);
        QCOMPARE(methods.count("ivf"), 4);
        QCOMPARE(methods.count("hnsw"), 4);

        // Cross-track batching was measured on the same device, and shared passes
        // gave the windows the logits they get alone.
        const QJsonObject batching = o.value("detector_batching").toObject();
        QVERIFY2(!batching.isEmpty(), "no detector_batching figures");
        QCOMPARE(batching.value("tracks").toInt(), 4 * batching.value("workers").toInt());
        QVERIFY(batching.value("plain_windows_per_s").toDouble() > 0);
        QVERIFY(batching.value("batched_windows_per_s").toDouble() > 0);
        QVERIFY(batching.value("tracks_per_pass").toDouble() >= 1);
        QVERIFY(batching.value("max_logit_difference").toDouble() < 1e-4);
        // The network as trained was timed on the same windows as the baseline of its
        // inference form, and the two forms gave the same logits.
        QVERIFY(batching.value("training_form_windows_per_s").toDouble() > 0);
        QVERIFY(batching.value("inference_form_speedup").toDouble() > 0);
        QVERIFY(batching.value("max_form_logit_difference").toDouble() < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestBenchCli)
#include "test_bench_cli.moc"
