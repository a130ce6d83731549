#include "similarity/track_embedder.h"

#include "humanear/library.h"

#include "audio/decoder.h"
#include "dsp/frontends.h"
#include "similarity/descriptor_embedder.h"
#include "similarity/openl3_embedder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace humanear::library {

double previewStartFor(double durationSeconds) {
    if (!(durationSeconds > 0)) return 0;
    const double third = durationSeconds / 3.0;
    return std::max(0.0, std::min(third, durationSeconds - 30.0));
}

std::string embedderKey(const TrackEmbedder& embedder) { return embedder.id() + "/" + embedder.version(); }

namespace {

// The same floor the analysis applies (AnalysisOptions::minimumSeconds): a blip
// has no timbre or rhythm worth recommending.
constexpr double kMinimumTrackSeconds = 2.0;

TrackFeatures withPlacement(std::vector<float> raw, const audio::SourceInfo& info) {
    TrackFeatures f;
    f.raw = std::move(raw);
    f.durationSeconds = info.durationSeconds;
    f.previewStartSeconds = previewStartFor(info.durationSeconds);
    return f;
}

class DescriptorTrackEmbedder final : public TrackEmbedder {
public:
    const std::string& id() const override { return id_; }
    const std::string& version() const override { return version_; }
    bool needsLibraryStatistics() const override { return true; }
    audio::DecodeRequest audioRequest(const audio::SourceInfo& info) const override {
        return models::DescriptorEmbedder::audioRequest(info.durationSeconds);
    }
    Result<TrackFeatures> featuresOfAudio(const audio::SourceInfo& info, audio::DecodedSpans audio,
                                          const CancelToken& cancel) const override {
        auto described = embedder_.describeDecoded(info.path, std::move(audio), cancel, helpers_);
        if (!described) return described.error();
        TrackFeatures f = withPlacement(std::move(described->raw), info);
        f.windows = std::move(described->windows);
        return f;
    }

    DescriptorTrackEmbedder(const std::vector<std::string>& modelSearchDirs, runtime::WorkerPool* helpers,
                            bool withMusicnn, const std::string& device)
        : helpers_(helpers),
          id_(withMusicnn ? models::DescriptorEmbedderInfo::kId : models::DescriptorEmbedderInfo::kFastId),
          embedder_(modelSearchDirs, withMusicnn, device) {}
    Status status() const { return embedder_.status(); }

private:
    runtime::WorkerPool* helpers_;
    std::string id_;
    std::string version_ = models::DescriptorEmbedderInfo::kVersion;
    models::DescriptorEmbedder embedder_;
};

// The prototype's recipe: OpenL3 512-d frame embeddings averaged over the
// track. Like the descriptors, only evenly spread windows are decoded, so a
// long track costs no more than a song.
class OpenL3TrackEmbedder final : public TrackEmbedder {
public:
    static constexpr int kWindows = 6;
    static constexpr double kWindowSeconds = 10.0;

    OpenL3TrackEmbedder(models::OpenL3Embedder network, double hopSeconds)
        : network_(std::move(network)), hopSeconds_(hopSeconds) {
        char hop[32];
        std::snprintf(hop, sizeof hop, "%g", hopSeconds);
        // The hop changes what the mean vector averages over: part of the version.
        version_ = std::string("mel256-music-512/hop") + hop;
    }
    const std::string& id() const override { return id_; }
    const std::string& version() const override { return version_; }
    bool needsLibraryStatistics() const override { return false; }
    audio::DecodeRequest audioRequest(const audio::SourceInfo& info) const override {
        audio::DecodeRequest request;
        request.sampleRate = dsp::OpenL3FrontEnd::kSampleRate;
        request.spans = audio::evenlySpreadSpans(info.durationSeconds, kWindowSeconds, kWindows);
        if (request.spans.empty()) request.spans.push_back({0.0, kWindowSeconds});
        return request;
    }
    Result<TrackFeatures> featuresOfAudio(const audio::SourceInfo& info, audio::DecodedSpans audio,
                                          const CancelToken& cancel) const override {
        const auto& clips = audio.clips;
        if (std::all_of(clips.begin(), clips.end(), [](const audio::MonoClip& c) { return audio::isSilent(c.samples); }))
            return makeError(ErrorCode::Silent, "\"" + std::filesystem::path(info.path).filename().string() +
                                                    "\" is silent: there is no sound in it to compare with other music.");
        std::vector<double> sum(models::OpenL3Embedder::kEmbedding512, 0.0);
        long frames = 0;
        for (const auto& clip : clips) {
            if (clip.samples.empty()) continue;
            std::vector<dsp::Matrix> patches = frontEnd_.patches(clip.samples.data(), clip.samples.size(), hopSeconds_);
            std::vector<const float*> pointers;
            for (const auto& p : patches) pointers.push_back(p.data.data());
            auto emb = network_.embedPatches(pointers, &cancel);
            if (!emb) return emb.error();
            for (const auto& e : *emb) {
                for (size_t d = 0; d < sum.size() && d < e.size(); ++d) sum[d] += e[d];
                ++frames;
            }
        }
        if (frames == 0)
            return makeError(ErrorCode::Empty, "No audio could be decoded from " + info.path + " for OpenL3.");
        std::vector<float> raw(sum.size());
        for (size_t d = 0; d < sum.size(); ++d) raw[d] = float(sum[d] / double(frames));
        return withPlacement(std::move(raw), info);
    }

private:
    std::string id_ = "openl3";
    std::string version_;
    models::OpenL3Embedder network_;
    dsp::OpenL3FrontEnd frontEnd_;
    double hopSeconds_;
};

}  // namespace

Result<TrackFeatures> TrackEmbedder::features(const std::string& path, const CancelToken& cancel) const {
    auto opened = audio::openMeasured(path);
    if (!opened) return opened.error();
    const audio::SourceInfo& info = opened->info;
    if (info.durationSeconds > 0 && info.durationSeconds < kMinimumTrackSeconds)
        return makeError(ErrorCode::TooShort, "\"" + std::filesystem::path(path).filename().string() + "\" is only " +
                                                  std::to_string(int(info.durationSeconds * 1000)) +
                                                  " ms long; library tracks need at least 2 seconds of audio.");
    auto decoded = audio::decodeRequests(*opened->source, {audioRequest(info)}, cancel);
    if (!decoded) return decoded.error();
    return featuresOfAudio(info, std::move(decoded->front()), cancel);
}

Result<std::shared_ptr<const TrackEmbedder>> makeTrackEmbedder(const TrackEmbedderOptions& options) {
    const bool fast = options.name == models::DescriptorEmbedderInfo::kFastId;
    if (options.name.empty() || options.name == models::DescriptorEmbedderInfo::kId || fast) {
        auto embedder =
            std::make_shared<DescriptorTrackEmbedder>(options.modelSearchDirs, options.helpers, !fast, options.device);
        if (!embedder->status()) return embedder->status().error();
        return std::shared_ptr<const TrackEmbedder>(std::move(embedder));
    }
    if (options.name != "openl3")
        return makeError(ErrorCode::InvalidArgument,
                         "Unknown embedder \"" + options.name + "\": choose " + describeEmbedders() + ".");
    if (dsp::OpenL3FrontEnd::hopSamples(options.openl3HopSeconds) <= 0)
        return makeError(ErrorCode::InvalidArgument, "The OpenL3 hop must be a positive number of seconds.");
    static const char* kWeights = "openl3_audio_mel256_music.h5";
    std::string found;
    for (const auto& dir : options.modelSearchDirs) {
        std::error_code ec;
        const auto candidate = std::filesystem::path(dir) / kWeights;
        if (std::filesystem::is_regular_file(candidate, ec)) {
            found = candidate.string();
            break;
        }
    }
    if (found.empty()) {
        std::string where;
        for (const auto& dir : options.modelSearchDirs) where += (where.empty() ? "" : ", ") + dir;
        return makeError(ErrorCode::ModelMissing,
                         std::string("The OpenL3 embedder needs the official weights ") + kWeights +
                             ", which are not installed (looked in " + (where.empty() ? "no folder" : where) +
                             "). Run models/fetch_openl3.sh to download them, or use the built-in "
                             "\"descriptors\" embedder.");
    }
    models::OpenL3EmbedderOptions netOptions;
    netOptions.device = options.device;
    auto network = models::OpenL3Embedder::load(found, netOptions);
    if (!network) return network.error();
    return std::shared_ptr<const TrackEmbedder>(
        std::make_shared<OpenL3TrackEmbedder>(std::move(*network), options.openl3HopSeconds));
}

}  // namespace humanear::library
