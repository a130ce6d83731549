// What a decoder would return for spans of an in-memory track: lets a detector test
// feed a member its windows without writing and decoding a file.
#pragma once

#include "audio/decoder.h"  // engine-private: only tests that link the engine include this

#include <algorithm>
#include <vector>

namespace testdata {

inline std::vector<humanear::audio::MonoClip> clipsFor(const std::vector<float>& track, int sampleRate,
                                             const std::vector<humanear::audio::Span>& spans) {
    std::vector<humanear::audio::MonoClip> clips;
    for (const auto& span : spans) {
        humanear::audio::MonoClip clip;
        clip.sampleRate = sampleRate;
        clip.startSeconds = span.startSeconds;
        const size_t from = std::min(track.size(), size_t(span.startSeconds * sampleRate));
        const size_t to = std::min(track.size(), size_t((span.startSeconds + span.lengthSeconds) * sampleRate));
        clip.samples.assign(track.begin() + long(from), track.begin() + long(to));
        clips.push_back(std::move(clip));
    }
    return clips;
}

}  // namespace testdata
