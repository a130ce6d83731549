#include "library/catalog.h"

#include "library/catalog_schema.h"

#include "io/atomic_file.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace humanear::library {

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ErrorCode codeFor(int rc) {
    switch (rc & 0xFF) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorCode::DataCorrupt;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH: return ErrorCode::PermissionDenied;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return ErrorCode::InvalidArgument;
    default: return ErrorCode::IoError;
    }
}

// RAII prepared statement.
class Stmt {
public:
    Stmt() = default;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
    Stmt& operator=(Stmt&& o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~Stmt() { sqlite3_finalize(s_); }
    sqlite3_stmt* get() const { return s_; }
    sqlite3_stmt** out() { return &s_; }

    void text(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
    void integer(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
    void real(int i, double v) { sqlite3_bind_double(s_, i, v); }
    void floats(int i, const std::vector<float>& v) {
        if (v.empty())
            sqlite3_bind_null(s_, i);
        else
            sqlite3_bind_blob64(s_, i, v.data(), sqlite3_uint64(v.size() * sizeof(float)), SQLITE_TRANSIENT);
    }
    std::string columnText(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
        return p ? std::string(p, size_t(sqlite3_column_bytes(s_, i))) : std::string();
    }
    int64_t columnInt(int i) const { return sqlite3_column_int64(s_, i); }
    double columnReal(int i) const { return sqlite3_column_double(s_, i); }

private:
    sqlite3_stmt* s_ = nullptr;
};

}  // namespace

struct Catalog::Impl {
    std::string file;
    sqlite3* db = nullptr;
    std::mutex mutex;

    ~Impl() {
        if (db) sqlite3_close_v2(db);
    }

    Error error(const std::string& what, int rc) const {
        std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        const ErrorCode code = codeFor(rc);
        std::string message = "Could not " + what + " in the library catalog " + file + ": " + detail + ".";
        if (code == ErrorCode::DataCorrupt)
            message = "The library catalog " + file + " is damaged (" + detail + ").";
        return makeError(code, message);
    }

    Status exec(const char* sql, const char* what) {
        char* msg = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
        sqlite3_free(msg);
        if (rc != SQLITE_OK) return error(what, rc);
        return {};
    }

    Result<Stmt> prepare(const std::string& sql, const char* what) {
        Stmt s;
        const int rc = sqlite3_prepare_v2(db, sql.c_str(), int(sql.size()), s.out(), nullptr);
        if (rc != SQLITE_OK) return error(what, rc);
        return Result<Stmt>(std::move(s));
    }

    // Steps a statement that returns no rows (or ignores them).
    Status run(Stmt& s, const char* what) {
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) return error(what, rc);
        return {};
    }

    // Inserts or replaces one meta value; the caller holds the mutex (and, for
    // several writes at once, a transaction).
    Status writeMeta(const std::string& key, const std::string& value) {
        auto s = prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         "store a setting");
        if (!s) return s.status();
        s->text(1, key);
        sqlite3_bind_blob64(s->get(), 2, value.data(), sqlite3_uint64(value.size()), SQLITE_TRANSIENT);
        return run(*s, "store a setting");
    }

    Result<TrackRecord> readTrack(Stmt& s, bool withEmbedding) {
        TrackRecord t;
        t.id = s.columnInt(0);
        t.path = s.columnText(1);
        t.size = s.columnInt(2);
        t.mtimeMs = s.columnInt(3);
        t.contentHash = s.columnText(4);
        t.title = s.columnText(5);
        t.artist = s.columnText(6);
        t.album = s.columnText(7);
        t.genre = s.columnText(8);
        t.durationSeconds = s.columnReal(9);
        t.embedderId = s.columnText(10);
        t.embedderVersion = s.columnText(11);
        t.addedAtMs = s.columnInt(12);
        t.previewStartSeconds = s.columnReal(13);
        if (withEmbedding) {
            if (auto st = readFloats(s, 14, t.path, t.rawFeatures); !st) return st.error();
            if (auto st = readFloats(s, 15, t.path, t.embedding); !st) return st.error();
            // NULL: a row written before schema 3 and not yet re-stamped.
            if (sqlite3_column_type(s.get(), 16) != SQLITE_NULL &&
                uint32_t(s.columnInt(16)) != schema::rowChecksum(t))
                return makeError(ErrorCode::DataCorrupt, "The library catalog " + file +
                                                              " holds a damaged entry (its checksum does not match) "
                                                              "for " + t.path + ".");
        }
        return t;
    }

    Status readFloats(Stmt& s, int column, const std::string& path, std::vector<float>& out) {
        const void* blob = sqlite3_column_blob(s.get(), column);
        const int bytes = sqlite3_column_bytes(s.get(), column);
        if (bytes % int(sizeof(float)) != 0)
            return makeError(ErrorCode::DataCorrupt, "The library catalog " + file + " holds a damaged embedding for " +
                                                          path + " (" + std::to_string(bytes) + " bytes).");
        out.resize(size_t(bytes) / sizeof(float));
        if (bytes > 0) std::memcpy(out.data(), blob, size_t(bytes));
        return {};
    }

    Result<std::optional<TrackRecord>> findOne(const std::string& where, const std::string& key, int64_t intKey,
                                               bool byInt) {
        auto s = prepare(std::string("SELECT ") + schema::kTrackColumns + schema::kVectorColumns + " FROM tracks WHERE " + where +
                             " ORDER BY id LIMIT 1",
                         "look up a track");
        if (!s) return s.error();
        if (byInt)
            s->integer(1, intKey);
        else
            s->text(1, key);
        const int rc = sqlite3_step(s->get());
        if (rc == SQLITE_DONE) return std::optional<TrackRecord>();
        if (rc != SQLITE_ROW) return error("look up a track", rc);
        auto t = readTrack(*s, true);
        if (!t) return t.error();
        return std::optional<TrackRecord>(std::move(t).value());
    }

    Result<int64_t> upsertOne(Stmt& s, const TrackRecord& t, int64_t now) {
        if (t.path.empty()) return makeError(ErrorCode::InvalidArgument, "A track needs a path to be stored in " + file + ".");
        sqlite3_reset(s.get());
        sqlite3_clear_bindings(s.get());
        s.text(1, t.path);
        s.integer(2, t.size);
        s.integer(3, t.mtimeMs);
        s.text(4, t.contentHash);
        s.text(5, t.title);
        s.text(6, t.artist);
        s.text(7, t.album);
        s.text(8, t.genre);
        s.real(9, t.durationSeconds);
        s.text(10, t.embedderId);
        s.text(11, t.embedderVersion);
        s.floats(12, t.embedding);
        s.integer(13, now);
        s.real(14, t.previewStartSeconds);
        s.floats(15, t.rawFeatures);
        s.integer(16, int64_t(schema::rowChecksum(t)));
        int rc = sqlite3_step(s.get());
        if (rc != SQLITE_ROW) return error("store the track " + t.path, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc);
        const int64_t id = s.columnInt(0);
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) return error("store the track " + t.path, rc);
        return id;
    }

    Result<Stmt> prepareUpsert() {
        return prepare(
            "INSERT INTO tracks (path, size, mtime_ms, content_hash, title, artist, album, genre, duration, "
            "embedder_id, embedder_version, embedding, added_at_ms, preview_start, raw_features, row_crc) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
            "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, "
            "content_hash = excluded.content_hash, title = excluded.title, artist = excluded.artist, "
            "album = excluded.album, genre = excluded.genre, duration = excluded.duration, "
            "embedder_id = excluded.embedder_id, embedder_version = excluded.embedder_version, "
            "embedding = excluded.embedding, preview_start = excluded.preview_start, "
            "raw_features = excluded.raw_features, row_crc = excluded.row_crc "
            "RETURNING id",
            "prepare to store tracks");
    }

    Status initialise(const Options& options) {
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, options.busyTimeoutMs);
        if (options.verifyOnOpen) {
            auto s = prepare("PRAGMA quick_check", "check");
            if (!s) return s.status();
            const int rc = sqlite3_step(s->get());
            if (rc != SQLITE_ROW) return error("check", rc);
            std::string verdict = s->columnText(0);
            if (verdict != "ok") {
                // quick_check can list hundreds of problems after a "*** in database
                // main ***" banner; the first real one is enough for a message.
                std::string first;
                size_t pos = 0;
                while (pos < verdict.size()) {
                    const size_t nl = std::min(verdict.find('\n', pos), verdict.size());
                    std::string line = verdict.substr(pos, nl - pos);
                    pos = nl + 1;
                    if (!line.empty() && line.rfind("***", 0) != 0) {
                        first = std::move(line);
                        break;
                    }
                }
                verdict = first.empty() ? std::string("integrity check failed") : first;
                if (verdict.size() > 200) verdict = verdict.substr(0, 200) + "...";
            }
            if (verdict != "ok")
                return makeError(ErrorCode::DataCorrupt,
                                 "The library catalog " + file + " is damaged (" + verdict + ").");
        }
        if (auto s = exec("PRAGMA journal_mode=WAL", "switch to write-ahead logging"); !s) return s;
        if (auto s = exec("PRAGMA synchronous=FULL", "configure"); !s) return s;
        if (auto s = exec("BEGIN IMMEDIATE", "start a transaction"); !s) return s;
        auto st = createSchema();
        if (!st) {
            exec("ROLLBACK", "roll back");
            return st;
        }
        return exec("COMMIT", "commit the schema");
    }

    Status createSchema() {
        if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                          "create the schema");
            !s)
            return s;
        auto q = prepare("SELECT MAX(version) FROM schema_version", "read the schema version");
        if (!q) return q.status();
        const int rc = sqlite3_step(q->get());
        if (rc != SQLITE_ROW) return error("read the schema version", rc);
        const bool fresh = sqlite3_column_type(q->get(), 0) == SQLITE_NULL;
        const int64_t version = q->columnInt(0);
        q = Stmt();
        if (fresh) {
            if (auto s = exec(schema::kCreate, "create the schema"); !s) return s;
            if (auto s = exec(schema::kVersion2Additions, "create the schema"); !s) return s;
            if (auto s = exec(schema::kVersion3Additions, "create the schema"); !s) return s;
            return exec(("INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")").c_str(),
                        "record the schema version");
        }
        if (version > kSchemaVersion)
            return makeError(ErrorCode::InvalidArgument,
                             "The library catalog " + file + " was written by a newer HumanEar (schema " +
                                 std::to_string(version) + "; this version reads up to " +
                                 std::to_string(kSchemaVersion) + ").");
        if (version < 2) {
            if (auto s = exec(schema::kMigrate1To2, "upgrade the catalog to schema 2"); !s) return s;
            if (auto s = exec(schema::kVersion2Additions, "upgrade the catalog to schema 2"); !s) return s;
            if (auto s = exec("INSERT INTO schema_version (version) VALUES (2)", "record the schema version"); !s)
                return s;
        }
        if (version < 3) {
            if (auto s = exec(schema::kVersion3Additions, "upgrade the catalog to schema 3"); !s) return s;
            if (auto s = stampRowChecksums(); !s) return s;
            if (auto s = exec("INSERT INTO schema_version (version) VALUES (3)", "record the schema version"); !s)
                return s;
        }
        return {};
    }

    // Schema 3 upgrade: rows written before it get their checksum from what they hold now.
    Status stampRowChecksums() {
        auto q = prepare(std::string("SELECT ") + schema::kTrackColumns + schema::kVectorColumns + " FROM tracks", "upgrade the catalog");
        if (!q) return q.status();
        auto u = prepare("UPDATE tracks SET row_crc = ?2 WHERE id = ?1", "upgrade the catalog");
        if (!u) return u.status();
        int rc;
        while ((rc = sqlite3_step(q->get())) == SQLITE_ROW) {
            auto t = readTrack(*q, true);
            if (!t) return t.status();
            sqlite3_reset(u->get());
            u->integer(1, t->id);
            u->integer(2, int64_t(schema::rowChecksum(*t)));
            if (auto st = run(*u, "upgrade the catalog"); !st) return st;
        }
        if (rc != SQLITE_DONE) return error("upgrade the catalog", rc);
        return {};
    }

    template <typename Fn>
    Status transaction(Fn&& body) {
        if (auto s = exec("BEGIN IMMEDIATE", "start a transaction"); !s) return s;
        Status st = body();
        if (!st) {
            exec("ROLLBACK", "roll back");
            return st;
        }
        return exec("COMMIT", "commit");
    }
};

Catalog::Catalog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;
Catalog::~Catalog() = default;

const std::string& Catalog::filePath() const { return impl_->file; }

Result<Catalog> Catalog::open(const std::string& libraryDir) { return open(libraryDir, Options{}); }

Result<Catalog> Catalog::open(const std::string& libraryDir, Options options) {
    if (libraryDir.empty()) return makeError(ErrorCode::InvalidArgument, "No library folder was given.");
    std::error_code ec;
    std::filesystem::create_directories(libraryDir, ec);
    if (ec)
        return makeError(ec == std::errc::permission_denied ? ErrorCode::PermissionDenied : ErrorCode::IoError,
                         "Could not create the library folder " + libraryDir + ": " + ec.message() + ".");
    auto impl = std::make_unique<Impl>();
    impl->file = (std::filesystem::path(libraryDir) / kFileName).string();
    const int rc = sqlite3_open_v2(impl->file.c_str(), &impl->db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error e = impl->error("open the database", rc);
        return e;
    }
    if (auto s = impl->initialise(options); !s) return s.error();
    return Catalog(std::move(impl));
}

Result<int64_t> Catalog::upsert(const TrackRecord& track) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepareUpsert();
    if (!s) return s.error();
    return impl_->upsertOne(*s, track, nowMs());
}

Result<std::vector<int64_t>> Catalog::upsertBatch(const std::vector<TrackRecord>& tracks,
                                                  const std::vector<std::pair<std::string, std::string>>& meta) {
    std::lock_guard lock(impl_->mutex);
    std::vector<int64_t> ids;
    ids.reserve(tracks.size());
    auto st = impl_->transaction([&]() -> Status {
        auto s = impl_->prepareUpsert();
        if (!s) return s.status();
        const int64_t now = nowMs();
        for (const auto& t : tracks) {
            auto id = impl_->upsertOne(*s, t, now);
            if (!id) return id.status();
            ids.push_back(*id);
        }
        for (const auto& [key, value] : meta)
            if (auto r = impl_->writeMeta(key, value); !r) return r;
        return {};
    });
    if (!st) return st.error();
    return ids;
}

Result<std::optional<TrackRecord>> Catalog::findById(int64_t id) {
    std::lock_guard lock(impl_->mutex);
    return impl_->findOne("id = ?1", {}, id, true);
}

Result<std::optional<TrackRecord>> Catalog::findByPath(const std::string& path) {
    std::lock_guard lock(impl_->mutex);
    return impl_->findOne("path = ?1", path, 0, false);
}

Result<std::optional<TrackRecord>> Catalog::findByHash(const std::string& contentHash) {
    if (contentHash.empty()) return std::optional<TrackRecord>();
    std::lock_guard lock(impl_->mutex);
    return impl_->findOne("content_hash = ?1", contentHash, 0, false);
}

Result<std::optional<int64_t>> Catalog::removeByPath(const std::string& path) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("DELETE FROM tracks WHERE path = ?1 RETURNING id", "remove a track");
    if (!s) return s.error();
    s->text(1, path);
    std::optional<int64_t> removed;
    int rc;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) removed = s->columnInt(0);
    if (rc != SQLITE_DONE) return impl_->error("remove the track " + path, rc);
    return removed;
}

Result<std::vector<int64_t>> Catalog::removeUnder(const std::string& folderPrefix) {
    std::string prefix = folderPrefix;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (prefix.empty()) return makeError(ErrorCode::InvalidArgument, "No folder was given to remove tracks from.");
    // Byte-wise range [prefix + "/", prefix + "0"): '0' follows '/' in ASCII, so
    // this is exactly the paths below the folder, with no LIKE escaping issues.
    const std::string lo = prefix == "/" ? "/" : prefix + "/";
    const std::string hi = prefix == "/" ? "0" : prefix + "0";
    std::lock_guard lock(impl_->mutex);
    std::vector<int64_t> ids;
    auto st = impl_->transaction([&]() -> Status {
        auto s = impl_->prepare("DELETE FROM tracks WHERE (path >= ?1 AND path < ?2) OR path = ?3 RETURNING id",
                                "remove tracks");
        if (!s) return s.status();
        s->text(1, lo);
        s->text(2, hi);
        s->text(3, prefix);
        int rc;
        while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) ids.push_back(s->columnInt(0));
        if (rc != SQLITE_DONE) return impl_->error("remove the tracks under " + prefix, rc);
        return {};
    });
    if (!st) return st.error();
    std::sort(ids.begin(), ids.end());
    return ids;
}

Status Catalog::movePath(const std::string& oldPath, const std::string& newPath) {
    if (newPath.empty()) return makeError(ErrorCode::InvalidArgument, "A track cannot be moved to an empty path.");
    std::lock_guard lock(impl_->mutex);
    {
        auto q = impl_->prepare("SELECT 1 FROM tracks WHERE path = ?1", "look up a track");
        if (!q) return q.status();
        q->text(1, newPath);
        const int rc = sqlite3_step(q->get());
        if (rc == SQLITE_ROW && oldPath != newPath)
            return makeError(ErrorCode::InvalidArgument, "Cannot move " + oldPath + " to " + newPath +
                                                             ": the catalog already has a track there.");
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->error("look up a track", rc);
    }
    auto moving = impl_->findOne("path = ?1", oldPath, 0, false);
    if (!moving) return moving.status();
    if (!*moving)
        return makeError(ErrorCode::FileNotFound,
                         "The library catalog " + impl_->file + " has no track at " + oldPath + " to move.");
    TrackRecord moved = std::move(**moving);
    moved.path = newPath;
    auto s = impl_->prepare("UPDATE tracks SET path = ?2, row_crc = ?3 WHERE id = ?1", "move a track");
    if (!s) return s.status();
    s->integer(1, moved.id);
    s->text(2, newPath);
    s->integer(3, int64_t(schema::rowChecksum(moved)));
    return impl_->run(*s, "move a track");
}

Result<std::vector<TrackRecord>> Catalog::all(bool withEmbeddings) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare(std::string("SELECT ") + schema::kTrackColumns + (withEmbeddings ? schema::kVectorColumns : "") +
                                " FROM tracks ORDER BY id",
                            "list tracks");
    if (!s) return s.error();
    std::vector<TrackRecord> out;
    int rc;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
        auto t = impl_->readTrack(*s, withEmbeddings);
        if (!t) return t.error();
        out.push_back(std::move(t).value());
    }
    if (rc != SQLITE_DONE) return impl_->error("list tracks", rc);
    return out;
}

Result<int64_t> Catalog::count() {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT COUNT(*) FROM tracks", "count tracks");
    if (!s) return s.error();
    const int rc = sqlite3_step(s->get());
    if (rc != SQLITE_ROW) return impl_->error("count tracks", rc);
    return s->columnInt(0);
}

Status Catalog::addFolder(const std::string& path) {
    if (path.empty()) return makeError(ErrorCode::InvalidArgument, "No folder was given to add.");
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("INSERT OR IGNORE INTO folders (path, added_at_ms) VALUES (?1, ?2)", "add a folder");
    if (!s) return s.status();
    s->text(1, path);
    s->integer(2, nowMs());
    return impl_->run(*s, "add a folder");
}

Status Catalog::removeFolder(const std::string& path) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("DELETE FROM folders WHERE path = ?1", "remove a folder");
    if (!s) return s.status();
    s->text(1, path);
    return impl_->run(*s, "remove a folder");
}

Result<std::vector<std::string>> Catalog::folders() {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT path FROM folders ORDER BY path", "list folders");
    if (!s) return s.error();
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) out.push_back(s->columnText(0));
    if (rc != SQLITE_DONE) return impl_->error("list folders", rc);
    return out;
}

Result<std::vector<int64_t>> Catalog::removeByPaths(const std::vector<std::string>& paths) {
    std::lock_guard lock(impl_->mutex);
    std::vector<int64_t> ids;
    auto st = impl_->transaction([&]() -> Status {
        auto s = impl_->prepare("DELETE FROM tracks WHERE path = ?1 RETURNING id", "remove tracks");
        if (!s) return s.status();
        for (const auto& path : paths) {
            sqlite3_reset(s->get());
            s->text(1, path);
            int rc;
            while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) ids.push_back(s->columnInt(0));
            if (rc != SQLITE_DONE) return impl_->error("remove the track " + path, rc);
        }
        return {};
    });
    if (!st) return st.error();
    return ids;
}

Result<int64_t> Catalog::generation() {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT value FROM meta WHERE key = 'generation'", "read the change counter");
    if (!s) return s.error();
    const int rc = sqlite3_step(s->get());
    if (rc == SQLITE_DONE) return int64_t(0);
    if (rc != SQLITE_ROW) return impl_->error("read the change counter", rc);
    return s->columnInt(0);
}

Result<std::optional<std::string>> Catalog::meta(const std::string& key) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT value FROM meta WHERE key = ?1", "read a setting");
    if (!s) return s.error();
    s->text(1, key);
    const int rc = sqlite3_step(s->get());
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return impl_->error("read a setting", rc);
    const void* blob = sqlite3_column_blob(s->get(), 0);
    const int bytes = sqlite3_column_bytes(s->get(), 0);
    return std::optional<std::string>(std::string(static_cast<const char*>(blob), size_t(bytes)));
}

Status Catalog::setMeta(const std::string& key, const std::string& value) {
    std::lock_guard lock(impl_->mutex);
    return impl_->writeMeta(key, value);
}

Status Catalog::addGenreObservation(const std::string& queryGenre, const std::string& contentHash,
                                    const std::string& embedderKey, const std::vector<float>& rawFeatures) {
    if (rawFeatures.empty()) return makeError(ErrorCode::InvalidArgument, "A genre observation needs features.");
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("INSERT OR REPLACE INTO genre_observations (query_genre, content_hash, embedder, "
                            "raw_features) VALUES (?1, ?2, ?3, ?4)",
                            "store a genre observation");
    if (!s) return s.status();
    s->text(1, queryGenre);
    s->text(2, contentHash);
    s->text(3, embedderKey);
    s->floats(4, rawFeatures);
    return impl_->run(*s, "store a genre observation");
}

Result<std::vector<std::vector<float>>> Catalog::genreObservations(const std::string& queryGenre,
                                                                   const std::string& embedderKey) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT raw_features FROM genre_observations WHERE query_genre = ?1 AND embedder = ?2",
                            "read genre observations");
    if (!s) return s.error();
    s->text(1, queryGenre);
    s->text(2, embedderKey);
    std::vector<std::vector<float>> out;
    int rc;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
        std::vector<float> v;
        if (auto st = impl_->readFloats(*s, 0, queryGenre, v); !st) return st.error();
        out.push_back(std::move(v));
    }
    if (rc != SQLITE_DONE) return impl_->error("read genre observations", rc);
    return out;
}

Result<std::vector<std::pair<std::string, std::string>>> Catalog::genreMappings() {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT query_genre, library_genre FROM genre_map ORDER BY query_genre",
                            "list genre mappings");
    if (!s) return s.error();
    std::vector<std::pair<std::string, std::string>> out;
    int rc;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) out.emplace_back(s->columnText(0), s->columnText(1));
    if (rc != SQLITE_DONE) return impl_->error("list genre mappings", rc);
    return out;
}

Result<std::optional<std::string>> Catalog::genreMapping(const std::string& queryGenre) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("SELECT library_genre FROM genre_map WHERE query_genre = ?1", "look up a genre");
    if (!s) return s.error();
    s->text(1, queryGenre);
    const int rc = sqlite3_step(s->get());
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return impl_->error("look up a genre", rc);
    return std::optional<std::string>(s->columnText(0));
}

Status Catalog::setGenreMapping(const std::string& queryGenre, const std::string& libraryGenre) {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->prepare("INSERT INTO genre_map (query_genre, library_genre) VALUES (?1, ?2) "
                            "ON CONFLICT(query_genre) DO UPDATE SET library_genre = excluded.library_genre",
                            "store a genre mapping");
    if (!s) return s.status();
    s->text(1, queryGenre);
    s->text(2, libraryGenre);
    return impl_->run(*s, "store a genre mapping");
}

Status Catalog::clearGenreMappings() {
    std::lock_guard lock(impl_->mutex);
    return impl_->exec("DELETE FROM genre_map", "clear the genre mappings");
}

Result<Catalog::Salvage> Catalog::salvage(const std::string& catalogFile) {
    auto impl = std::make_unique<Impl>();
    impl->file = catalogFile;
    // Read-write without create: a WAL file beside it is replayed, a missing file is an error.
    const int rc = sqlite3_open_v2(catalogFile.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return impl->error("open", rc);
    sqlite3_extended_result_codes(impl->db, 1);
    // SQLite refuses a file shorter than its header says unless the schema is
    // writable; with it, the pages that are there can be read. Nothing is written.
    impl->exec("PRAGMA writable_schema=ON", "read what survives");
    Salvage out;

    if (auto s = impl->prepare("SELECT path FROM folders", "list folders")) {
        while (sqlite3_step(s->get()) == SQLITE_ROW) out.folders.push_back(s->columnText(0));
    }

    // Catalogs from before schema 3 have no checksums: read them with a NULL in its place.
    std::string columns = std::string(schema::kTrackColumns) + schema::kVectorColumns;
    if (!impl->prepare("SELECT row_crc FROM tracks LIMIT 0", "probe"))
        columns = std::string(schema::kTrackColumns) + ", raw_features, embedding, NULL";
    // A whole-table scan stops at the first damaged page. Looking rows up one id at a
    // time only needs the pages on the path to each row, so rows on intact pages are
    // kept whatever lies between them. Ids are dense (never reused after a delete
    // except at the end), so a long run of misses means the end of the table.
    auto lookup = impl->prepare("SELECT " + columns + " FROM tracks WHERE id = ?1", "look up a track");
    if (!lookup) return out;
    constexpr int64_t kMissesBeforeTheEnd = 100000;
    int64_t highestSeen = 0;
    for (int64_t id = 1; id - highestSeen <= kMissesBeforeTheEnd; ++id) {
        sqlite3_reset(lookup->get());
        lookup->integer(1, id);
        if (sqlite3_step(lookup->get()) != SQLITE_ROW) continue;  // deleted, or on a damaged page
        highestSeen = id;
        auto t = impl->readTrack(*lookup, true);
        if (!t) {
            ++out.damagedRows;
            continue;
        }
        out.tracks.push_back(std::move(t).value());
    }
    return out;
}

}  // namespace humanear::library
