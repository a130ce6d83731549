#pragma once
// A CLI subcommand: `humanear-cli NAME ARGS...`. Each lives in its own file.
#include <QStringList>

#include "humanear/lab/detector_training.h"

// Labelled files from several AI and human folders (each folder's sub-folders are sources).
std::vector<humanear::LabeledFile> collectFromFolders(const QStringList& aiDirs, const QStringList& humanDirs);

struct CliCommand {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& arguments);  // arguments after the subcommand name
};

int runAnalyzeCommand(const QStringList& arguments);
int runTrainCommand(const QStringList& arguments);
int runEvalCommand(const QStringList& arguments);
int runCombineCommand(const QStringList& arguments);
int runLibraryCommand(const QStringList& arguments);
int runRecommendCommand(const QStringList& arguments);
int runEvalRecsCommand(const QStringList& arguments);
int runBenchCommand(const QStringList& arguments);
int runMusicCheckCommand(const QStringList& arguments);
