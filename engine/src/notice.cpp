#include "humanear/analysis.h"

namespace humanear {

namespace {
constexpr NoticeCode kCodes[] = {NoticeCode::NoDetector,   NoticeCode::DetectorFailed, NoticeCode::NoSaliency,
                                 NoticeCode::NoLibrary,    NoticeCode::LibraryEmpty,   NoticeCode::RecommendationsFailed,
                                 NoticeCode::Other};
}  // namespace

const char* noticeCodeName(NoticeCode code) {
    switch (code) {
    case NoticeCode::NoDetector: return "no_detector";
    case NoticeCode::DetectorFailed: return "detector_failed";
    case NoticeCode::NoSaliency: return "no_saliency";
    case NoticeCode::NoLibrary: return "no_library";
    case NoticeCode::LibraryEmpty: return "library_empty";
    case NoticeCode::RecommendationsFailed: return "recommendations_failed";
    case NoticeCode::Other: return "other";
    }
    return "other";
}

NoticeCode noticeCodeFromName(const std::string& name) {
    for (NoticeCode code : kCodes)
        if (name == noticeCodeName(code)) return code;
    return NoticeCode::Other;
}

std::string TrackAnalysis::noteText() const {
    std::string text;
    for (const auto& notice : notices) text += (text.empty() ? "" : " ") + notice.details;
    return text;
}

}  // namespace humanear
