#include "input_files.h"

#include "command.h"

#include "humanear/audio_files.h"

#include <QDirIterator>
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
        QStringList found;
        QDirIterator it(input, QDir::Files | QDir::NoDotAndDotDot | QDir::Readable,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (humanear::hasAudioFileSuffix(path.toStdString())) found << path;
        }
        found.sort();
        files << found;
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
