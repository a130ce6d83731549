#pragma once
// Which of HumanEar's catalogues (embedded under :/i18n) the app runs with.
#include <QLocale>
#include <QString>
#include <QTranslator>

namespace apptranslator {

// Loads the catalogue for `locale` into `translator`, or the English one when the
// locale has none (C, French, ...): the source text is English, but only the English
// catalogue holds the plural forms ("1 track", "2 tracks" rather than "track(s)").
// Returns the catalogue's language ("de", "en"), empty when none could be loaded.
QString load(QTranslator& translator, const QLocale& locale);

}  // namespace apptranslator
