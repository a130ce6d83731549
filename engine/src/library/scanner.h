#pragma once
// What changed on disk since the catalog last looked: the audio files under the
// scanned folders compared with the catalog's records by size and mtime, moves
// recognised by content hash. Pure planning: nothing is decoded or written.
#include "humanear/result.h"
#include "library/catalog.h"

#include <cstdint>
#include <string>
#include <vector>

namespace humanear::library {

struct FileOnDisk {
    std::string path;
    int64_t size = 0;
    int64_t mtimeMs = 0;
    std::string contentHash;  // filled when planning had to hash the file
};

// humanear::listAudioFiles (the one rule, symlinks included) with each file's
// size and modification time; sorted by path. Unreadable folders and files are
// reported in `problems` and skipped.
std::vector<FileOnDisk> statAudioFiles(const std::string& folder, std::vector<Error>* problems);

struct ScanPlan {
    int64_t found = 0;
    int64_t unchanged = 0;
    std::vector<FileOnDisk> added;    // new to the catalog: embed
    std::vector<FileOnDisk> updated;  // changed on disk or embedded by another embedder: embed again
    struct Move {
        std::string from, to;
        bool reembed = false;  // its embedding is from another embedder
    };
    std::vector<Move> moved;
    std::vector<std::string> removed;  // catalog paths under the scanned folders that are gone
    std::vector<Error> problems;       // folders that could not be read, hashing failures
};

// `currentEmbedder` is "id/version"; records with another key count as changed.
ScanPlan planScan(const std::vector<std::string>& folders, const std::vector<TrackRecord>& catalogTracks,
                  const std::string& currentEmbedder);

}  // namespace humanear::library
