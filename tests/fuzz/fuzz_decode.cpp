// libFuzzer target over what every analysed file goes through: the engine's file
// checks, libsndfile/FFmpeg opening, probe(), span decoding with mono mixing and
// soxr resampling to 16 kHz, and the detector's log-mel front end.
//
// The decoders read from a path, so each input is written to a temporary file. The
// input's last byte picks the file name's extension (FFmpeg's probing weighs it, and
// users name random bytes ".mp3"); every other byte is the file.
#include "audio/decoder.h"
#include "dsp/frontends.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const char* const kExtensions[] = {"", ".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a", ".aiff"};
constexpr size_t kExtensionCount = sizeof(kExtensions) / sizeof(kExtensions[0]);

std::string scratchPath(size_t extension) {
    const char* dir = std::getenv("HUMANEAR_FUZZ_TMPDIR");
    std::string base = dir && *dir ? dir : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    return base + "/humanear-fuzz-" + std::to_string(getpid()) + kExtensions[extension];
}

bool writeFile(const std::string& path, const uint8_t* data, size_t size) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
    return std::fclose(f) == 0 && ok;
}

void checkFinite(const humanear::dsp::Matrix& m) {
    for (float v : m.data)
        if (!std::isfinite(v)) std::abort();  // the network must never see NaN or infinity
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace humanear;
    static const dsp::DetectorFrontEnd frontEnd;
    size_t extension = 0;
    if (size > 0) {
        extension = data[size - 1] % kExtensionCount;
        --size;
    }
    const std::string path = scratchPath(extension);
    if (!writeFile(path, data, size)) std::abort();

    // What Engine::analyzeFile does: probe, the 30 s view window plus the detector's
    // windows, one decode, the front end on each clip.
    auto info = audio::probe(path);
    if (info) {
        if (info->sampleRate <= 0 || info->channels <= 0 || info->frames <= 0 || !std::isfinite(info->durationSeconds))
            std::abort();  // probe() promised a usable stream
        std::vector<audio::Span> spans{audio::Span{0.0, 30.0}};
        for (const auto& s : audio::evenlySpreadSpans(info->durationSeconds, 5.0, 4)) spans.push_back(s);
        audio::DecodeStats stats;
        auto clips = audio::decodeSpans(path, dsp::DetectorFrontEnd::kSampleRate, spans, {}, &stats);
        if (clips) {
            if (clips->size() != spans.size()) std::abort();
            for (const auto& clip : *clips) {
                for (float v : clip.samples)
                    if (!std::isfinite(v)) std::abort();  // decodeSpans replaces NaN/Inf by 0
                if (clip.samples.empty() || audio::isSilent(clip.samples)) continue;
                checkFinite(frontEnd.standardised(clip.samples.data(), clip.samples.size()));
            }
        }
    }
    std::remove(path.c_str());
    return 0;
}
