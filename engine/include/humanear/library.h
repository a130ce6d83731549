#pragma once
// The human-music library that recommendations come from: folders of the
// user's music, scanned into a catalog (SQLite), embedded, and searched with a
// FAISS index kept beside it. Value types in and out; errors as values.
//
// On disk, in LibrarySettings::directory:
//   catalog.sqlite   source of truth (tracks, tags, hashes, embeddings, folders)
//   index.faiss      vectors of the embedded tracks (atomic, checksummed)
//   centroids.bin    genre centroids (atomic, checksummed)
// The index and centroids are derived: when missing, damaged or out of step
// with the catalog they are rebuilt from it (with a note in the report).
//
// Thread-safety: one Library may be used from several threads; mutating calls
// (add/remove/rescan) are serialised. Scans embed tracks on the engine's
// worker pool and report progress at a bounded rate.
#include "humanear/cancel.h"
#include "humanear/result.h"
#include "humanear/settings.h"  // kDefaultEmbedder

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace humanear {

class Engine;

// The embedders a library can be indexed with; LibrarySettings::embedder takes the id.
struct EmbedderInfo {
    const char* id;      // "descriptors", "descriptors-fast", "openl3"
    const char* label;   // English; the app shows it translated (context "Embedders")
    bool needsWeights;   // its weights are not built in (models/fetch_openl3.sh installs them)
};
// In the order a user should consider them: the default first.
const std::vector<EmbedderInfo>& availableEmbedders();
// "descriptors (built in, default), descriptors-fast (...), openl3 (needs its weights)":
// for help texts and error messages.
std::string describeEmbedders();

struct LibrarySettings {
    // Empty = the user's data directory (QStandardPaths::AppDataLocation + "/library").
    std::string directory;
    // One of availableEmbedders()' ids.
    std::string embedder = kDefaultEmbedder;
    // Exact inner-product search below this many tracks, an inverted-file (IVF) index from there on.
    int64_t approximateThreshold = 50000;
    // OpenL3 only: seconds between embedded frames (0.1 as the research prototype; coarser is faster).
    double openl3HopSeconds = 0.1;
};

// The default library directory (creates nothing).
std::string defaultLibraryDirectory();

struct LibraryTrack {
    int64_t id = 0;
    std::string path;
    std::string title, artist, album;
    std::string genre;           // the tag as the file spells it (for display)
    std::string canonicalGenre;  // the genre family it names (library/genre_taxonomy.h); empty: none
    double durationSeconds = 0;
    // Where a preview should start: a representative, non-silent moment.
    double previewStartSeconds = 0;
};

struct GenreCount {
    std::string genre;
    int64_t tracks = 0;
};

struct LibraryStatus {
    std::string directory;
    std::vector<std::string> folders;
    int64_t tracks = 0;    // in the catalog
    int64_t embedded = 0;  // with an embedding from the current embedder (searchable)
    std::string embedderId, embedderVersion;
    std::string indexKind;  // "exact" or "ivf" (or "hnsw" for an index built by an earlier version)
    std::vector<GenreCount> genres;
    // Tracks embedded by another embedder or version: a rescan re-indexes them.
    int64_t stale = 0;
};

// What a scan did. Failed files do not stop it; each has its own message.
struct ScanReport {
    int64_t found = 0;  // audio files seen
    int64_t added = 0, updated = 0, moved = 0, removed = 0, unchanged = 0;
    std::vector<Error> failures;  // one per file that could not be added, naming it
    std::vector<std::string> notes;  // e.g. "index rebuilt from the catalog"
    bool cancelled = false;
};

struct ScanProgress {
    int64_t done = 0;
    int64_t total = 0;
    std::string currentPath;
};
// Called on the scanning thread at most every EngineSettings::progressIntervalMs, and once at the end.
using ScanProgressCallback = std::function<void(const ScanProgress&)>;

// Why a recommendation is like the query, as stable keys (the app translates
// them; recommendationReasonText gives the English words):
//   "same-genre"        same canonical genre as the query's (its tag, else its sound)
//   "tempo"             tempo within 6 % (descriptors' rhythm group, its BPM value)
//   "timbre", "brightness", "harmony", "rhythm", "loudness", "timbre-movement",
//   "stereo", "musicnn" closer in that aspect of the descriptors than 3 in 4
//                       pairs of library tracks (see library/recommendation_reasons.h)
//   "overall"           close as a whole, no single aspect stands out (or the
//                       embedder has no aspects, e.g. OpenL3)
struct Recommendation {
    LibraryTrack track;
    // Cosine in [-1, 1] to the query as ranked: moved toward its nearest tracks
    // when RecommendOptions::queryExpansion is on.
    double similarity = 0;
    // What orders the list and what is shown: similarity plus
    // RecommendOptions::genreBonus when the track is in the query's genre.
    double score = 0;
    bool sameGenre = false;
    std::vector<std::string> reasons;  // keys as above, strongest first
};

// "same genre · similar tempo · similar timbre"
std::string recommendationReasonText(const std::vector<std::string>& reasons);
std::string recommendationReasonText(const std::string& reasonKey);

struct RecommendationList {
    std::string queryGenre;   // from the query's tags; may be empty
    // The canonical genre the query is treated as being in (it earns the genre
    // bonus); empty when the library has no genres.
    std::string mappedGenre;
    // How the genre was chosen: "tag" (its tag names a genre the library has),
    // "nearest-centroid" (a tag the taxonomy does not know, or a genre the
    // library lacks), "embedding" (no tag, or one such as "Other") or "none"
    // (library has no genres).
    std::string mappingReason;
    // Ordered by score, best first; at most k, <= maxPerArtist per artist, every
    // similarity above RecommendOptions::minSimilarity, never the query.
    std::vector<Recommendation> items;
    std::string embedderId;
    // Why the list is shorter than asked for (empty when it is not), e.g.
    // "Only 3 tracks are close enough (similarity above 0.10)."
    std::string note;
    double minSimilarity = 0;  // the floor the list was cut at
    // What the app needs to say the same in the user's language.
    int requested = 0;             // RecommendOptions::k
    int maxPerArtist = 0;          // RecommendOptions::maxPerArtist
    bool cutByArtist = false;      // a close enough track was left out by that cap
};

struct RecommendOptions {
    int k = 10;
    int maxPerArtist = 2;
    int candidates = 100;  // nearest neighbours fetched before ranking (widened as needed)
    // Nearest tracks averaged into the query before the search that ranks
    // (average query expansion; 0: search with the query as it is).
    int queryExpansion = 3;
    // Nothing at or below this similarity is offered as "like this one".
    double minSimilarity = 0.10;
    // Added to the similarity of tracks in the query's genre: genre is a
    // preference, not a partition. 0.10 was chosen on the mixed library of
    // docs/recommendations.md ("Ranking on real libraries"), not on the demo one.
    double genreBonus = 0.10;
};

class Library {
public:
    // Opens (creating when missing) the library; the engine supplies the worker
    // pool and models and must outlive the Library.
    static Result<Library> open(const Engine& engine, LibrarySettings settings = {});

    Library(Library&&) noexcept;
    Library& operator=(Library&&) noexcept;
    ~Library();

    const LibrarySettings& settings() const;
    const std::string& directory() const;
    // What open() found and repaired (a damaged catalog moved aside and rebuilt, the
    // index rebuilt), to show the user; the first scan report repeats them.
    const std::vector<std::string>& openingNotes() const;

    // Scans embed on the engine's workers. `cancel` stops them between files; while
    // it is paused (CancelToken::setPaused) no further file is handed to the workers.
    Result<ScanReport> addFolder(const std::string& folder, const ScanProgressCallback& progress = {},
                                 const CancelToken& cancel = {});
    Result<ScanReport> removeFolder(const std::string& folder);
    // Re-checks every added folder: new, changed, moved and deleted files.
    Result<ScanReport> rescan(const ScanProgressCallback& progress = {}, const CancelToken& cancel = {});

    Result<LibraryStatus> status();
    Result<std::vector<LibraryTrack>> tracks();

    // Top-k human tracks for an audio file (never the file itself). Sees this
    // Library's scans at once, and tracks another process (or another Library on
    // the same folder) added once that writer has stored its index.
    Result<RecommendationList> recommend(const std::string& path, const RecommendOptions& options = {},
                                         const CancelToken& cancel = {});

private:
    friend struct LibraryInternals;  // engine/src/library/library_internals.h: the lab's evaluation
    struct Impl;
    explicit Library(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace humanear
