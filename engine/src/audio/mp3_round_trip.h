#pragma once
// What a stretch of audio sounds like after an MP3 encode at a fixed bit rate and a
// decode. A detector member whose manifest sets mp3_copy_kbps judges such copies of
// its 16 kHz mono windows, the copies its training saw (models::mp3CopiesOf); no
// shipped member does (docs/detector.md, "Stop 30": a copy of the whole file at its
// stored rate and channels read the stored format).
//
// Streaming, on the input's own sample grid: the frames that come out line up with
// the frames that went in (libavcodec drops the codec's delay) and, once finished,
// there are as many. LAME through libavcodec with ffmpeg's defaults, so a copy made
// here and `ffmpeg -i in -c:a libmp3lame -b:a 64k out.mp3` are the same encode. Only
// what MP3 itself carries: its rates (8-48 kHz) and one or two channels.
#include "humanear/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace humanear::audio {

class Mp3RoundTrip {
public:
    // `name` (the file's) appears in error messages. `quality`: LAME's 0 (best,
    // slowest) to 9, as ffmpeg's -compression_level; -1 keeps LAME's default (the
    // ffmpeg tool's when none is given).
    static Result<std::unique_ptr<Mp3RoundTrip>> create(int sampleRate, int channels, int bitrateKbps,
                                                        const std::string& name, int quality = -1);
    ~Mp3RoundTrip();
    Mp3RoundTrip(const Mp3RoundTrip&) = delete;
    Mp3RoundTrip& operator=(const Mp3RoundTrip&) = delete;

    int channels() const;
    // Feeds interleaved frames (the input's channels); appends the coded frames that
    // are ready (interleaved, channels()) to `out`.
    Status push(const float* interleaved, int64_t frames, std::vector<float>& out);
    // Ends the stream and appends the rest: in total as many frames as were pushed.
    Status finish(std::vector<float>& out);

    struct Impl;

private:
    explicit Mp3RoundTrip(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::audio
