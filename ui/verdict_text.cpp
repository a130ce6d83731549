#include "verdict_text.h"

#include <QCoreApplication>
#include <cmath>

namespace verdicttext {

double effectiveThreshold(const humanear::Detection& d, double userThreshold) {
    return userThreshold > 0 ? userThreshold : d.threshold;
}

humanear::Verdict effectiveVerdict(const humanear::Detection& d, double userThreshold) {
    if (userThreshold <= 0 || std::abs(userThreshold - d.threshold) < 1e-9 || !d.hasPAi()) return d.verdict;
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
    case humanear::Verdict::NotMusic: return QCoreApplication::translate("Verdict", "Not music");
    case humanear::Verdict::Uncertain: break;
    }
    return QCoreApplication::translate("Verdict", "Uncertain");
}

QString reasonWords(humanear::NotMusicReason reason) {
    switch (reason) {
    case humanear::NotMusicReason::NearSilence: return QCoreApplication::translate("Verdict", "near silence");
    case humanear::NotMusicReason::SteadyTone: return QCoreApplication::translate("Verdict", "a steady tone");
    case humanear::NotMusicReason::Noise: return QCoreApplication::translate("Verdict", "noise");
    case humanear::NotMusicReason::Clicks: return QCoreApplication::translate("Verdict", "a click track");
    case humanear::NotMusicReason::Speech: return QCoreApplication::translate("Verdict", "speech");
    case humanear::NotMusicReason::None: break;
    }
    return {};
}

QColor verdictColour(humanear::Verdict verdict) {
    switch (verdict) {
    case humanear::Verdict::LikelyAi: return QColor(0xd6, 0x45, 0x45);
    case humanear::Verdict::LikelyHuman: return QColor(0x2e, 0xa0, 0x6a);
    case humanear::Verdict::NotMusic: return QColor(0x80, 0x80, 0x80);
    case humanear::Verdict::Uncertain: break;
    }
    return QColor(0xe0, 0xa0, 0x30);
}

QColor colourForPAi(double pAi, double threshold) {
    if (pAi >= threshold + kUncertainMargin) return verdictColour(humanear::Verdict::LikelyAi);
    if (pAi <= threshold - kUncertainMargin) return verdictColour(humanear::Verdict::LikelyHuman);
    return verdictColour(humanear::Verdict::Uncertain);
}

humanear::Verdict fromName(const QString& name, bool* ok) {
    if (ok) *ok = true;
    if (name == QLatin1String("likely_ai")) return humanear::Verdict::LikelyAi;
    if (name == QLatin1String("likely_human")) return humanear::Verdict::LikelyHuman;
    if (name == QLatin1String("not_music")) return humanear::Verdict::NotMusic;
    if (ok) *ok = name == QLatin1String("uncertain");
    return humanear::Verdict::Uncertain;
}

}  // namespace verdicttext
