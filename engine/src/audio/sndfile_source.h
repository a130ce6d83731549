#pragma once
#include "audio/decoder.h"

namespace humanear::audio {
// libsndfile: WAV, AIFF, FLAC, Ogg Vorbis/Opus, MP3 and more. NotAudio when it does
// not recognise the file; Truncated when a WAV/AIFF header promises far more than the
// file holds. Opens through a lock (see the .cpp); reads need none.
Result<std::unique_ptr<AudioSource>> openWithSndfile(const std::string& path);
}
