#pragma once
#include "audio/decoder.h"

namespace humanear::audio {
// FFmpeg (libavformat/libavcodec/libswresample): AAC, ALAC and anything libsndfile refuses.
Result<std::unique_ptr<AudioSource>> openWithFfmpeg(const std::string& path);
}
