#include "library/catalog_recovery.h"

#include "library/library_paths.h"

#include <QDateTime>

#include <filesystem>

namespace fs = std::filesystem;

namespace humanear::library {

Result<Catalog> rebuildDamagedCatalog(const std::string& libraryDir, const std::string& damage,
                                      std::vector<std::string>& notes) {
    const std::string file = libraryDir + "/" + Catalog::kFileName;
    const std::string stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmsszzz")).toStdString();
    const std::string aside = libraryDir + "/catalog.damaged-" + stamp + ".sqlite";
    // The WAL travels with its database: it may hold the last committed batches.
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        if (!fs::exists(file + suffix, ec)) continue;
        fs::rename(file + suffix, aside + suffix, ec);
        if (ec && *suffix == '\0')
            return makeError(ErrorCode::IoError, damage + " It could not be moved aside to rebuild it: " +
                                                     ec.message() + ".");
    }
    const LibraryFiles derived{libraryDir};
    for (const std::string& path : {derived.index(), derived.centroids()}) {
        std::error_code ec;
        fs::remove(path, ec);
    }

    Catalog::Salvage salvage;
    if (auto read = Catalog::salvage(aside)) salvage = std::move(*read);
    auto fresh = Catalog::open(libraryDir);
    if (!fresh) return fresh.error();
    for (const auto& folder : salvage.folders)
        if (auto st = fresh->addFolder(folder); !st) return st.error();
    if (!salvage.tracks.empty())
        if (auto ids = fresh->upsertBatch(salvage.tracks); !ids) return ids.error();

    std::string note = damage + " It was moved to " + aside + " and a new catalog was built from what could be read: " +
                       std::to_string(salvage.tracks.size()) + " tracks and " +
                       std::to_string(salvage.folders.size()) + " folders";
    if (salvage.damagedRows > 0) note += " (" + std::to_string(salvage.damagedRows) + " damaged entries left out)";
    note += salvage.folders.empty() ? ". Add your music folders again to index the rest."
                                    : ". Rescan the library to index what was lost.";
    notes.push_back(std::move(note));
    return fresh;
}

}  // namespace humanear::library
