#include "testdata.h"

#include "synth_signals.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace testdata {

QString sharedDir() {
    QString dir = qEnvironmentVariable("HUMANEAR_SHARED_DIR");
    if (dir.isEmpty()) {
        const QString source = qEnvironmentVariable("HUMANEAR_SOURCE_DIR");
        if (!source.isEmpty()) dir = source + QStringLiteral("/../shared");
    }
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) return {};
    return QDir(dir).canonicalPath();
}

QString sharedFile(const QString& relative) {
    const QString dir = sharedDir();
    if (dir.isEmpty()) return {};
    const QString path = dir + QLatin1Char('/') + relative;
    return QFileInfo::exists(path) ? path : QString();
}

bool haveTool(const QString& program) { return !QStandardPaths::findExecutable(program).isEmpty(); }

bool runTool(const QString& program, const QStringList& args, QString* errorOut) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        if (errorOut) *errorOut = program + QStringLiteral(" did not start");
        return false;
    }
    process.waitForFinished(300000);
    const bool ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!ok && errorOut) *errorOut = QString::fromLocal8Bit(process.readAll());
    return ok;
}

QJsonObject ProgramRun::lastJsonLine() const {
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

ProgramRun runProgram(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(program, args);
    process.waitForFinished(300000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

bool writeWav(const QString& path, int sampleRate, int channels, const std::vector<float>& samples,
              long long dataBytesOverride) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    auto u32 = [&](uint32_t v) { file.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](uint16_t v) { file.write(reinterpret_cast<const char*>(&v), 2); };
    const uint32_t dataBytes =
        dataBytesOverride >= 0 ? static_cast<uint32_t>(dataBytesOverride) : static_cast<uint32_t>(samples.size() * 4);
    file.write("RIFF"); u32(36 + dataBytes); file.write("WAVE");
    file.write("fmt "); u32(16); u16(3 /* IEEE float */); u16(static_cast<uint16_t>(channels));
    u32(static_cast<uint32_t>(sampleRate)); u32(static_cast<uint32_t>(sampleRate) * static_cast<uint32_t>(channels) * 4);
    u16(static_cast<uint16_t>(channels * 4)); u16(32);
    file.write("data"); u32(dataBytes);
    file.write(reinterpret_cast<const char*>(samples.data()), static_cast<qint64>(samples.size() * 4));
    return true;
}

bool writeSineWav(const QString& path, int sampleRate, int channels, double seconds, double frequency,
                  double amplitude) {
    const auto frames = static_cast<size_t>(std::llround(seconds * sampleRate));
    std::vector<float> samples(frames * static_cast<size_t>(channels));
    for (size_t i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            samples[i * static_cast<size_t>(channels) + static_cast<size_t>(c)] = static_cast<float>(
                amplitude * std::sin(2.0 * M_PI * frequency * (1.0 + 0.1 * c) * double(i) / sampleRate));
    return writeWav(path, sampleRate, channels, samples);
}

bool writeMusicWav(const QString& path, int sampleRate, int channels, double seconds, unsigned seed) {
    const std::vector<float> mono = synth::musicLike(sampleRate, seconds, seed);
    std::vector<float> samples(mono.size() * size_t(channels));
    for (size_t i = 0; i < mono.size(); ++i)
        for (int c = 0; c < channels; ++c) samples[i * size_t(channels) + size_t(c)] = mono[i];
    return writeWav(path, sampleRate, channels, samples);
}

bool readWav(const QString& path, WavData* out) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 12 || !bytes.startsWith("RIFF") || bytes.mid(8, 4) != "WAVE") return false;
    auto u16 = [&](int at) { return uint16_t(uint8_t(bytes[at]) | (uint8_t(bytes[at + 1]) << 8)); };
    auto u32 = [&](int at) { return uint32_t(u16(at)) | (uint32_t(u16(at + 2)) << 16); };
    int format = 0, bits = 0;
    for (int at = 12; at + 8 <= bytes.size();) {
        const QByteArray id = bytes.mid(at, 4);
        const int size = static_cast<int>(u32(at + 4));
        const int body = at + 8;
        if (id == "fmt ") {
            format = u16(body);
            if (format == 0xFFFE) format = u16(body + 24);  // WAVE_FORMAT_EXTENSIBLE sub-format
            out->channels = u16(body + 2);
            out->sampleRate = static_cast<int>(u32(body + 4));
            bits = u16(body + 14);
        } else if (id == "data") {
            const int n = std::min(size, static_cast<int>(bytes.size()) - body);
            const char* p = bytes.constData() + body;
            if (format == 1 && bits == 16) {
                for (int i = 0; i + 1 < n; i += 2)
                    out->samples.push_back(static_cast<int16_t>(u16(body + i)) / 32768.0f);
            } else if (format == 3 && bits == 32) {
                out->samples.resize(static_cast<size_t>(n / 4));
                std::memcpy(out->samples.data(), p, static_cast<size_t>(n / 4) * 4);
            } else {
                return false;
            }
            return out->channels > 0;
        }
        at = body + size + (size & 1);
    }
    return false;
}

}  // namespace testdata
