// The queue model and what leaves the app from it: states, verdict words under
// a user threshold, sorting as numbers, the session round trip, CSV and JSON export.
#include "humanear/json.h"
#include "queue_model.h"
#include "results_export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QtTest>

namespace {
AnalysisPtr judged(const QString& path, double pAi, humanear::Verdict verdict, double seconds = 60) {
    auto a = std::make_shared<humanear::TrackAnalysis>();
    a->path = path.toStdString();
    a->facts.durationSeconds = seconds;
    a->facts.sampleRate = 44100;
    a->facts.channels = 2;
    a->facts.codec = "vorbis";
    humanear::Detection d;
    d.pAi = pAi;
    d.spread = 0.05;
    d.threshold = 0.5;
    d.windows = 5;
    d.members = 2;
    d.verdict = verdict;
    d.model = "detector v2 (seed-cnn + windowed-cnn)";
    a->detection = d;
    humanear::RecommendationList list;
    humanear::Recommendation rec;
    rec.track.path = "/music/human, \"quoted\".ogg";
    rec.track.title = "Human";
    rec.similarity = 0.9;
    list.items.push_back(rec);
    a->recommendations = list;
    return a;
}

AnalysisPtr failed(const QString& path, const std::string& message) {
    auto a = std::make_shared<humanear::TrackAnalysis>();
    a->path = path.toStdString();
    a->error = humanear::makeError(humanear::ErrorCode::NotAudio, message);
    return a;
}
}  // namespace

class TestQueueModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void titlesComeFromFileNames() {
        QCOMPARE(QueueModel::titleFromPath("/m/Album/03 - My_Song.ogg"), QStringLiteral("My Song"));
        QCOMPARE(QueueModel::artistFromPath("/m/Album/03 - My_Song.ogg"), QStringLiteral("Album"));
    }

    void enqueueSkipsDuplicatesAndTracksStates() {
        QueueModel model;
        QCOMPARE(model.enqueue({"/a/x.ogg", "/a/y.ogg", "/a/x.ogg"}).size(), 2);
        QCOMPARE(model.enqueue({"/a/x.ogg"}).size(), 0);  // still queued: not twice
        QCOMPARE(model.rowCount(), 2);
        model.setInFlight("/a/x.ogg");
        QCOMPARE(model.entry(0).state, QueueEntry::State::Analysing);
        model.setResult(judged("/a/x.ogg", 0.92, humanear::Verdict::LikelyAi));
        model.setResult(failed("/a/y.ogg", "\"y.ogg\" is not an audio file."));
        QCOMPARE(model.entry(0).state, QueueEntry::State::Done);
        QCOMPARE(model.entry(1).state, QueueEntry::State::Failed);
        QCOMPARE(model.index(0, QueueModel::AiPercent).data().toString(), QStringLiteral("92 %"));
        QCOMPARE(model.index(0, QueueModel::VerdictColumn).data().toString(), QStringLiteral("Likely AI-generated"));
        QCOMPARE(model.index(0, QueueModel::Duration).data().toString(), QStringLiteral("1:00"));
        // A bad file shows its error in its own row: the kind in the user's language, the
        // engine's message naming the file in the tooltip.
        QCOMPARE(model.index(1, QueueModel::State).data().toString(), QStringLiteral("Not an audio file"));
        QVERIFY(model.index(1, QueueModel::State).data(Qt::ToolTipRole).toString().contains("\"y.ogg\" is not an audio file."));
        QCOMPARE(model.finishedCount(), 2);
        // Dropping a finished file again re-queues it.
        QCOMPARE(model.enqueue({"/a/y.ogg"}), QStringList{"/a/y.ogg"});
        QCOMPARE(model.entry(1).state, QueueEntry::State::Queued);
    }

    void userThresholdMovesTheVerdict() {
        QueueModel model;
        model.enqueue({"/a/x.ogg"});
        model.setResult(judged("/a/x.ogg", 0.70, humanear::Verdict::LikelyAi));
        QCOMPARE(model.index(0, QueueModel::VerdictColumn).data().toString(), QStringLiteral("Likely AI-generated"));
        model.setUserThreshold(0.8);  // 0.70 is within 0.15 of 0.8
        QCOMPARE(model.index(0, QueueModel::VerdictColumn).data().toString(), QStringLiteral("Uncertain"));
        model.setUserThreshold(0.9);
        QCOMPARE(model.index(0, QueueModel::VerdictColumn).data().toString(), QStringLiteral("Likely human-made"));
    }

    void sortsNumbersAsNumbers() {
        QueueModel model;
        model.enqueue({"/a/1.ogg", "/a/2.ogg", "/a/3.ogg"});
        model.setResult(judged("/a/1.ogg", 0.09, humanear::Verdict::LikelyHuman));
        model.setResult(judged("/a/2.ogg", 0.80, humanear::Verdict::LikelyAi));
        model.setResult(judged("/a/3.ogg", 0.10, humanear::Verdict::LikelyHuman));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(QueueModel::SortRole);
        proxy.sort(QueueModel::AiPercent, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, QueueModel::AiPercent).data().toString(), QStringLiteral("80 %"));
        QCOMPARE(proxy.index(1, QueueModel::AiPercent).data().toString(), QStringLiteral("10 %"));
        QCOMPARE(proxy.index(2, QueueModel::AiPercent).data().toString(), QStringLiteral("9 %"));  // a string sort would put "9 %" first
    }

    void sessionRoundTripKeepsResultsAndRequeuesUnfinished() {
        QueueModel model;
        model.enqueue({"/a/x.ogg", "/a/y.ogg", "/a/z.ogg"});
        model.setResult(judged("/a/x.ogg", 0.92, humanear::Verdict::LikelyAi));
        model.setResult(failed("/a/y.ogg", "broken"));
        model.setInFlight("/a/z.ogg");
        const QByteArray saved = QJsonDocument(model.toJson()).toJson();

        QueueModel restored;
        restored.restore(QJsonDocument::fromJson(saved).array());
        QCOMPARE(restored.count(), 3);
        QCOMPARE(restored.entry(0).state, QueueEntry::State::Done);
        QVERIFY(restored.entry(0).analysis && restored.entry(0).analysis->detection);
        QCOMPARE(restored.entry(0).analysis->detection->pAi, 0.92);
        QCOMPARE(restored.entry(0).analysis->detection->members, 2);
        QCOMPARE(restored.entry(0).analysis->recommendations->items.size(), size_t(1));
        QCOMPARE(restored.entry(1).state, QueueEntry::State::Failed);
        QCOMPARE(restored.index(1, QueueModel::State).data().toString(), QStringLiteral("Not an audio file"));
        QVERIFY(restored.index(1, QueueModel::State).data(Qt::ToolTipRole).toString().contains("broken"));
        QCOMPARE(restored.entry(2).state, QueueEntry::State::Queued);  // was in flight: analysed again
    }

    // P(AI) over time and a not-music verdict survive the session round trip;
    // not music shows no percentage and says why, also under a user threshold.
    void sessionKeepsTheTimelineAndNotMusic() {
        QueueModel model;
        model.enqueue({"/a/x.ogg", "/a/tone.wav"});
        auto judgedTrack = std::const_pointer_cast<humanear::TrackAnalysis>(judged("/a/x.ogg", 0.7, humanear::Verdict::LikelyAi, 12));
        judgedTrack->detection->timeline = {{0, 5, 0.8}, {5, 10, 0.6}, {7, 12, 0.7}};
        judgedTrack->detection->uncertainLow = 0.45;
        judgedTrack->detection->uncertainHigh = 0.8;
        model.setResult(judgedTrack);
        auto tone = std::make_shared<humanear::TrackAnalysis>();
        tone->path = "/a/tone.wav";
        tone->facts.durationSeconds = 3;
        tone->facts.sampleRate = 44100;
        humanear::Detection notMusic;
        notMusic.verdict = humanear::Verdict::NotMusic;
        notMusic.notMusic = humanear::NotMusicReason::SteadyTone;
        tone->detection = notMusic;
        model.setResult(tone);
        model.setUserThreshold(0.3);
        QCOMPARE(model.index(1, QueueModel::AiPercent).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(1, QueueModel::VerdictColumn).data().toString(), QStringLiteral("Not music (a steady tone)"));

        QueueModel restored;
        restored.restore(QJsonDocument::fromJson(QJsonDocument(model.toJson()).toJson()).array());
        const auto& d = *restored.entry(0).analysis->detection;
        QCOMPARE(d.timeline.size(), size_t(3));
        QCOMPARE(d.timeline[2].startSeconds, 7.0);
        QCOMPARE(d.timeline[2].endSeconds, 12.0);
        QCOMPARE(d.timeline[1].pAi, 0.6);
        QCOMPARE(d.windows, 5);
        QCOMPARE(d.uncertainLow, 0.45);
        QCOMPARE(d.uncertainHigh, 0.8);
        const auto& t = *restored.entry(1).analysis->detection;
        QCOMPARE(t.verdict, humanear::Verdict::NotMusic);
        QCOMPARE(t.notMusic, humanear::NotMusicReason::SteadyTone);
        QVERIFY(!t.hasPAi());
    }

    void csvHasOneQuotedRowPerFile() {
        QueueModel model;
        model.enqueue({"/a/x.ogg", "/a/b,c.ogg"});
        model.setResult(judged("/a/x.ogg", 0.92, humanear::Verdict::LikelyAi, 12.5));
        model.setResult(failed("/a/b,c.ogg", "\"b,c.ogg\" is empty."));
        const QStringList lines = QString::fromUtf8(resultsexport::toCsv(model)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("path,title,artist,duration_s,state,p_ai,spread,threshold,verdict,model,top_recommendation,error"));
        QCOMPARE(lines[1], QStringLiteral("/a/x.ogg,x,a,12.500,analysed,0.9200,0.0500,0.5000,likely_ai,detector v2 (seed-cnn + windowed-cnn),"
                                          "\"/music/human, \"\"quoted\"\".ogg\","));
        QCOMPARE(lines[2], QStringLiteral("\"/a/b,c.ogg\",\"b,c\",a,,failed,,,,,,,\"\"\"b,c.ogg\"\" is empty.\""));
    }

    void jsonCarriesVerdictsAndRecommendations() {
        QueueModel model;
        model.enqueue({"/a/x.ogg"});
        model.setResult(judged("/a/x.ogg", 0.60, humanear::Verdict::Uncertain));
        model.setUserThreshold(0.3);
        const QJsonObject root = QJsonDocument::fromJson(resultsexport::toJson(model)).object();
        const QJsonArray tracks = root.value("tracks").toArray();
        QCOMPARE(tracks.size(), 1);
        const QJsonObject t = tracks[0].toObject();
        QCOMPARE(t.value("path").toString(), QStringLiteral("/a/x.ogg"));
        QCOMPARE(t.value("p_ai").toDouble(), 0.60);
        QCOMPARE(t.value("threshold").toDouble(), 0.3);
        QCOMPARE(t.value("verdict").toString(), QStringLiteral("likely_ai"));
        QCOMPARE(t.value("state").toString(), QStringLiteral("analysed"));
        QCOMPARE(t.value("recommendations").toObject().value("items").toArray()[0].toObject().value("title").toString(),
                 QStringLiteral("Human"));
    }
};

QTEST_GUILESS_MAIN(TestQueueModel)
#include "test_queue_model.moc"
