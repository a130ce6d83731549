#include "app_translator.h"

namespace apptranslator {

QString load(QTranslator& translator, const QLocale& locale) {
    const QString name = QStringLiteral("humanear"), prefix = QStringLiteral("_"), folder = QStringLiteral(":/i18n");
    if (translator.load(locale, name, prefix, folder) ||
        translator.load(QLocale(QLocale::English), name, prefix, folder))
        return translator.language().section(QLatin1Char('_'), 0, 0);
    return {};
}

}  // namespace apptranslator
