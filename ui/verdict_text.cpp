#include "verdict_text.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace verdicttext {

double effectiveThreshold(const humanear::Detection& d, double userThreshold) {
    return userThreshold > 0 ? userThreshold : d.threshold;
}

VerdictBand effectiveBand(const humanear::Detection& d, double userThreshold) {
    const double shift = effectiveThreshold(d, userThreshold) - d.threshold;
    return {std::clamp(d.uncertainLow + shift, 0.0, 1.0), d.threshold + shift,
            std::clamp(d.uncertainHigh + shift, 0.0, 1.0)};
}

namespace {
humanear::Verdict verdictInBand(double pAi, const VerdictBand& band) {
    if (pAi >= band.high) return humanear::Verdict::LikelyAi;
    if (pAi <= band.low) return humanear::Verdict::LikelyHuman;
    return humanear::Verdict::Uncertain;
}
}  // namespace

humanear::Verdict effectiveVerdict(const humanear::Detection& d, double userThreshold) {
    if (userThreshold <= 0 || std::abs(userThreshold - d.threshold) < 1e-9 || !d.hasPAi()) return d.verdict;
    // The engine also calls a track uncertain when its windows disagree; that
    // does not depend on the threshold, so such a verdict stands.
    const VerdictBand model = effectiveBand(d, 0);
    if (d.verdict == humanear::Verdict::Uncertain && verdictInBand(d.pAi, model) != humanear::Verdict::Uncertain)
        return d.verdict;
    return verdictInBand(d.pAi, effectiveBand(d, userThreshold));
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

QColor colourForPAi(double pAi, const VerdictBand& band) { return verdictColour(verdictInBand(pAi, band)); }

}  // namespace verdicttext
