// humanear-cli library add DIR | remove DIR | status | rescan
#include "command.h"
#include "library_options.h"

#include <QJsonArray>
#include <cstdio>

namespace {

void printReport(const humanear::ScanReport& r, bool asJson) {
    if (asJson) {
        printJson(toJson(r));
        return;
    }
    for (const auto& e : r.failures) std::printf("failed: %s\n", e.message.c_str());
    for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
    std::printf("%lld audio files found: %lld added, %lld updated, %lld moved, %lld removed, %lld unchanged, "
                "%lld failed%s\n",
                (long long)r.found, (long long)r.added, (long long)r.updated, (long long)r.moved,
                (long long)r.removed, (long long)r.unchanged, (long long)r.failures.size(),
                r.cancelled ? " (cancelled: run `library rescan` to finish)" : "");
}

int printStatus(humanear::Library& library, bool asJson) {
    auto s = library.status();
    if (!s) {
        std::fprintf(stderr, "humanear-cli library status: %s\n", s.error().message.c_str());
        return 1;
    }
    if (asJson) {
        QJsonArray folders, genres;
        for (const auto& f : s->folders) folders.append(QString::fromStdString(f));
        for (const auto& g : s->genres)
            genres.append(QJsonObject{{QStringLiteral("genre"), QString::fromStdString(g.genre)},
                                      {QStringLiteral("tracks"), qint64(g.tracks)}});
        printJson(QJsonObject{{QStringLiteral("directory"), QString::fromStdString(s->directory)},
                              {QStringLiteral("folders"), folders},
                              {QStringLiteral("tracks"), qint64(s->tracks)},
                              {QStringLiteral("embedded"), qint64(s->embedded)},
                              {QStringLiteral("stale"), qint64(s->stale)},
                              {QStringLiteral("embedder"), QString::fromStdString(s->embedderId)},
                              {QStringLiteral("embedder_version"), QString::fromStdString(s->embedderVersion)},
                              {QStringLiteral("index"), QString::fromStdString(s->indexKind)},
                              {QStringLiteral("genres"), genres}});
        return 0;
    }
    std::printf("library %s\n", s->directory.c_str());
    for (const auto& f : s->folders) std::printf("  folder %s\n", f.c_str());
    std::printf("%lld tracks, %lld searchable with %s %s (%s index)\n", (long long)s->tracks, (long long)s->embedded,
                s->embedderId.c_str(), s->embedderVersion.c_str(), s->indexKind.c_str());
    if (s->stale > 0)
        std::printf("%lld tracks were indexed with another embedder or not at all: `library rescan` re-indexes them\n",
                    (long long)s->stale);
    for (const auto& g : s->genres)
        std::printf("  %-24s %lld\n", g.genre.empty() ? "(no genre)" : g.genre.c_str(), (long long)g.tracks);
    return 0;
}

}  // namespace

int runLibraryCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Manage the library of human-made music that recommendations come from.\n\n"
        "  library add DIR      add a folder (scanned recursively) and index its audio\n"
        "  library remove DIR   remove a folder and its tracks\n"
        "  library status       folders, track counts, genres, embedder\n"
        "  library rescan       re-check every folder: new, changed, moved and deleted files\n\n"
        "Bad files are reported, naming them, and the scan goes on; the exit status is 1 then.\n"
        "Ctrl+C stops a scan between files and keeps what was indexed."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, remove, status or rescan."));
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Folder for add and remove."), QStringLiteral("[DIR]"));
    LibraryOptions options;
    options.addTo(parser);
    parser.process(QStringList{QStringLiteral("humanear-cli library")} + arguments);
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool needsDir = action == QLatin1String("add") || action == QLatin1String("remove");
    const bool known = needsDir || action == QLatin1String("status") || action == QLatin1String("rescan");
    if (!known || (needsDir && args.size() != 2) || (!needsDir && args.size() != 1)) {
        std::fprintf(stderr, "humanear-cli library: expected `add DIR`, `remove DIR`, `status` or `rescan` (try --help)\n");
        return 2;
    }
    const bool asJson = parser.isSet(options.json);
    humanear::Engine engine;
    std::optional<humanear::Library> library;
    if (!openLibrary(engine, options.settings(parser), library, "library")) return 1;
    if (action == QLatin1String("status")) return printStatus(*library, asJson);

    const humanear::CancelToken& cancel = interruptToken();
    auto progress = [asJson](const humanear::ScanProgress& p) {
        if (!asJson) std::fprintf(stderr, "\rindexing %lld/%lld", (long long)p.done, (long long)p.total);
    };
    humanear::Result<humanear::ScanReport> report = humanear::ScanReport{};
    if (action == QLatin1String("add"))
        report = library->addFolder(args[1].toStdString(), progress, cancel);
    else if (action == QLatin1String("remove"))
        report = library->removeFolder(args[1].toStdString());
    else
        report = library->rescan(progress, cancel);
    if (!asJson) std::fprintf(stderr, "\n");
    if (!report) {
        std::fprintf(stderr, "humanear-cli library %s: %s\n", qPrintable(action), report.error().message.c_str());
        return 1;
    }
    printReport(*report, asJson);
    return report->failures.empty() && !report->cancelled ? 0 : 1;
}
