#include "npy.h"

#include <QFile>
#include <QRegularExpression>
#include <cstring>

int64_t NpyArray::size() const {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

NpyArray loadNpy(const QString& path) {
    NpyArray out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot open %1").arg(path);
        return out;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY")) {
        out.error = QStringLiteral("%1 is not a .npy file").arg(path);
        return out;
    }
    const int major = static_cast<unsigned char>(bytes[6]);
    int headerLen = 0, offset = 0;
    if (major == 1) {
        headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        offset = 10;
    } else {
        uint32_t len = 0;
        std::memcpy(&len, bytes.constData() + 8, 4);
        headerLen = static_cast<int>(len);
        offset = 12;
    }
    const QString header = QString::fromLatin1(bytes.mid(offset, headerLen));
    const auto descr = QRegularExpression(QStringLiteral("'descr':\\s*'([^']+)'")).match(header);
    const auto order = QRegularExpression(QStringLiteral("'fortran_order':\\s*(\\w+)")).match(header);
    const auto shape = QRegularExpression(QStringLiteral("'shape':\\s*\\(([^)]*)\\)")).match(header);
    if (!descr.hasMatch() || !shape.hasMatch() || order.captured(1) != QLatin1String("False")) {
        out.error = QStringLiteral("%1: unsupported header %2").arg(path, header);
        return out;
    }
    for (const QString& part : shape.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.shape.push_back(part.trimmed().toLongLong());
    const int64_t n = out.size();
    const char* data = bytes.constData() + offset + headerLen;
    const QString type = descr.captured(1);
    const qsizetype available = bytes.size() - offset - headerLen;
    out.data.resize(static_cast<size_t>(n));
    if (type == QLatin1String("<f4") && available >= n * 4) {
        std::memcpy(out.data.data(), data, static_cast<size_t>(n) * 4);
    } else if (type == QLatin1String("<f8") && available >= n * 8) {
        for (int64_t i = 0; i < n; ++i) {
            double v;
            std::memcpy(&v, data + i * 8, 8);
            out.data[static_cast<size_t>(i)] = static_cast<float>(v);
        }
    } else {
        out.error = QStringLiteral("%1: unsupported dtype %2 or short file").arg(path, type);
    }
    return out;
}
