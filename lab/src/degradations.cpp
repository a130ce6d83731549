// File-level degradations for robustness evaluation (see humanear/robustness.h).
#include "humanear/lab/robustness.h"

#include "audio/decoder.h"
#include "file_name.h"
#include "runtime/parallel_for.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <sndfile.h>

#include <cmath>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace humanear {

namespace {

struct Recipe {
    Degradation degradation;
    QString suffix;          // of the degraded copy
    QStringList ffmpegArgs;  // between input and output; empty = noise (done here)
};

const std::vector<Recipe>& recipes() {
    static const std::vector<Recipe> all{
        {{"mp3_128k", "MP3 128 kbit/s"}, "mp3", {"-c:a", "libmp3lame", "-b:a", "128k"}},
        {{"mp3_64k", "MP3 64 kbit/s"}, "mp3", {"-c:a", "libmp3lame", "-b:a", "64k"}},
        {{"opus_48k", "Opus 48 kbit/s"}, "opus", {"-c:a", "libopus", "-b:a", "48k"}},
        {{"resample_44k1", "44.1 kHz resample round trip"}, "wav",
         {"-af", "aresample=44100:resampler=soxr", "-c:a", "pcm_f32le"}},
        {{"noise_30db", "white noise at 30 dB SNR"}, "wav", {}},
        {{"pitch_up_1st", "pitch +1 semitone"}, "wav", {"-af", "rubberband=pitch=1.0594631", "-c:a", "pcm_f32le"}},
        {{"pitch_down_1st", "pitch -1 semitone"}, "wav", {"-af", "rubberband=pitch=0.9438743", "-c:a", "pcm_f32le"}},
        // Two cascaded 2-pole sections: a clear 4 kHz band limit, not a gentle tilt.
        {{"lowpass_4k", "4 kHz low-pass"}, "wav", {"-af", "lowpass=f=4000,lowpass=f=4000", "-c:a", "pcm_f32le"}},
        // The band many MP3s have: a steep limit near 16 kHz (soxr to 32 kHz), which the
        // full-band member must not read as a verdict.
        {{"bandlimit_16k", "16 kHz band limit"}, "wav", {"-af", "aresample=32000:resampler=soxr", "-c:a", "pcm_f32le"}},
    };
    return all;
}


Status runFfmpeg(const std::string& in, const QStringList& args, const QString& out) {
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 QStringList{"-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", QString::fromStdString(in),
                             "-vn"} + args + QStringList{out});
    if (!ffmpeg.waitForStarted(10000))
        return makeError(ErrorCode::Internal, "The ffmpeg tool could not be started (is it installed?).");
    ffmpeg.waitForFinished(600000);
    if (ffmpeg.exitStatus() != QProcess::NormalExit || ffmpeg.exitCode() != 0)
        return makeError(ErrorCode::DecodeFailed, "ffmpeg could not degrade \"" + fileNameOf(in) + "\": " +
                                                      QString::fromLocal8Bit(ffmpeg.readAllStandardError()).trimmed().toStdString());
    return {};
}

// Exact SNR over the whole track, at the detector's 16 kHz (the rate every
// other stage works at), seeded by the file's position for reproducible figures.
Status addNoise(const std::string& in, const QString& out, double snrDb, unsigned seed) {
    auto clips = audio::decodeSpans(in, 16000, {audio::Span{0.0, 48.0 * 3600.0}});
    if (!clips) return clips.error();
    if (clips->empty() || clips->front().samples.empty())
        return makeError(ErrorCode::Empty, "\"" + fileNameOf(in) + "\" has no audio to add noise to.");
    std::vector<float>& x = clips->front().samples;
    double power = 0;
    for (float v : x) power += double(v) * v;
    power /= double(x.size());
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.f, float(std::sqrt(power / std::pow(10.0, snrDb / 10.0))));
    for (float& v : x) v += noise(rng);
    SF_INFO info{};
    info.samplerate = 16000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(out.toStdString().c_str(), SFM_WRITE, &info);
    if (!file) return makeError(ErrorCode::Internal, "Could not write \"" + out.toStdString() + "\".");
    const sf_count_t written = sf_writef_float(file, x.data(), sf_count_t(x.size()));
    sf_close(file);
    if (written != sf_count_t(x.size()))
        return makeError(ErrorCode::Internal, "Could not write all of \"" + out.toStdString() + "\".");
    return {};
}

}  // namespace

const std::vector<Degradation>& robustnessDegradations() {
    static const std::vector<Degradation> all = [] {
        std::vector<Degradation> list;
        for (const auto& r : recipes()) list.push_back(r.degradation);
        return list;
    }();
    return all;
}

Result<std::vector<DegradedFile>> degradeFiles(const std::vector<LabeledFile>& files, const std::string& degradation,
                                              const std::string& outDir, const LogCallback& log,
                                              const CancelToken& cancel) {
    const Recipe* recipe = nullptr;
    for (const auto& r : recipes())
        if (r.degradation.name == degradation) recipe = &r;
    if (!recipe) return makeError(ErrorCode::InvalidArgument, "Unknown degradation \"" + degradation + "\".");
    if (!QDir().mkpath(QString::fromStdString(outDir)))
        return makeError(ErrorCode::PermissionDenied, "Cannot create the folder \"" + outDir + "\".");

    std::vector<std::optional<DegradedFile>> copies(files.size());
    std::mutex logMutex;
    runtime::parallelFor(int(files.size()), int(std::max(1u, std::thread::hardware_concurrency())), [&](int i) {
        if (cancel.isCancelled()) return;
        const LabeledFile& f = files[size_t(i)];
        const QString folder = QString::fromStdString(outDir) + "/" + (f.ai ? "ai/" : "human/") +
                               QString::fromStdString(f.source.empty() ? "unknown" : f.source);
        QDir().mkpath(folder);
        // Named by a hash of the original's path: two sources may hold files with the
        // same name, and the name must not depend on which other files are in the run.
        const QByteArray pathHash =
            QCryptographicHash::hash(QByteArray::fromStdString(f.path), QCryptographicHash::Sha1).toHex().left(12);
        const QString out = folder + "/" + QString::fromLatin1(pathHash) + "_" +
                            QFileInfo(QString::fromStdString(f.path)).completeBaseName() + "." + recipe->suffix;
        if (!QFileInfo::exists(out)) {
            const QString partial = out + ".partial." + recipe->suffix;
            const Status status = recipe->ffmpegArgs.isEmpty()
                                      ? addNoise(f.path, partial, 30.0, pathHash.left(8).toUInt(nullptr, 16))
                                      : runFfmpeg(f.path, recipe->ffmpegArgs, partial);
            if (!status || !QFile::rename(partial, out)) {
                QFile::remove(partial);
                if (log) {
                    std::lock_guard<std::mutex> lock(logMutex);
                    log("skipped " + fileNameOf(f.path) + " (" + degradation + "): " +
                        (status ? std::string("could not rename the copy") : status.error().message));
                }
                return;
            }
        }
        copies[size_t(i)] = DegradedFile{LabeledFile{out.toStdString(), f.ai, f.source}, f.path};
    });
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Degrading the files was cancelled.");
    std::vector<DegradedFile> result;
    for (auto& c : copies)
        if (c) result.push_back(std::move(*c));
    return result;
}

}  // namespace humanear
