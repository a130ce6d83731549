// Settings survive a restart: every field written to QSettings reads back
// the same, and an empty store gives the defaults.
#include "app_settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class TestUiSettings : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void defaultsFromAnEmptyStore() {
        QSettings store(dir_.filePath("empty.ini"), QSettings::IniFormat);
        const AppSettings s = AppSettings::load(store);
        QCOMPARE(s, AppSettings{});
        QCOMPARE(int(s.recommend), int(humanear::RecommendPolicy::WhenNotHuman));
        QVERIFY(!s.effectiveLibraryDir().isEmpty());
    }

    // The key before uncertain tracks got recommendations: a deliberate "never"
    // or "every track" is kept; its "AI only" was the default and becomes the new one.
    void theOldRecommendKeyIsMigrated() {
        const std::pair<int, humanear::RecommendPolicy> cases[] = {{0, humanear::RecommendPolicy::Never},
                                                                   {1, humanear::RecommendPolicy::WhenNotHuman},
                                                                   {2, humanear::RecommendPolicy::Always}};
        for (const auto& [old, expected] : cases) {
            QSettings store(dir_.filePath(QStringLiteral("old%1.ini").arg(old)), QSettings::IniFormat);
            store.setValue(QStringLiteral("library/recommend"), old);
            QCOMPARE(int(AppSettings::load(store).recommend), int(expected));
        }
        QSettings both(dir_.filePath("both.ini"), QSettings::IniFormat);
        both.setValue(QStringLiteral("library/recommend"), 2);
        both.setValue(QStringLiteral("library/recommendPolicy"), int(humanear::RecommendPolicy::WhenAi));
        QCOMPARE(int(AppSettings::load(both).recommend), int(humanear::RecommendPolicy::WhenAi));
    }

    void roundTrip() {
        AppSettings s;
        s.threshold = 0.65;
        s.device = humanear::DevicePreference::Cpu;
        s.workers = 3;
        s.embedder = QStringLiteral("openl3");
        s.libraryDir = dir_.filePath("lib");
        s.recommend = humanear::RecommendPolicy::Always;
        s.language = QStringLiteral("de");
        s.appearance = QStringLiteral("dark");
        s.saliencyOverlay = true;
        {
            QSettings store(dir_.filePath("s.ini"), QSettings::IniFormat);
            s.save(store);
        }
        QSettings store(dir_.filePath("s.ini"), QSettings::IniFormat);
        const AppSettings back = AppSettings::load(store);
        QCOMPARE(back, s);
        QCOMPARE(back.engineSettings().workers, 3);
        QCOMPARE(int(back.engineSettings().device), int(humanear::DevicePreference::Cpu));
        QCOMPARE(QString::fromStdString(back.engineSettings().libraryDir), dir_.filePath("lib"));
        QCOMPARE(back.effectiveLibraryDir(), dir_.filePath("lib"));
    }

    void nonsenseIsClamped() {
        QSettings store(dir_.filePath("bad.ini"), QSettings::IniFormat);
        store.setValue("engine/device", 99);
        store.setValue("engine/workers", -5);
        const AppSettings s = AppSettings::load(store);
        QCOMPARE(int(s.device), 2);
        QCOMPARE(s.workers, 0);
    }
};

QTEST_GUILESS_MAIN(TestUiSettings)
#include "test_ui_settings.moc"
