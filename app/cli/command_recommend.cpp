// humanear-cli recommend [--k 10] [--json] FILE   and   humanear-cli eval-recs [--json]
#include "command.h"
#include "library_options.h"

#include "humanear/lab/library_evaluation.h"

#include <QJsonArray>
#include <cmath>
#include <cstdio>

namespace {

QCommandLineOption expansionOption() {
    return QCommandLineOption(QStringLiteral("expand"),
                              QStringLiteral("Nearest tracks averaged into the query before ranking (default 3; 0: the "
                                             "query as it is)."),
                              QStringLiteral("N"), QStringLiteral("3"));
}

// False (after saying why) when --expand is not a number from 0 to 50.
bool readExpansion(const QCommandLineParser& parser, const QCommandLineOption& option, const char* command,
                   humanear::RecommendOptions& out) {
    bool ok = false;
    out.queryExpansion = parser.value(option).toInt(&ok);
    if (ok && out.queryExpansion >= 0 && out.queryExpansion <= 50) return true;
    std::fprintf(stderr, "humanear-cli %s: --expand needs a number from 0 to 50\n", command);
    return false;
}

struct RankingOptions {
    QCommandLineOption floor{QStringLiteral("floor"),
                             QStringLiteral("Similarity floor: nothing at or below it is offered (default 0.10)."),
                             QStringLiteral("X"), QStringLiteral("0.10")};
    QCommandLineOption bonus{QStringLiteral("genre-bonus"),
                             QStringLiteral("Added to the score of tracks in the query's genre (default 0.10)."),
                             QStringLiteral("X"), QStringLiteral("0.10")};
    QCommandLineOption perArtist{QStringLiteral("max-per-artist"),
                                 QStringLiteral("At most this many tracks of one artist (default 2)."),
                                 QStringLiteral("N"), QStringLiteral("2")};
    void addTo(QCommandLineParser& parser) const {
        parser.addOption(floor);
        parser.addOption(bonus);
        parser.addOption(perArtist);
    }
    // False (after saying why) when a value is not a number from -1 to 1.
    bool read(const QCommandLineParser& parser, const char* command, humanear::RecommendOptions& out) const {
        bool okFloor = false, okBonus = false, okArtist = false;
        out.minSimilarity = parser.value(floor).toDouble(&okFloor);
        out.genreBonus = parser.value(bonus).toDouble(&okBonus);
        out.maxPerArtist = parser.value(perArtist).toInt(&okArtist);
        if (okFloor && okBonus && okArtist && std::abs(out.minSimilarity) <= 1 && out.genreBonus >= 0 &&
            out.genreBonus <= 1 && out.maxPerArtist >= 1)
            return true;
        std::fprintf(stderr,
                     "humanear-cli %s: --floor needs a number from -1 to 1, --genre-bonus one from 0 to 1, "
                     "--max-per-artist a positive number\n",
                     command);
        return false;
    }
};

}  // namespace

int runRecommendCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The human-made tracks in your library most like FILE, best first by score: the similarity plus a\n"
        "small bonus (0.10) for tracks in FILE's genre (by tag, else by sound). Nothing at or below the\n"
        "similarity floor (0.10), at most two per artist, never FILE itself; each with why it is similar."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("An audio file."), QStringLiteral("FILE"));
    const QCommandLineOption k(QStringLiteral("k"), QStringLiteral("How many (default 10)."), QStringLiteral("N"),
                               QStringLiteral("10"));
    parser.addOption(k);
    const QCommandLineOption expand = expansionOption();
    parser.addOption(expand);
    const RankingOptions ranking;
    ranking.addTo(parser);
    LibraryOptions options;
    options.addTo(parser);
    parser.process(QStringList{QStringLiteral("humanear-cli recommend")} + arguments);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "humanear-cli recommend: expected one FILE (try --help)\n");
        return 2;
    }
    bool ok = false;
    humanear::RecommendOptions recommendOptions;
    recommendOptions.k = parser.value(k).toInt(&ok);
    if (!ok || recommendOptions.k <= 0) {
        std::fprintf(stderr, "humanear-cli recommend: --k needs a positive number\n");
        return 2;
    }
    if (!readExpansion(parser, expand, "recommend", recommendOptions)) return 2;
    if (!ranking.read(parser, "recommend", recommendOptions)) return 2;
    humanear::Engine engine;
    std::optional<humanear::Library> library;
    if (!openLibrary(engine, options.settings(parser), library, "recommend")) return 1;
    const std::string file = parser.positionalArguments().front().toStdString();
    auto list = library->recommend(file, recommendOptions, interruptToken());
    if (!list) {
        std::fprintf(stderr, "humanear-cli recommend: %s\n", list.error().message.c_str());
        if (parser.isSet(options.json))
            printJson(QJsonObject{{QStringLiteral("path"), QString::fromStdString(file)},
                                  {QStringLiteral("ok"), false},
                                  {QStringLiteral("error"), QString::fromStdString(list.error().message)},
                                  {QStringLiteral("error_code"),
                                   QString::fromLatin1(humanear::errorCodeName(list.error().code))}});
        return 1;
    }
    if (parser.isSet(options.json)) {
        QJsonObject o = toJson(*list);
        o.insert(QStringLiteral("path"), QString::fromStdString(file));
        o.insert(QStringLiteral("ok"), true);
        printJson(o);
        return 0;
    }
    std::printf("%s\n  genre %s -> %s (%s)\n", file.c_str(), list->queryGenre.empty() ? "(none)" : list->queryGenre.c_str(),
                list->mappedGenre.empty() ? "(any)" : list->mappedGenre.c_str(), list->mappingReason.c_str());
    int rank = 0;
    for (const auto& r : list->items)
        std::printf("  %2d. %.3f  %s - %s  [%s]\n      %s\n      %s\n", ++rank, r.score,
                    r.track.artist.empty() ? "(unknown artist)" : r.track.artist.c_str(), r.track.title.c_str(),
                    r.track.genre.c_str(), humanear::recommendationReasonText(r.reasons).c_str(), r.track.path.c_str());
    if (!list->note.empty()) std::printf("  %s\n", list->note.c_str());
    return 0;
}

int runEvalRecsCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Leave-one-out evaluation of recommendations on the library's own tracks: precision@10 for the\n"
        "same canonical genre (other artists only, where artists are known), the same album and the same top-level\n"
        "folder (soundtrack), mean top-10 cosine, and the genre mapping table."));
    parser.addHelpOption();
    const QCommandLineOption expand = expansionOption();
    parser.addOption(expand);
    const RankingOptions ranking;
    ranking.addTo(parser);
    LibraryOptions options;
    options.addTo(parser);
    parser.process(QStringList{QStringLiteral("humanear-cli eval-recs")} + arguments);
    humanear::RecommendOptions recommendOptions;
    if (!readExpansion(parser, expand, "eval-recs", recommendOptions)) return 2;
    if (!ranking.read(parser, "eval-recs", recommendOptions)) return 2;
    humanear::Engine engine;
    std::optional<humanear::Library> library;
    if (!openLibrary(engine, options.settings(parser), library, "eval-recs")) return 1;
    auto ev = humanear::evaluateLibrary(*library, recommendOptions);
    if (!ev) {
        std::fprintf(stderr, "humanear-cli eval-recs: %s\n", ev.error().message.c_str());
        return 1;
    }
    if (ev->queries == 0) {
        std::fprintf(stderr, "humanear-cli eval-recs: the library at %s has fewer than two searchable tracks.\n",
                     library->directory().c_str());
        return 1;
    }
    if (parser.isSet(options.json)) {
        QJsonArray mapping;
        for (const auto& row : ev->genreMapping)
            mapping.append(QJsonObject{{QStringLiteral("query_genre"), QString::fromStdString(row.queryGenre)},
                                       {QStringLiteral("library_genre"), QString::fromStdString(row.libraryGenre)},
                                       {QStringLiteral("reason"), QString::fromStdString(row.reason)}});
        printJson(QJsonObject{{QStringLiteral("embedder"), QString::fromStdString(ev->embedderId)},
                              {QStringLiteral("queries"), qint64(ev->queries)},
                              {QStringLiteral("query_expansion"), recommendOptions.queryExpansion},
                              {QStringLiteral("same_genre_p10"), ev->sameGenrePrecisionAt10},
                              {QStringLiteral("same_genre_chance"), ev->chanceSameGenre},
                              {QStringLiteral("same_album_p10"), ev->sameAlbumPrecisionAt10},
                              {QStringLiteral("same_album_chance"), ev->chanceSameAlbum},
                              {QStringLiteral("same_folder_p10"), ev->sameFolderPrecisionAt10},
                              {QStringLiteral("same_folder_chance"), ev->chanceSameFolder},
                              {QStringLiteral("mean_top10_cosine"), ev->meanTop10Cosine},
                              {QStringLiteral("genre_by_embedding_accuracy"), ev->embeddingGenreMappingAccuracy},
                              {QStringLiteral("pipeline_same_album_p10"), ev->pipelineSameAlbumPrecisionAt10},
                              {QStringLiteral("pipeline_same_folder_p10"), ev->pipelineSameFolderPrecisionAt10},
                              {QStringLiteral("pipeline_same_genre_p10"), ev->pipelineSameGenrePrecisionAt10},
                              {QStringLiteral("pipeline_lists"), qint64(ev->pipelineLists)},
                              {QStringLiteral("pipeline_lists_out_of_order"), qint64(ev->pipelineListsOutOfOrder)},
                              {QStringLiteral("pipeline_lists_below_floor"), qint64(ev->pipelineListsBelowFloor)},
                              {QStringLiteral("pipeline_empty_lists"), qint64(ev->pipelineEmptyLists)},
                              {QStringLiteral("pipeline_mean_length"), ev->pipelineMeanLength},
                              {QStringLiteral("min_similarity"), recommendOptions.minSimilarity},
                              {QStringLiteral("genre_bonus"), recommendOptions.genreBonus},
                              {QStringLiteral("genre_mapping"), mapping}});
        return 0;
    }
    std::printf("embedder %s, %lld leave-one-out queries, each expanded by its %d nearest tracks\n",
                ev->embedderId.c_str(), (long long)ev->queries, recommendOptions.queryExpansion);
    std::printf("  precision@10 same genre (other artists) %.3f   (chance %.3f)\n", ev->sameGenrePrecisionAt10,
                ev->chanceSameGenre);
    std::printf("  precision@10 same album                 %.3f   (chance %.3f)\n", ev->sameAlbumPrecisionAt10,
                ev->chanceSameAlbum);
    std::printf("  precision@10 same folder (soundtrack)   %.3f   (chance %.3f)\n", ev->sameFolderPrecisionAt10,
                ev->chanceSameFolder);
    std::printf("  mean top-10 cosine                      %.3f   (high for any embedding: says little)\n",
                ev->meanTop10Cosine);
    std::printf("  genre recovered from embedding alone    %.3f\n", ev->embeddingGenreMappingAccuracy);
    std::printf("  recommend pipeline, tag hidden (genre by sound, bonus %.2f, floor %.2f, <= %d per artist):\n"
                "    same album %.3f, same folder %.3f, same genre %.3f (precision over 10 slots)\n"
                "    %lld lists: %lld out of score order, %lld with a similarity at or below the floor, "
                "%lld empty, mean length %.1f\n",
                recommendOptions.genreBonus, recommendOptions.minSimilarity, recommendOptions.maxPerArtist,
                ev->pipelineSameAlbumPrecisionAt10,
                ev->pipelineSameFolderPrecisionAt10, ev->pipelineSameGenrePrecisionAt10, (long long)ev->pipelineLists,
                (long long)ev->pipelineListsOutOfOrder, (long long)ev->pipelineListsBelowFloor,
                (long long)ev->pipelineEmptyLists, ev->pipelineMeanLength);
    std::printf("genre mapping:\n");
    for (const auto& row : ev->genreMapping)
        std::printf("  %-32s -> %-20s %s\n", row.queryGenre.c_str(), row.libraryGenre.c_str(), row.reason.c_str());
    return 0;
}
