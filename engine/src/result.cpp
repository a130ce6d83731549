#include "humanear/result.h"

namespace humanear {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Ok: return "ok";
    case ErrorCode::FileNotFound: return "file_not_found";
    case ErrorCode::PermissionDenied: return "permission_denied";
    case ErrorCode::NotAudio: return "not_audio";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Empty: return "empty";
    case ErrorCode::TooShort: return "too_short";
    case ErrorCode::Silent: return "silent";
    case ErrorCode::BadParameters: return "bad_parameters";
    case ErrorCode::DecodeFailed: return "decode_failed";
    case ErrorCode::ModelMissing: return "model_missing";
    case ErrorCode::ModelCorrupt: return "model_corrupt";
    case ErrorCode::DataCorrupt: return "data_corrupt";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::IoError: return "io_error";
    case ErrorCode::Internal: return "internal";
    }
    return "unknown";
}

}  // namespace humanear
