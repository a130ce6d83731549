// humanear: the desktop application.
//   humanear [FILE|FOLDER...]                  opens the window and analyses them
//   humanear --screenshot OUT.png FILE...      analyses, selects the first, saves the window, exits
//   humanear --stall-benchmark FOLDER          analyses a folder and prints the longest GUI stall
#include "ai_gauge.h"
#include "analysis_controller.h"
#include "app_settings.h"
#include "app_translator.h"
#include "appearance.h"
#include "main_window.h"
#include "spectrogram_view.h"
#include "stall_monitor.h"

#include "humanear/engine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

namespace {
// Renders the whole window once the first track's picture is ready and the needle has settled.
int runScreenshot(QApplication& app, MainWindow& window, const QString& out, const QStringList& files) {
    window.resize(1440, 900);
    window.show();
    int rc = 1;
    auto save = [&] {
        const QPixmap shot = window.grab();
        rc = shot.save(out, "PNG") ? 0 : 1;
        std::fprintf(stderr, rc == 0 ? "wrote %s\n" : "could not write %s\n", qPrintable(out));
        app.quit();
    };
    QObject::connect(&window, &MainWindow::queueIdle, &window, [&] {
        window.selectRow(0);
        if (window.spectrogramView()->hasImage()) QTimer::singleShot(900, &window, save);
        else QObject::connect(window.spectrogramView(), &SpectrogramView::imageReady, &window,
                              [&] { QTimer::singleShot(900, &window, save); });
        QTimer::singleShot(15000, &window, save);  // a file without a picture still gets a screenshot
    });
    window.analyzePaths(files);
    app.exec();
    return rc;
}

int runStallBenchmark(QApplication& app, MainWindow& window, const QString& folder) {
    window.show();
    StallMonitor monitor(5);
    QElapsedTimer wall;
    int results = 0;
    // Show every result as it lands so the benchmark includes spectrogram and gauge work.
    QObject::connect(window.controller(), &AnalysisController::trackFinished, &window, [&](const AnalysisPtr& a) {
        ++results;
        window.selectRow(window.queueModel()->rowOf(QString::fromStdString(a->path)));
    });
    QObject::connect(&window, &MainWindow::queueIdle, &window, [&] {
        // Let the last spectrogram render and the needle animate before stopping the clock.
        QTimer::singleShot(1000, &window, [&] {
            monitor.stop();
            std::printf("stall-benchmark: %d files in %.1f s; longest GUI event-loop stall %.1f ms "
                        "(target < 50 ms; the GUI thread ran %.1f ms of it); longest GUI-thread work "
                        "between two ticks %.1f ms; %lld timer ticks\n",
                        results, wall.elapsed() / 1000.0, monitor.longestStallMs(), monitor.busyInLongestStallMs(),
                        monitor.longestBusyMs(), static_cast<long long>(monitor.ticks()));
            std::fflush(stdout);
            app.quit();
        });
    });
    if (MainWindow::expandPaths({folder}).isEmpty()) {
        std::fprintf(stderr, "stall-benchmark: no audio files in %s\n", qPrintable(folder));
        return 2;
    }
    // The window's first paint (fonts, style) happens before the clock starts:
    // the benchmark measures analysing, not starting up.
    QTimer::singleShot(300, &window, [&] {
        monitor.start();
        wall.start();
        window.analyzePaths({folder});
    });
    app.exec();
    return monitor.longestStallMs() < 50 ? 0 : 1;
}

// The command line, one definition for the window and for --help and --version.
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Analyse FILEs, render the window to OUT.png, exit."),
                                  QStringLiteral("OUT.png")};
    QCommandLineOption stall{QStringLiteral("stall-benchmark"),
                             QStringLiteral("Analyse FOLDER and print the longest GUI event-loop stall."), QStringLiteral("FOLDER")};
    CommandLine() {
        parser.setApplicationDescription(QStringLiteral("Tell AI-generated music apart and find human artists like it"));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(screenshot);
        parser.addOption(stall);
        parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files or folders to analyse."),
                                     QStringLiteral("[FILE...]"));
    }
};

void nameApplication() {
    QCoreApplication::setApplicationName(QStringLiteral("HumanEar"));
    QCoreApplication::setOrganizationName(QStringLiteral("HumanEar"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HUMANEAR_VERSION));
}

// --help and --version print and exit: they must work without a display (over ssh, in
// a terminal before a session starts), where QApplication would abort. --help-all
// still needs one: it lists the GUI's own options (-platform and the like).
bool onlyPrints(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--") return false;
        if (arg == "-h" || arg == "--help" || arg == "-v" || arg == "--version") return true;
    }
    return false;
}
}  // namespace

int main(int argc, char** argv) {
    if (onlyPrints(argc, argv)) {
        QCoreApplication core(argc, argv);
        nameApplication();
        CommandLine commandLine;
        commandLine.parser.process(core);  // prints and exits
        return 0;
    }
    // Resources live in the static ui library; referencing them keeps the linker from dropping them.
    Q_INIT_RESOURCE(humanear);
    QApplication app(argc, argv);
    nameApplication();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/humanear/humanear.svg")));

    CommandLine commandLine;
    QCommandLineParser& parser = commandLine.parser;
    const QCommandLineOption& screenshot = commandLine.screenshot;
    const QCommandLineOption& stall = commandLine.stall;
    parser.process(app);
    const bool scripted = parser.isSet(screenshot) || parser.isSet(stall);

    QSettings store;
    AppSettings settings = AppSettings::load(store);
    // HUMANEAR_LANG (e.g. "de") overrides the saved language, which overrides the system's.
    QString language = qEnvironmentVariable("HUMANEAR_LANG");
    if (language.isEmpty()) language = settings.language;
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QTranslator appTranslator, qtTranslator;
    if (!apptranslator::load(appTranslator, locale).isEmpty()) QApplication::installTranslator(&appTranslator);
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    appearance::captureSystemPalette();
    if (scripted) settings.appearance = qEnvironmentVariable("HUMANEAR_APPEARANCE", settings.appearance);
    appearance::apply(settings.appearance);

    humanear::Engine engine(settings.engineSettings());
    MainWindow::Options options;
    options.persistSession = !scripted;  // scripted runs neither read nor overwrite the user's session
    MainWindow window(engine, settings, options);
    if (parser.isSet(screenshot)) return runScreenshot(app, window, parser.value(screenshot), parser.positionalArguments());
    if (parser.isSet(stall)) return runStallBenchmark(app, window, parser.value(stall));
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.analyzePaths(parser.positionalArguments());
    return app.exec();
}
