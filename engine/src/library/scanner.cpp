#include "library/scanner.h"
#include "io/sha256.h"

#include "humanear/audio_files.h"

#include "library/library_paths.h"
#include "models/model_registry.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace humanear::library {

namespace {

int64_t mtimeMsOf(const fs::directory_entry& e, std::error_code& ec) {
    const auto t = e.last_write_time(ec);
    if (ec) return 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::vector<FileOnDisk> statAudioFiles(const std::string& folder, std::vector<Error>* problems) {
    std::vector<std::string> unreadable;
    const std::vector<std::string> paths = humanear::listAudioFiles(folder, &unreadable);
    if (problems)
        for (const auto& what : unreadable) problems->push_back(makeError(ErrorCode::IoError, what));
    std::vector<FileOnDisk> files;
    files.reserve(paths.size());
    for (const std::string& path : paths) {
        std::error_code ec;
        const fs::directory_entry e(path, ec);
        FileOnDisk f;
        f.path = path;
        if (!ec) f.size = int64_t(e.file_size(ec));
        if (!ec) f.mtimeMs = mtimeMsOf(e, ec);
        if (ec) {
            if (problems)
                problems->push_back(makeError(ErrorCode::IoError, "Could not read the file " + path + ": " +
                                                                      ec.message() + "."));
            continue;
        }
        files.push_back(std::move(f));
    }
    return files;
}

ScanPlan planScan(const std::vector<std::string>& folders, const std::vector<TrackRecord>& catalogTracks,
                  const std::string& currentEmbedder) {
    ScanPlan plan;
    std::vector<FileOnDisk> onDisk;
    std::set<std::string> seen;
    for (const auto& folder : folders)
        for (auto& f : statAudioFiles(folder, &plan.problems))
            if (seen.insert(f.path).second) onDisk.push_back(std::move(f));
    plan.found = int64_t(onDisk.size());

    std::unordered_map<std::string, const TrackRecord*> byPath;
    for (const auto& t : catalogTracks) byPath[t.path] = &t;

    // Catalog tracks whose file is gone: removed when under a scanned folder,
    // and in any case the possible origins of moved files.
    std::unordered_multimap<std::string, const TrackRecord*> goneByHash;
    std::unordered_set<std::string> goneUnderScan;
    for (const auto& t : catalogTracks) {
        if (seen.count(t.path)) continue;
        const bool underScan = std::any_of(folders.begin(), folders.end(),
                                           [&](const std::string& f) { return isUnderFolder(t.path, f); });
        std::error_code ec;
        if (!underScan && fs::exists(t.path, ec)) continue;
        if (underScan) goneUnderScan.insert(t.path);
        if (!t.contentHash.empty()) goneByHash.emplace(t.contentHash, &t);
    }

    std::vector<FileOnDisk> fresh;
    for (auto& f : onDisk) {
        auto it = byPath.find(f.path);
        if (it == byPath.end()) {
            fresh.push_back(std::move(f));
            continue;
        }
        const TrackRecord& t = *it->second;
        const bool sameFile = t.size == f.size && t.mtimeMs == f.mtimeMs;
        const bool current = t.embedderId + "/" + t.embedderVersion == currentEmbedder;
        if (sameFile && current)
            ++plan.unchanged;
        else
            plan.updated.push_back(std::move(f));
    }

    // Only hash new files when something disappeared that they could be.
    std::set<std::string> claimed;
    for (auto& f : fresh) {
        if (!goneByHash.empty()) {
            auto hash = io::sha256OfFile(f.path);
            if (hash) {
                f.contentHash = *hash;
                auto [lo, hi] = goneByHash.equal_range(f.contentHash);
                const TrackRecord* origin = nullptr;
                for (auto i = lo; i != hi; ++i)
                    if (!claimed.count(i->second->path)) {
                        origin = i->second;
                        break;
                    }
                if (origin) {
                    claimed.insert(origin->path);
                    goneUnderScan.erase(origin->path);
                    const bool current = origin->embedderId + "/" + origin->embedderVersion == currentEmbedder;
                    plan.moved.push_back({origin->path, f.path, !current});
                    continue;
                }
            }
        }
        plan.added.push_back(std::move(f));
    }
    plan.removed.assign(goneUnderScan.begin(), goneUnderScan.end());
    std::sort(plan.removed.begin(), plan.removed.end());
    return plan;
}

}  // namespace humanear::library
