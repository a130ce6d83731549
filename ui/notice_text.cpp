#include "notice_text.h"

#include <QCoreApplication>
#include <QStringList>

namespace noticetext {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("Notices", text); }
}  // namespace

QString summary(const humanear::Notice& notice) {
    using humanear::NoticeCode;
    switch (notice.code) {
    case NoticeCode::NoDetector: return tr("No detector is installed, or its files are damaged: this track has no verdict.");
    case NoticeCode::DetectorFailed: return tr("The detector could not judge this track.");
    case NoticeCode::NoSaliency: return tr("There is no map of where the detector listened.");
    case NoticeCode::NoLibrary:
        return tr("No recommendations: there is no music library yet. Add a folder of your music in the Library window.");
    case NoticeCode::LibraryEmpty:
        return tr("No recommendations: the music library holds no tracks for the chosen embedder. Add a folder of "
                  "your music, or rescan the library.");
    case NoticeCode::RecommendationsFailed: return tr("No recommendations: the music library could not be searched.");
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
    case ErrorCode::FileNotFound: return tr("The file is not there");
    case ErrorCode::PermissionDenied: return tr("The file may not be read");
    case ErrorCode::NotAudio: return tr("Not an audio file");
    case ErrorCode::Truncated: return tr("The file is cut short");
    case ErrorCode::Empty: return tr("The file is empty");
    case ErrorCode::TooShort: return tr("Too short to judge");
    case ErrorCode::Silent: return tr("Silent");
    case ErrorCode::BadParameters: return tr("Impossible audio parameters");
    case ErrorCode::DecodeFailed: return tr("The audio is damaged");
    case ErrorCode::ModelMissing: return tr("A model is missing");
    case ErrorCode::ModelCorrupt: return tr("A model is damaged");
    case ErrorCode::DataCorrupt: return tr("A library file is damaged");
    case ErrorCode::Cancelled: return tr("Cancelled");
    case ErrorCode::InvalidArgument: return tr("Invalid request");
    case ErrorCode::IoError: return tr("Read or write error");
    case ErrorCode::Internal:
    case ErrorCode::Ok: break;
    }
    return tr("Could not be analysed");
}

QString detailedError(const humanear::Error& error) {
    return errorSummary(error.code) + QLatin1Char('\n') + QString::fromStdString(error.message);
}

}  // namespace noticetext
