#pragma once
// Genre-centroid cache: the mean embedding of each library genre (unit length;
// canonical genres, library/genre_taxonomy.h), with which a query without a
// known genre is mapped by its sound.
// Persisted as centroids.bin (checked, atomic) together with the stamp that
// ties it to one catalog generation and one index.faiss file.
#include "humanear/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace humanear::library {

struct GenreCentroid {
    std::string genre;
    int64_t tracks = 0;
    std::vector<float> centroid;  // unit length
};

// What the derived files were built from. A pair whose stamp disagrees with
// the catalog or the index file on disk is rebuilt.
struct DerivedStamp {
    int64_t catalogGeneration = -1;
    uint32_t indexPayloadCrc = 0;
    uint64_t indexPayloadSize = 0;
    std::string embedderKey;
};

class GenreCentroids {
public:
    // Tracks with an empty genre or embedding are left out.
    void add(const std::string& genre, const std::vector<float>& embedding);
    // Turns the running sums into unit centroids; call once after the adds.
    void finish();

    const std::vector<GenreCentroid>& all() const { return centroids_; }
    bool empty() const { return centroids_.empty(); }
    const GenreCentroid* find(const std::string& genre) const;
    // The genre whose centroid is closest (cosine) to v; nullptr when there are none.
    // `excluded` is skipped (leave-one-out evaluation).
    const GenreCentroid* nearest(const std::vector<float>& v, const std::string& excluded = {}) const;

    Status save(const std::string& path, const DerivedStamp& stamp) const;
    static Result<GenreCentroids> load(const std::string& path, DerivedStamp* stamp);

private:
    std::map<std::string, std::pair<int64_t, std::vector<double>>> sums_;
    std::vector<GenreCentroid> centroids_;
};

// Genre names compare like this: trimmed, lower-case ASCII.
std::string genreKey(const std::string& genre);

}  // namespace humanear::library
