#pragma once
// The recommendation library's source of truth: one SQLite file,
// <libraryDir>/catalog.sqlite, holding every known track (path, size, mtime,
// content hash, tags, embedder id/version and the L2-normalised float32
// embedding), the folders the user added, and the query-genre -> library-genre
// mapping cache. The FAISS index and genre centroids are rebuilt from it.
//
// Durability: WAL journal with synchronous=FULL, so a call that returned OK is
// on disk. Every open runs PRAGMA quick_check (unless disabled) and refuses a
// damaged file with a message naming it. Each track row carries a CRC-32 of its
// fields, checked whenever the row is read with its vectors: damage inside a
// row's bytes, which SQLite's structural checks cannot see, is refused too.
// salvage() reads what survives of a damaged file (see catalog_recovery.h).
//
// Thread-safety: one Catalog may be shared between threads; calls are
// serialised by an internal mutex. Several processes may open the same library
// (SQLite file locking; writers wait up to busyTimeoutMs).
// No SQLite type appears here; errors come back as Status/Result values.
#include <humanear/result.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace humanear::library {

struct TrackRecord {
    int64_t id = 0;  // assigned by the catalog; ignored by upsert
    std::string path;
    std::string contentHash;
    std::string title, artist, album, genre;
    std::string embedderId, embedderVersion;
    int64_t size = 0;
    int64_t mtimeMs = 0;  // milliseconds since the epoch
    double durationSeconds = 0.0;
    std::vector<float> embedding;  // empty = not embedded yet
    int64_t addedAtMs = 0;         // set by the catalog on first insert
    // The embedder's output before library normalisation (descriptor statistics,
    // or the mean OpenL3 vector), so that a refitted normaliser can be applied to
    // every track without decoding it again. Empty = not embedded yet.
    std::vector<float> rawFeatures;
    // Where a preview should start (seconds): a representative, non-silent moment.
    double previewStartSeconds = 0.0;
    // Not stored: the per-window features behind rawFeatures, on their way from the
    // embedder into the library's within-track spread (committed with the row).
    std::vector<std::vector<float>> windowFeatures;
};

class Catalog {
public:
    // 2: raw_features, preview_start, meta table, change generation, query-genre observations.
    // 3: row_crc, a checksum of each track row.
    static constexpr int kSchemaVersion = 3;
    static constexpr const char* kFileName = "catalog.sqlite";

    struct Options {
        bool verifyOnOpen = true;  // PRAGMA quick_check; O(file size)
        int busyTimeoutMs = 5000;
    };

    // Creates the directory and schema when missing.
    static Result<Catalog> open(const std::string& libraryDir);
    static Result<Catalog> open(const std::string& libraryDir, Options options);

    // What could be read from a damaged catalog file: the tracks whose rows are
    // intact (looked up one by one, so a damaged page loses only the rows on it)
    // and the folders. Never writes to the file's tables.
    struct Salvage {
        std::vector<TrackRecord> tracks;
        std::vector<std::string> folders;
        int64_t damagedRows = 0;  // rows read but failing their checksum
    };
    static Result<Salvage> salvage(const std::string& catalogFile);

    Catalog(Catalog&&) noexcept;
    Catalog& operator=(Catalog&&) noexcept;
    ~Catalog();

    const std::string& filePath() const;

    // Insert, or update every field of the track with the same path (its id
    // and addedAt stay). Returns the track id.
    Result<int64_t> upsert(const TrackRecord& track);
    // All in one transaction: either every record is stored or none is.
    Result<std::vector<int64_t>> upsertBatch(const std::vector<TrackRecord>& tracks,
                                             const std::vector<std::pair<std::string, std::string>>& meta = {});

    Result<std::optional<TrackRecord>> findById(int64_t id);
    Result<std::optional<TrackRecord>> findByPath(const std::string& path);
    // The lowest-id track with this content hash (e.g. to recognise a moved file).
    Result<std::optional<TrackRecord>> findByHash(const std::string& contentHash);

    // Returns the removed id, or nullopt when no track had that path.
    Result<std::optional<int64_t>> removeByPath(const std::string& path);
    // Removes the tracks at folderPrefix/... (not "folderPrefix2/..."); returns their ids.
    Result<std::vector<int64_t>> removeUnder(const std::string& folderPrefix);
    // Renames a track's path keeping id, hash and embedding. Fails when oldPath
    // is unknown (FileNotFound) or newPath is already a track (InvalidArgument).
    Status movePath(const std::string& oldPath, const std::string& newPath);

    // Ordered by id. Without embeddings the vectors are left empty (cheaper).
    Result<std::vector<TrackRecord>> all(bool withEmbeddings);
    Result<int64_t> count();

    // Folders the user added with `library add DIR`.
    Status addFolder(const std::string& path);
    Status removeFolder(const std::string& path);
    Result<std::vector<std::string>> folders();

    // Removes every listed path in one transaction; returns the removed ids.
    Result<std::vector<int64_t>> removeByPaths(const std::vector<std::string>& paths);

    // A counter that every insert, update and delete of a track raises in the
    // same transaction: derived files record the value they were built from, so
    // a catalog change that a kill kept from reaching them is always noticed.
    Result<int64_t> generation();

    // Small named values (the fitted normaliser, bookkeeping); nullopt when unset.
    Result<std::optional<std::string>> meta(const std::string& key);
    Status setMeta(const std::string& key, const std::string& value);

    // Raw features of analysed (query) tracks per genre tag that the library
    // does not have, so an unknown genre maps by the centroid of every track
    // seen with it. One row per (genre, content hash, embedder); re-adding replaces.
    Status addGenreObservation(const std::string& queryGenre, const std::string& contentHash,
                               const std::string& embedderKey, const std::vector<float>& rawFeatures);
    Result<std::vector<std::vector<float>>> genreObservations(const std::string& queryGenre,
                                                              const std::string& embedderKey);
    // Every cached (query genre, library genre) pair, by query genre.
    Result<std::vector<std::pair<std::string, std::string>>> genreMappings();

    // query genre (from the detector/tagger) -> closest library genre cache.
    Result<std::optional<std::string>> genreMapping(const std::string& queryGenre);
    Status setGenreMapping(const std::string& queryGenre, const std::string& libraryGenre);
    Status clearGenreMappings();

private:
    struct Impl;
    explicit Catalog(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear::library
