#pragma once
// Decibel conversion with librosa's semantics, and per-clip standardisation.
#include "dsp/matrix.h"

namespace humanear::dsp {

enum class DbReference {
    Max,    // ref = max of the matrix (librosa ref=np.max): the result peaks at 0 dB
    Value,  // ref = DecibelOptions::refValue
};

struct DecibelOptions {
    double amin = -1.0;  // floor on S and on ref; < 0: librosa's default (1e-10 power, 1e-5 amplitude)
    double topDb = 80.0;  // floor at (result max) - topDb; < 0: no floor (librosa top_db=None)
    DbReference ref = DbReference::Max;
    double refValue = 1.0;
};

// librosa.power_to_db: 10 log10(max(S, amin)) - 10 log10(max(ref, amin)),
// then max(result, result.max() - topDb). In place.
void powerToDb(Matrix& power, const DecibelOptions& options = {});
// librosa.amplitude_to_db: the same with 20 log10.
void amplitudeToDb(Matrix& amplitude, const DecibelOptions& options = {});
// Zero mean, unit variance over all values of the matrix (population std; a std
// below 1e-10, e.g. a constant matrix, is treated as 1).
void standardise(Matrix& m);

}  // namespace humanear::dsp
