#include "detector/detector_windows.h"

#include "dsp/decibels.h"
#include "dsp/frontends.h"
#include "dsp/fullband_front_end.h"
#include "dsp/mel.h"

#include <algorithm>
#include <cmath>

namespace humanear::models {

namespace {
size_t samplesPerWindow(const DetectorConfig& config) {
    return static_cast<size_t>(config.windowSeconds * config.sampleRate + 0.5);
}
// First band whose upper edge (Slaney scale, 0-8 kHz, as the front end) lies above limitHz.
int firstBandAbove(double limitHz) {
    using dsp::DetectorFrontEnd;
    const double top = dsp::hzToMel(DetectorFrontEnd::kSampleRate / 2.0, dsp::MelScale::Slaney);
    for (int band = 0; band < DetectorFrontEnd::kBands; ++band) {
        const double upperMel = top * double(band + 2) / double(DetectorFrontEnd::kBands + 1);
        if (dsp::melToHz(upperMel, dsp::MelScale::Slaney) > limitHz) return band;
    }
    return DetectorFrontEnd::kBands;
}

}  // namespace

int detectorFramesPerWindow(const DetectorConfig& config) {
    if (config.isFullband()) return dsp::FullbandFrontEnd::binCount();
    return static_cast<int>(1 + samplesPerWindow(config) / dsp::DetectorFrontEnd::kHop);
}

std::vector<audio::Span> detectorSpans(double durationSeconds, const DetectorConfig& config) {
    if (config.windowsPerTrack <= 1) return {audio::Span{0.0, config.windowSeconds}};
    return audio::evenlySpreadSpans(durationSeconds, config.windowSeconds, config.windowsPerTrack);
}

bool detectorTilesTrack(const DetectorConfig& config) { return config.windowsPerTrack > 1 && config.tilesTrack; }

std::vector<audio::Span> detectorAnalysisSpans(double durationSeconds, const DetectorConfig& config) {
    if (!detectorTilesTrack(config)) return detectorSpans(durationSeconds, config);
    auto tiles = audio::tilingSpans(durationSeconds, config.windowSeconds, kMaxAnalysisWindows);
    const int least = std::min(config.minAnalysisWindows, kMaxAnalysisWindows);
    if (int(tiles.size()) >= least || durationSeconds <= config.windowSeconds) return tiles;
    // `least` windows from the start to the end, overlapping: more views of a short track.
    std::vector<audio::Span> spread;
    const double step = (durationSeconds - config.windowSeconds) / (least - 1);
    for (int i = 0; i < least; ++i) spread.push_back(audio::Span{i * step, config.windowSeconds});
    spread.back().startSeconds = durationSeconds - config.windowSeconds;  // exactly at the end despite rounding
    return spread;
}

std::vector<dsp::Matrix> detectorWindowsFromClips(const std::vector<audio::MonoClip>& clips,
                                                  const DetectorConfig& config) {
    static const dsp::DetectorFrontEnd frontEnd;
    const size_t length = samplesPerWindow(config);
    std::vector<dsp::Matrix> windows;
    if (config.isFullband()) {
        // A stretch is its long-term spectrum: a short last stretch is averaged over
        // what it has rather than diluted with silence.
        static const dsp::FullbandFrontEnd fullband;
        for (const auto& clip : clips) {
            if (clip.samples.empty()) continue;
            dsp::Matrix m;
            m.rows = 1;
            m.data = fullband.features(clip.samples.data(), std::min(length, clip.samples.size()));
            m.cols = int(m.data.size());
            windows.push_back(std::move(m));
        }
        return windows;
    }
    std::vector<float> padded(length);
    for (const auto& clip : clips) {
        if (clip.samples.empty()) continue;
        // Fixed-size input: short clips are padded with silence, as the prototype did.
        std::fill(padded.begin(), padded.end(), 0.f);
        std::copy_n(clip.samples.begin(), std::min(length, clip.samples.size()), padded.begin());
        if (config.bandLimitHz <= 0) {
            windows.push_back(frontEnd.standardised(padded.data(), padded.size()));
            continue;
        }
        dsp::Matrix m = frontEnd.logMelDb(padded.data(), padded.size());
        const int from = firstBandAbove(config.bandLimitHz);
        for (int band = from; band < m.rows; ++band)
            std::fill_n(m.data.begin() + long(band) * m.cols, m.cols, -80.f);
        dsp::standardise(m);
        windows.push_back(std::move(m));
    }
    return windows;
}

Result<std::vector<dsp::Matrix>> detectorWindows(const std::string& path, const DetectorConfig& config,
                                                 const CancelToken& cancel) {
    auto info = audio::probe(path);
    if (!info) return info.error();
    auto clips = audio::decodeSpans(path, config.sampleRate,
                                    detectorSpans(info->durationSeconds, config), cancel);
    if (!clips) return clips.error();
    return detectorWindowsFromClips(*clips, config);
}

}  // namespace humanear::models
