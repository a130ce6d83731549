// humanear-cli combine --out DIR [--name detector] [--version V] [--merge-heads] MANIFEST MANIFEST...
#include "command.h"
#include "humanear/lab/detector_head_merge.h"

#include <QCommandLineParser>

#include <cstdio>

int runCombineCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Make one detector of several trained ones: their calibrated P(AI) are averaged. Each\n"
        "member's weights and manifest are copied into DIR as NAME-<architecture>, and\n"
        "NAME.manifest.json lists them (the app and CLI load \"detector\" by default).\n"
        "With --merge-heads: heads trained on the same convolutional layers (train --head-only\n"
        "from one --init, other seeds) become one network scoring their mean calibrated logit,\n"
        "NAME.pt, at the cost of one member."));
    parser.addHelpOption();
    const QCommandLineOption out("out", "Folder to write the ensemble into.", "DIR");
    const QCommandLineOption name("name", "The ensemble's name (default: detector).", "NAME", "detector");
    const QCommandLineOption version("version", "The ensemble's version (default: 1).", "V", "1");
    const QCommandLineOption mergeHeads("merge-heads", "Merge heads of one trunk into one network instead.");
    parser.addOptions({out, name, version, mergeHeads});
    parser.addPositionalArgument("manifests", "The members' <name>.manifest.json files (two or more).",
                                 "MANIFEST...");
    parser.process(QStringList{"humanear-cli combine"} + arguments);
    if (!parser.isSet(out) || parser.positionalArguments().size() < 2) {
        std::fprintf(stderr, "humanear-cli combine: --out DIR and two or more MANIFEST files are required (try --help)\n");
        return 2;
    }
    std::vector<std::string> manifests;
    for (const QString& manifest : parser.positionalArguments()) manifests.push_back(manifest.toStdString());
    const humanear::Result<std::string> written =
        parser.isSet(mergeHeads)
            ? humanear::mergeDetectorHeads({manifests, parser.value(out).toStdString(), parser.value(name).toStdString()})
            : humanear::writeDetectorEnsemble({manifests, parser.value(out).toStdString(), parser.value(name).toStdString(),
                                               parser.value(version).toStdString()});
    if (!written) {
        std::fprintf(stderr, "humanear-cli combine: %s\n", written.error().message.c_str());
        return 1;
    }
    std::printf("manifest %s\n", written->c_str());
    return 0;
}
