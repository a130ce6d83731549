#pragma once
#include "audio/decoder.h"

namespace humanear::audio {
// FFmpeg (libavformat/libavcodec/libswresample): AAC, ALAC and anything libsndfile
// refuses. Delivers interleaved float at the stream's own rate and channel count;
// seeks by timestamp and drops the samples before the target, so positions are exact.
Result<std::unique_ptr<AudioSource>> openWithFfmpeg(const std::string& path);
// FFmpeg prints warnings about damaged input to stderr; HumanEar reports problems as
// values. Every user of libav* calls this first (once per process takes effect).
void silenceFfmpegLogging();
}
