// humanear: the desktop application.
#include "main_window.h"

#include "humanear/engine.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("HumanEar"));
    QApplication::setOrganizationName(QStringLiteral("HumanEar"));
    QApplication::setApplicationVersion(QStringLiteral(HUMANEAR_VERSION));
    humanear::Engine engine;
    MainWindow window(engine);
    window.show();
    const QStringList files = app.arguments().mid(1);
    if (!files.isEmpty()) window.analyzePaths(files);
    return app.exec();
}
