#pragma once
// Decibel conversion with librosa's semantics and per-clip standardisation.
#include "dsp/matrix.h"

namespace humanear::dsp {

struct DecibelOptions {
    double amin = 1e-10;
    double topDb = 80.0;  // < 0: no floor
};

// 10 log10(max(S, amin)) - 10 log10(max(max(S), amin)), floored at max - topDb.
void powerToDb(Matrix& power, const DecibelOptions& options = {});
// 20 log10 for amplitudes (librosa amplitude_to_db, ref=max).
void amplitudeToDb(Matrix& amplitude, const DecibelOptions& options = {});
// Zero mean, unit variance over the whole matrix (std < 1e-10 is treated as 1).
void standardise(Matrix& m);

}  // namespace humanear::dsp
