#pragma once
// What the GUI says when an analysis could not do something (a notice) or a file
// could not be analysed (an error): a sentence in the user's language chosen by the
// code, then the engine's English details (file names, the fix) where they help.
#include "humanear/analysis.h"
#include "humanear/result.h"

#include <QString>

namespace noticetext {

QString summary(const humanear::Notice& notice);                 // one translated sentence
QString summary(const std::vector<humanear::Notice>& notices);   // each, one after another
// The summaries, then the English details on lines of their own (tooltips).
QString detailed(const std::vector<humanear::Notice>& notices);

QString errorSummary(humanear::ErrorCode code);  // "Not an audio file", ...
// The translated kind of error, then the engine's message naming the file.
QString detailedError(const humanear::Error& error);

}  // namespace noticetext
