#pragma once
// What the GUI says about a detection. The words never present a bare number
// as certainty, and a user threshold (Settings) moves the verdict the same way
// the engine would: within 0.15 of the threshold is "Uncertain".
#include "humanear/analysis.h"

#include <QColor>
#include <QString>

namespace verdicttext {

constexpr double kUncertainMargin = 0.15;

// userThreshold <= 0 keeps the model's calibrated threshold and verdict.
humanear::Verdict effectiveVerdict(const humanear::Detection& detection, double userThreshold);
double effectiveThreshold(const humanear::Detection& detection, double userThreshold);

QString words(humanear::Verdict verdict);  // "Likely AI-generated", ...
QString reasonWords(humanear::NotMusicReason reason);  // "a steady tone", ...
// The gauge's colours: green for human, amber for uncertain, red for AI; a P(AI)
// takes the colour of its side of the threshold, amber within kUncertainMargin.
QColor verdictColour(humanear::Verdict verdict);
QColor colourForPAi(double pAi, double threshold);
humanear::Verdict fromName(const QString& name, bool* ok = nullptr);

}  // namespace verdicttext
