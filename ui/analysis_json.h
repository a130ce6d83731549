#pragma once
// TrackAnalysis <-> JSON for the GUI's session (restored after a restart) and
// the JSON export. The spectrogram and saliency matrices are not stored: a
// restored track shows its verdict and recommendations, and re-analysing
// brings the picture back.
#include "humanear/analysis.h"

#include <QJsonObject>

namespace analysisjson {

QJsonObject toJson(const humanear::TrackAnalysis& analysis);
humanear::TrackAnalysis fromJson(const QJsonObject& object);

}  // namespace analysisjson
