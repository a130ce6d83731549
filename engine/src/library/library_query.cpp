#include "library/library_query.h"

#include "io/sha256.h"
#include "library/genre_taxonomy.h"
#include "library/library_paths.h"
#include "audio/tags.h"
#include "runtime/stage_timer.h"

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace humanear::library {

Status describeQuery(const QueryContext& context, const std::string& path, RecommendQuery& query, std::string& genre,
                     std::vector<float>& raw, const CancelToken& cancel, QueryAudio* decoded) {
    const Snapshot& snap = context.snapshot;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return makeError(fs::exists(path, ec) ? ErrorCode::NotAudio : ErrorCode::FileNotFound,
                         "Cannot recommend for " + path + ": " +
                             (fs::exists(path, ec) ? "it is not a file." : "there is no such file."));
    runtime::ScopedStage lookupStage("tags + hash");
    query.path = normaliseFolderPath(path);
    const audio::TrackTags tags = audio::readTags(path);
    genre = tags.genre;
    if (auto it = snap.byPath.find(query.path); it != snap.byPath.end()) {
        auto record = context.catalog.findById(it->second);
        if (record && *record) {
            const auto size = int64_t(fs::file_size(path, ec));
            const auto written = fs::last_write_time(path, ec);
            const int64_t mtimeMs =
                std::chrono::duration_cast<std::chrono::milliseconds>(written.time_since_epoch()).count();
            if (!ec && (*record)->size == size && (*record)->mtimeMs == mtimeMs) {
                query.contentHash = (*record)->contentHash;
                query.embedding = snap.embeddings.at(it->second);
                raw = (*record)->rawFeatures;
                return {};
            }
        }
    }
    // Hashing reads the whole file (a tenth of a second for an MP3 here): only
    // when a library track has the same size could the contents be the same.
    // Otherwise the hash stays empty until a genre observation needs it (mapGenre).
    const auto size = fs::file_size(path, ec);
    if (ec || snap.sizes.count(int64_t(size))) {
        auto hash = io::sha256OfFile(path);
        if (!hash) return makeError(hash.error().code, "Could not read " + path + " to recommend for it.");
        query.contentHash = *hash;
    }
    if (auto it = query.contentHash.empty() ? snap.byHash.end() : snap.byHash.find(query.contentHash);
        it != snap.byHash.end()) {
        auto record = context.catalog.findById(it->second);
        if (record && *record) {
            query.embedding = snap.embeddings.at(it->second);
            raw = (*record)->rawFeatures;
            return {};
        }
    }
    lookupStage.stop();
    runtime::ScopedStage embedStage("embedder");
    auto features = decoded ? context.embedder.featuresOfAudio(decoded->info, std::move(decoded->audio), cancel)
                            : context.embedder.features(path, cancel);
    if (!features) return features.error();
    raw = std::move(features->raw);
    query.embedding = snap.space.apply(raw);
    return {};
}

std::pair<std::string, std::string> mapQueryGenre(const QueryContext& context, const std::string& queryGenre,
                                                  const RecommendQuery& query, const std::vector<float>& raw) {
    const Snapshot& snap = context.snapshot;
    Catalog& catalog = context.catalog;
    const std::string& key = context.embedderKey;
    if (snap.centroids.empty()) return {"", "none"};
    const GenreResolution resolved = resolveGenre(queryGenre);
    if (resolved.recognised() && snap.centroids.find(resolved.canonical)) return {resolved.canonical, "tag"};
    if (!resolved.recognised() && (genreKey(queryGenre).empty() || resolved.explicitlyUnknown)) {
        const auto* nearest = snap.centroids.nearest(query.embedding);
        return {nearest ? nearest->genre : "", "embedding"};
    }
    // An unknown name: every analysed track carrying it votes through the
    // centroid of their embeddings; the answer is cached in the catalog.
    // A genre the library lacks votes under its canonical name, so that its spellings vote together.
    const std::string name = genreKey(resolved.recognised() ? resolved.canonical : queryGenre);
    bool observed = false;
    std::string contentHash = query.contentHash;  // describeQuery leaves it empty when no size matched
    if (contentHash.empty() && !raw.empty())
        if (auto hash = io::sha256OfFile(query.path)) contentHash = *hash;
    if (!raw.empty() && !contentHash.empty())
        observed = bool(catalog.addGenreObservation(name, contentHash, key, raw));
    if (!observed)
        if (auto cached = catalog.genreMapping(name); cached && *cached && snap.centroids.find(**cached))
            return {**cached, "nearest-centroid"};
    std::vector<float> centre;
    auto observations = catalog.genreObservations(name, key);
    if (observations && !observations->empty()) {
        GenreCentroids one;
        for (const auto& r : *observations) one.add(name, snap.space.apply(r));
        one.finish();
        centre = one.all().front().centroid;
    } else {
        centre = query.embedding;
    }
    const auto* nearest = snap.centroids.nearest(centre);
    if (!nearest) return {"", "none"};
    catalog.setGenreMapping(name, nearest->genre);
    return {nearest->genre, "nearest-centroid"};
}

void addReasons(const QueryContext& context, const std::vector<float>& queryRaw, std::vector<Recommendation>& items) {
    const Snapshot& snap = context.snapshot;
    for (auto& item : items) {
        std::vector<std::string> more{"overall"};
        if (!snap.reasons.empty() && !queryRaw.empty())
            if (auto record = context.catalog.findById(item.track.id);
                record && *record && !(*record)->rawFeatures.empty())
                more = snap.reasons.reasons(queryRaw, (*record)->rawFeatures);
        item.reasons.insert(item.reasons.end(), more.begin(), more.end());
    }
}

}  // namespace humanear::library
