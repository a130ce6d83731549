#include "library/genre_taxonomy.h"

#include <cstring>
#include <utility>

namespace humanear::library {

namespace {

constexpr const char* kRock = "Rock";
constexpr const char* kMetal = "Metal";
constexpr const char* kPop = "Pop";
constexpr const char* kElectronic = "Electronic";
constexpr const char* kHipHop = "Hip-hop";
constexpr const char* kSoul = "R&B / soul";
constexpr const char* kJazz = "Jazz";
constexpr const char* kBlues = "Blues";
constexpr const char* kCountry = "Country";
constexpr const char* kFolk = "Folk";
constexpr const char* kClassical = "Classical";
constexpr const char* kLatin = "Latin";
constexpr const char* kReggae = "Reggae";
constexpr const char* kWorld = "World";
constexpr const char* kSoundtrack = "Soundtrack";
constexpr const char* kAmbient = "Ambient";
constexpr const char* kChanson = "Chanson";
constexpr const char* kExperimental = "Experimental";

// Words that name no genre.
constexpr const char* kNoGenre[] = {
    "other", "others", "unclassifiable", "unclassified", "unknown", "unknowngenre", "misc", "miscellaneous", "genre",
    "none", "nogenre", "various", "variousgenres", "general", "undefined", "na", "unk", "default", "blank", "music"};

// Exact spellings that the keywords below would get wrong or miss.
constexpr std::pair<const char*, const char*> kExact[] = {
    {"rb", kSoul},          {"randb", kSoul},          {"rnb", kSoul},          {"ost", kSoundtrack},
    {"dnb", kElectronic},   {"triphop", kElectronic},  {"jungle", kElectronic}, {"lofi", kHipHop},
    {"chiptune", kElectronic}, {"8bit", kElectronic},  {"bitpop", kElectronic}, {"trap", kHipHop},
    {"drill", kHipHop},     {"grime", kHipHop},        {"emo", kRock},          {"indie", kRock},
    {"alternative", kRock}, {"alt", kRock},            {"newwave", kRock},      {"britpop", kRock},
    {"oldies", kPop},       {"easylistening", kPop},   {"lounge", kJazz},       {"bossanova", kLatin},
    {"filmi", kWorld},      {"bollywood", kWorld},     {"bhangra", kWorld},     {"qawwali", kWorld},
    {"afrobeat", kWorld},   {"afrobeats", kWorld},     {"singersongwriter", kFolk}, {"americana", kCountry},
    {"musical", kSoundtrack}, {"showtunes", kSoundtrack}, {"disco", kElectronic}, {"idm", kElectronic},
    {"edm", kElectronic},   {"ebm", kElectronic},    {"gamelan", kWorld},
};

// Family keywords searched inside the letters, most specific first: the first
// keyword found decides.
constexpr std::pair<const char*, const char*> kKeywords[] = {
    {"reggaeton", kLatin},      {"rhythmandblues", kSoul}, {"dubstep", kElectronic},  {"drumandbass", kElectronic},
    {"drumnbass", kElectronic}, {"metal", kMetal},         {"grindcore", kMetal},     {"deathcore", kMetal},
    {"thrash", kMetal},         {"hiphop", kHipHop},       {"rap", kHipHop},          {"punk", kRock},
    {"grunge", kRock},          {"shoegaze", kRock},       {"rock", kRock},           {"jazz", kJazz},
    {"swing", kJazz},           {"bebop", kJazz},          {"blues", kBlues},         {"country", kCountry},
    {"bluegrass", kCountry},    {"folk", kFolk},           {"celtic", kFolk},         {"traditional", kFolk},
    {"soundtrack", kSoundtrack}, {"score", kSoundtrack},   {"videogame", kSoundtrack}, {"game", kSoundtrack},
    {"film", kSoundtrack},      {"movie", kSoundtrack},    {"cinematic", kSoundtrack}, {"classical", kClassical},
    {"orchestra", kClassical},  {"symphon", kClassical},   {"baroque", kClassical},   {"opera", kClassical},
    {"chamber", kClassical},    {"choral", kClassical},    {"latin", kLatin},         {"salsa", kLatin},
    {"bachata", kLatin},        {"cumbia", kLatin},        {"merengue", kLatin},      {"samba", kLatin},
    {"tango", kLatin},          {"flamenco", kLatin},      {"reggae", kReggae},       {"dancehall", kReggae},
    {"rocksteady", kReggae},    {"ska", kReggae},          {"dub", kReggae},          {"chanson", kChanson},
    {"variete", kChanson},      {"ambient", kAmbient},     {"newage", kAmbient},      {"drone", kAmbient},
    {"chillout", kAmbient},     {"meditat", kAmbient},     {"electr", kElectronic},   {"techno", kElectronic},
    {"house", kElectronic},     {"trance", kElectronic},   {"synth", kElectronic},    {"dance", kElectronic},
    {"industrial", kElectronic}, {"soul", kSoul},          {"funk", kSoul},           {"gospel", kSoul},
    {"world", kWorld},          {"afro", kWorld},          {"experimental", kExperimental}, {"avantgarde", kExperimental},
};
// Checked after every other keyword, so that "synthpop" is Electronic and
// "afropop" World, while "kpop", "jpop" and "mandopop" are Pop.
constexpr std::pair<const char*, const char*> kLastKeywords[] = {
    {"noise", kExperimental}, {"pop", kPop}, {"schlager", kPop}, {"ballad", kPop}, {"idol", kPop}};

// One part of a tag, in letters.
GenreResolution resolvePart(const std::string& letters) {
    GenreResolution out;
    if (letters.empty()) return out;
    for (const char* word : kNoGenre)
        if (letters == word) {
            out.explicitlyUnknown = true;
            return out;
        }
    for (const auto& [spelling, genre] : kExact)
        if (letters == spelling) {
            out.canonical = genre;
            return out;
        }
    for (const auto& [keyword, genre] : kKeywords)
        if (letters.find(keyword) != std::string::npos) {
            out.canonical = genre;
            return out;
        }
    for (const auto& [keyword, genre] : kLastKeywords)
        if (letters.find(keyword) != std::string::npos) {
            out.canonical = genre;
            return out;
        }
    return out;
}

// The Latin-1 supplement letters (U+00C0..U+00FF, UTF-8 C3 80..C3 BF) without accents.
char foldLatin1(unsigned char second) {
    static const char* const kFold =  // indexed by second - 0x80
        "aaaaaaaceeeeiiii"            // C0..CF
        "dnooooo*ouuuuyts"            // D0..DF (D7 is the multiplication sign, DF is sharp s)
        "aaaaaaaceeeeiiii"            // E0..EF
        "dnooooo/ouuuuyty";           // F0..FF
    if (second < 0x80 || second > 0xBF) return 0;
    const char c = kFold[second - 0x80];
    return (c >= 'a' && c <= 'z') ? c : 0;
}

}  // namespace

const std::vector<std::string>& canonicalGenres() {
    static const std::vector<std::string> all{kRock,      kMetal,  kPop,      kElectronic, kHipHop,    kSoul,
                                              kJazz,      kBlues,  kCountry,  kFolk,       kClassical, kLatin,
                                              kReggae,    kWorld,  kSoundtrack, kAmbient,  kChanson,   kExperimental};
    return all;
}

std::string genreLetters(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') out.push_back(char(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(char(c));
        else if (c == '&' || c == '+') out += "and";  // "R&B", "Drum & Bass", "Rock + Roll"
        else if (c == 0xC3 && i + 1 < text.size()) {
            const auto second = static_cast<unsigned char>(text[i + 1]);
            if (second == 0x9F) out += "ss";
            else if (const char folded = foldLatin1(static_cast<unsigned char>(second | 0x20)))  // upper to lower case
                out.push_back(folded);
            ++i;
        }
        // Other punctuation, spaces and non-Latin letters are left out.
    }
    return out;
}

GenreResolution resolveGenre(const std::string& rawTag) {
    GenreResolution result;
    bool anyPart = false, allUnknown = true;
    size_t begin = 0;
    for (size_t i = 0; i <= rawTag.size(); ++i) {
        const bool separator = i == rawTag.size() || std::strchr(",;/|", rawTag[i]) != nullptr || rawTag[i] == '\0';
        if (!separator) continue;
        const std::string letters = genreLetters(rawTag.substr(begin, i - begin));
        begin = i + 1;
        if (letters.empty()) continue;
        anyPart = true;
        GenreResolution part = resolvePart(letters);
        if (part.recognised()) return part;
        allUnknown = allUnknown && part.explicitlyUnknown;
    }
    result.explicitlyUnknown = anyPart && allUnknown;
    return result;
}

std::string canonicalGenre(const std::string& rawTag) { return resolveGenre(rawTag).canonical; }

}  // namespace humanear::library
