#include "humanear/json.h"

#include "humanear/library.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace humanear {

QJsonObject recommendationsToJson(const RecommendationList& list) {
    QJsonArray items;
    for (const auto& r : list.items) {
        QJsonArray reasons;
        for (const auto& key : r.reasons) reasons.append(QString::fromStdString(key));
        items.append(QJsonObject{{QStringLiteral("path"), QString::fromStdString(r.track.path)},
                                 {QStringLiteral("title"), QString::fromStdString(r.track.title)},
                                 {QStringLiteral("artist"), QString::fromStdString(r.track.artist)},
                                 {QStringLiteral("album"), QString::fromStdString(r.track.album)},
                                 {QStringLiteral("genre"), QString::fromStdString(r.track.genre)},
                                 {QStringLiteral("canonical_genre"), QString::fromStdString(r.track.canonicalGenre)},
                                 {QStringLiteral("score"), r.score},
                                 {QStringLiteral("similarity"), r.similarity},
                                 {QStringLiteral("same_genre"), r.sameGenre},
                                 {QStringLiteral("reasons"), reasons},
                                 {QStringLiteral("why"), QString::fromStdString(recommendationReasonText(r.reasons))},
                                 {QStringLiteral("duration_s"), r.track.durationSeconds},
                                 {QStringLiteral("preview_start_s"), r.track.previewStartSeconds}});
    }
    QJsonObject o{{QStringLiteral("query_genre"), QString::fromStdString(list.queryGenre)},
                  {QStringLiteral("mapped_genre"), QString::fromStdString(list.mappedGenre)},
                  {QStringLiteral("mapping"), QString::fromStdString(list.mappingReason)},
                  {QStringLiteral("embedder"), QString::fromStdString(list.embedderId)},
                  {QStringLiteral("min_similarity"), list.minSimilarity},
                  {QStringLiteral("items"), items}};
    if (!list.note.empty()) o.insert(QStringLiteral("note"), QString::fromStdString(list.note));
    return o;
}

std::string toJsonLine(const TrackAnalysis& a) {
    QJsonObject o;
    o.insert(QStringLiteral("path"), QString::fromStdString(a.path));
    o.insert(QStringLiteral("ok"), a.ok());
    if (a.facts.sampleRate > 0) {
        o.insert(QStringLiteral("duration_s"), a.facts.durationSeconds);
        o.insert(QStringLiteral("sample_rate"), a.facts.sampleRate);
        o.insert(QStringLiteral("channels"), a.facts.channels);
        o.insert(QStringLiteral("codec"), QString::fromStdString(a.facts.codec));
        o.insert(QStringLiteral("decoder"), QString::fromStdString(a.facts.decoder));
        const std::pair<const char*, const std::string*> tags[] = {{"title", &a.metadata.title},
                                                                   {"artist", &a.metadata.artist},
                                                                   {"album", &a.metadata.album},
                                                                   {"genre", &a.metadata.genre}};
        for (const auto& [key, value] : tags)
            if (!value->empty()) o.insert(QLatin1String(key), QString::fromStdString(*value));
    }
    if (a.ok()) {
        o.insert(QStringLiteral("spectrogram"),
                 QJsonObject{{QStringLiteral("bands"), a.spectrogram.bands},
                             {QStringLiteral("frames"), a.spectrogram.frames},
                             {QStringLiteral("sample_rate"), a.spectrogram.sampleRate},
                             {QStringLiteral("hop"), a.spectrogram.hop}});
        if (a.detection) {
            const Detection& det = *a.detection;
            o.insert(QStringLiteral("verdict"), QString::fromLatin1(verdictName(det.verdict)));
            if (det.hasPAi()) {
                o.insert(QStringLiteral("p_ai"), det.pAi);
                o.insert(QStringLiteral("spread"), det.spread);
                o.insert(QStringLiteral("window_count"), det.windows);
                QJsonArray timeline;
                for (const DetectionWindow& w : det.timeline)
                    timeline.append(QJsonObject{{QStringLiteral("start"), w.startSeconds},
                                                {QStringLiteral("end"), w.endSeconds},
                                                {QStringLiteral("p_ai"), w.pAi}});
                o.insert(QStringLiteral("windows"), timeline);
            } else {
                o.insert(QStringLiteral("not_music_reason"), QString::fromLatin1(notMusicReasonName(det.notMusic)));
            }
            o.insert(QStringLiteral("members"), det.members);
            o.insert(QStringLiteral("threshold"), det.threshold);
            o.insert(QStringLiteral("uncertain_band"), QJsonArray{det.uncertainLow, det.uncertainHigh});
            if (!det.model.empty()) o.insert(QStringLiteral("model"), QString::fromStdString(det.model));
        }
        if (a.music) {
            const MusicMeasures& m = *a.music;
            o.insert(QStringLiteral("music_check"),
                     QJsonObject{{QStringLiteral("loud_db"), m.loudDb},
                                 {QStringLiteral("active_share"), m.activeShare},
                                 {QStringLiteral("median_burst_s"), m.medianBurstSeconds},
                                 {QStringLiteral("variation_db"), m.variationDb},
                                 {QStringLiteral("tonal_share"), m.tonalShare},
                                 {QStringLiteral("flatness"), m.flatness},
                                 {QStringLiteral("pause_share"), m.pauseShare},
                                 {QStringLiteral("voiced_share"), m.voicedShare},
                                 {QStringLiteral("median_voiced_s"), m.medianVoicedSeconds},
                                 {QStringLiteral("pulse"), m.pulse}});
        }
        if (a.recommendations) o.insert(QStringLiteral("recommendations"), recommendationsToJson(*a.recommendations));
        if (!a.note.empty()) o.insert(QStringLiteral("note"), QString::fromStdString(a.note));
    } else {
        o.insert(QStringLiteral("error"), QString::fromStdString(a.error->message));
        o.insert(QStringLiteral("error_code"), QString::fromLatin1(errorCodeName(a.error->code)));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace humanear
