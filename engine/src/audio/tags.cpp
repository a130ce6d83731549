#include "audio/tags.h"

#include <taglib/fileref.h>
#include <taglib/tag.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <system_error>

namespace fs = std::filesystem;

namespace humanear::audio {
namespace {

std::string trim(std::string s) {
    auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string tagString(const TagLib::String& s) { return trim(s.toCString(true)); }

// Folders that organise a disk rather than name an artist: a file in
// ~/Music/Album/ must not be credited to "Music".
bool isGenericFolder(const std::string& name) {
    static const char* const kGeneric[] = {"",          "music",   "musik",     "musique", "audio",   "songs",
                                           "downloads", "home",    "media",     "mnt",     "tmp",     "users",
                                           "data",      "library", "itunes",    "itunes media",
                                           "various artists", "compilations", "unknown artist", "desktop",
                                           "albums",    "soundtracks", "ost", "cds", "singles", "tracks",
                                           "mp3",       "flac",    "ogg"};
    const std::string l = lower(name);
    return std::any_of(std::begin(kGeneric), std::end(kGeneric), [&](const char* g) { return l == g; });
}

std::string firstLineOf(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    // A UTF-8 BOM written by Windows editors is not part of the genre.
    if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    return trim(line);
}

std::string genreFromFolders(const fs::path& file) {
    fs::path dir = file.parent_path();
    for (int level = 0; level <= 4 && !dir.empty(); ++level) {
        std::error_code ec;
        const fs::path candidate = dir / "genre.txt";
        if (fs::is_regular_file(candidate, ec)) {
            std::string g = firstLineOf(candidate);
            if (!g.empty()) return g;
        }
        const fs::path up = dir.parent_path();
        if (up == dir) break;  // reached the root
        dir = up;
    }
    return {};
}

}  // namespace

std::string titleFromFileName(const std::string& path) {
    std::string stem = fs::path(path).stem().string();
    // A leading track number, optionally with a disc number: "03 - Song",
    // "03. Song", "3_Song", "1-03 Song", "03 Song". A bare number followed by a
    // space is kept unless zero-padded, so "99 Luftballons" stays whole.
    static const std::regex kTrackPrefix(R"(^\s*(\d{1,2}[-.])?(\d{1,3}\s*[-._]+\s*|0\d\s+))");
    std::smatch m;
    if (std::regex_search(stem, m, kTrackPrefix) && m.length(0) < static_cast<long>(stem.size()))
        stem = stem.substr(static_cast<size_t>(m.length(0)));
    for (char& c : stem)
        if (c == '_' || c == '-') c = ' ';
    // Collapse the runs of spaces that " - " leaves behind.
    std::string out;
    for (char c : stem) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out.push_back(c);
    }
    out = trim(out);
    return out.empty() ? fs::path(path).filename().string() : out;
}

TrackTags readTags(const std::string& path) {
    TrackTags tags;
    {
        // Audio properties are not needed and cost a scan of some formats.
        TagLib::FileRef ref(path.c_str(), false);
        if (!ref.isNull() && ref.tag() != nullptr) {
            const TagLib::Tag* t = ref.tag();
            tags.title = tagString(t->title());
            tags.artist = tagString(t->artist());
            tags.album = tagString(t->album());
            tags.genre = tagString(t->genre());
            tags.year = static_cast<int>(t->year());
            tags.trackNumber = static_cast<int>(t->track());
        }
    }

    const fs::path file(path);
    const fs::path parent = file.parent_path();
    const std::string parentName = parent.filename().string();
    if (tags.title.empty()) tags.title = titleFromFileName(path);
    if (tags.album.empty() && !isGenericFolder(parentName) && parent != parent.root_path())
        tags.album = parentName;
    // A genre.txt beside the track marks a soundtrack folder of the demo-music
    // layout (collection/soundtrack/track): the folder above is no artist.
    std::error_code ec;
    const bool soundtrackFolder = fs::is_regular_file(parent / "genre.txt", ec);
    if (tags.artist.empty() && !isGenericFolder(parentName) && !soundtrackFolder) {
        const fs::path grand = parent.parent_path();
        const std::string grandName = grand.filename().string();
        if (!grand.empty() && grand != grand.root_path() && !isGenericFolder(grandName)) tags.artist = grandName;
    }
    if (tags.genre.empty()) tags.genre = genreFromFolders(file);
    return tags;
}

}  // namespace humanear::audio
