#include "humanear/json.h"

#include "humanear/library.h"
#include "humanear/short_excerpt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace humanear {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QJsonValue& v) { return v.toString().toStdString(); }

// Every value of an enum whose names a function gives, for reading names back.
template <typename Enum>
Enum fromName(const QString& name, std::initializer_list<Enum> values, const char* (*nameOf)(Enum), Enum fallback) {
    for (Enum v : values)
        if (name == QLatin1String(nameOf(v))) return v;
    return fallback;
}

Verdict verdictFromName(const QString& name) {
    return fromName(name, {Verdict::LikelyAi, Verdict::Uncertain, Verdict::LikelyHuman, Verdict::NotMusic},
                    verdictName, Verdict::Uncertain);
}

NotMusicReason notMusicReasonFromName(const QString& name) {
    return fromName(name,
                    {NotMusicReason::None, NotMusicReason::NearSilence, NotMusicReason::SteadyTone,
                     NotMusicReason::Noise, NotMusicReason::Clicks, NotMusicReason::Speech},
                    notMusicReasonName, NotMusicReason::None);
}

ErrorCode errorCodeFromName(const QString& name) {
    return fromName(name,
                    {ErrorCode::FileNotFound, ErrorCode::PermissionDenied, ErrorCode::NotAudio, ErrorCode::Truncated,
                     ErrorCode::Empty, ErrorCode::TooShort, ErrorCode::Silent, ErrorCode::BadParameters,
                     ErrorCode::DecodeFailed, ErrorCode::ModelMissing, ErrorCode::ModelCorrupt, ErrorCode::DataCorrupt, ErrorCode::Cancelled,
                     ErrorCode::InvalidArgument, ErrorCode::IoError, ErrorCode::Internal},
                    errorCodeName, ErrorCode::Internal);
}

QJsonObject detectionToJson(const Detection& det) {
    QJsonObject o;
    o.insert(QStringLiteral("verdict"), QString::fromLatin1(verdictName(det.verdict)));
    if (det.hasPAi()) {
        o.insert(QStringLiteral("p_ai"), det.pAi);
        o.insert(QStringLiteral("spread"), det.spread);
        o.insert(QStringLiteral("window_count"), det.windows);
        QJsonArray windowPAi;
        for (double p : det.windowPAi) windowPAi.append(p);
        o.insert(QStringLiteral("window_p_ai"), windowPAi);
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
    if (!det.model.empty()) o.insert(QStringLiteral("model"), q(det.model));
    return o;
}

Detection detectionFromJson(const QJsonObject& o) {
    Detection d;
    d.verdict = verdictFromName(o.value(QStringLiteral("verdict")).toString());
    d.pAi = o.value(QStringLiteral("p_ai")).toDouble();
    d.spread = o.value(QStringLiteral("spread")).toDouble();
    // Sessions saved before the timeline kept the window count in "windows".
    const QJsonValue windows = o.value(QStringLiteral("windows"));
    d.windows = windows.isArray() ? o.value(QStringLiteral("window_count")).toInt() : windows.toInt();
    for (const auto& v : o.value(QStringLiteral("window_p_ai")).toArray()) d.windowPAi.push_back(v.toDouble());
    for (const auto& v : windows.toArray()) {
        const QJsonObject w = v.toObject();
        d.timeline.push_back({w.value(QStringLiteral("start")).toDouble(), w.value(QStringLiteral("end")).toDouble(),
                              w.value(QStringLiteral("p_ai")).toDouble()});
    }
    if (d.verdict == Verdict::NotMusic)
        d.notMusic = notMusicReasonFromName(o.value(QStringLiteral("not_music_reason")).toString());
    d.members = o.value(QStringLiteral("members")).toInt(1);
    d.threshold = o.value(QStringLiteral("threshold")).toDouble(0.5);
    // Saved before the fitted band: the threshold -/+ 0.15 such a verdict was judged by.
    const QJsonArray band = o.value(QStringLiteral("uncertain_band")).toArray();
    d.uncertainLow = band.size() == 2 ? band[0].toDouble() : std::max(0.0, d.threshold - 0.15);
    d.uncertainHigh = band.size() == 2 ? band[1].toDouble() : std::min(1.0, d.threshold + 0.15);
    d.model = s(o.value(QStringLiteral("model")));
    return d;
}

const std::pair<const char*, double MusicMeasures::*> kMusicFields[] = {
    {"seconds", &MusicMeasures::seconds},
    {"loud_db", &MusicMeasures::loudDb},
    {"active_share", &MusicMeasures::activeShare},
    {"median_burst_s", &MusicMeasures::medianBurstSeconds},
    {"variation_db", &MusicMeasures::variationDb},
    {"tonal_share", &MusicMeasures::tonalShare},
    {"flatness", &MusicMeasures::flatness},
    {"pause_share", &MusicMeasures::pauseShare},
    {"voiced_share", &MusicMeasures::voicedShare},
    {"median_voiced_s", &MusicMeasures::medianVoicedSeconds},
    {"pulse", &MusicMeasures::pulse},
};

}  // namespace

QJsonObject recommendationsToJson(const RecommendationList& list) {
    QJsonArray items;
    for (const auto& r : list.items) {
        QJsonArray reasons;
        for (const auto& key : r.reasons) reasons.append(q(key));
        items.append(QJsonObject{{QStringLiteral("id"), qint64(r.track.id)},
                                 {QStringLiteral("path"), q(r.track.path)},
                                 {QStringLiteral("title"), q(r.track.title)},
                                 {QStringLiteral("artist"), q(r.track.artist)},
                                 {QStringLiteral("album"), q(r.track.album)},
                                 {QStringLiteral("genre"), q(r.track.genre)},
                                 {QStringLiteral("canonical_genre"), q(r.track.canonicalGenre)},
                                 {QStringLiteral("score"), r.score},
                                 {QStringLiteral("similarity"), r.similarity},
                                 {QStringLiteral("same_genre"), r.sameGenre},
                                 {QStringLiteral("reasons"), reasons},
                                 {QStringLiteral("why"), q(recommendationReasonText(r.reasons))},
                                 {QStringLiteral("duration_s"), r.track.durationSeconds},
                                 {QStringLiteral("preview_start_s"), r.track.previewStartSeconds}});
    }
    QJsonObject o{{QStringLiteral("query_genre"), q(list.queryGenre)},
                  {QStringLiteral("mapped_genre"), q(list.mappedGenre)},
                  {QStringLiteral("mapping"), q(list.mappingReason)},
                  {QStringLiteral("embedder"), q(list.embedderId)},
                  {QStringLiteral("min_similarity"), list.minSimilarity},
                  {QStringLiteral("requested"), list.requested},
                  {QStringLiteral("max_per_artist"), list.maxPerArtist},
                  {QStringLiteral("cut_by_artist"), list.cutByArtist},
                  {QStringLiteral("items"), items}};
    if (!list.note.empty()) o.insert(QStringLiteral("note"), q(list.note));
    return o;
}

RecommendationList recommendationsFromJson(const QJsonObject& o) {
    RecommendationList list;
    list.queryGenre = s(o.value(QStringLiteral("query_genre")));
    list.mappedGenre = s(o.value(QStringLiteral("mapped_genre")));
    // Sessions saved by the app before there was one encoder called it "mapping_reason".
    list.mappingReason = s(o.contains(QStringLiteral("mapping")) ? o.value(QStringLiteral("mapping"))
                                                                 : o.value(QStringLiteral("mapping_reason")));
    list.embedderId = s(o.value(QStringLiteral("embedder")));
    list.note = s(o.value(QStringLiteral("note")));
    list.minSimilarity = o.value(QStringLiteral("min_similarity")).toDouble();
    list.requested = o.value(QStringLiteral("requested")).toInt();
    list.maxPerArtist = o.value(QStringLiteral("max_per_artist")).toInt();
    list.cutByArtist = o.value(QStringLiteral("cut_by_artist")).toBool();
    for (const auto& v : o.value(QStringLiteral("items")).toArray()) {
        const QJsonObject item = v.toObject();
        Recommendation r;
        r.track.id = item.value(QStringLiteral("id")).toInteger();
        r.track.path = s(item.value(QStringLiteral("path")));
        r.track.title = s(item.value(QStringLiteral("title")));
        r.track.artist = s(item.value(QStringLiteral("artist")));
        r.track.album = s(item.value(QStringLiteral("album")));
        r.track.genre = s(item.value(QStringLiteral("genre")));
        r.track.canonicalGenre = s(item.value(QStringLiteral("canonical_genre")));
        r.track.durationSeconds = item.value(QStringLiteral("duration_s")).toDouble();
        r.track.previewStartSeconds = item.value(QStringLiteral("preview_start_s")).toDouble();
        r.similarity = item.value(QStringLiteral("similarity")).toDouble();
        r.score = item.value(QStringLiteral("score")).toDouble(r.similarity);
        r.sameGenre = item.value(QStringLiteral("same_genre")).toBool();
        for (const auto& key : item.value(QStringLiteral("reasons")).toArray()) r.reasons.push_back(s(key));
        list.items.push_back(std::move(r));
    }
    return list;
}

QJsonObject analysisToJson(const TrackAnalysis& a) {
    QJsonObject o;
    o.insert(QStringLiteral("path"), q(a.path));
    o.insert(QStringLiteral("ok"), a.ok());
    if (a.facts.sampleRate > 0) {
        o.insert(QStringLiteral("duration_s"), a.facts.durationSeconds);
        o.insert(QStringLiteral("sample_rate"), a.facts.sampleRate);
        o.insert(QStringLiteral("channels"), a.facts.channels);
        o.insert(QStringLiteral("codec"), q(a.facts.codec));
        o.insert(QStringLiteral("decoder"), q(a.facts.decoder));
        const std::pair<const char*, const std::string*> tags[] = {{"title", &a.metadata.title},
                                                                   {"artist", &a.metadata.artist},
                                                                   {"album", &a.metadata.album},
                                                                   {"genre", &a.metadata.genre}};
        for (const auto& [key, value] : tags)
            if (!value->empty()) o.insert(QLatin1String(key), q(*value));
    }
    if (a.ok()) {
        o.insert(QStringLiteral("spectrogram"),
                 QJsonObject{{QStringLiteral("bands"), a.spectrogram.bands},
                             {QStringLiteral("frames"), a.spectrogram.frames},
                             {QStringLiteral("sample_rate"), a.spectrogram.sampleRate},
                             {QStringLiteral("hop"), a.spectrogram.hop}});
        if (a.detection) {
            const QJsonObject det = detectionToJson(*a.detection);
            for (auto it = det.begin(); it != det.end(); ++it) o.insert(it.key(), it.value());
            if (a.detection->hasPAi()) o.insert(QStringLiteral("short_excerpt"), isShortExcerpt(a));
        }
        if (a.music) {
            QJsonObject m;
            for (const auto& [key, field] : kMusicFields) m.insert(QLatin1String(key), (*a.music).*field);
            o.insert(QStringLiteral("music_check"), m);
        }
        if (a.recommendations) o.insert(QStringLiteral("recommendations"), recommendationsToJson(*a.recommendations));
        if (!a.notices.empty()) {
            // "note" (the details joined) is what readers before notices had codes read.
            o.insert(QStringLiteral("note"), q(a.noteText()));
            QJsonArray notices;
            for (const auto& n : a.notices)
                notices.append(QJsonObject{{QStringLiteral("code"), QString::fromLatin1(noticeCodeName(n.code))},
                                           {QStringLiteral("details"), q(n.details)}});
            o.insert(QStringLiteral("notices"), notices);
        }
    } else {
        o.insert(QStringLiteral("error"), q(a.error->message));
        o.insert(QStringLiteral("error_code"), QString::fromLatin1(errorCodeName(a.error->code)));
    }
    return o;
}

TrackAnalysis analysisFromJson(const QJsonObject& o) {
    TrackAnalysis a;
    a.path = s(o.value(QStringLiteral("path")));
    if (o.contains(QStringLiteral("error")))
        a.error = Error{errorCodeFromName(o.value(QStringLiteral("error_code")).toString()),
                        s(o.value(QStringLiteral("error")))};
    a.facts.durationSeconds = o.value(QStringLiteral("duration_s")).toDouble();
    a.facts.sampleRate = o.value(QStringLiteral("sample_rate")).toInt();
    a.facts.channels = o.value(QStringLiteral("channels")).toInt();
    a.facts.codec = s(o.value(QStringLiteral("codec")));
    a.facts.decoder = s(o.value(QStringLiteral("decoder")));
    a.metadata = TrackMetadata{s(o.value(QStringLiteral("title"))), s(o.value(QStringLiteral("artist"))),
                               s(o.value(QStringLiteral("album"))), s(o.value(QStringLiteral("genre")))};
    // The spectrogram's values are not stored, so neither is its shape: a view must
    // not expect bands x frames values that are not there.
    if (o.contains(QStringLiteral("p_ai")) || o.contains(QStringLiteral("not_music_reason")))
        a.detection = detectionFromJson(o);
    if (o.contains(QStringLiteral("music_check"))) {
        const QJsonObject m = o.value(QStringLiteral("music_check")).toObject();
        MusicMeasures measures;
        for (const auto& [key, field] : kMusicFields) measures.*field = m.value(QLatin1String(key)).toDouble(measures.*field);
        if (a.detection) measures.reason = a.detection->notMusic;
        a.music = measures;
    }
    if (o.contains(QStringLiteral("recommendations")))
        a.recommendations = recommendationsFromJson(o.value(QStringLiteral("recommendations")).toObject());
    for (const auto& v : o.value(QStringLiteral("notices")).toArray()) {
        const QJsonObject n = v.toObject();
        a.notices.push_back({noticeCodeFromName(s(n.value(QStringLiteral("code")))), s(n.value(QStringLiteral("details")))});
    }
    if (a.notices.empty() && o.contains(QStringLiteral("note")))  // a session saved before notices had codes
        a.notices.push_back({NoticeCode::Other, s(o.value(QStringLiteral("note")))});
    return a;
}

std::string toJsonLine(const TrackAnalysis& a) {
    return QJsonDocument(analysisToJson(a)).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace humanear
