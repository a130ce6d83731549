#pragma once
// What the GUI says about a detection. The words never present a bare number
// as certainty, and a user threshold (Settings) moves the verdict the same way
// the engine would: the model's uncertain band (fitted with its threshold, not
// necessarily centred on it) moves with the threshold.
#include "humanear/analysis.h"

#include <QColor>
#include <QString>

namespace verdicttext {

// P(AI) <= low: likely human; >= high: likely AI; between: uncertain.
struct VerdictBand {
    double low = 0.35, threshold = 0.5, high = 0.65;
};

// userThreshold <= 0 keeps the model's calibrated threshold, band and verdict.
VerdictBand effectiveBand(const humanear::Detection& detection, double userThreshold);
humanear::Verdict effectiveVerdict(const humanear::Detection& detection, double userThreshold);
double effectiveThreshold(const humanear::Detection& detection, double userThreshold);

QString words(humanear::Verdict verdict);  // "Likely AI-generated", ...
QString reasonWords(humanear::NotMusicReason reason);  // "a steady tone", ...
// The gauge's colours: green for human, amber for uncertain, red for AI; a P(AI)
// takes the colour of the verdict its place in the band gives.
QColor verdictColour(humanear::Verdict verdict);
QColor colourForPAi(double pAi, const VerdictBand& band);

}  // namespace verdicttext
