#pragma once
// The SHA-256 of a file, in lowercase hex: the identity of model weights (their
// manifest names it) and of library tracks (the same song at two paths is one track).
#include "humanear/result.h"

#include <string>

namespace humanear::io {

// IoError naming the file when it cannot be read.
Result<std::string> sha256OfFile(const std::string& path);

}  // namespace humanear::io
