// humanear-cli combine --out DIR [--name detector] [--version V] MANIFEST MANIFEST...
#include "command.h"

#include <QCommandLineParser>

#include <cstdio>

int runCombineCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Make one detector of several trained ones: their calibrated P(AI) are averaged. Each\n"
        "member's weights and manifest are copied into DIR as NAME-<architecture>, and\n"
        "NAME.manifest.json lists them (the app and CLI load \"detector\" by default)."));
    parser.addHelpOption();
    const QCommandLineOption out("out", "Folder to write the ensemble into.", "DIR");
    const QCommandLineOption name("name", "The ensemble's name (default: detector).", "NAME", "detector");
    const QCommandLineOption version("version", "The ensemble's version (default: 1).", "V", "1");
    parser.addOptions({out, name, version});
    parser.addPositionalArgument("manifests", "The members' <name>.manifest.json files (two or more).",
                                 "MANIFEST...");
    parser.process(QStringList{"humanear-cli combine"} + arguments);
    if (!parser.isSet(out) || parser.positionalArguments().size() < 2) {
        std::fprintf(stderr, "humanear-cli combine: --out DIR and two or more MANIFEST files are required (try --help)\n");
        return 2;
    }
    humanear::EnsembleSpec spec;
    for (const QString& manifest : parser.positionalArguments()) spec.memberManifests.push_back(manifest.toStdString());
    spec.outDir = parser.value(out).toStdString();
    spec.name = parser.value(name).toStdString();
    spec.version = parser.value(version).toStdString();
    auto written = humanear::writeDetectorEnsemble(spec);
    if (!written) {
        std::fprintf(stderr, "humanear-cli combine: %s\n", written.error().message.c_str());
        return 1;
    }
    std::printf("manifest %s\n", written->c_str());
    return 0;
}
