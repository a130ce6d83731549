#pragma once
// JSON form of results, shared by the CLI's --json output and the GUI's export.
#include "humanear/analysis.h"

#include <QJsonObject>

#include <string>

namespace humanear {

// One compact JSON object on one line: path, ok, and either the facts or error.
std::string toJsonLine(const TrackAnalysis& analysis);

// {query_genre, mapped_genre, mapping, embedder, items: [{path, title, artist,
// album, genre, similarity, duration_s, preview_start_s}]}: the `recommendations`
// member of an analysis line and the output of `humanear-cli recommend --json`.
QJsonObject recommendationsToJson(const RecommendationList& list);

}  // namespace humanear
