#pragma once
// Where tests find reference data and how they make audio fixtures at run time.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace testdata {

// ../shared beside the checkout, or $HUMANEAR_SHARED_DIR; empty when absent.
QString sharedDir();
// Path below sharedDir(), or empty when ../shared or the file is missing.
QString sharedFile(const QString& relative);

// Runs a program (sox, ffmpeg...) and returns true on exit code 0.
bool runTool(const QString& program, const QStringList& args, QString* errorOut = nullptr);
bool haveTool(const QString& program);

// What a program (e.g. humanear-cli) printed and returned; waits up to 5 minutes.
struct ProgramRun {
    int exitCode = -1;
    QByteArray out, err;
    // The last line of stdout read as a JSON object (empty when it is not one):
    // where the CLI's --json puts its summary.
    QJsonObject lastJsonLine() const;
};
ProgramRun runProgram(const QString& program, const QStringList& args);

// Writes interleaved float32 samples as a WAV. dataBytesOverride lets a test
// write a header that lies about the length.
bool writeWav(const QString& path, int sampleRate, int channels, const std::vector<float>& interleaved,
              long long dataBytesOverride = -1);

// Writes a float32 mono/multichannel WAV of a sine with the given parameters.
bool writeSineWav(const QString& path, int sampleRate, int channels, double seconds,
                  double frequency = 440.0, double amplitude = 0.5);

// Writes a float32 WAV of synthesised music (synth::musicLike: chords, bass,
// melody, drums), the same in every channel: a fixture the music check lets
// through to the detector, where a sine would be "not music".
bool writeMusicWav(const QString& path, int sampleRate, int channels, double seconds, unsigned seed = 4);

// Reads a PCM16 or float32 WAV into floats (interleaved), independent of the engine's decoders.
struct WavData {
    int sampleRate = 0;
    int channels = 0;
    std::vector<float> samples;
};
bool readWav(const QString& path, WavData* out);

}  // namespace testdata

// QSKIP with the reason, used when ../shared is not there.
#define REQUIRE_SHARED(path)                                                                   \
    do {                                                                                       \
        if ((path).isEmpty())                                                                  \
            QSKIP("../shared reference data not present: comparison skipped");                \
    } while (0)
