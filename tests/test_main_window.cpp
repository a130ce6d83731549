// The window under the offscreen platform: dropped files and folders go
// through the engine's pool and come back to the queue through queued
// signals; a bad file fails in its own row; the selected track fills the
// gauge; export writes what the table shows; German is a complete translation.
#include "ai_gauge.h"
#include "ai_timeline.h"
#include "app_settings.h"
#include "library_dialog.h"
#include "library_service.h"
#include "app_translator.h"
#include "main_window.h"
#include "notice_text.h"
#include "queue_model.h"
#include "settings_dialog.h"
#include "spectrogram_view.h"
#include "testdata.h"

#include "humanear/engine.h"
#include "humanear/library.h"

#include <QApplication>
#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTranslator>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static QueueEntry::State stateOf(MainWindow& w, const QString& fileName) {
        for (int i = 0; i < w.queueModel()->count(); ++i)
            if (QFileInfo(w.queueModel()->entry(i).path).fileName() == fileName) return w.queueModel()->entry(i).state;
        return QueueEntry::State::Queued;
    }

    static void drop(MainWindow& window, const QStringList& paths) {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
        mime.setUrls(urls);
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent dropEvent(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &dropEvent);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(testdata::writeSineWav(dir_.filePath("tone.wav"), 44100, 2, 4.0));
        QFile junk(dir_.filePath("junk.mp3"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(3000, '\x07'));
        junk.close();
        QVERIFY(QDir(dir_.path()).mkpath("album/disc 2"));
        QVERIFY(testdata::writeSineWav(dir_.filePath("album/a.wav"), 22050, 1, 3.0, 220));
        QVERIFY(testdata::writeSineWav(dir_.filePath("album/disc 2/b.flac.wav"), 16000, 1, 3.0, 330));
        QFile notes(dir_.filePath("album/notes.txt"));  // not audio: a folder drop skips it
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("liner notes");
    }

    void droppedFilesAreAnalysedAndABadFileFailsInItsRow() {
        humanear::Engine engine;
        MainWindow window(engine);
        window.show();
        drop(window, {dir_.filePath("tone.wav"), dir_.filePath("junk.mp3")});
        QCOMPARE(window.queueModel()->count(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window, "tone.wav"), QueueEntry::State::Done, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window, "junk.mp3"), QueueEntry::State::Failed, 30000);
        const int junkRow = window.queueModel()->rowOf(dir_.filePath("junk.mp3"));
        QVERIFY(window.queueModel()->index(junkRow, QueueModel::State).data(Qt::ToolTipRole).toString().contains("junk.mp3"));

        // The first dropped file was selected; its result fills the gauge and the spectrogram.
        window.selectRow(window.queueModel()->rowOf(dir_.filePath("tone.wav")));
        // A 4 s sine is not music: the gauge says so and the P(AI) strip draws no bars.
        QCOMPARE(window.gauge()->mode(), AiGauge::Mode::NotMusic);
        QVERIFY(window.aiTimeline()->windows().empty());
        QVERIFY(window.aiTimeline()->message().contains(QStringLiteral("Not music")));
        QTRY_VERIFY_WITH_TIMEOUT(window.spectrogramView()->hasImage(), 10000);

        // Export writes what the table holds.
        QVERIFY(window.exportCsv(dir_.filePath("out.csv")));
        QFile csv(dir_.filePath("out.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY(text.contains("tone.wav") && text.contains(",analysed,") && text.contains(",failed,"));
        QVERIFY(window.exportSpectrogramPng(dir_.filePath("spec.png")));
        QCOMPARE(QImage(dir_.filePath("spec.png")).size(), QSize(1600, 600));

        // A failed file selected says why.
        window.selectRow(junkRow);
        QCOMPARE(window.gauge()->mode(), AiGauge::Mode::Failed);
    }

    void droppedFoldersAreSearchedRecursivelyForAudio() {
        const QStringList files = MainWindow::expandPaths({dir_.filePath("album")});
        QCOMPARE(files, (QStringList{dir_.filePath("album/a.wav"), dir_.filePath("album/disc 2/b.flac.wav")}));

        humanear::Engine engine;
        MainWindow window(engine);
        QSignalSpy queued(&window, &MainWindow::filesQueued);
        drop(window, {dir_.filePath("album")});
        QTRY_COMPARE(queued.count(), 1);  // the folder is listed off the GUI thread
        QCOMPARE(window.queueModel()->count(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->finishedCount(), 2, 30000);
        QCOMPARE(stateOf(window, "b.flac.wav"), QueueEntry::State::Done);
        drop(window, {dir_.filePath("album")});  // the same folder twice re-analyses, never duplicates
        QTRY_COMPARE(queued.count(), 2);
        QCOMPARE(window.queueModel()->count(), 2);
    }

    void queueTableSortsByClickedColumn() {
        humanear::Engine engine;
        MainWindow window(engine);
        window.analyzePaths({dir_.filePath("tone.wav"), dir_.filePath("album")});
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->finishedCount(), 3, 30000);
        window.queueView()->sortByColumn(QueueModel::Duration, Qt::DescendingOrder);
        QCOMPARE(window.queueView()->model()->index(0, QueueModel::Title).data().toString(), QStringLiteral("tone"));
    }

    void queueAndResultsAreRestoredAfterARestart() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings goes to ~/.qttest, not the user's config
        QSettings().clear();
        AppSettings settings;
        settings.threshold = 0.7;
        MainWindow::Options options;
        options.openLibrary = false;
        {
            humanear::Engine engine;
            MainWindow first(engine, settings, options);
            first.analyzePaths({dir_.filePath("tone.wav"), dir_.filePath("junk.mp3")});
            QTRY_COMPARE_WITH_TIMEOUT(first.queueModel()->finishedCount(), 2, 30000);
            first.close();  // saves the session
        }
        humanear::Engine engine;
        MainWindow second(engine, AppSettings::load(*std::make_unique<QSettings>()), options);
        QCOMPARE(second.queueModel()->count(), 2);
        QCOMPARE(stateOf(second, "tone.wav"), QueueEntry::State::Done);
        QCOMPARE(stateOf(second, "junk.mp3"), QueueEntry::State::Failed);
        QCOMPARE(second.settings().threshold, 0.7);
        QVERIFY(second.queueModel()->index(1, QueueModel::State).data(Qt::ToolTipRole).toString().contains("junk.mp3"));
        QSettings().clear();
    }

    void libraryServiceScansOffTheGuiThread() {
        humanear::Engine engine;
        LibraryService service(engine);
        QSignalSpy stateSpy(&service, &LibraryService::stateChanged);
        service.open(dir_.filePath("library"), QStringLiteral("descriptors"));
        QCOMPARE(service.state(), LibraryService::State::Opening);  // open() returned before the work was done
        QTRY_VERIFY_WITH_TIMEOUT(service.state() != LibraryService::State::Opening, 30000);
        QCOMPARE(service.state(), LibraryService::State::Ready);
        QTRY_VERIFY_WITH_TIMEOUT(service.hasStatus(), 30000);
        QCOMPARE(service.status().tracks, 0);
        QVERIFY(service.summary().contains("empty"));

        LibraryDialog dialog(service);
        dialog.resize(560, 420);
        QSignalSpy finished(&service, &LibraryService::scanFinished);
        service.addFolder(dir_.filePath("album"));
        QVERIFY(service.isBusy());
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(service.status().tracks, 2, 30000);
        QTRY_VERIFY(service.summary().contains("2 tracks"));
        if (qEnvironmentVariableIsSet("HUMANEAR_LIBRARY_PNG")) dialog.grab().save(qEnvironmentVariable("HUMANEAR_LIBRARY_PNG"));
    }

    // One library per process (issue 15): a folder added through the app is
    // recommended from by the very next analysis, without a restart.
    void aFolderAddedInTheAppIsRecommendedFromAtOnce() {
        QTemporaryDir lib;
        QVERIFY(testdata::writeSineWav(dir_.filePath("query-before.wav"), 22050, 1, 3.0, 225));
        QVERIFY(testdata::writeSineWav(dir_.filePath("query-after.wav"), 22050, 1, 3.0, 230));
        AppSettings settings;
        settings.libraryDir = lib.path();
        settings.recommend = humanear::RecommendPolicy::Always;
        MainWindow::Options options;
        options.persistSession = false;
        humanear::EngineSettings engineSettings;
        engineSettings.libraryDir = lib.path().toStdString();
        humanear::Engine engine(engineSettings);
        MainWindow window(engine, settings, options);
        QTRY_VERIFY_WITH_TIMEOUT(window.library()->state() == LibraryService::State::Ready, 30000);
        auto analysisOf = [&](const QString& name) -> std::shared_ptr<const humanear::TrackAnalysis> {
            for (int i = 0; i < window.queueModel()->count(); ++i)
                if (QFileInfo(window.queueModel()->entry(i).path).fileName() == name) return window.queueModel()->entry(i).analysis;
            return nullptr;
        };
        window.analyzePaths({dir_.filePath("query-before.wav")});
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->finishedCount(), 1, 60000);
        auto before = analysisOf("query-before.wav");
        QVERIFY(before && before->ok());
        QVERIFY(!before->recommendations || before->recommendations->items.empty());  // the library is empty

        QSignalSpy finished(window.library(), &LibraryService::scanFinished);
        window.library()->addFolder(dir_.filePath("album"));
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        window.analyzePaths({dir_.filePath("query-after.wav")});
        QTRY_COMPARE_WITH_TIMEOUT(window.queueModel()->finishedCount(), 2, 60000);
        auto after = analysisOf("query-after.wav");
        QVERIFY(after && after->ok());
        QVERIFY2(after->recommendations && !after->recommendations->items.empty(),
                 (after->noteText() + (after->recommendations ? " / " + after->recommendations->note : std::string())).c_str());
        for (const auto& item : after->recommendations->items)
            QVERIFY2(QString::fromStdString(item.track.path).contains(QStringLiteral("/album/")), item.track.path.c_str());
    }

    // A track the spectrogram shows whole: the P(AI) strip under it puts every
    // second where the spectrogram's time axis does, and says what it spans.
    void timelineLinesUpWithTheSpectrogram() {
        humanear::Engine engine;
        MainWindow window(engine);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto analysis = std::make_shared<humanear::TrackAnalysis>();
        analysis->path = dir_.filePath("twelve-seconds.wav").toStdString();
        analysis->facts.durationSeconds = 12.0;
        humanear::Spectrogram& s = analysis->spectrogram;
        s.bands = 128;
        s.sampleRate = 16000;
        s.hop = 512;
        s.frames = 375;  // 12 s
        s.db.assign(size_t(s.bands) * size_t(s.frames), -40.f);
        humanear::Detection detection;
        detection.verdict = humanear::Verdict::LikelyAi;
        detection.pAi = 0.8;
        detection.threshold = 0.77;
        detection.timeline = {{0, 5, 0.9}, {5, 10, 0.4}, {10, 12, 0.95}};
        analysis->detection = detection;
        const AnalysisPtr shown = analysis;
        window.spectrogramView()->setAnalysis(shown);
        window.aiTimeline()->setAnalysis(shown.get());
        for (double t : {0.0, 5.0, 10.0, 12.0}) {
            const double spectrogramX =
                window.spectrogramView()->mapTo(&window, QPointF(window.spectrogramView()->xForSeconds(t), 0)).x();
            const double timelineX = window.aiTimeline()->mapTo(&window, QPointF(window.aiTimeline()->xForSeconds(t), 0)).x();
            QVERIFY2(std::abs(spectrogramX - timelineX) <= 2.0,
                     qPrintable(QStringLiteral("%1 s: spectrogram x %2, strip x %3").arg(t).arg(spectrogramX).arg(timelineX)));
        }
        QCOMPARE(window.aiTimeline()->spanText(), QStringLiteral("0–12 s"));
    }

    void germanTranslationIsLoaded() {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), "humanear", "_", ":/i18n"));
        QApplication::installTranslator(&translator);
        humanear::Engine engine;
        MainWindow window(engine);
        auto* view = window.queueView();
        QCOMPARE(view->model()->headerData(QueueModel::Duration, Qt::Horizontal).toString(), QStringLiteral("Dauer"));
        QCOMPARE(view->model()->headerData(QueueModel::VerdictColumn, Qt::Horizontal).toString(), QStringLiteral("Urteil"));
        bool hintTranslated = false;
        for (auto* label : window.findChildren<QLabel*>()) hintTranslated |= label->text().contains("ziehen");
        QVERIFY(hintTranslated);
        QCOMPARE(window.gauge()->headline(), QStringLiteral("Kein Titel ausgewählt"));
        // The embedders' labels come from the engine's list and are translated too.
        SettingsDialog dialog(AppSettings{}, false);
        QComboBox* embedders = nullptr;
        for (auto* box : dialog.findChildren<QComboBox*>())
            if (box->findData(QString::fromLatin1(humanear::kDefaultEmbedder)) >= 0) embedders = box;
        QVERIFY(embedders);
        QCOMPARE(embedders->count(), int(humanear::availableEmbedders().size()));
        QCOMPARE(embedders->itemText(0), QStringLiteral("Audio-Deskriptoren (eingebaut)"));
        // What the engine could not do is said by code, in German, whatever its English details say.
        const std::vector<humanear::Notice> notices{{humanear::NoticeCode::NoLibrary, "No recommendations: ..."}};
        QVERIFY2(noticetext::summary(notices).startsWith(QStringLiteral("Keine Empfehlungen")),
                 qPrintable(noticetext::summary(notices)));
        QCOMPARE(noticetext::errorSummary(humanear::ErrorCode::NotAudio), QStringLiteral("Keine Audiodatei"));
        QApplication::removeTranslator(&translator);
    }

    // A locale without a catalogue of its own (C, French) gets the English one, so its
    // plurals read "1 track", not "1 track(s)"; German gets German.
    void localesWithoutACatalogueGetEnglish() {
        const struct {
            QLocale locale;
            const char* language;
            const char* library;
        } cases[] = {{QLocale::c(), "en", "Library: 1 track"},
                     {QLocale(QLocale::French), "en", "Library: 1 track"},
                     {QLocale(QLocale::German), "de", "Bibliothek: 1 Titel"}};
        for (const auto& c : cases) {
            QTranslator translator;
            QCOMPARE(apptranslator::load(translator, c.locale), QString::fromLatin1(c.language));
            QApplication::installTranslator(&translator);
            QCOMPARE(MainWindow::tr("Library: %n track(s)", nullptr, 1), QString::fromUtf8(c.library));
            QApplication::removeTranslator(&translator);
        }
    }

    // English ships only its plural forms: "1 file", not "1 file(s)".
    void englishPluralsAreLoaded() {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::English), "humanear", "_", ":/i18n"));
        QApplication::installTranslator(&translator);
        QCOMPARE(MainWindow::tr("Done — %n file(s) could not be analysed", nullptr, 1),
                 QStringLiteral("Done — 1 file could not be analysed"));
        QCOMPARE(MainWindow::tr("Done — %n file(s) could not be analysed", nullptr, 3),
                 QStringLiteral("Done — 3 files could not be analysed"));
        QCOMPARE(MainWindow::tr("Library: %n track(s)", nullptr, 1), QStringLiteral("Library: 1 track"));
        QCOMPARE(MainWindow::tr("Done"), QStringLiteral("Done"));  // everything else as written
        QApplication::removeTranslator(&translator);
    }
};

int main(int argc, char** argv) {
    Q_INIT_RESOURCE(humanear);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HumanEarTest"));
    QApplication::setApplicationName(QStringLiteral("test_main_window"));
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
