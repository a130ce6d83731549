#pragma once
// Canonical genres (issue 16): the genre tags real files carry ("Hip-Hop",
// "hiphop", "Death Metal", "reggaeton, latin", "chansonfrancaise",
// "Unclassifiable", ...) folded into a small taxonomy of top-level families,
// close to the ID3 / Discogs ones, so that tracks tagged "Hip-Hop" and "rap"
// count as one genre. The raw tag is kept for display; recommendations and
// their evaluation compare canonical genres.
//
// The taxonomy (canonical names, as shown):
//   Rock, Metal, Pop, Electronic, Hip-hop, R&B / soul, Jazz, Blues, Country,
//   Folk, Classical, Latin, Reggae, World, Soundtrack, Ambient, Chanson,
//   Experimental
// A tag resolves as follows (letters are compared without case, accents,
// spaces or punctuation: "Hip-Hop" = "hip hop" = "hiphop"):
//   1. A multi-genre tag ("reggaeton, latin", "Pop/Rock", "Rock; Blues") is
//      split on , ; / | and each part resolved in turn: the first part that
//      resolves gives the genre.
//   2. A part that names no genre ("Other", "Unclassifiable", "Unknown",
//      "Misc", "Genre", ...) resolves to nothing (explicitly unknown).
//   3. Exact spellings and sub-genres from a table ("rnb" -> R&B / soul,
//      "ost" -> Soundtrack, "dnb" -> Electronic, "grunge" -> Rock, ...).
//   4. Otherwise the first family keyword found in the letters, most specific
//      first ("reggaeton" before "reggae", "rhythmandblues" before "blues",
//      "metal" before "rock", "pop" last): "melodic death metal" -> Metal,
//      "kpop" -> Pop.
//   5. Nothing found: an unrecognised tag. The recommender then maps it by
//      sound (genre centroids), as for an untagged track.
#include <string>
#include <vector>

namespace humanear::library {

struct GenreResolution {
    // The canonical genre, or empty.
    std::string canonical;
    // True when the tag says "no genre" in words ("Other", "Unclassifiable"):
    // nothing to learn from the name itself.
    bool explicitlyUnknown = false;
    bool recognised() const { return !canonical.empty(); }
};

// The canonical genres in the order documented above.
const std::vector<std::string>& canonicalGenres();

GenreResolution resolveGenre(const std::string& rawTag);

// resolveGenre(rawTag).canonical.
std::string canonicalGenre(const std::string& rawTag);

// The letters a tag is compared by: lower-case ASCII letters and digits only,
// common Latin-1 accents folded ("Française" -> "francaise").
std::string genreLetters(const std::string& text);

}  // namespace humanear::library
