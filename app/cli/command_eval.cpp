#include "command.h"

#include "humanear/detector_training.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace {
QJsonObject metricsToJson(const humanear::DetectionMetrics& m) {
    QJsonObject perSource;
    for (const auto& s : m.perSource)
        perSource.insert(QString::fromStdString(s.source),
                         QJsonObject{{"class", s.ai ? "ai" : "human"},
                                     {"n", s.count},
                                     {s.ai ? "tpr" : "fpr", s.positiveRate},
                                     {"roc_auc", s.rocAuc}});
    return QJsonObject{{"roc_auc", m.rocAuc},          {"balanced_accuracy", m.balancedAccuracy},
                       {"tpr", m.tpr},                 {"fpr", m.fpr},
                       {"threshold", m.threshold},     {"tpr_at_5pct_fpr", m.tprAt5PercentFpr},
                       {"n_ai", m.nAi},                {"n_human", m.nHuman},
                       {"per_source", perSource}};
}
}  // namespace

int runEvalCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Score every file under --ai and --human with the installed detector and report ROC-AUC,\n"
        "balanced accuracy, TPR/FPR at the shipped threshold, TPR at 5% FPR, and the same per\n"
        "top-level sub-folder (generator or source)."));
    parser.addHelpOption();
    const QCommandLineOption ai("ai", "Folder of AI-generated audio (repeatable).", "DIR");
    const QCommandLineOption human("human", "Folder of human-made audio (repeatable).", "DIR");
    const QCommandLineOption json("json", "End with one JSON object holding the figures.");
    const QCommandLineOption model("model", "Model name (default: detector).", "NAME", "detector");
    const QCommandLineOption models("models", "Folder holding the model (default: the standard places).", "DIR");
    parser.addOptions({ai, human, json, model, models});
    parser.process(QStringList{"humanear-cli eval"} + arguments);
    if (!parser.isSet(ai) || !parser.isSet(human)) {
        std::fprintf(stderr, "humanear-cli eval: --ai DIR and --human DIR are required (try --help)\n");
        return 2;
    }
    const auto files = collectFromFolders(parser.values(ai), parser.values(human));
    double threshold = 0.5;
    auto scores = humanear::scoreWithDetector(
        files, parser.value(models).toStdString(), parser.value(model).toStdString(),
        [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }, {}, &threshold);
    if (!scores) {
        std::fprintf(stderr, "humanear-cli eval: %s\n", scores.error().message.c_str());
        return 1;
    }
    std::vector<humanear::ScoredTrack> scored;
    int failed = 0;
    for (const auto& s : *scores) {
        if (!s.error.empty()) {
            std::fprintf(stderr, "skipped %s: %s\n", s.path.c_str(), s.error.c_str());
            ++failed;
            continue;
        }
        scored.push_back({s.pAi, s.ai, (s.ai ? "ai/" : "human/") + s.source});
    }
    const auto m = humanear::computeDetectionMetrics(scored, threshold);
    std::printf("%d AI and %d human tracks (%d could not be scored), threshold %.2f\n", m.nAi, m.nHuman, failed, threshold);
    std::printf("ROC-AUC %.3f  balanced accuracy %.3f  TPR %.3f  FPR %.3f  TPR@5%%FPR %.3f\n", m.rocAuc,
                m.balancedAccuracy, m.tpr, m.fpr, m.tprAt5PercentFpr);
    std::printf("%-34s %5s %7s %7s\n", "source", "n", "rate", "AUC");
    for (const auto& s : m.perSource)
        std::printf("%-34s %5d %6.3f%s %7.3f\n", s.source.c_str(), s.count, s.positiveRate, s.ai ? "T" : "F", s.rocAuc);
    if (parser.isSet(json))
        std::printf("%s\n", QJsonDocument(metricsToJson(m)).toJson(QJsonDocument::Compact).constData());
    return 0;
}
