#pragma once
// Where tests find reference data and how they make audio fixtures at run time.
#include <QString>
#include <QStringList>

namespace testdata {

// ../shared beside the checkout, or $HUMANEAR_SHARED_DIR; empty when absent.
QString sharedDir();
// Path below sharedDir(), or empty when ../shared or the file is missing.
QString sharedFile(const QString& relative);

// Runs a program (sox, ffmpeg...) and returns true on exit code 0.
bool runTool(const QString& program, const QStringList& args, QString* errorOut = nullptr);
bool haveTool(const QString& program);

// Writes a float32 mono/multichannel WAV of a sine with the given parameters.
bool writeSineWav(const QString& path, int sampleRate, int channels, double seconds,
                  double frequency = 440.0, double amplitude = 0.5);

}  // namespace testdata

// QSKIP with the reason, used when ../shared is not there.
#define REQUIRE_SHARED(path)                                                                   \
    do {                                                                                       \
        if ((path).isEmpty())                                                                  \
            QSKIP("../shared reference data not present: comparison skipped");                \
    } while (0)
