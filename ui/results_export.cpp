#include "results_export.h"

#include "humanear/json.h"
#include "queue_model.h"
#include "verdict_text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace resultsexport {
namespace {
QString csvField(QString s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))) {
        s.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}
const char* stateName(QueueEntry::State s) {
    switch (s) {
    case QueueEntry::State::Queued: return "queued";
    case QueueEntry::State::Analysing: return "analysing";
    case QueueEntry::State::Done: return "analysed";
    case QueueEntry::State::Failed: return "failed";
    case QueueEntry::State::Cancelled: return "cancelled";
    }
    return "";
}
}  // namespace

QByteArray toCsv(const QueueModel& model) {
    QStringList lines{QStringLiteral("path,title,artist,duration_s,state,p_ai,spread,threshold,verdict,model,top_recommendation,error")};
    for (int row = 0; row < model.count(); ++row) {
        const QueueEntry& e = model.entry(row);
        const humanear::TrackAnalysis* a = e.analysis.get();
        QStringList f{csvField(e.path), csvField(e.title), csvField(e.artist)};
        f << (a && a->facts.sampleRate > 0 ? QString::number(a->facts.durationSeconds, 'f', 3) : QString());
        f << QString::fromLatin1(stateName(e.state));
        if (a && a->detection) {
            const auto& d = *a->detection;
            f << (d.hasPAi() ? QString::number(d.pAi, 'f', 4) : QString())
              << (d.hasPAi() ? QString::number(d.spread, 'f', 4) : QString())
              << QString::number(verdicttext::effectiveThreshold(d, model.userThreshold()), 'f', 4)
              << QString::fromLatin1(humanear::verdictName(verdicttext::effectiveVerdict(d, model.userThreshold())))
              << csvField(QString::fromStdString(d.model));
        } else {
            f << QString() << QString() << QString() << QString() << QString();
        }
        f << (a && a->recommendations && !a->recommendations->items.empty()
                  ? csvField(QString::fromStdString(a->recommendations->items.front().track.path))
                  : QString());
        f << (a && a->error ? csvField(QString::fromStdString(a->error->message)) : QString());
        lines << f.join(QLatin1Char(','));
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

QByteArray toJson(const QueueModel& model) {
    QJsonArray tracks;
    for (int row = 0; row < model.count(); ++row) {
        const QueueEntry& e = model.entry(row);
        QJsonObject o = e.analysis ? humanear::analysisToJson(*e.analysis) : QJsonObject{{"path", e.path}};
        o["title"] = e.title;
        o["artist"] = e.artist;
        o["state"] = QString::fromLatin1(stateName(e.state));
        if (e.analysis && e.analysis->detection) {
            const auto& d = *e.analysis->detection;
            o["threshold"] = verdicttext::effectiveThreshold(d, model.userThreshold());
            o["verdict"] = QString::fromLatin1(humanear::verdictName(verdicttext::effectiveVerdict(d, model.userThreshold())));
        }
        tracks.append(o);
    }
    return QJsonDocument(QJsonObject{{"humanear_results", 1}, {"tracks", tracks}}).toJson(QJsonDocument::Indented);
}

}  // namespace resultsexport
