#pragma once
// Track metadata for the library view and the recommendations: TagLib's tags,
// with fallbacks from the folder layout so that untagged rips still read well.
#include <string>

namespace humanear::audio {

struct TrackTags {
    std::string title, artist, album, genre;  // UTF-8
    int year = 0;
    int trackNumber = 0;
};

// Never fails: a corrupt, missing or untagged file gets the fallbacks only.
// title:  tag, else the file name without extension, "_"/"-" as spaces and a
//         leading track number ("03 - ", "03. ", "03_") removed.
// album:  tag, else the parent folder's name.
// artist: tag, else the grand-parent folder's name when the layout looks like
//         Artist/Album/track (both folders exist and are not the filesystem root).
// genre:  tag, else the first line of a genre.txt in the file's folder or one of
//         its ancestors up to 4 levels up.
TrackTags readTags(const std::string& path);

// The title fallback on its own (exposed for tests).
std::string titleFromFileName(const std::string& path);

}  // namespace humanear::audio
