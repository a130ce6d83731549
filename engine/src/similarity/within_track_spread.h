#pragma once
// How a track's descriptors vary from one of its windows to the next, pooled over
// the tracks a library has analysed: the within-track scatter matrix
//   S = sum over tracks, sum over windows w of (w - track mean)(w - track mean)^T.
//
// Directions in which a single track already wanders a lot (a melody moving
// through keys, a drum fill) say little about which production, album or
// soundtrack a track belongs to; directions that stay put within a track (the
// stereo image, the mix's spectral balance) say much. Whitening the library's
// z-scored descriptors by S (within-class covariance normalisation, with tracks
// as the classes) weighs them accordingly. It uses no labels: only the fact that
// windows of one track belong together. On data/human-debian it raised
// same-soundtrack precision@10 from 0.686 to 0.74 (docs/recommendations.md, "Whitening by the within-track spread").
#include "humanear/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace humanear::models {

class WithinTrackSpread {
public:
    explicit WithinTrackSpread(int dimension = 0);

    // One track's window descriptors (each `dimension` long). Tracks with fewer
    // than two usable windows carry no spread and are skipped.
    void addTrack(const std::vector<std::vector<float>>& windows);

    int dimension() const { return dimension_; }
    int64_t tracks() const { return tracks_; }
    // Windows counted, less one per track: the degrees of freedom of the scatter.
    int64_t degreesOfFreedom() const { return degreesOfFreedom_; }
    // dimension x dimension, row-major.
    const std::vector<double>& scatter() const { return scatter_; }

    // Little-endian: "HEWS", uint32 format version, uint32 dimension, int64 tracks,
    // int64 degrees of freedom, then the upper triangle as float64.
    std::string toBytes() const;
    static Result<WithinTrackSpread> fromBytes(const std::string& bytes);

private:
    int dimension_ = 0;
    int64_t tracks_ = 0;
    int64_t degreesOfFreedom_ = 0;
    std::vector<double> scatter_;
};

// V diag(1/sqrt(lambda)) V^T of a symmetric positive definite n x n matrix
// (row-major), by cyclic Jacobi rotations. Eigenvalues below `floor` count as
// `floor`.
std::vector<double> inverseSquareRoot(const std::vector<double>& symmetric, int n, double floor);

}  // namespace humanear::models
