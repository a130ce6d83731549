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
        QCOMPARE(int(s.recommend), int(humanear::RecommendPolicy::WhenAi));
        QVERIFY(!s.effectiveLibraryDir().isEmpty());
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
