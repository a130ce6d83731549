#pragma once
// What the library needs from an embedder: one audio file in, its raw feature
// vector out (before library normalisation), tagged with the embedder's id and
// version so the catalog knows which tracks a change of embedder makes stale.
// Implementations: "descriptors" (built in, with musicnn), "descriptors-fast" (the
// same without musicnn) and "openl3" (official weights).
#include "audio/decoder.h"
#include "humanear/cancel.h"
#include "humanear/result.h"

#include <memory>
#include <string>
#include <vector>

namespace humanear::runtime {
class WorkerPool;
}

namespace humanear::library {

struct TrackFeatures {
    std::vector<float> raw;
    // The per-window vectors `raw` averages, when the embedder's normaliser learns
    // from how they spread (descriptors); empty otherwise.
    std::vector<std::vector<float>> windows;
    double durationSeconds = 0;
    double previewStartSeconds = 0;
};

class TrackEmbedder {
public:
    virtual ~TrackEmbedder() = default;
    virtual const std::string& id() const = 0;
    virtual const std::string& version() const = 0;
    // True when embeddings only become comparable after library statistics
    // (a Normaliser) have been fitted; false when L2 normalisation is enough.
    virtual bool needsLibraryStatistics() const = 0;
    // Thread-safe: called from several pool workers at once. Opens and decodes the
    // file once: audioRequest, then featuresOfAudio.
    Result<TrackFeatures> features(const std::string& path, const CancelToken& cancel) const;

    // The audio the embedder reads from a file: an analysis that decodes the file
    // anyway serves this request in the same pass (audio::decodeRequests).
    virtual audio::DecodeRequest audioRequest(const audio::SourceInfo& info) const = 0;
    // The features from that request's decoded audio. Thread-safe.
    virtual Result<TrackFeatures> featuresOfAudio(const audio::SourceInfo& info, audio::DecodedSpans audio,
                                                  const CancelToken& cancel) const = 0;
};

struct TrackEmbedderOptions {
    std::string name = "descriptors";              // "descriptors", "descriptors-fast" or "openl3"
    std::vector<std::string> modelSearchDirs;      // where openl3_audio_mel256_music.h5 may be
    std::string device = "cpu";
    double openl3HopSeconds = 0.1;
    // Idle workers of this pool may take part of one track's work (null: none).
    runtime::WorkerPool* helpers = nullptr;
};

// InvalidArgument for an unknown name; ModelMissing (with how to get the
// weights) when OpenL3 is asked for and its weights are not installed.
Result<std::shared_ptr<const TrackEmbedder>> makeTrackEmbedder(const TrackEmbedderOptions& options);

// "id/version": the key under which per-embedder state is stored.
std::string embedderKey(const TrackEmbedder& embedder);

// A moment a preview can start from: a third into the track (past most intros),
// early enough that 30 s still fit.
double previewStartFor(double durationSeconds);

}  // namespace humanear::library
