#include "library/catalog_schema.h"

#include "io/atomic_file.h"  // crc32

#include <string>
#include <vector>

namespace humanear::library::schema {

namespace {
void crcString(uint32_t& crc, const std::string& v) {
    const uint64_t n = v.size();
    crc = index::crc32(&n, sizeof n, crc);
    crc = index::crc32(v.data(), v.size(), crc);
}
template <typename T>
void crcValue(uint32_t& crc, T v) {
    crc = index::crc32(&v, sizeof v, crc);
}
void crcFloats(uint32_t& crc, const std::vector<float>& v) {
    crcValue(crc, uint64_t(v.size()));
    crc = index::crc32(v.data(), v.size() * sizeof(float), crc);
}

}  // namespace

const char* const kTrackColumns =
    "id, path, size, mtime_ms, content_hash, title, artist, album, genre, duration, embedder_id, "
    "embedder_version, added_at_ms, preview_start";

const char* const kCreate = R"SQL(
CREATE TABLE tracks (
    id               INTEGER PRIMARY KEY,
    path             TEXT    NOT NULL UNIQUE,
    size             INTEGER NOT NULL DEFAULT 0,
    mtime_ms         INTEGER NOT NULL DEFAULT 0,
    content_hash     TEXT    NOT NULL DEFAULT '',
    title            TEXT    NOT NULL DEFAULT '',
    artist           TEXT    NOT NULL DEFAULT '',
    album            TEXT    NOT NULL DEFAULT '',
    genre            TEXT    NOT NULL DEFAULT '',
    duration         REAL    NOT NULL DEFAULT 0,
    embedder_id      TEXT    NOT NULL DEFAULT '',
    embedder_version TEXT    NOT NULL DEFAULT '',
    embedding        BLOB,
    added_at_ms      INTEGER NOT NULL DEFAULT 0,
    preview_start    REAL    NOT NULL DEFAULT 0,
    raw_features     BLOB
);
CREATE INDEX tracks_content_hash ON tracks(content_hash);
CREATE TABLE folders (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    added_at_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE genre_map (
    query_genre   TEXT PRIMARY KEY,
    library_genre TEXT NOT NULL
);
)SQL";

// Added by schema 2 (also run on schema-1 catalogs after their ALTER TABLEs).
const char* const kVersion2Additions = R"SQL(
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value BLOB
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
CREATE TRIGGER IF NOT EXISTS tracks_generation_insert AFTER INSERT ON tracks
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER IF NOT EXISTS tracks_generation_update AFTER UPDATE ON tracks
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER IF NOT EXISTS tracks_generation_delete AFTER DELETE ON tracks
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TABLE IF NOT EXISTS genre_observations (
    query_genre  TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    embedder     TEXT NOT NULL,
    raw_features BLOB NOT NULL,
    PRIMARY KEY (query_genre, content_hash, embedder)
);
)SQL";

const char* const kVersion3Additions = R"SQL(
ALTER TABLE tracks ADD COLUMN row_crc INTEGER;
)SQL";

// Track columns read with the vectors: kTrackColumns, then these (14, 15, 16).
const char* const kVectorColumns = ", raw_features, embedding, row_crc";

uint32_t rowChecksum(const TrackRecord& t) {
    uint32_t crc = 0;
    for (const std::string* v : {&t.path, &t.contentHash, &t.title, &t.artist, &t.album, &t.genre, &t.embedderId,
                                 &t.embedderVersion})
        crcString(crc, *v);
    crcValue(crc, t.size);
    crcValue(crc, t.mtimeMs);
    crcValue(crc, t.durationSeconds);
    crcValue(crc, t.previewStartSeconds);
    crcFloats(crc, t.rawFeatures);
    crcFloats(crc, t.embedding);
    return crc;
}

const char* const kMigrate1To2 = R"SQL(
ALTER TABLE tracks ADD COLUMN preview_start REAL NOT NULL DEFAULT 0;
ALTER TABLE tracks ADD COLUMN raw_features BLOB;
)SQL";


}  // namespace humanear::library::schema
