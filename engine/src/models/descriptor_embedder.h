#pragma once
// The default music-similarity embedder: hand-made audio descriptors (timbre,
// spectral shape, harmony, rhythm, loudness) from the engine's own DSP, so that
// recommendations work with nothing downloaded. Descriptors are only comparable
// after a Normaliser fitted on the library has put every dimension on one scale.
#include "humanear/cancel.h"
#include "humanear/result.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::audio {
struct Span;
}
namespace humanear::runtime {
class WorkerPool;
}

namespace humanear::models {

struct DescriptorEmbedderInfo {
    static constexpr const char* kId = "descriptors";
    static constexpr const char* kVersion = "2";
};

class DescriptorEmbedder {
public:
    static constexpr int kSampleRate = 22050;
    static constexpr int kWindows = 12;
    static constexpr double kWindowSeconds = 10.0;

    // A run of dimensions that describe one aspect of the sound.
    struct Group {
        const char* name;
        int offset;
        int size;
    };
    static const std::vector<Group>& groups();
    static int dimension();

    DescriptorEmbedder();
    ~DescriptorEmbedder();
    DescriptorEmbedder(const DescriptorEmbedder&) = delete;
    DescriptorEmbedder& operator=(const DescriptorEmbedder&) = delete;

    int rawDimension() const { return dimension(); }
    // Unnormalised descriptors of up to kWindows evenly spread windows, averaged.
    // Files with two or more channels are decoded as mid and side (first two
    // channels) for the stereo groups.
    // Silent files are an error (Silent). Thread-safe. With `helpers`, half of the
    // windows go to an idle worker of that pool when there is one (same result).
    Result<std::vector<float>> rawDescriptors(const std::string& path, const CancelToken& cancel = {},
                                              runtime::WorkerPool* helpers = nullptr) const;
    // The same from mono samples at kSampleRate (one window per kWindowSeconds
    // slice, at most kWindows of them, spread evenly). `side`, when given, is the
    // (left - right) / 2 signal beside `mono` (then the mid signal); without it the
    // stereo groups describe a mono source.
    // Finite for any input, silence included.
    std::vector<float> rawDescriptorsOfSamples(const float* mono, size_t n, const float* side = nullptr) const;

    // Library statistics. The embedding is the z-scored raw vector, each dimension
    // multiplied by its group's weight, then L2-normalised.
    struct Normaliser {
        std::vector<float> mean, stddev, groupWeight;  // per dimension

        // Per-group importance multipliers, by Group order; empty means the default
        // (measured on the demo library: see tests/measure_descriptor_recs.cpp).
        // Each group is first scaled by 1/sqrt(size) so that it counts equally
        // whatever its number of dimensions, then by its importance.
        static Normaliser fit(const std::vector<std::vector<float>>& raw,
                              const std::vector<float>& groupImportance = {});
        // Identity statistics: for a library too small to fit (fewer than 2 vectors).
        static Normaliser identity();
        static std::vector<float> defaultImportance();

        bool valid() const;
        // Unit-length embedding; a zero vector when raw has the wrong size.
        std::vector<float> apply(const std::vector<float>& raw) const;

        // Little-endian: "HEDN", uint32 format version, uint32 dimension, then the
        // three float arrays.
        std::string toBytes() const;
        static Result<Normaliser> fromBytes(const std::string& bytes);
    };

private:
    struct WindowsPart;
    Result<WindowsPart> describeSpans(const std::string& path, const std::vector<audio::Span>& spans, bool tryStereo,
                                      const CancelToken& cancel) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::models
