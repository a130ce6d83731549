// The detector's figures are only as honest as their arithmetic.
#include "humanear/lab/detection_metrics.h"

#include <QtTest>

using namespace humanear;

class TestDetectionMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aucOfKnownOrderings() {
        QCOMPARE(rocAuc({0.9, 0.8}, {0.1, 0.2}), 1.0);
        QCOMPARE(rocAuc({0.1, 0.2}, {0.9, 0.8}), 0.0);
        QCOMPARE(rocAuc({0.5, 0.5}, {0.5, 0.5}), 0.5);  // ties count half
        // 3 AI, 2 human: pairs (ai > human) = 0.9>{0.4,0.6}, 0.5>{0.4}, 0.3>{} -> 3 of 6
        QCOMPARE(rocAuc({0.9, 0.5, 0.3}, {0.4, 0.6}), 0.5);
        QCOMPARE(rocAuc({}, {0.1}), -1.0);
    }

    void ratesAtThresholdAndPerSource() {
        std::vector<ScoredTrack> t{{0.9, true, "gen-a"},  {0.7, true, "gen-a"},  {0.2, true, "gen-b"},
                                   {0.6, false, "band"},  {0.1, false, "band"},  {0.05, false, "choir"},
                                   {0.3, false, "choir"}, {0.4, false, "choir"}};
        const DetectionMetrics m = computeDetectionMetrics(t, 0.5);
        QCOMPARE(m.nAi, 3);
        QCOMPARE(m.nHuman, 5);
        QCOMPARE(m.tpr, 2.0 / 3.0);
        QCOMPARE(m.fpr, 1.0 / 5.0);
        QCOMPARE(m.balancedAccuracy, (2.0 / 3.0 + 0.8) / 2.0);
        QCOMPARE(int(m.perSource.size()), 4);
        for (const auto& s : m.perSource) {
            if (s.source == "gen-a") QCOMPARE(s.positiveRate, 1.0);
            if (s.source == "gen-b") QCOMPARE(s.positiveRate, 0.0);
            if (s.source == "band") QCOMPARE(s.positiveRate, 0.5);
            if (s.source == "gen-a") QCOMPARE(s.rocAuc, 1.0);  // both above every human score
        }
    }

    void tprAtFivePercentFpr() {
        std::vector<ScoredTrack> t;
        for (int i = 0; i < 100; ++i) t.push_back({i / 100.0, false, "h"});  // human 0.00 .. 0.99
        for (int i = 0; i < 10; ++i) t.push_back({0.955 + i * 0.001, true, "a"});  // all above 0.95
        for (int i = 0; i < 10; ++i) t.push_back({0.5, true, "a"});
        const DetectionMetrics m = computeDetectionMetrics(t, 0.5);
        // At most 5 human tracks (0.95..0.99) may be called AI: the threshold sits above 0.94.
        QCOMPARE(m.tprAt5PercentFpr, 0.5);
    }
};

QTEST_GUILESS_MAIN(TestDetectionMetrics)
#include "test_detection_metrics.moc"
