// humanear-cli: the engine from a terminal. `humanear-cli --help` lists the subcommands.
#include "command.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>

namespace {

const CliCommand kCommands[] = {
    {"analyze", "Decode files and report facts and spectrogram shape", runAnalyzeCommand},
    {"train", "Train the AI-music detector from folders of AI and human audio", runTrainCommand},
    {"eval", "Measure the installed detector on folders of AI and human audio", runEvalCommand},
    {"combine", "Make one detector that averages several trained ones", runCombineCommand},
    {"library", "Add, remove and rescan the folders of human music recommendations come from", runLibraryCommand},
    {"recommend", "The human tracks in your library most like an audio file", runRecommendCommand},
    {"eval-recs", "Measure recommendations on the library's own tracks (leave-one-out)", runEvalRecsCommand},
    {"bench", "Measure speed, memory and scale against the decode floor", runBenchCommand},
    {"music-check", "List the not-music check's measures and decision for audio files", runMusicCheckCommand},
};

void printUsage(FILE* out) {
    std::fprintf(out,
                 "Usage: humanear-cli COMMAND [OPTIONS] [ARGS]\n\n"
                 "HumanEar tells AI-generated music apart and points to human artists like it.\n\n"
                 "Commands:\n");
    for (const auto& command : kCommands) std::fprintf(out, "  %-12s %s\n", command.name, command.summary);
    std::fprintf(out,
                 "\nOptions:\n  -h, --help     Show this help\n  -v, --version  Show the version\n\n"
                 "Run `humanear-cli COMMAND --help` for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("HumanEar"));
    QCoreApplication::setOrganizationName(QStringLiteral("HumanEar"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HUMANEAR_VERSION));
    const QStringList args = app.arguments();
    if (args.size() < 2 || args[1] == QLatin1String("-h") || args[1] == QLatin1String("--help") ||
        args[1] == QLatin1String("help")) {
        printUsage(stdout);
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == QLatin1String("-v") || args[1] == QLatin1String("--version")) {
        std::printf("humanear-cli %s\n", HUMANEAR_VERSION);
        return 0;
    }
    for (const auto& command : kCommands)
        if (args[1] == QLatin1String(command.name)) return command.run(args.mid(2));
    std::fprintf(stderr, "humanear-cli: unknown command '%s'\n\n", qPrintable(args[1]));
    printUsage(stderr);
    return 2;
}
