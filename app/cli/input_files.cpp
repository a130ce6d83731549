#include "input_files.h"

#include "command.h"

#include "humanear/audio_files.h"

#include <cstdio>
#include <QFileInfo>
#include <QSet>


QStringList expandInputPaths(const QStringList& inputs) {
    QStringList files;
    for (const QString& input : inputs) {
        const QFileInfo info(input);
        if (!info.isDir()) {
            files << input;
            continue;
        }
        std::vector<std::string> problems;
        for (const std::string& path : humanear::listAudioFiles(input.toStdString(), &problems))
            files << QString::fromStdString(path);
        for (const std::string& problem : problems) std::fprintf(stderr, "humanear-cli: %s\n", problem.c_str());
    }
    return files;
}

std::vector<humanear::LabeledFile> collectFromFolders(const QStringList& aiDirs, const QStringList& humanDirs) {
    std::vector<humanear::LabeledFile> files;
    for (const QString& dir : aiDirs) {
        auto more = humanear::collectLabeledFiles(dir.toStdString(), {});
        files.insert(files.end(), more.begin(), more.end());
    }
    for (const QString& dir : humanDirs) {
        auto more = humanear::collectLabeledFiles({}, dir.toStdString());
        files.insert(files.end(), more.begin(), more.end());
    }
    return files;
}
