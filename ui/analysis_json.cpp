#include "analysis_json.h"

#include "verdict_text.h"

#include <QJsonArray>
#include <algorithm>

namespace analysisjson {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QJsonValue& v) { return v.toString().toStdString(); }

QJsonObject trackToJson(const humanear::LibraryTrack& t) {
    return {{"id", qint64(t.id)}, {"path", q(t.path)}, {"title", q(t.title)}, {"artist", q(t.artist)},
            {"album", q(t.album)}, {"genre", q(t.genre)}, {"duration_s", t.durationSeconds},
            {"preview_start_s", t.previewStartSeconds}};
}

humanear::LibraryTrack trackFromJson(const QJsonObject& o) {
    humanear::LibraryTrack t;
    t.id = o.value("id").toInteger();
    t.path = s(o.value("path"));
    t.title = s(o.value("title"));
    t.artist = s(o.value("artist"));
    t.album = s(o.value("album"));
    t.genre = s(o.value("genre"));
    t.canonicalGenre = s(o.value("canonical_genre"));
    t.durationSeconds = o.value("duration_s").toDouble();
    t.previewStartSeconds = o.value("preview_start_s").toDouble();
    return t;
}
}  // namespace

QJsonObject toJson(const humanear::TrackAnalysis& a) {
    QJsonObject o{{"path", q(a.path)}, {"ok", a.ok()}};
    if (a.error) {
        o["error"] = q(a.error->message);
        o["error_code"] = QString::fromLatin1(humanear::errorCodeName(a.error->code));
    }
    if (a.facts.sampleRate > 0) {
        o["duration_s"] = a.facts.durationSeconds;
        o["sample_rate"] = a.facts.sampleRate;
        o["channels"] = a.facts.channels;
        o["codec"] = q(a.facts.codec);
        o["decoder"] = q(a.facts.decoder);
    }
    if (a.detection) {
        const auto& d = *a.detection;
        o["threshold"] = d.threshold;
        o["uncertain_band"] = QJsonArray{d.uncertainLow, d.uncertainHigh};
        o["members"] = d.members;
        o["verdict"] = QString::fromLatin1(humanear::verdictName(d.verdict));
        o["model"] = q(d.model);
        if (d.hasPAi()) {
            o["p_ai"] = d.pAi;
            o["spread"] = d.spread;
            o["window_count"] = d.windows;
            QJsonArray windows;
            for (double p : d.windowPAi) windows.append(p);
            o["window_p_ai"] = windows;
            QJsonArray timeline;
            for (const auto& w : d.timeline) timeline.append(QJsonObject{{"start", w.startSeconds}, {"end", w.endSeconds}, {"p_ai", w.pAi}});
            o["windows"] = timeline;
        } else {
            o["not_music_reason"] = QString::fromLatin1(humanear::notMusicReasonName(d.notMusic));
        }
    }
    if (a.recommendations) {
        const auto& r = *a.recommendations;
        QJsonArray items;
        for (const auto& item : r.items) {
            QJsonObject track = trackToJson(item.track);
            track["similarity"] = item.similarity;
            track["score"] = item.score;
            track["same_genre"] = item.sameGenre;
            track["canonical_genre"] = q(item.track.canonicalGenre);
            QJsonArray reasons;
            for (const auto& key : item.reasons) reasons.append(q(key));
            track["reasons"] = reasons;
            items.append(track);
        }
        o["recommendations"] = QJsonObject{{"query_genre", q(r.queryGenre)}, {"mapped_genre", q(r.mappedGenre)},
                                           {"mapping_reason", q(r.mappingReason)}, {"embedder", q(r.embedderId)},
                                           {"note", q(r.note)}, {"min_similarity", r.minSimilarity},
                                           {"items", items}};
    }
    if (!a.note.empty()) o["note"] = q(a.note);
    return o;
}

humanear::TrackAnalysis fromJson(const QJsonObject& o) {
    humanear::TrackAnalysis a;
    a.path = s(o.value("path"));
    if (o.contains("error")) {
        humanear::Error e;
        e.message = s(o.value("error"));
        e.code = o.value("error_code").toString() == QLatin1String("cancelled") ? humanear::ErrorCode::Cancelled
                                                                                 : humanear::ErrorCode::Internal;
        a.error = e;
    }
    a.facts.durationSeconds = o.value("duration_s").toDouble();
    a.facts.sampleRate = o.value("sample_rate").toInt();
    a.facts.channels = o.value("channels").toInt();
    a.facts.codec = s(o.value("codec"));
    a.facts.decoder = s(o.value("decoder"));
    if (o.contains("p_ai") || o.contains("not_music_reason")) {
        humanear::Detection d;
        d.pAi = o.value("p_ai").toDouble();
        d.spread = o.value("spread").toDouble();
        d.threshold = o.value("threshold").toDouble(0.5);
        // Sessions saved before the fitted band: the threshold -/+ 0.15 they were judged by.
        const QJsonArray band = o.value("uncertain_band").toArray();
        d.uncertainLow = band.size() == 2 ? band[0].toDouble() : std::max(0.0, d.threshold - 0.15);
        d.uncertainHigh = band.size() == 2 ? band[1].toDouble() : std::min(1.0, d.threshold + 0.15);
        // Sessions saved before the timeline kept the window count in "windows".
        d.windows = o.value("windows").isArray() ? o.value("window_count").toInt() : o.value("windows").toInt();
        d.members = o.value("members").toInt(1);
        d.verdict = verdicttext::fromName(o.value("verdict").toString());
        d.model = s(o.value("model"));
        for (const auto& v : o.value("window_p_ai").toArray()) d.windowPAi.push_back(v.toDouble());
        for (const auto& v : o.value("windows").toArray()) {
            const QJsonObject w = v.toObject();
            d.timeline.push_back({w.value("start").toDouble(), w.value("end").toDouble(), w.value("p_ai").toDouble()});
        }
        if (d.verdict == humanear::Verdict::NotMusic) {
            const QString reason = o.value("not_music_reason").toString();
            for (auto r : {humanear::NotMusicReason::NearSilence, humanear::NotMusicReason::SteadyTone,
                           humanear::NotMusicReason::Noise, humanear::NotMusicReason::Clicks,
                           humanear::NotMusicReason::Speech})
                if (reason == QLatin1String(humanear::notMusicReasonName(r))) d.notMusic = r;
        }
        a.detection = d;
    }
    if (o.contains("recommendations")) {
        const QJsonObject r = o.value("recommendations").toObject();
        humanear::RecommendationList list;
        list.queryGenre = s(r.value("query_genre"));
        list.mappedGenre = s(r.value("mapped_genre"));
        list.mappingReason = s(r.value("mapping_reason"));
        list.embedderId = s(r.value("embedder"));
        list.note = s(r.value("note"));
        list.minSimilarity = r.value("min_similarity").toDouble();
        for (const auto& v : r.value("items").toArray()) {
            humanear::Recommendation rec;
            rec.track = trackFromJson(v.toObject());
            rec.similarity = v.toObject().value("similarity").toDouble();
            rec.score = v.toObject().value("score").toDouble(rec.similarity);
            rec.sameGenre = v.toObject().value("same_genre").toBool();
            for (const auto& key : v.toObject().value("reasons").toArray()) rec.reasons.push_back(s(key));
            list.items.push_back(rec);
        }
        a.recommendations = list;
    }
    a.note = s(o.value("note"));
    return a;
}

}  // namespace analysisjson
