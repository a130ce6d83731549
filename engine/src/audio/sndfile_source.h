#pragma once
#include "audio/decoder.h"

namespace humanear::audio {
// nullptr-free: an error when libsndfile does not recognise the file.
Result<std::unique_ptr<AudioSource>> openWithSndfile(const std::string& path);
}
