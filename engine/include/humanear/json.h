#pragma once
// The one JSON form of an analysis: the CLI's --json lines, the app's export
// (which adds its own fields on top) and the app's saved session all use it.
// The spectrogram and saliency matrices are not stored: a restored track shows
// its verdict and recommendations, and analysing it again brings the picture back.
#include "humanear/analysis.h"

#include <QJsonObject>

#include <string>

namespace humanear {

// {path, ok, facts and tags, spectrogram shape, verdict, p_ai, spread,
// window_count, window_p_ai, windows (the timeline), short_excerpt, members,
// threshold, uncertain_band, model, music_check, recommendations, note} or {path, ok,
// error, error_code}.
QJsonObject analysisToJson(const TrackAnalysis& analysis);
// Back from analysisToJson (also reads sessions saved by earlier versions);
// absent fields keep their defaults.
TrackAnalysis analysisFromJson(const QJsonObject& object);
// analysisToJson as one compact line.
std::string toJsonLine(const TrackAnalysis& analysis);

// {query_genre, mapped_genre, mapping, embedder, min_similarity, note, items:
// [{id, path, title, artist, album, genre, canonical_genre, score, similarity,
// same_genre, reasons, why, duration_s, preview_start_s}]}: the `recommendations`
// member of an analysis and the output of `humanear-cli recommend --json`.
QJsonObject recommendationsToJson(const RecommendationList& list);
RecommendationList recommendationsFromJson(const QJsonObject& object);

}  // namespace humanear
