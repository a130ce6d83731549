// Measures how well the descriptor embedding groups a library: every track under
// ROOT is embedded, and each one's 10 nearest neighbours (cosine over normalised
// embeddings, itself left out) are scored by the share from the same first-level
// sub-folder (one soundtrack each in data/human-debian).
//
//   measure_descriptor_recs [ROOT] [--cache FILE] [--importance w1,w2,...] [--dump-windows FILE]
//                           [--windows-cache FILE]
//
// --cache keeps the raw descriptors between runs so that weighting variants can
// be compared without decoding again (delete it after changing the descriptors).
// --dump-windows writes every track's per-window descriptors (for offline study).
// --windows-cache keeps every track's per-window descriptors between runs (the
// whitened figures and the cheaper-sampling variants need them).
// --importance adds a variant with those per-group weights (DescriptorEmbedder::groups() order).
#include "similarity/descriptor_embedder.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using humanear::models::DescriptorEmbedder;

namespace {

struct Track {
    std::string path, label;
    std::vector<float> raw;
    std::vector<std::vector<float>> windows;
};

bool loadCache(const std::string& file, std::vector<Track>& tracks) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::map<std::string, std::vector<float>> byPath;
    std::string path;
    int dim = 0;
    while (std::getline(in, path) && in.read(reinterpret_cast<char*>(&dim), sizeof dim)) {
        std::vector<float> v(size_t(std::max(dim, 0)));
        in.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
        in.ignore(1);
        byPath[path] = v;
    }
    for (auto& t : tracks) {
        auto it = byPath.find(t.path);
        if (it == byPath.end() || int(it->second.size()) != DescriptorEmbedder::dimension()) return false;
        t.raw = it->second;
    }
    return true;
}

void saveCache(const std::string& file, const std::vector<Track>& tracks) {
    std::ofstream out(file, std::ios::binary);
    for (const auto& t : tracks) {
        const int dim = int(t.raw.size());
        out << t.path << '\n';
        out.write(reinterpret_cast<const char*>(&dim), sizeof dim);
        out.write(reinterpret_cast<const char*>(t.raw.data()), std::streamsize(t.raw.size() * sizeof(float)));
        out << '\n';
    }
}

// Per-window descriptors: a name line (the path, or the label for --dump-windows),
// then window count, dimension and the windows' floats, per track.
void saveWindows(const std::string& file, const std::vector<Track>& tracks, std::string Track::*name = &Track::path) {
    std::ofstream out(file, std::ios::binary);
    for (const auto& t : tracks) {
        const int n = int(t.windows.size()), dim = DescriptorEmbedder::dimension();
        out << t.*name << '\n';
        out.write(reinterpret_cast<const char*>(&n), sizeof n);
        out.write(reinterpret_cast<const char*>(&dim), sizeof dim);
        for (const auto& w : t.windows) out.write(reinterpret_cast<const char*>(w.data()), std::streamsize(dim * sizeof(float)));
    }
}

// The raw vector of a track: its windows' mean, as the embedder pools them.
std::vector<float> meanOfWindows(const std::vector<std::vector<float>>& windows) {
    std::vector<float> raw(size_t(DescriptorEmbedder::dimension()), 0.f);
    for (const auto& w : windows)
        for (size_t d = 0; d < w.size(); ++d) raw[d] += w[d] / float(windows.size());
    return raw;
}

// Fills tracks' windows (and their mean, the raw vector) from the file; tracks it
// does not hold (they failed when it was written) are dropped.
bool loadWindows(const std::string& file, std::vector<Track>& tracks) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::map<std::string, std::vector<std::vector<float>>> byPath;
    std::string path;
    int n = 0, dim = 0;
    while (std::getline(in, path) && in.read(reinterpret_cast<char*>(&n), sizeof n) &&
           in.read(reinterpret_cast<char*>(&dim), sizeof dim)) {
        if (dim != DescriptorEmbedder::dimension() || n < 0) return false;
        auto& windows = byPath[path];
        windows.assign(size_t(n), std::vector<float>(size_t(dim)));
        for (auto& w : windows) in.read(reinterpret_cast<char*>(w.data()), std::streamsize(dim * sizeof(float)));
    }
    for (auto& t : tracks) {
        auto it = byPath.find(t.path);
        if (it == byPath.end()) continue;
        t.windows = it->second;
        t.raw = meanOfWindows(t.windows);
    }
    tracks.erase(std::remove_if(tracks.begin(), tracks.end(), [](const Track& t) { return t.windows.empty(); }),
                 tracks.end());
    return true;
}

// What the library would hold with less work per track, derived from its windows:
// only every `windowEvery`-th window described at all, and musicnn run on every
// `musicnnEvery`-th of those, the windows between carrying the last one's musicnn
// values.
std::vector<Track> sampledLess(const std::vector<Track>& tracks, int windowEvery, int musicnnEvery) {
    const auto& groups = DescriptorEmbedder::groups();
    const auto musicnn = std::find_if(groups.begin(), groups.end(),
                                      [](const auto& g) { return std::string(g.name) == "musicnn"; });
    std::vector<Track> out;
    for (const auto& t : tracks) {
        Track s{t.path, t.label, {}, {}};
        for (size_t w = 0; w < t.windows.size(); w += size_t(windowEvery)) s.windows.push_back(t.windows[w]);
        for (size_t w = 0; w < s.windows.size(); ++w) {
            const size_t from = w - w % size_t(musicnnEvery);
            for (int i = musicnn->offset; i < musicnn->offset + musicnn->size; ++i)
                s.windows[w][size_t(i)] = s.windows[from][size_t(i)];
        }
        s.raw = meanOfWindows(s.windows);
        out.push_back(std::move(s));
    }
    return out;
}

struct Score {
    double precision = 0, meanTopCosine = 0;
    std::map<std::string, double> perLabel;
};

void printScore(const std::string& name, const Score& s) {
    std::printf("%-36s precision@10 %.3f  mean top-10 cosine %.3f  |", name.c_str(), s.precision, s.meanTopCosine);
    for (const auto& [label, p] : s.perLabel) std::printf(" %s %.2f", label.c_str(), p);
    std::printf("\n");
}

Score evaluate(const std::vector<Track>& tracks, const std::vector<float>& importance,
               const humanear::models::WithinTrackSpread* spread = nullptr, int k = 10) {
    std::vector<std::vector<float>> raws;
    for (const auto& t : tracks) raws.push_back(t.raw);
    const auto norm = DescriptorEmbedder::Normaliser::fit(raws, importance, spread);
    std::vector<std::vector<float>> emb;
    for (const auto& r : raws) emb.push_back(norm.apply(r));
    Score s;
    std::map<std::string, int> counts;
    for (size_t i = 0; i < emb.size(); ++i) {
        std::vector<std::pair<double, size_t>> sims;
        for (size_t j = 0; j < emb.size(); ++j) {
            if (i == j) continue;
            double c = 0;
            for (size_t d = 0; d < emb[i].size(); ++d) c += double(emb[i][d]) * emb[j][d];
            sims.push_back({c, j});
        }
        const int top = std::min<int>(k, int(sims.size()));
        std::partial_sort(sims.begin(), sims.begin() + top, sims.end(), std::greater<>());
        int same = 0;
        double cosSum = 0;
        for (int n = 0; n < top; ++n) {
            same += tracks[sims[size_t(n)].second].label == tracks[i].label;
            cosSum += sims[size_t(n)].first;
        }
        const double p = top ? double(same) / top : 0;
        s.precision += p;
        s.meanTopCosine += top ? cosSum / top : 0;
        s.perLabel[tracks[i].label] += p;
        counts[tracks[i].label]++;
    }
    s.precision /= double(std::max<size_t>(1, emb.size()));
    s.meanTopCosine /= double(std::max<size_t>(1, emb.size()));
    for (auto& [label, p] : s.perLabel) p /= counts[label];
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::string root, cache, dumpWindows, windowsCache;
    std::vector<std::vector<float>> extraImportance;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--cache" && i + 1 < argc) cache = argv[++i];
        else if (a == "--dump-windows" && i + 1 < argc) dumpWindows = argv[++i];
        else if (a == "--windows-cache" && i + 1 < argc) windowsCache = argv[++i];
        else if (a == "--importance" && i + 1 < argc) {
            std::vector<float> w;
            for (char* p = argv[++i]; *p;) {
                char* end = nullptr;
                w.push_back(std::strtof(p, &end));
                if (end == p) break;
                p = *end == ',' ? end + 1 : end;
            }
            extraImportance.push_back(w);
        }
        else root = a;
    }
    const char* src = std::getenv("HUMANEAR_SOURCE_DIR");
    const std::string checkout = src ? src : HUMANEAR_SOURCE_DIR_DEFAULT;
    if (root.empty()) root = checkout + "/data/human-debian";
    // A tool run from the build tree, without a QCoreApplication: musicnn's weights
    // are in the checkout's models/ unless the caller says otherwise.
    setenv("HUMANEAR_MODELS_DIR", (checkout + "/models").c_str(), 0);
    if (!fs::is_directory(root)) {
        std::fprintf(stderr, "No library at %s (run packaging/fetch-demo-music.sh).\n", root.c_str());
        return 2;
    }

    static const std::set<std::string> kAudio{".ogg", ".opus", ".mp3", ".flac", ".wav", ".m4a", ".aiff", ".aif"};
    std::vector<Track> tracks;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (!kAudio.count(ext)) continue;
        // lexically: a library of links (make-mixed-library.sh) keeps its own folders
        const fs::path rel = e.path().lexically_relative(root);
        if (rel.begin() == rel.end() || std::next(rel.begin()) == rel.end()) continue;  // no soundtrack folder
        tracks.push_back({e.path().string(), rel.begin()->string(), {}});
    }
    std::sort(tracks.begin(), tracks.end(), [](const Track& a, const Track& b) { return a.path < b.path; });

    const bool fromWindowsCache = !windowsCache.empty() && loadWindows(windowsCache, tracks);
    if (fromWindowsCache) std::printf("%zu tracks from %s\n", tracks.size(), windowsCache.c_str());
    else if (!dumpWindows.empty() || !windowsCache.empty() || cache.empty() || !loadCache(cache, tracks)) {
        DescriptorEmbedder embedder;
        std::atomic<size_t> next{0};
        std::atomic<int> failed{0};
        const auto started = std::chrono::steady_clock::now();
        auto work = [&] {
            for (size_t i; (i = next++) < tracks.size();) {
                auto r = embedder.describe(tracks[i].path);
                if (r) {
                    tracks[i].raw = std::move(r->raw);
                    tracks[i].windows = std::move(r->windows);
                }
                else {
                    std::fprintf(stderr, "skipped %s: %s\n", tracks[i].path.c_str(), r.error().message.c_str());
                    ++failed;
                }
            }
        };
        const unsigned threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
        for (auto& t : pool) t.join();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("embedded %zu tracks in %.1f s on %u threads (%d failed)\n", tracks.size(), secs, threads,
                    failed.load());
        tracks.erase(std::remove_if(tracks.begin(), tracks.end(), [](const Track& t) { return t.raw.empty(); }),
                     tracks.end());
        if (!cache.empty()) saveCache(cache, tracks);
        if (!windowsCache.empty()) saveWindows(windowsCache, tracks);
    }
    if (!dumpWindows.empty()) saveWindows(dumpWindows, tracks, &Track::label);

    std::map<std::string, int> perLabel;
    for (const auto& t : tracks) perLabel[t.label]++;
    double chance = 0;
    for (const auto& [label, n] : perLabel) chance += double(n) * (n - 1) / double(tracks.size() - 1);
    chance /= double(tracks.size());
    std::printf("%zu tracks in %zu soundtracks; chance precision@10 %.3f\n", tracks.size(), perLabel.size(), chance);

    const auto& groups = DescriptorEmbedder::groups();
    struct Variant {
        std::string name;
        std::vector<float> importance;  // empty: per-dimension z-scores, no group weighting
    };
    std::vector<Variant> variants{{"default", DescriptorEmbedder::Normaliser::defaultImportance()}};
    // Version 1's weights (harmony and loudness halved), tuned with these labels.
    {
        std::vector<float> v1(groups.size(), 1.f);
        for (size_t g = 0; g < groups.size(); ++g)
            if (std::string(groups[g].name) == "harmony" || std::string(groups[g].name) == "loudness") v1[g] = 0.5f;
        variants.push_back({"v1-weights (label-tuned)", v1});
    }
    // Without the stereo groups, to show what they add.
    {
        std::vector<float> noStereo(groups.size(), 1.f);
        for (size_t g = 0; g < groups.size(); ++g)
            if (std::string(groups[g].name).rfind("stereo", 0) == 0) noStereo[g] = 0.f;
        variants.push_back({"no-stereo", noStereo});
    }
    // Plain z-scores: every dimension counts the same, so big groups dominate.
    {
        std::vector<float> plain;
        for (const auto& g : groups) plain.push_back(std::sqrt(float(g.size)));
        variants.push_back({"plain-zscore", plain});
    }
    for (const auto& w : extraImportance) {
        std::string name = "custom";
        for (float x : w) name += " " + std::to_string(x).substr(0, 4);
        variants.push_back({name, w});
    }
    // Each group alone, to see which carry the signal.
    for (size_t g = 0; g < groups.size(); ++g) {
        std::vector<float> only(groups.size(), 0.f);
        only[g] = 1.f;
        variants.push_back({std::string("only-") + groups[g].name, only});
    }
    // The library's default: whitened by the within-track spread (no labels used).
    auto printWhitened = [&](const char* name, const std::vector<Track>& set) {
        humanear::models::WithinTrackSpread spread(DescriptorEmbedder::dimension());
        for (const auto& t : set) spread.addTrack(t.windows);
        printScore(name, evaluate(set, {}, &spread));
    };
    const bool haveWindows = std::any_of(tracks.begin(), tracks.end(), [](const Track& t) { return !t.windows.empty(); });
    if (haveWindows) {
        printWhitened("within-track whitened (library)", tracks);
        // The same with some groups zeroed in every window (a constant dimension adds
        // nothing after whitening): what the signal descriptors and musicnn give alone.
        auto whitenedWith = [&](const char* name, bool keepMusicnn, bool keepSignal) {
            std::vector<Track> kept = tracks;
            for (auto& t : kept)
                for (const auto& g : groups) {
                    const bool isMusicnn = std::string(g.name) == "musicnn";
                    if (isMusicnn ? keepMusicnn : keepSignal) continue;
                    for (int i = g.offset; i < g.offset + g.size; ++i) {
                        t.raw[size_t(i)] = 0.f;
                        for (auto& w : t.windows) w[size_t(i)] = 0.f;
                    }
                }
            printWhitened(name, kept);
        };
        whitenedWith("whitened, without musicnn (v3)", false, true);
        whitenedWith("whitened, musicnn alone", true, false);
        // Less work per track (musicnn is most of the embedder's time).
        printWhitened("whitened, musicnn on every 2nd window", sampledLess(tracks, 1, 2));
        printWhitened("whitened, musicnn on every 3rd window", sampledLess(tracks, 1, 3));
        printWhitened("whitened, every 2nd window only", sampledLess(tracks, 2, 1));
    } else {
        std::printf("(no per-window descriptors from the cache: run without --cache for the whitened figure)\n");
    }
    for (const auto& v : variants) printScore(v.name, evaluate(tracks, v.importance));
    return 0;
}
