#include "notice_text.h"

#include <QCoreApplication>
#include <QStringList>

namespace {
// The catalogue's context is "Notices". Declared as a class outside the namespace so
// that lupdate files these strings under the same context the code looks them up in;
// a free tr() helper inside noticetext made lupdate file them under "noticetext",
// where the running app would never find them (ctest translations_in_step checks).
class Notices {
    Q_DECLARE_TR_FUNCTIONS(Notices)
};
}  // namespace

namespace noticetext {

QString summary(const humanear::Notice& notice) {
    using humanear::NoticeCode;
    switch (notice.code) {
    case NoticeCode::NoDetector: return Notices::tr("No detector is installed, or its files are damaged: this track has no verdict.");
    case NoticeCode::DetectorFailed: return Notices::tr("The detector could not judge this track.");
    case NoticeCode::NoSaliency: return Notices::tr("There is no map of where the detector listened.");
    case NoticeCode::NoLibrary:
        return Notices::tr("No recommendations: there is no music library yet. Add a folder of your music in the Library window.");
    case NoticeCode::LibraryEmpty:
        return Notices::tr("No recommendations: the music library holds no tracks for the chosen embedder. Add a folder of "
                           "your music, or rescan the library.");
    case NoticeCode::RecommendationsFailed: return Notices::tr("No recommendations: the music library could not be searched.");
    case NoticeCode::Other: break;
    }
    return QString::fromStdString(notice.details);  // saved before notices had codes: English as it was
}

QString summary(const std::vector<humanear::Notice>& notices) {
    QStringList parts;
    for (const auto& n : notices) parts << summary(n);
    return parts.join(QLatin1Char(' '));
}

QString detailed(const std::vector<humanear::Notice>& notices) {
    QStringList lines;
    for (const auto& n : notices) lines << summary(n);
    for (const auto& n : notices)
        if (n.code != humanear::NoticeCode::Other && !n.details.empty()) lines << QString::fromStdString(n.details);
    return lines.join(QLatin1Char('\n'));
}

QString errorSummary(humanear::ErrorCode code) {
    using humanear::ErrorCode;
    switch (code) {
    case ErrorCode::FileNotFound: return Notices::tr("The file is not there");
    case ErrorCode::PermissionDenied: return Notices::tr("The file may not be read");
    case ErrorCode::NotAudio: return Notices::tr("Not an audio file");
    case ErrorCode::Truncated: return Notices::tr("The file is cut short");
    case ErrorCode::Empty: return Notices::tr("The file is empty");
    case ErrorCode::TooShort: return Notices::tr("Too short to judge");
    case ErrorCode::Silent: return Notices::tr("Silent");
    case ErrorCode::BadParameters: return Notices::tr("Impossible audio parameters");
    case ErrorCode::DecodeFailed: return Notices::tr("The audio is damaged");
    case ErrorCode::ModelMissing: return Notices::tr("A model is missing");
    case ErrorCode::ModelCorrupt: return Notices::tr("A model is damaged");
    case ErrorCode::DataCorrupt: return Notices::tr("A library file is damaged");
    case ErrorCode::Cancelled: return Notices::tr("Cancelled");
    case ErrorCode::InvalidArgument: return Notices::tr("Invalid request");
    case ErrorCode::IoError: return Notices::tr("Read or write error");
    case ErrorCode::Internal:
    case ErrorCode::Ok: break;
    }
    return Notices::tr("Could not be analysed");
}

QString detailedError(const humanear::Error& error) {
    return errorSummary(error.code) + QLatin1Char('\n') + QString::fromStdString(error.message);
}

}  // namespace noticetext
