// `humanear-cli music-check`: the "is it music?" gate's measures and decision for
// every file, as analysis computes them. A lab tool: it shows how far real songs
// sit from each limit (docs/detector.md).
#include "command.h"
#include "input_files.h"

#include "humanear/analysis.h"

#include <QCommandLineParser>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

int runMusicCheckCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "List the music check's measures and decision (empty reason: music) for audio files,\n"
        "one tab-separated row per file. Folders are searched recursively."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files or folders."),
                                 QStringLiteral("FILE..."));
    parser.process(QStringList{QStringLiteral("humanear-cli music-check")} + arguments);
    const QStringList files = expandInputPaths(parser.positionalArguments());
    if (files.isEmpty()) {
        std::fprintf(stderr, "humanear-cli music-check: no input files (try --help)\n");
        return 2;
    }
    std::printf("reason\tloud_db\tactive\tburst_s\tvariation_db\ttonal\tflatness\tpause\tvoiced\tvoiced_run_s\tpulse\tseconds\tpath\n");
    std::mutex outputMutex;
    std::atomic<int> next{0}, failures{0}, flagged{0};
    auto work = [&] {
        for (int i = next++; i < files.size(); i = next++) {
            const std::string path = files[i].toStdString();
            auto m = humanear::measureMusicInFile(path);
            std::lock_guard<std::mutex> lock(outputMutex);
            if (!m) {
                ++failures;
                std::fprintf(stderr, "%s\n", m.error().message.c_str());
                continue;
            }
            if (m->reason != humanear::NotMusicReason::None) ++flagged;
            std::printf("%s\t%.1f\t%.3f\t%.3f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t%s\n",
                        m->reason == humanear::NotMusicReason::None ? "music"
                                                                    : humanear::notMusicReasonName(m->reason),
                        m->loudDb, m->activeShare, m->medianBurstSeconds, m->variationDb, m->tonalShare, m->flatness,
                        m->pauseShare, m->voicedShare, m->medianVoicedSeconds, m->pulse, m->seconds, path.c_str());
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t) threads.emplace_back(work);
    for (auto& t : threads) t.join();
    std::fprintf(stderr, "music-check: %d file(s), %d not music, %d unreadable\n", int(files.size()), flagged.load(),
                 failures.load());
    return failures.load() > 0 ? 1 : 0;
}
