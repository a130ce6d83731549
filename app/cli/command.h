#pragma once
// A CLI subcommand: `humanear-cli NAME ARGS...`. Each lives in its own file.
#include <QStringList>

struct CliCommand {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& arguments);  // arguments after the subcommand name
};

int runAnalyzeCommand(const QStringList& arguments);
