// The library: catalog (source of truth) + derived index and genre centroids,
// kept in step. Scans plan on the calling thread, embed on the engine's pool,
// commit catalog batches first, then rebuild and save the derived files, so a
// kill at any moment leaves either the old pair or a pair that open() notices
// is out of step with the catalog and rebuilds.
#include "humanear/library.h"

#include "engine_internal.h"
#include "io/atomic_file.h"
#include "io/byte_order.h"
#include "index/vector_index.h"
#include "library/catalog.h"
#include "library/catalog_recovery.h"
#include "similarity/embedding_space.h"
#include "library/genre_centroids.h"
#include "library/indexer.h"
#include "library/library_snapshot.h"
#include "library/library_internals.h"
#include "library/library_paths.h"
#include "library/library_query.h"
#include "library/recommender.h"
#include "library/scanner.h"
#include "similarity/track_embedder.h"
#include "similarity/descriptor_embedder.h"
#include "similarity/within_track_spread.h"
#include "models/model_registry.h"
#include "models/compute_device.h"
#include "runtime/stage_timer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

namespace fs = std::filesystem;

namespace humanear {

using library::Catalog;
using library::EmbeddingSpace;
using library::GenreCentroids;
using library::IndexedTrack;
using library::Snapshot;
using library::TrackRecord;

namespace {

// The payload size and CRC from index.faiss's checked header, without reading the rest.
bool indexFileStamp(const std::string& path, uint64_t* size, uint32_t* crc) {
    std::ifstream in(path, std::ios::binary);
    unsigned char header[index::kCheckedHeaderSize];
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return false;
    *size = io::loadU64(header + 16);
    *crc = io::loadU32(header + 24);
    return true;
}

std::string spaceMetaKey(const std::string& embedderKey) { return "space:" + embedderKey; }
std::string spaceGenerationKey(const std::string& embedderKey) { return "space-generation:" + embedderKey; }
std::string spaceTracksKey(const std::string& embedderKey) { return "space-tracks:" + embedderKey; }
std::string spreadMetaKey(const std::string& embedderKey) { return "within-track-spread:" + embedderKey; }

// Library statistics move little when a big library gains a few tracks, and
// refitting changes every vector (a full index rebuild); small libraries are
// refitted on every change, big ones when their size drifted by a tenth.
constexpr int64_t kAlwaysRefitBelow = 1000;
constexpr double kRefitDrift = 0.1;

}  // namespace

struct Library::Impl {
    const Engine* engine = nullptr;
    LibrarySettings settings;
    library::LibraryFiles files;
    std::optional<Catalog> catalog;
    std::shared_ptr<const library::TrackEmbedder> embedder;
    std::string key;  // embedder id/version

    std::mutex mutateMutex;  // one scan or removal at a time
    std::mutex snapshotMutex;
    std::shared_ptr<const Snapshot> snapshot = std::make_shared<Snapshot>();
    std::vector<std::string> pendingNotes;  // from open(), handed to the next report
    std::vector<std::string> openingNotes;  // from open(), kept

    std::shared_ptr<const Snapshot> current() {
        std::lock_guard lock(snapshotMutex);
        return snapshot;
    }
    void publish(std::shared_ptr<const Snapshot> next) {
        std::lock_guard lock(snapshotMutex);
        snapshot = std::move(next);
    }

    bool isCurrent(const TrackRecord& t) const {
        return !t.embedding.empty() && t.embedderId + "/" + t.embedderVersion == key;
    }

    // The within-track spread of every track this embedder has described here.
    // Damaged or missing: an empty one (the space then falls back to group weights).
    Result<models::WithinTrackSpread> storedSpread() {
        auto bytes = catalog->meta(spreadMetaKey(key));
        if (!bytes) return bytes.error();
        if (*bytes) {
            auto spread = models::WithinTrackSpread::fromBytes(**bytes);
            if (spread && spread->dimension() == models::DescriptorEmbedder::dimension()) return *spread;
        }
        return models::WithinTrackSpread(models::DescriptorEmbedder::dimension());
    }

    Result<EmbeddingSpace> storedSpace() {
        auto bytes = catalog->meta(spaceMetaKey(key));
        if (!bytes) return bytes.error();
        if (!*bytes) return embedder->needsLibraryStatistics() ? EmbeddingSpace::fitted({}) : EmbeddingSpace::unitLength();
        return EmbeddingSpace::fromBytes(**bytes);
    }

    // Refits the normaliser on every current track's raw features and stores
    // the re-applied embeddings, all in one transaction, then records which
    // catalog generation the space belongs to.
    Status refitSpace(std::vector<TrackRecord>& all) {
        std::vector<std::vector<float>> raws;
        for (const auto& t : all)
            if (t.embedderId + "/" + t.embedderVersion == key && !t.rawFeatures.empty()) raws.push_back(t.rawFeatures);
        auto spread = storedSpread();
        if (!spread) return spread.status();
        const EmbeddingSpace space = embedder->needsLibraryStatistics() ? EmbeddingSpace::fitted(raws, &*spread)
                                                                        : EmbeddingSpace::unitLength();
        std::vector<TrackRecord> changed;
        for (auto& t : all) {
            if (t.embedderId + "/" + t.embedderVersion != key || t.rawFeatures.empty()) continue;
            auto e = space.apply(t.rawFeatures);
            if (e != t.embedding) {
                t.embedding = std::move(e);
                changed.push_back(t);
            }
        }
        if (!changed.empty())
            if (auto r = catalog->upsertBatch(changed); !r) return r.status();
        if (auto st = catalog->setMeta(spaceMetaKey(key), space.toBytes()); !st) return st;
        if (auto st = catalog->setMeta(spaceTracksKey(key), std::to_string(raws.size())); !st) return st;
        return markSpaceCurrent();
    }

    // Records that the stored embeddings match the catalog as it is now.
    Status markSpaceCurrent() {
        auto generation = catalog->generation();
        if (!generation) return generation.status();
        return catalog->setMeta(spaceGenerationKey(key), std::to_string(*generation));
    }

    bool shouldRefit(const std::vector<TrackRecord>& all) {
        auto stored = catalog->meta(spaceMetaKey(key));
        if (!stored || !*stored) return true;
        if (!embedder->needsLibraryStatistics()) return false;
        auto fittedOn = catalog->meta(spaceTracksKey(key));
        if (!fittedOn || !*fittedOn) return true;
        const int64_t before = std::atoll((*fittedOn)->c_str());
        const int64_t now = std::count_if(all.begin(), all.end(),
                                          [&](const TrackRecord& t) { return isCurrent(t) && !t.rawFeatures.empty(); });
        if (now < kAlwaysRefitBelow || before < kAlwaysRefitBelow) return now != before;
        return double(std::llabs(now - before)) > kRefitDrift * double(before);
    }

    // The index on disk updated in place (removals and upserts) instead of rebuilt:
    // what keeps a rescan of a big library cheap. Null when a rebuild is needed.
    std::shared_ptr<const index::VectorIndex> updatedIndex(const Snapshot& before, const Snapshot& after) {
        if (!before.index || after.embeddings.empty()) return nullptr;
        const auto kind =
            index::VectorIndex::chooseKind(after.embeddings.size(), size_t(settings.approximateThreshold));
        if (kind != before.index->kind()) return nullptr;
        auto idx = index::VectorIndex::load(files.index());
        if (!idx || idx->size() != int64_t(before.embeddings.size())) return nullptr;
        // IVF lists were learnt from the library as it was: once it has grown to want
        // twice as many, a rebuild relearns them rather than overfilling the old ones.
        if (idx->kind() == index::VectorIndex::Kind::Ivf &&
            4.0 * std::sqrt(double(after.embeddings.size())) > 2.0 * idx->nlist())
            return nullptr;
        std::vector<int64_t> gone, ids;
        std::vector<float> flat;
        for (const auto& [id, e] : before.embeddings)
            if (!after.embeddings.count(id)) gone.push_back(id);
        for (const auto& [id, e] : after.embeddings) {
            auto old = before.embeddings.find(id);
            if (old != before.embeddings.end() && old->second == e) continue;
            if (e.size() != size_t(idx->dim())) return nullptr;
            ids.push_back(id);
            flat.insert(flat.end(), e.begin(), e.end());
        }
        if (!idx->remove(gone) || (!ids.empty() && !idx->add(ids, flat))) return nullptr;
        return std::make_shared<index::VectorIndex>(std::move(*idx));
    }

    std::shared_ptr<Snapshot> snapshotFrom(const std::vector<TrackRecord>& all, EmbeddingSpace space) {
        return library::buildSnapshot(all, std::move(space), [this](const TrackRecord& t) { return isCurrent(t); });
    }

    Result<std::shared_ptr<const index::VectorIndex>> buildIndex(const Snapshot& snap) {
        if (snap.embeddings.empty()) return std::shared_ptr<const index::VectorIndex>();
        const int dim = int(snap.embeddings.begin()->second.size());
        const auto kind = index::VectorIndex::chooseKind(snap.embeddings.size(), size_t(settings.approximateThreshold));
        auto idx = index::VectorIndex::create(dim, kind);
        if (!idx) return idx.error();
        std::vector<int64_t> ids;
        std::vector<float> flat;
        ids.reserve(snap.embeddings.size());
        flat.reserve(snap.embeddings.size() * size_t(dim));
        for (const auto& [id, e] : snap.embeddings) {
            if (int(e.size()) != dim) continue;
            ids.push_back(id);
            flat.insert(flat.end(), e.begin(), e.end());
        }
        if (auto st = idx->add(ids, flat); !st) return st.error();
        return std::shared_ptr<const index::VectorIndex>(std::make_shared<index::VectorIndex>(std::move(*idx)));
    }

    // Writes index.faiss, then centroids.bin stamped with the catalog generation
    // and the index file's checksum: centroids.bin is the commit record of the pair.
    Status saveDerived(const Snapshot& snap) {
        auto generation = catalog->generation();
        if (!generation) return generation.status();
        library::DerivedStamp stamp;
        stamp.catalogGeneration = *generation;
        stamp.embedderKey = key;
        std::error_code ec;
        if (snap.index) {
            if (auto st = snap.index->save(files.index()); !st) return st;
            if (!indexFileStamp(files.index(), &stamp.indexPayloadSize, &stamp.indexPayloadCrc))
                return makeError(ErrorCode::IoError, "Could not read back the index " + files.index() + ".");
        } else {
            fs::remove(files.index(), ec);
        }
        return snap.centroids.save(files.centroids(), stamp);
    }

    // Why the derived files on disk cannot be used with this catalog, or "" when they can.
    std::string derivedProblem(const Snapshot& snap, std::shared_ptr<const index::VectorIndex>* loaded) {
        library::DerivedStamp stamp;
        std::error_code ec;
        if (snap.embeddings.empty() && !fs::exists(files.index(), ec) && !fs::exists(files.centroids(), ec))
            return {};  // nothing derived yet, and nothing to derive
        if (!fs::exists(files.centroids(), ec)) return "the genre centroids file is missing";
        auto centroids = GenreCentroids::load(files.centroids(), &stamp);
        if (!centroids) return "the genre centroids file is damaged";
        auto generation = catalog->generation();
        if (!generation) return "the catalog's change counter could not be read";
        if (stamp.embedderKey != key) return "it was built for another embedder";
        if (stamp.catalogGeneration != *generation) return "the catalog changed after it was written";
        if (snap.embeddings.empty()) return fs::exists(files.index(), ec) ? "the catalog has no embedded tracks" : "";
        uint64_t size = 0;
        uint32_t crc = 0;
        if (!indexFileStamp(files.index(), &size, &crc)) return "index.faiss is missing or truncated";
        if (size != stamp.indexPayloadSize || crc != stamp.indexPayloadCrc)
            return "index.faiss does not belong to the genre centroids file";
        auto idx = index::VectorIndex::load(files.index());
        if (!idx) return "index.faiss is damaged (" + idx.error().message + ")";
        if (idx->size() != int64_t(snap.embeddings.size())) return "index.faiss holds a different set of tracks";
        for (const auto& [id, e] : snap.embeddings)
            if (!idx->contains(id)) return "index.faiss holds a different set of tracks";
        *loaded = std::make_shared<index::VectorIndex>(std::move(*idx));
        return {};
    }

    // Brings the normaliser, index and centroids in step with the catalog.
    // `changed`: this Library just modified the catalog, so the files on disk are
    // known to be behind: refit when due, then update the index in place or rebuild it.
    Status refresh(bool changed, std::vector<std::string>& notes) {
        EngineInternals::takeThreadShare(*engine);  // index builds use OpenMP on this thread
        // Read first: a change made while this runs moves the counter past it, and
        // the next query picks that change up (followCatalog).
        auto generationRead = catalog->generation();
        if (!generationRead) return generationRead.status();
        auto all = catalog->all(true);
        if (!all) return all.status();
        auto space = storedSpace();
        bool spaceStale = !space;
        if (!changed && space) {
            auto spaceGeneration = catalog->meta(spaceGenerationKey(key));
            auto generation = catalog->generation();
            if (!spaceGeneration || !generation) return makeError(ErrorCode::IoError, "Could not read the catalog " + catalog->filePath() + ".");
            const bool anyCurrent = std::any_of(all->begin(), all->end(), [&](const TrackRecord& t) { return isCurrent(t); });
            spaceStale = anyCurrent && (!*spaceGeneration || **spaceGeneration != std::to_string(*generation));
            if (spaceStale) notes.push_back("Embeddings were re-normalised: the catalog changed after they were last fitted.");
        }
        const bool refit = spaceStale || (changed && shouldRefit(*all));
        if (refit) {
            if (auto st = refitSpace(*all); !st) return st;
            space = storedSpace();
            if (!space) return space.status();
        } else if (changed) {
            // New tracks were embedded with the stored statistics: already in step.
            if (auto st = markSpaceCurrent(); !st) return st;
        }
        auto snap = snapshotFrom(*all, *space);
        std::shared_ptr<const index::VectorIndex> loaded;
        std::string problem = changed || spaceStale ? std::string("the catalog changed") : derivedProblem(*snap, &loaded);
        if (problem.empty()) {
            snap->index = loaded;
        } else {
            std::shared_ptr<const index::VectorIndex> updated;
            if (changed && !refit) updated = updatedIndex(*current(), *snap);
            if (updated) {
                snap->index = updated;
            } else {
                auto idx = buildIndex(*snap);
                if (!idx) return idx.status();
                snap->index = *idx;
            }
            if (auto st = saveDerived(*snap); !st) return st;
            if (auto st = catalog->clearGenreMappings(); !st) return st;  // the centroids moved
            if (!changed) notes.push_back("The index and genre centroids were rebuilt from the catalog: " + problem + ".");
        }
        snap->catalogGeneration = *generationRead;
        publish(std::move(snap));
        return {};
    }

    library::QueryContext queryContext(const Snapshot& snap) { return {*catalog, snap, *embedder, key}; }

    // The catalog moved on without this Library: another process, or another
    // Library object on the same folder, added or removed tracks. Takes that state
    // once its index and centroids on disk are in step with it; never writes, so a
    // scan still running elsewhere is picked up by a query after it has finished.
    // Cheap when nothing moved: one read of the change counter.
    void followCatalog() {
        auto generation = catalog->generation();
        if (!generation || *generation == current()->catalogGeneration) return;
        std::unique_lock lock(mutateMutex, std::try_to_lock);
        if (!lock.owns_lock()) return;  // this Library is scanning; it publishes when done
        library::DerivedStamp stamp;
        if (!GenreCentroids::load(files.centroids(), &stamp) || stamp.catalogGeneration != *generation ||
            stamp.embedderKey != key)
            return;  // the writer has not finished (or wrote for another embedder)
        auto all = catalog->all(true);
        auto space = storedSpace();
        if (!all || !space) return;
        // Embeddings normalised for an older catalog: the writer's refit is not done.
        auto spaceGeneration = catalog->meta(spaceGenerationKey(key));
        const bool anyCurrent = std::any_of(all->begin(), all->end(), [&](const TrackRecord& t) { return isCurrent(t); });
        if (!spaceGeneration || (anyCurrent && (!*spaceGeneration || **spaceGeneration != std::to_string(*generation))))
            return;
        auto snap = snapshotFrom(*all, *space);
        std::shared_ptr<const index::VectorIndex> loaded;
        if (!derivedProblem(*snap, &loaded).empty()) return;
        snap->index = loaded;
        snap->catalogGeneration = *generation;
        publish(std::move(snap));
    }

    Result<ScanReport> scan(const std::vector<std::string>& folders, const ScanProgressCallback& progress,
                            const CancelToken& cancel) {
        ScanReport report;
        report.notes = std::move(pendingNotes);
        pendingNotes.clear();
        auto known = catalog->all(false);
        if (!known) return known.error();
        library::ScanPlan plan = library::planScan(folders, *known, key);
        report.found = plan.found;
        report.unchanged = plan.unchanged;
        report.failures = plan.problems;
        bool changed = false;

        std::vector<library::FileOnDisk> toEmbed = plan.added;
        std::set<std::string> isNew;
        for (const auto& f : plan.added) isNew.insert(f.path);
        for (const auto& m : plan.moved) {
            if (auto st = catalog->movePath(m.from, m.to); !st) {
                report.failures.push_back(st.error());
                continue;
            }
            changed = true;
            ++report.moved;
            if (m.reembed) {
                std::error_code ec;
                library::FileOnDisk f;
                f.path = m.to;
                f.size = int64_t(fs::file_size(m.to, ec));
                toEmbed.push_back(f);
            }
        }
        for (auto& f : plan.updated) toEmbed.push_back(f);
        if (!plan.removed.empty()) {
            auto removed = catalog->removeByPaths(plan.removed);
            if (!removed) return removed.error();
            report.removed = int64_t(removed->size());
            changed = changed || !removed->empty();
        }

        auto space = storedSpace();
        if (!space) return space.error();
        library::IndexerRun run;
        run.pool = &EngineInternals::workerPool(*engine);
        run.embedder = embedder.get();
        run.progressIntervalMs = engine->settings().progressIntervalMs;
        auto spread = storedSpread();
        if (!spread) return spread.error();
        run.commit = [&](std::vector<TrackRecord>& batch) -> Status {
            // A provisional embedding with the current statistics; refresh() refits after the scan.
            for (auto& t : batch) t.embedding = space->apply(t.rawFeatures);
            // The tracks' window spread is committed with their rows, so a kill can
            // neither count a track twice nor lose one that is stored.
            std::vector<std::pair<std::string, std::string>> meta;
            models::WithinTrackSpread grown = *spread;
            for (const auto& t : batch) grown.addTrack(t.windowFeatures);
            if (grown.tracks() != spread->tracks()) meta.emplace_back(spreadMetaKey(key), grown.toBytes());
            auto ids = catalog->upsertBatch(batch, meta);
            if (!ids) return ids.status();
            *spread = std::move(grown);
            changed = true;
            for (const auto& t : batch) (isNew.count(t.path) ? report.added : report.updated)++;
            return {};
        };
        library::IndexerOutcome outcome = library::embedFiles(toEmbed, run, progress, cancel);
        report.failures.insert(report.failures.end(), outcome.failures.begin(), outcome.failures.end());
        // A file that changed and can no longer be read: its old embedding describes
        // other content, so it leaves the library until a rescan can read it.
        std::vector<std::string> unreadable;
        for (const auto& p : outcome.failedPaths)
            if (!isNew.count(p)) unreadable.push_back(p);
        if (!unreadable.empty()) {
            auto removed = catalog->removeByPaths(unreadable);
            if (!removed) return removed.error();
            report.removed += int64_t(removed->size());
            changed = changed || !removed->empty();
        }
        report.cancelled = outcome.cancelled;
        if (changed) {
            if (auto st = refresh(true, report.notes); !st) return st.error();
        }
        if (outcome.commitError) return *outcome.commitError;
        return report;
    }
};

Library::Library(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Library::Library(Library&&) noexcept = default;
Library& Library::operator=(Library&&) noexcept = default;
Library::~Library() = default;

Result<Library> Library::open(const Engine& engine, LibrarySettings settings) {
    if (settings.directory.empty()) settings.directory = defaultLibraryDirectory();
    settings.directory = library::normaliseFolderPath(settings.directory);
    auto impl = std::make_unique<Impl>();
    impl->engine = &engine;
    impl->settings = settings;
    impl->files.directory = settings.directory;

    library::TrackEmbedderOptions embedderOptions;
    embedderOptions.name = settings.embedder;
    embedderOptions.modelSearchDirs = EngineInternals::modelSearchDirs(engine);
    embedderOptions.device = engine.device().name;
    embedderOptions.openl3HopSeconds = settings.openl3HopSeconds;
    embedderOptions.helpers = &EngineInternals::workerPool(engine);
    auto embedder = library::makeTrackEmbedder(embedderOptions);
    if (!embedder) return embedder.error();
    impl->embedder = *embedder;
    impl->key = library::embedderKey(**embedder);
    impl->settings.embedder = (*embedder)->id();

    // Damage found by SQLite's checks on open, or by a row checksum or an unreadable
    // setting while the derived files are checked, is repaired the same way, once.
    auto catalog = Catalog::open(settings.directory);
    if (!catalog && catalog.error().code == ErrorCode::DataCorrupt)
        catalog = library::rebuildDamagedCatalog(settings.directory, catalog.error().message, impl->pendingNotes);
    if (!catalog) return catalog.error();
    impl->catalog.emplace(std::move(*catalog));
    if (auto st = impl->refresh(false, impl->pendingNotes); !st) {
        if (st.error().code != ErrorCode::DataCorrupt) return st.error();
        impl->catalog.reset();  // closes the file before it is moved aside
        auto rebuilt = library::rebuildDamagedCatalog(settings.directory, st.error().message, impl->pendingNotes);
        if (!rebuilt) return rebuilt.error();
        impl->catalog.emplace(std::move(*rebuilt));
        if (auto again = impl->refresh(false, impl->pendingNotes); !again) return again.error();
    }
    impl->openingNotes = impl->pendingNotes;
    return Library(std::move(impl));
}

const LibrarySettings& Library::settings() const { return impl_->settings; }
const std::string& Library::directory() const { return impl_->settings.directory; }
const std::vector<std::string>& Library::openingNotes() const { return impl_->openingNotes; }

Result<ScanReport> Library::addFolder(const std::string& folder, const ScanProgressCallback& progress,
                                      const CancelToken& cancel) {
    const std::string path = library::normaliseFolderPath(folder);
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return makeError(fs::exists(path, ec) ? ErrorCode::InvalidArgument : ErrorCode::FileNotFound,
                         "Cannot add " + folder + " to the library: " +
                             (fs::exists(path, ec) ? "it is not a folder." : "there is no such folder."));
    std::lock_guard lock(impl_->mutateMutex);
    if (auto st = impl_->catalog->addFolder(path); !st) return st.error();
    return impl_->scan({path}, progress, cancel);
}

Result<ScanReport> Library::removeFolder(const std::string& folder) {
    const std::string path = library::normaliseFolderPath(folder);
    std::lock_guard lock(impl_->mutateMutex);
    auto folders = impl_->catalog->folders();
    if (!folders) return folders.error();
    if (std::find(folders->begin(), folders->end(), path) == folders->end())
        return makeError(ErrorCode::InvalidArgument, "The folder " + path + " is not in the library at " +
                                                         directory() + ".");
    ScanReport report;
    report.notes = std::move(impl_->pendingNotes);
    impl_->pendingNotes.clear();
    // Tracks below another added folder stay.
    auto all = impl_->catalog->all(false);
    if (!all) return all.error();
    std::vector<std::string> doomed;
    for (const auto& t : *all) {
        if (!library::isUnderFolder(t.path, path)) continue;
        const bool kept = std::any_of(folders->begin(), folders->end(), [&](const std::string& f) {
            return f != path && library::isUnderFolder(t.path, f);
        });
        if (!kept) doomed.push_back(t.path);
    }
    auto removed = impl_->catalog->removeByPaths(doomed);
    if (!removed) return removed.error();
    if (auto st = impl_->catalog->removeFolder(path); !st) return st.error();
    report.removed = int64_t(removed->size());
    if (auto st = impl_->refresh(true, report.notes); !st) return st.error();
    return report;
}

Result<ScanReport> Library::rescan(const ScanProgressCallback& progress, const CancelToken& cancel) {
    std::lock_guard lock(impl_->mutateMutex);
    auto folders = impl_->catalog->folders();
    if (!folders) return folders.error();
    return impl_->scan(*folders, progress, cancel);
}

Result<LibraryStatus> Library::status() {
    LibraryStatus s;
    s.directory = directory();
    auto folders = impl_->catalog->folders();
    if (!folders) return folders.error();
    s.folders = *folders;
    auto all = impl_->catalog->all(false);
    if (!all) return all.error();
    s.tracks = int64_t(all->size());
    const auto snap = impl_->current();
    s.embedded = int64_t(snap->tracks.size());
    s.stale = s.tracks - s.embedded;
    s.embedderId = impl_->embedder->id();
    s.embedderVersion = impl_->embedder->version();
    s.indexKind = snap->index ? index::kindName(snap->index->kind()) : "exact";
    std::map<std::string, int64_t> genres;
    for (const auto& [id, t] : snap->tracks) genres[t.track.genre]++;
    for (const auto& [g, n] : genres) s.genres.push_back({g, n});
    return s;
}

Result<std::vector<LibraryTrack>> Library::tracks() {
    auto all = impl_->catalog->all(false);
    if (!all) return all.error();
    std::vector<LibraryTrack> out;
    out.reserve(all->size());
    for (const auto& t : *all) out.push_back(library::toLibraryTrack(t));
    return out;
}

Result<RecommendationList> Library::recommend(const std::string& path, const RecommendOptions& options,
                                              const CancelToken& cancel) {
    return LibraryInternals::recommend(*this, path, options, cancel, nullptr);
}

audio::DecodeRequest LibraryInternals::queryAudioRequest(Library& library, const audio::SourceInfo& info) {
    return library.impl_->embedder->audioRequest(info);
}

Result<RecommendationList> LibraryInternals::recommend(Library& library, const std::string& path,
                                                       const RecommendOptions& options, const CancelToken& cancel,
                                                       library::QueryAudio* decoded) {
    auto& impl_ = library.impl_;
    auto directory = [&] { return library.directory(); };
    EngineInternals::takeThreadShare(*impl_->engine);  // the query may be embedded on this thread
    impl_->followCatalog();
    const auto snap = impl_->current();
    if (!snap->index || snap->tracks.empty()) {
        auto count = impl_->catalog->count();
        if (count && *count > 0)
            return makeError(ErrorCode::Empty,
                             "The music library at " + directory() + " was indexed with another embedder than \"" +
                                 impl_->embedder->id() + "\"; run `humanear-cli library rescan --embedder " +
                                 impl_->embedder->id() + "` to re-index it, or choose its embedder.");
        return makeError(ErrorCode::Empty, "The music library at " + directory() +
                                               " is empty: add a folder of music with `humanear-cli library add DIR`.");
    }
    library::RecommendQuery query;
    std::string queryGenre;
    std::vector<float> raw;
    if (auto st = library::describeQuery(impl_->queryContext(*snap), path, query, queryGenre, raw, cancel, decoded); !st)
        return st.error();
    runtime::ScopedStage searchStage("search");
    RecommendationList list;
    list.queryGenre = queryGenre;
    list.embedderId = impl_->embedder->id();
    auto [mapped, reason] = library::mapQueryGenre(impl_->queryContext(*snap), queryGenre, query, raw);
    list.mappedGenre = mapped;
    list.mappingReason = reason;
    auto selection = library::selectRecommendations(query, mapped, *snap->index, snap->tracks, options);
    if (!selection) return selection.error();
    list.items = std::move(selection->items);
    list.note = std::move(selection->note);
    list.minSimilarity = options.minSimilarity;
    list.requested = options.k;
    list.maxPerArtist = options.maxPerArtist;
    list.cutByArtist = selection->cutByArtist;
    library::addReasons(impl_->queryContext(*snap), raw, list.items);
    return list;
}

std::shared_ptr<const library::Snapshot> LibraryInternals::snapshot(Library& library) {
    return library.impl_->current();
}
Result<std::vector<std::string>> LibraryInternals::folders(Library& library) { return library.impl_->catalog->folders(); }
Result<std::vector<std::pair<std::string, std::string>>> LibraryInternals::cachedGenreMappings(Library& library) {
    return library.impl_->catalog->genreMappings();
}
std::string LibraryInternals::embedderId(Library& library) { return library.impl_->embedder->id(); }
void LibraryInternals::takeThreadShare(Library& library) { EngineInternals::takeThreadShare(*library.impl_->engine); }

}  // namespace humanear
