// The window under the offscreen platform: files go through the engine's pool and
// come back to the table through queued signals; German is a complete translation.
#include "main_window.h"
#include "testdata.h"

#include "humanear/engine.h"

#include <QApplication>
#include <QLabel>
#include <QTableWidget>
#include <QTranslator>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static QString stateOf(QTableWidget* table, const QString& fileName) {
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, 0) && table->item(row, 0)->text() == fileName)
                return table->item(row, 4) ? table->item(row, 4)->text() : QString();
        return {};
    }

private Q_SLOTS:
    void analysesDroppedFilesWithoutBlocking() {
        QVERIFY(testdata::writeSineWav(dir_.filePath("tone.wav"), 44100, 2, 4.0));
        QFile junk(dir_.filePath("junk.mp3"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(3000, '\x07'));
        junk.close();

        humanear::Engine engine;
        MainWindow window(engine);
        window.show();
        window.analyzePaths({dir_.filePath("tone.wav"), dir_.filePath("junk.mp3")});
        auto* table = window.findChild<QTableWidget*>();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(table, "tone.wav"), QStringLiteral("Analysed"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(table, "junk.mp3").contains("junk.mp3"), 20000);  // the error names the file
    }

    void germanTranslationIsLoaded() {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), "humanear", "_", ":/i18n"));
        QApplication::installTranslator(&translator);
        humanear::Engine engine;
        MainWindow window(engine);
        auto* table = window.findChild<QTableWidget*>();
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Dauer"));
        bool hintTranslated = false;
        for (auto* label : window.findChildren<QLabel*>()) hintTranslated |= label->text().contains("ziehen");
        QVERIFY(hintTranslated);
        QApplication::removeTranslator(&translator);
    }
};

int main(int argc, char** argv) {
    Q_INIT_RESOURCE(humanear);
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
