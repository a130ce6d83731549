// humanear::writeDetectorEnsemble: an ensemble folder from trained models.
#include "humanear/lab/detector_training.h"
#include "models/model_manifest.h"
#include "models/model_registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <set>

namespace humanear {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

Status copyReplacing(const QString& from, const QString& to) {
    const QString partial = to + QStringLiteral(".partial");
    QFile::remove(partial);
    if (!QFile::copy(from, partial))
        return makeError(ErrorCode::IoError, "Cannot copy \"" + from.toStdString() + "\" to \"" + to.toStdString() + "\".");
    QFile::remove(to);
    if (!QFile::rename(partial, to))
        return makeError(ErrorCode::IoError, "Cannot write \"" + to.toStdString() + "\".");
    return {};
}

// The member's own manifest, every field kept (training data, metrics...), renamed.
Status writeMemberManifest(const models::ModelManifest& member, const std::string& memberName, const QString& path) {
    QFile in(q(member.manifestPath));
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::IoError, "Cannot read \"" + member.manifestPath + "\".");
    QJsonObject o = QJsonDocument::fromJson(in.readAll()).object();
    o.insert(QStringLiteral("name"), q(memberName));
    o.insert(QStringLiteral("weights"), q(memberName + ".pt"));
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::IoError, "Cannot write \"" + path.toStdString() + "\".");
    out.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!out.commit()) return makeError(ErrorCode::IoError, "Cannot write \"" + path.toStdString() + "\".");
    return {};
}

}  // namespace

Result<std::string> writeDetectorEnsemble(const EnsembleSpec& spec) {
    if (spec.memberManifests.size() < 2)
        return makeError(ErrorCode::InvalidArgument, "An ensemble needs at least two trained models.");
    if (spec.name.empty()) return makeError(ErrorCode::InvalidArgument, "The ensemble needs a name.");
    if (!QDir().mkpath(q(spec.outDir)))
        return makeError(ErrorCode::IoError, "Cannot create the folder \"" + spec.outDir + "\".");
    models::ModelManifest ensemble;
    ensemble.name = spec.name;
    ensemble.version = spec.version;
    ensemble.architecture = "ensemble";
    ensemble.parameters["threshold"] = spec.threshold;
    // Every member is checked before anything is written.
    std::vector<models::ModelManifest> members;
    for (const auto& path : spec.memberManifests) {
        auto member = models::readManifest(path);
        if (!member) return member.error();
        if (member->isEnsemble())
            return makeError(ErrorCode::InvalidArgument,
                             "\"" + path + "\" is itself an ensemble; members must be trained models.");
        if (auto verified = models::verifyWeights(*member); !verified)
            return makeError(verified.error().code, "Cannot use \"" + path + "\": " + verified.error().message);
        members.push_back(std::move(*member));
    }
    std::set<std::string> used;
    const QDir out(q(spec.outDir));
    for (const auto& member : members) {
        std::string memberName = spec.name + "-" + member.architecture;
        for (int n = 2; used.count(memberName); ++n)
            memberName = spec.name + "-" + member.architecture + "-" + std::to_string(n);
        used.insert(memberName);
        if (auto st = copyReplacing(q(member.weightsPath()), out.filePath(q(memberName + ".pt"))); !st) return st.error();
        if (auto st = writeMemberManifest(member, memberName, out.filePath(q(memberName + ".manifest.json"))); !st)
            return st.error();
        ensemble.members.push_back(memberName);
    }
    const std::string manifestPath = out.filePath(q(spec.name + ".manifest.json")).toStdString();
    if (auto st = models::writeManifest(ensemble, manifestPath); !st) return st.error();
    return manifestPath;
}

}  // namespace humanear
