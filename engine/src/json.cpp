#include "humanear/json.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace humanear {

std::string toJsonLine(const TrackAnalysis& a) {
    QJsonObject o;
    o.insert(QStringLiteral("path"), QString::fromStdString(a.path));
    o.insert(QStringLiteral("ok"), a.ok());
    if (a.facts.sampleRate > 0) {
        o.insert(QStringLiteral("duration_s"), a.facts.durationSeconds);
        o.insert(QStringLiteral("sample_rate"), a.facts.sampleRate);
        o.insert(QStringLiteral("channels"), a.facts.channels);
        o.insert(QStringLiteral("codec"), QString::fromStdString(a.facts.codec));
        o.insert(QStringLiteral("decoder"), QString::fromStdString(a.facts.decoder));
    }
    if (a.ok()) {
        o.insert(QStringLiteral("spectrogram"),
                 QJsonObject{{QStringLiteral("bands"), a.spectrogram.bands},
                             {QStringLiteral("frames"), a.spectrogram.frames},
                             {QStringLiteral("sample_rate"), a.spectrogram.sampleRate},
                             {QStringLiteral("hop"), a.spectrogram.hop}});
    } else {
        o.insert(QStringLiteral("error"), QString::fromStdString(a.error->message));
        o.insert(QStringLiteral("error_code"), QString::fromLatin1(errorCodeName(a.error->code)));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace humanear
