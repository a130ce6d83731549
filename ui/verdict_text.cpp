#include "verdict_text.h"

#include <QCoreApplication>
#include <cmath>

namespace verdicttext {

double effectiveThreshold(const humanear::Detection& d, double userThreshold) {
    return userThreshold > 0 ? userThreshold : d.threshold;
}

humanear::Verdict effectiveVerdict(const humanear::Detection& d, double userThreshold) {
    if (userThreshold <= 0 || std::abs(userThreshold - d.threshold) < 1e-9) return d.verdict;
    // The engine also calls a track uncertain when its windows disagree; that
    // does not depend on the threshold, so such a verdict stands.
    const bool engineNearThreshold = std::abs(d.pAi - d.threshold) < kUncertainMargin;
    if (d.verdict == humanear::Verdict::Uncertain && !engineNearThreshold) return d.verdict;
    if (std::abs(d.pAi - userThreshold) < kUncertainMargin) return humanear::Verdict::Uncertain;
    return d.pAi >= userThreshold ? humanear::Verdict::LikelyAi : humanear::Verdict::LikelyHuman;
}

QString words(humanear::Verdict verdict) {
    switch (verdict) {
    case humanear::Verdict::LikelyAi: return QCoreApplication::translate("Verdict", "Likely AI-generated");
    case humanear::Verdict::LikelyHuman: return QCoreApplication::translate("Verdict", "Likely human-made");
    case humanear::Verdict::Uncertain: break;
    }
    return QCoreApplication::translate("Verdict", "Uncertain");
}

humanear::Verdict fromName(const QString& name, bool* ok) {
    if (ok) *ok = true;
    if (name == QLatin1String("likely_ai")) return humanear::Verdict::LikelyAi;
    if (name == QLatin1String("likely_human")) return humanear::Verdict::LikelyHuman;
    if (ok) *ok = name == QLatin1String("uncertain");
    return humanear::Verdict::Uncertain;
}

}  // namespace verdicttext
