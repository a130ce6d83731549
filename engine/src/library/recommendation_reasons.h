#pragma once
// Why a recommendation is like its query (issue 16), derived from what the
// descriptor embedder measured, never invented: each aspect below is a set of
// the embedder's feature groups (similarity/descriptor_embedder.h), compared on the
// library's z-scores (the normaliser's mean and std, so every dimension counts
// on one scale):
//   timbre           groups "timbre" (MFCC) and "contrast" (spectral contrast)
//   brightness       group "shape" (spectral centroid, rolloff, flatness)
//   harmony          group "harmony" (chroma)
//   rhythm           group "rhythm" (tempo bands, onset rate, envelope)
//   loudness         group "loudness"
//   timbre-movement  group "dynamics" (how fast the timbre changes)
//   stereo           groups "stereo" and "stereo-motion" (side/mid per band)
//   musicnn          group "musicnn" (musicnn's learned style description)
// An aspect is named when the pair's RMS z-score difference over its
// dimensions is below that aspect's 25th percentile over random pairs of
// library tracks, i.e. closer than 3 pairs in 4. At most three reasons come
// from here (so a list line stays short): "tempo" first when it applies, then
// the most clearly close aspects (lowest distance / percentile). "tempo" is named
// when the two tracks' tempo (the rhythm group's tempo value, log2(BPM / 120)
// averaged over the track's windows) is within 6 %.
// Without aspects (OpenL3, or a library of fewer than kMinTracks) or with none
// close, the reason is "overall".
#include <cstddef>
#include <string>
#include <vector>

namespace humanear::library {

class ReasonModel {
public:
    static constexpr int kMinTracks = 8;
    static constexpr int kMaxReasons = 3;
    static constexpr double kTempoTolerance = 0.06;

    // raw: the library's raw descriptor vectors (other sizes are skipped);
    // mean/stddev: the normaliser's statistics. An empty model when the sizes do
    // not match the descriptor layout or there are fewer than kMinTracks vectors.
    static ReasonModel fit(const std::vector<const std::vector<float>*>& raw, const std::vector<float>& mean,
                           const std::vector<float>& stddev);

    bool empty() const { return aspects_.empty(); }
    // Reason keys for a pair of raw vectors, after any the caller adds first
    // ("same-genre"): "tempo", then aspects, kMaxReasons in all; "overall" when
    // there is nothing else to say.
    std::vector<std::string> reasons(const std::vector<float>& queryRaw, const std::vector<float>& trackRaw) const;

    struct Aspect {
        std::string key;
        std::vector<std::pair<int, int>> ranges;  // offset, size in the raw vector
        double similarBelow = 0;                  // 25th percentile of library pair distances
    };
    const std::vector<Aspect>& aspects() const { return aspects_; }
    // Distance of a pair in one aspect: RMS of z-score differences.
    double distance(const Aspect& aspect, const std::vector<float>& a, const std::vector<float>& b) const;

private:
    std::vector<Aspect> aspects_;
    std::vector<float> mean_, stddev_;
};

// recommendationReasonText's table, for tests.
const std::vector<std::pair<std::string, std::string>>& reasonTexts();

}  // namespace humanear::library
