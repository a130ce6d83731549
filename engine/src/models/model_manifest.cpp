#include "models/model_manifest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace humanear::models {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QJsonValue& v) { return v.toString().toStdString(); }
}  // namespace

std::string ModelManifest::weightsPath() const {
    return QFileInfo(q(manifestPath)).dir().filePath(q(weightsFile)).toStdString();
}

double ModelManifest::parameter(const std::string& key, double fallback) const {
    auto it = parameters.find(key);
    return it == parameters.end() ? fallback : it->second;
}

Result<ModelManifest> readManifest(const std::string& manifestPath) {
    const QString name = QFileInfo(q(manifestPath)).fileName();
    QFile file(q(manifestPath));
    if (!file.exists())
        return makeError(ErrorCode::ModelMissing,
                         "The model manifest \"" + name.toStdString() + "\" is not installed.");
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::PermissionDenied,
                         "The model manifest \"" + name.toStdString() + "\" cannot be read.");
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::ModelCorrupt, "The model manifest \"" + name.toStdString() +
                                                      "\" is damaged (" +
                                                      parseError.errorString().toStdString() + ").");
    const QJsonObject o = doc.object();
    ModelManifest m;
    m.manifestPath = manifestPath;
    m.name = s(o.value(QStringLiteral("name")));
    m.version = s(o.value(QStringLiteral("version")));
    m.architecture = s(o.value(QStringLiteral("architecture")));
    m.weightsFile = s(o.value(QStringLiteral("weights")));
    m.sha256 = s(o.value(QStringLiteral("sha256")));
    const QJsonObject in = o.value(QStringLiteral("input")).toObject();
    m.input.sampleRate = in.value(QStringLiteral("sample_rate")).toInt();
    m.input.nMels = in.value(QStringLiteral("n_mels")).toInt();
    m.input.nFft = in.value(QStringLiteral("n_fft")).toInt();
    m.input.hop = in.value(QStringLiteral("hop")).toInt();
    m.input.windowSeconds = in.value(QStringLiteral("window_seconds")).toDouble();
    m.input.frontEnd = s(in.value(QStringLiteral("front_end")));
    const QJsonObject params = o.value(QStringLiteral("parameters")).toObject();
    for (auto it = params.begin(); it != params.end(); ++it) m.parameters[it.key().toStdString()] = it.value().toDouble();
    for (const auto& member : o.value(QStringLiteral("members")).toArray()) m.members.push_back(s(member));
    if (m.isEnsemble()) {
        const bool named = std::all_of(m.members.begin(), m.members.end(), [](const auto& n) { return !n.empty(); });
        if (m.name.empty() || m.members.empty() || !named)
            return makeError(ErrorCode::ModelCorrupt, "The model manifest \"" + name.toStdString() +
                                                          "\" is incomplete: an ensemble must give its name and "
                                                          "the names of its members.");
        return m;
    }
    if (m.name.empty() || m.weightsFile.empty() || m.sha256.size() != 64 || m.input.sampleRate <= 0)
        return makeError(ErrorCode::ModelCorrupt,
                         "The model manifest \"" + name.toStdString() +
                             "\" is incomplete: it must give name, weights, a sha256 and the input spec.");
    return m;
}

Status writeManifest(const ModelManifest& m, const std::string& manifestPath) {
    QJsonObject in{{QStringLiteral("sample_rate"), m.input.sampleRate},
                   {QStringLiteral("n_mels"), m.input.nMels},
                   {QStringLiteral("n_fft"), m.input.nFft},
                   {QStringLiteral("hop"), m.input.hop},
                   {QStringLiteral("window_seconds"), m.input.windowSeconds},
                   {QStringLiteral("front_end"), q(m.input.frontEnd)}};
    QJsonObject params;
    for (const auto& [key, value] : m.parameters) params.insert(q(key), value);
    QJsonObject o{{QStringLiteral("name"), q(m.name)},
                  {QStringLiteral("version"), q(m.version)},
                  {QStringLiteral("architecture"), q(m.architecture)},
                  {QStringLiteral("parameters"), params}};
    if (m.isEnsemble()) {
        QJsonArray members;
        for (const auto& member : m.members) members.append(q(member));
        o.insert(QStringLiteral("members"), members);
    } else {
        o.insert(QStringLiteral("weights"), q(m.weightsFile));
        o.insert(QStringLiteral("sha256"), q(m.sha256));
        o.insert(QStringLiteral("input"), in);
    }
    QSaveFile file(q(manifestPath));  // write new + rename: never a half-written manifest
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::IoError, "Cannot write the model manifest \"" + manifestPath + "\".");
    file.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(ErrorCode::IoError, "Cannot write the model manifest \"" + manifestPath + "\".");
    return {};
}

}  // namespace humanear::models
