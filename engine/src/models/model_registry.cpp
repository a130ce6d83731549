#include "models/model_registry.h"
#include "io/sha256.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <map>
#include <mutex>

#ifndef HUMANEAR_INSTALL_MODELS_DIR
#define HUMANEAR_INSTALL_MODELS_DIR ""
#endif

namespace humanear::models {

Status verifyWeights(const ModelManifest& manifest) {
    const QFileInfo weights(QString::fromStdString(manifest.weightsPath()));
    if (!weights.exists())
        return makeError(ErrorCode::ModelMissing,
                         "The weights file \"" + weights.fileName().toStdString() + "\" of model \"" + manifest.name +
                             "\" is missing from " +
                             QFileInfo(QString::fromStdString(manifest.manifestPath)).path().toStdString() + ".");
    // Hashing tens of MB on every load is wasteful; remember files already verified.
    static std::mutex cacheMutex;
    static std::map<std::string, std::string> verified;  // path|size|mtime -> sha256
    const std::string key = weights.absoluteFilePath().toStdString() + "|" + std::to_string(weights.size()) + "|" +
                            std::to_string(weights.lastModified().toMSecsSinceEpoch());
    std::string digest;
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        if (auto it = verified.find(key); it != verified.end()) digest = it->second;
    }
    if (digest.empty()) {
        auto computed = io::sha256OfFile(weights.absoluteFilePath().toStdString());
        if (!computed) return computed.error();
        digest = *computed;
        // A file modified within the timestamp granularity of "now" could be rewritten
        // again with the same size and mtime, so only settled files are remembered
        // (the "racily clean" rule git uses for its index).
        const bool settled = weights.lastModified().msecsTo(QDateTime::currentDateTime()) > 2000;
        if (settled) {
            std::lock_guard<std::mutex> lock(cacheMutex);
            verified[key] = digest;
        }
    }
    if (digest != manifest.sha256)
        return makeError(ErrorCode::ModelCorrupt,
                         "The weights file \"" + weights.fileName().toStdString() + "\" of model \"" + manifest.name +
                             "\" is damaged or was replaced: its checksum does not match the manifest. "
                             "Reinstall HumanEar's models.");
    return {};
}

ModelRegistry::ModelRegistry(std::vector<std::string> searchDirs) : dirs_(std::move(searchDirs)) {}

std::vector<std::string> ModelRegistry::defaultSearchDirs(const std::string& preferredDir) {
    std::vector<std::string> dirs;
    auto add = [&](const QString& dir) {
        if (!dir.isEmpty()) dirs.push_back(QDir::cleanPath(dir).toStdString());
    };
    add(QString::fromStdString(preferredDir));
    add(qEnvironmentVariable("HUMANEAR_MODELS_DIR"));
    if (QCoreApplication::instance()) {
        // Relocatable install: bin/../share/humanear/models. The build tree mirrors it
        // (build/share/humanear/models links to the checkout's models/).
        add(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/humanear/models"));
    }
    add(QStringLiteral(HUMANEAR_INSTALL_MODELS_DIR));
    return dirs;
}

std::string ModelRegistry::firstExistingDir() const {
    for (const auto& dir : dirs_)
        if (QFileInfo(QString::fromStdString(dir)).isDir()) return dir;
    return dirs_.empty() ? std::string() : dirs_.front();
}

Result<ModelManifest> ModelRegistry::locate(const std::string& name) const {
    const QString manifestName = QString::fromStdString(name) + QStringLiteral(".manifest.json");
    for (const auto& dir : dirs_) {
        const QString path = QDir(QString::fromStdString(dir)).filePath(manifestName);
        if (!QFileInfo::exists(path)) continue;
        auto manifest = readManifest(path.toStdString());
        if (!manifest) return manifest.error();
        if (manifest->isEnsemble()) return manifest;  // its members are located and verified when loaded
        if (auto verified = verifyWeights(*manifest); !verified) return verified.error();
        return manifest;
    }
    std::string where;
    for (const auto& dir : dirs_) where += (where.empty() ? "" : ", ") + dir;
    return makeError(ErrorCode::ModelMissing,
                     "The model \"" + name + "\" is not installed (looked in " + where + ").");
}

}  // namespace humanear::models
