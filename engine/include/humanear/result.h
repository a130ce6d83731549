#pragma once
// Errors cross the engine boundary as values, never as exceptions.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace humanear {

enum class ErrorCode {
    Ok = 0,
    FileNotFound,
    PermissionDenied,
    NotAudio,         // the bytes are not a format any decoder understands
    Truncated,        // the header promises more data than the file holds
    Empty,            // zero bytes or zero samples
    TooShort,         // shorter than one analysis window
    Silent,           // decodes fine but there is nothing to analyse
    BadParameters,    // absurd sample rate, channel count or duration
    DecodeFailed,     // a decoder error in the middle of the stream
    ModelMissing,
    ModelCorrupt,     // a model's weights or manifest are damaged or do not match
    DataCorrupt,      // a library file (catalog, index, centroids, normaliser) is damaged
    Cancelled,
    InvalidArgument,
    IoError,
    Internal,
};

const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;  // complete sentence for a listener; names the file when there is one
};

// The absence of an error: used by operations that return nothing.
class Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}
    static Status ok() { return {}; }
    bool isOk() const { return !error_.has_value(); }
    explicit operator bool() const { return isOk(); }
    const Error& error() const { return *error_; }
    ErrorCode code() const { return error_ ? error_->code : ErrorCode::Ok; }
    const std::string& message() const {
        static const std::string empty;
        return error_ ? error_->message : empty;
    }

private:
    std::optional<Error> error_;
};

template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}
    Result(Status status) : state_(status.error()) {}  // only from a failed Status

    bool isOk() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return isOk(); }
    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const Error& error() const { return std::get<Error>(state_); }
    Status status() const { return isOk() ? Status() : Status(error()); }

private:
    std::variant<T, Error> state_;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace humanear
