// humanear: the desktop application.
#include "main_window.h"

#include "humanear/engine.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char** argv) {
    // Resources live in the static ui library; referencing them keeps the linker from dropping them.
    Q_INIT_RESOURCE(humanear);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("HumanEar"));
    QApplication::setOrganizationName(QStringLiteral("HumanEar"));
    QApplication::setApplicationVersion(QStringLiteral(HUMANEAR_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/humanear/humanear.svg")));

    // HUMANEAR_LANG (e.g. "de") overrides the system language.
    const QString language = qEnvironmentVariable("HUMANEAR_LANG");
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QTranslator appTranslator, qtTranslator;
    if (appTranslator.load(locale, QStringLiteral("humanear"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    humanear::Engine engine;
    MainWindow window(engine);
    window.show();
    const QStringList files = app.arguments().mid(1);
    if (!files.isEmpty()) window.analyzePaths(files);
    return app.exec();
}
