#pragma once
// The default music-similarity embedder: hand-made audio descriptors (timbre,
// spectral shape, harmony, rhythm, loudness, stereo image) from the engine's own
// DSP, plus musicnn's learned description (weights shipped in models/), so that
// recommendations work with nothing downloaded. Descriptors are only comparable
// after a Normaliser fitted on the library has put every dimension on one scale.
#include "humanear/cancel.h"
#include "humanear/result.h"
#include "similarity/within_track_spread.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::audio {
struct DecodedSpans;
struct DecodeRequest;
}
namespace humanear::runtime {
class WorkerPool;
}

namespace humanear::models {

struct DescriptorEmbedderInfo {
    static constexpr const char* kId = "descriptors";
    // 3: same descriptors as 2, but indexing now also records how each track's
    // windows spread, which the library's normaliser whitens by: tracks indexed by
    // version 2 must be described again to contribute.
    // 4: adds a "musicnn" group, the penultimate layer of musicnn's MSD tagger
    // (models/musicnn-msd.h5) for the centre 3 s of each window.
    static constexpr const char* kVersion = "4";
    // The same layout without running musicnn (its group stays zero): about half the
    // CPU per track, version 3's precision. For big libraries on slow machines.
    static constexpr const char* kFastId = "descriptors-fast";
};

class DescriptorEmbedder {
public:
    static constexpr int kSampleRate = 22050;
    static constexpr int kWindows = 12;
    static constexpr double kWindowSeconds = 10.0;
    // The unit of work other threads may take from one track's description: small
    // enough that a thread turning idle late still takes a share, large enough that
    // musicnn batches a few patches.
    static constexpr size_t kWindowsPerChunk = 2;

    // A run of dimensions that describe one aspect of the sound.
    struct Group {
        const char* name;
        int offset;
        int size;
    };
    static const std::vector<Group>& groups();
    // Inside the "rhythm" group: 8 tempo bands, then the tempo itself as
    // log2(BPM / 120) (then its strength, onset rate, envelope mean and std).
    static constexpr int kTempoIndexInRhythm = 8;
    static int dimension();

    // Loads musicnn's weights from these model folders (empty or the default
    // constructor: ModelRegistry::defaultSearchDirs); status() says when they could
    // not be. withMusicnn false: musicnn is neither loaded nor run (its group stays
    // zero). `device` is where musicnn runs ("cpu", "cuda", "cuda:N").
    DescriptorEmbedder();
    explicit DescriptorEmbedder(const std::vector<std::string>& modelSearchDirs, bool withMusicnn = true,
                                const std::string& device = "cpu");
    ~DescriptorEmbedder();
    // ModelMissing or ModelCorrupt, naming the file, when musicnn's weights could not
    // be loaded; describe() then returns that error for every file.
    Status status() const;
    DescriptorEmbedder(const DescriptorEmbedder&) = delete;
    DescriptorEmbedder& operator=(const DescriptorEmbedder&) = delete;

    int rawDimension() const { return dimension(); }
    // Unnormalised descriptors of up to kWindows evenly spread windows, averaged.
    // Files with two or more channels are decoded as mid and side (first two
    // channels) for the stereo groups.
    // Silent files are an error (Silent). Thread-safe. With `helpers`, chunks of the
    // windows go to whoever in that pool has nothing else to do (same result).
    Result<std::vector<float>> rawDescriptors(const std::string& path, const CancelToken& cancel = {},
                                              runtime::WorkerPool* helpers = nullptr) const;
    // The same, with the descriptors of each window it averaged (in time order).
    struct Described {
        std::vector<float> raw;
        std::vector<std::vector<float>> windows;
    };
    Result<Described> describe(const std::string& path, const CancelToken& cancel = {},
                               runtime::WorkerPool* helpers = nullptr) const;
    // The audio describe() reads from a file of this length: kWindows evenly spread
    // windows at kSampleRate, as mid and side. An analysis that decodes the file
    // anyway adds this request to its own pass and calls describeDecoded.
    static audio::DecodeRequest audioRequest(double durationSeconds);
    // describe() from that request's decoded audio; `path` names the file in errors.
    Result<Described> describeDecoded(const std::string& path, audio::DecodedSpans audio, const CancelToken& cancel = {},
                                      runtime::WorkerPool* helpers = nullptr) const;
    // The same from mono samples at kSampleRate (one window per kWindowSeconds
    // slice, at most kWindows of them, spread evenly; the musicnn group stays zero
    // when status() is an error). `side`, when given, is the
    // (left - right) / 2 signal beside `mono` (then the mid signal); without it the
    // stereo groups describe a mono source.
    // Finite for any input, silence included.
    std::vector<float> rawDescriptorsOfSamples(const float* mono, size_t n, const float* side = nullptr) const;

    // Library statistics. The embedding is the z-scored raw vector, whitened by
    // the library's within-track spread when there is enough of it (see
    // similarity/within_track_spread.h), else with each dimension multiplied by its
    // group's weight; then L2-normalised.
    struct Normaliser {
        std::vector<float> mean, stddev, groupWeight;  // per dimension
        // dimension x dimension, row-major: (z-scored within-track covariance +
        // ridge)^(-1/2). Empty: the group weights apply instead.
        std::vector<float> projection;

        // Per-group importance multipliers, by Group order; empty means the default
        // (measured on the demo library: see tests/measure_descriptor_recs.cpp).
        // Each group is first scaled by 1/sqrt(size) so that it counts equally
        // whatever its number of dimensions, then by its importance.
        // With `spread` of at least kMinSpreadWindowsPerDimension x dimension degrees
        // of freedom, the whitening replaces the group weights.
        static Normaliser fit(const std::vector<std::vector<float>>& raw,
                              const std::vector<float>& groupImportance = {},
                              const WithinTrackSpread* spread = nullptr);
        static constexpr int kMinSpreadWindowsPerDimension = 2;
        // Ridge added to the within-track covariance, as a share of its mean variance.
        static constexpr double kSpreadRidge = 0.01;
        // Identity statistics: for a library too small to fit (fewer than 2 vectors).
        static Normaliser identity();
        static std::vector<float> defaultImportance();

        bool valid() const;
        // Unit-length embedding; a zero vector when raw has the wrong size.
        std::vector<float> apply(const std::vector<float>& raw) const;

        // Little-endian: "HEDN", uint32 format version (2), uint32 dimension, the
        // three float arrays, uint32 projection length (0 or dimension^2) and its
        // floats. Version 1 (no projection) is still read.
        std::string toBytes() const;
        static Result<Normaliser> fromBytes(const std::string& bytes);
    };

private:
    struct WindowsPart;
    // Windows [from, to) of decoded audio.
    Result<WindowsPart> describeClips(const audio::DecodedSpans& audio, size_t from, size_t to,
                                      const CancelToken& cancel) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::models
