#include "io/sha256.h"

#include <QCryptographicHash>
#include <QFile>

namespace humanear::io {

Result<std::string> sha256OfFile(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::IoError, "Cannot read \"" + path + "\" to check its checksum.");
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(ErrorCode::IoError, "Cannot read \"" + path + "\" to check its checksum.");
    return hash.result().toHex().toStdString();
}

}  // namespace humanear::io
