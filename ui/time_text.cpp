#include "time_text.h"

#include <QLatin1Char>
#include <algorithm>
#include <cmath>

namespace timetext {

QString minutesSeconds(double seconds) {
    // Truncated, not rounded: a clock reads 0:59 until the minute is full.
    const long long whole = seconds > 0 && std::isfinite(seconds) ? static_cast<long long>(seconds) : 0;
    return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString shortTime(double seconds, double tickSeconds) {
    if (seconds >= 60) return minutesSeconds(seconds);
    if (tickSeconds < 1) return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    return QStringLiteral("%1 s").arg(std::lround(std::max(0.0, seconds)));
}

}  // namespace timetext
