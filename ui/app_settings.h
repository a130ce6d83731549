#pragma once
// Everything the user can set, persisted with QSettings. Device, workers and
// language take effect at the next start (the engine's pool is built once);
// the rest applies at once.
#include "humanear/settings.h"

#include <QString>

class QSettings;

struct AppSettings {
    double threshold = 0;  // <= 0: the model's calibrated threshold
    humanear::DevicePreference device = humanear::DevicePreference::Auto;
    int workers = 0;  // 0 = one per core
    QString embedder = QString::fromLatin1(humanear::kDefaultEmbedder);
    QString libraryDir;  // empty = the default library directory
    humanear::RecommendPolicy recommend = humanear::RecommendPolicy::WhenNotHuman;
    QString language;    // "" = system, "en", "de"
    QString appearance = QStringLiteral("system");  // "system", "light", "dark"
    bool saliencyOverlay = false;

    static AppSettings load(QSettings& settings);
    void save(QSettings& settings) const;
    humanear::EngineSettings engineSettings() const;
    QString effectiveLibraryDir() const;
    bool operator==(const AppSettings& o) const;
    bool operator!=(const AppSettings& o) const { return !(*this == o); }
};
