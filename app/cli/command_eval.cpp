#include "command.h"

#include "humanear/lab/detector_training.h"
#include "humanear/lab/robustness.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <map>
#include <optional>

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

void logLine(const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }

// Scores the files with the installed model; files that cannot be scored are
// listed on stderr and left out of the metrics.
// When scoresOut is given, every scored file's P(AI) is also kept there, so
// that scores of several models can be compared or combined offline.
// When copies is given, `files` are degraded copies of copies[i].original: each
// score is reported under the original's path, so tables of copies and of the
// stored files line up track by track.
std::optional<humanear::DetectionMetrics> scoreAndMeasure(const std::vector<humanear::LabeledFile>& files,
                                                          const QString& modelsDir, const QString& modelName,
                                                          int* failedOut = nullptr,
                                                          std::vector<humanear::TrackScore>* scoresOut = nullptr,
                                                          const std::vector<humanear::DegradedFile>* copies = nullptr) {
    double threshold = 0.5;
    auto scores = humanear::scoreWithDetector(files, modelsDir.toStdString(), modelName.toStdString(), logLine, {},
                                              &threshold);
    if (!scores) {
        std::fprintf(stderr, "humanear-cli eval: %s\n", scores.error().message.c_str());
        return std::nullopt;
    }
    if (copies) {
        std::map<std::string, std::string> originalOf;
        for (const auto& c : *copies) originalOf[c.copy.path] = c.original;
        for (auto& s : *scores) s.path = originalOf.at(s.path);
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
    if (failedOut) *failedOut = failed;
    if (scoresOut) *scoresOut = *scores;
    return humanear::computeDetectionMetrics(scored, threshold);
}

std::vector<humanear::LabeledFile> copiedFiles(const std::vector<humanear::DegradedFile>& copies) {
    std::vector<humanear::LabeledFile> files;
    for (const auto& c : copies) files.push_back(c.copy);
    return files;
}

void printMetrics(const humanear::DetectionMetrics& m, int failed) {
    std::printf("%d AI and %d human tracks (%d could not be scored), threshold %.2f\n", m.nAi, m.nHuman, failed,
                m.threshold);
    std::printf("ROC-AUC %.3f  balanced accuracy %.3f  TPR %.3f  FPR %.3f  TPR@5%%FPR %.3f\n", m.rocAuc,
                m.balancedAccuracy, m.tpr, m.fpr, m.tprAt5PercentFpr);
    std::printf("%-34s %5s %7s %7s\n", "source", "n", "rate", "AUC");
    for (const auto& s : m.perSource)
        std::printf("%-34s %5d %6.3f%s %7.3f\n", s.source.c_str(), s.count, s.positiveRate, s.ai ? "T" : "F", s.rocAuc);
}

// The robustness table: the same files after each degradation, scored again.
std::optional<QJsonObject> measureRobustness(const std::vector<humanear::LabeledFile>& files,
                                             const humanear::DetectionMetrics& clean, const QString& workDir,
                                             const QString& modelsDir, const QString& modelName) {
    QJsonObject table;
    std::printf("\nrobustness (the same files, degraded)\n%-32s %5s %7s %7s %7s %7s\n", "condition", "n", "AUC",
                "dAUC", "TPR", "FPR");
    std::printf("%-32s %5d %7.3f %7s %7.3f %7.3f\n", "clean", clean.nAi + clean.nHuman, clean.rocAuc, "", clean.tpr,
                clean.fpr);
    std::fflush(stdout);
    for (const auto& degradation : humanear::robustnessDegradations()) {
        const QString folder = workDir + "/" + QString::fromStdString(degradation.name);
        auto copies = humanear::degradeFiles(files, degradation.name, folder.toStdString(), logLine);
        if (!copies) {
            std::fprintf(stderr, "humanear-cli eval: %s\n", copies.error().message.c_str());
            return std::nullopt;
        }
        const auto degraded = scoreAndMeasure(copiedFiles(*copies), modelsDir, modelName);
        if (!degraded) return std::nullopt;
        std::printf("%-32s %5d %7.3f %+7.3f %7.3f %7.3f\n", degradation.description.c_str(),
                    degraded->nAi + degraded->nHuman, degraded->rocAuc, degraded->rocAuc - clean.rocAuc, degraded->tpr,
                    degraded->fpr);
        std::fflush(stdout);
        QJsonObject row = metricsToJson(*degraded);
        row.insert("description", QString::fromStdString(degradation.description));
        row.insert("auc_change", degraded->rocAuc - clean.rocAuc);
        table.insert(QString::fromStdString(degradation.name), row);
        QDir(folder).removeRecursively();
    }
    return table;
}

// One line per scored file: class, source, P(AI), path, and the P(AI) of each
// analysed window in time order (comma-separated), so that other ways of pooling
// the windows can be measured offline (tab-separated, with a header). Written
// atomically, so a half-written table never looks complete.
bool writeScoreTable(const std::vector<humanear::TrackScore>& scores, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        std::fprintf(stderr, "humanear-cli eval: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    QTextStream out(&file);
    out << "class\tsource\tp_ai\tpath\twindow_p_ai\n";
    for (const auto& s : scores) {
        if (!s.error.empty()) continue;
        out << (s.ai ? "ai" : "human") << '\t' << QString::fromStdString(s.source) << '\t'
            << QString::number(s.pAi, 'g', 9) << '\t' << QString::fromStdString(s.path) << '\t';
        for (size_t i = 0; i < s.windowPAi.size(); ++i) out << (i ? "," : "") << QString::number(s.windowPAi[i], 'g', 9);
        out << '\n';
    }
    out.flush();
    if (!file.commit()) {
        std::fprintf(stderr, "humanear-cli eval: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
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
    const QCommandLineOption robustness(
        "robustness",
        "Also score degraded copies: MP3 128 and 64 kbit/s, Opus 48 kbit/s, a 44.1 kHz resample round "
        "trip, white noise at 30 dB SNR, pitch +/-1 semitone, a 4 kHz low-pass (needs the ffmpeg tool).");
    const QCommandLineOption scoreCopies(
        "score-copies",
        "Score a degraded copy of every file instead of the file as stored (NAME: a robustness "
        "condition, e.g. mp3_64k); figures and --scores name the original files.",
        "NAME");
    const QCommandLineOption work("work",
                                  "Folder for the degraded copies (default: a temporary folder); copies already "
                                  "there are reused.",
                                  "DIR");
    const QCommandLineOption scoresFile(
        "scores", "Also write every clean file's P(AI) to FILE (tab-separated: class, source, p_ai, path).", "FILE");
    parser.addOptions({ai, human, json, model, models, robustness, scoreCopies, work, scoresFile});
    parser.process(QStringList{"humanear-cli eval"} + arguments);
    if (!parser.isSet(ai) || !parser.isSet(human)) {
        std::fprintf(stderr, "humanear-cli eval: --ai DIR and --human DIR are required (try --help)\n");
        return 2;
    }
    const auto files = collectFromFolders(parser.values(ai), parser.values(human));
    if (parser.isSet(robustness) && parser.isSet(scoreCopies)) {
        std::fprintf(stderr, "humanear-cli eval: --robustness degrades the stored files; it cannot be combined with "
                             "--score-copies\n");
        return 2;
    }
    QTemporaryDir scratch;
    const QString workDir = parser.isSet(work) ? parser.value(work) : scratch.path();
    std::optional<std::vector<humanear::DegradedFile>> copies;
    if (parser.isSet(scoreCopies)) {
        const QString name = parser.value(scoreCopies);
        auto made = humanear::degradeFiles(files, name.toStdString(), (workDir + "/" + name).toStdString(), logLine);
        if (!made) {
            std::fprintf(stderr, "humanear-cli eval: %s\n", made.error().message.c_str());
            return 2;
        }
        copies = std::move(*made);
        std::printf("scored as copies: %s (%zu of %zu files copied)\n", qPrintable(name), copies->size(), files.size());
    }
    int failed = 0;
    std::vector<humanear::TrackScore> scores;
    const auto clean = copies ? scoreAndMeasure(copiedFiles(*copies), parser.value(models), parser.value(model),
                                                &failed, &scores, &*copies)
                              : scoreAndMeasure(files, parser.value(models), parser.value(model), &failed, &scores);
    if (!clean) return 1;
    if (parser.isSet(scoresFile) && !writeScoreTable(scores, parser.value(scoresFile))) return 1;
    printMetrics(*clean, failed);
    QJsonObject summary = metricsToJson(*clean);
    if (copies) summary.insert("scored_as_copies", parser.value(scoreCopies));
    if (parser.isSet(robustness)) {
        auto table = measureRobustness(files, *clean, workDir, parser.value(models), parser.value(model));
        if (!table) return 1;
        summary.insert("robustness", *table);
    }
    if (parser.isSet(json))
        std::printf("%s\n", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
    return 0;
}
