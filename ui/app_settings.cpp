#include "app_settings.h"

#include "humanear/library.h"

#include <QSettings>

namespace {
// "library/recommendPolicy" since uncertain tracks get recommendations by
// default (issue 16). The old key "library/recommend" (0 never, 1 AI only, 2
// every track) is read when the new one is absent: its 1 was the default, so it
// becomes the new default; a deliberate "never" or "every track" is kept.
humanear::RecommendPolicy loadRecommendPolicy(QSettings& s) {
    using humanear::RecommendPolicy;
    const QVariant stored = s.value(QStringLiteral("library/recommendPolicy"));
    if (stored.isValid()) return RecommendPolicy(std::clamp(stored.toInt(), 0, int(RecommendPolicy::WhenNotHuman)));
    const int old = s.value(QStringLiteral("library/recommend"), 1).toInt();
    return old == 0 ? RecommendPolicy::Never : old == 2 ? RecommendPolicy::Always : RecommendPolicy::WhenNotHuman;
}
}  // namespace

AppSettings AppSettings::load(QSettings& s) {
    AppSettings a;
    a.threshold = s.value(QStringLiteral("detector/threshold"), a.threshold).toDouble();
    a.device = humanear::DevicePreference(std::clamp(s.value(QStringLiteral("engine/device"), 0).toInt(), 0, 2));
    a.workers = std::clamp(s.value(QStringLiteral("engine/workers"), 0).toInt(), 0, 64);
    a.embedder = s.value(QStringLiteral("library/embedder"), a.embedder).toString();
    a.libraryDir = s.value(QStringLiteral("library/directory")).toString();
    a.recommend = loadRecommendPolicy(s);
    a.language = s.value(QStringLiteral("ui/language")).toString();
    a.appearance = s.value(QStringLiteral("ui/appearance"), a.appearance).toString();
    a.saliencyOverlay = s.value(QStringLiteral("ui/saliencyOverlay"), false).toBool();
    return a;
}

void AppSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("detector/threshold"), threshold);
    s.setValue(QStringLiteral("engine/device"), int(device));
    s.setValue(QStringLiteral("engine/workers"), workers);
    s.setValue(QStringLiteral("library/embedder"), embedder);
    s.setValue(QStringLiteral("library/directory"), libraryDir);
    s.setValue(QStringLiteral("library/recommendPolicy"), int(recommend));
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/appearance"), appearance);
    s.setValue(QStringLiteral("ui/saliencyOverlay"), saliencyOverlay);
}

humanear::EngineSettings AppSettings::engineSettings() const {
    humanear::EngineSettings e;
    e.workers = workers;
    e.device = device;
    e.libraryDir = libraryDir.toStdString();
    e.libraryEmbedder = embedder.toStdString();
    return e;
}

QString AppSettings::effectiveLibraryDir() const {
    return libraryDir.isEmpty() ? QString::fromStdString(humanear::defaultLibraryDirectory()) : libraryDir;
}

bool AppSettings::operator==(const AppSettings& o) const {
    return threshold == o.threshold && device == o.device && workers == o.workers && embedder == o.embedder &&
           libraryDir == o.libraryDir && recommend == o.recommend && language == o.language &&
           appearance == o.appearance && saliencyOverlay == o.saliencyOverlay;
}
