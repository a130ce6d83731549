#pragma once
// Signals synthesised at test time for the "is it music?" check: plainly not
// music (tones, noise, clicks, speech-like) and a music-like control.
// Mono floats; every generator is deterministic for a given seed.
#include <vector>

namespace synth {

std::vector<float> sine(int rate, double seconds, double hz, double amplitude = 0.5);
std::vector<float> twoTone(int rate, double seconds, double hz1, double hz2, double amplitude = 0.3);
std::vector<float> constant(int rate, double seconds, float value);
std::vector<float> whiteNoise(int rate, double seconds, double rms, unsigned seed = 1);
std::vector<float> pinkNoise(int rate, double seconds, double rms, unsigned seed = 2);
// A metronome: 2 ms clicks every `period` seconds, silence between.
std::vector<float> clicks(int rate, double seconds, double period = 0.5, double amplitude = 0.8);
// Speech-like: phrases of syllables (about 5 a second) of a glottal pulse train
// whose pitch glides 190 -> 110 Hz over a phrase, shaped by changing vowel
// formants, with short consonant gaps and noise bursts and pauses between phrases.
std::vector<float> speechLike(int rate, double seconds, unsigned seed = 3);
// Music-like: a 120 bpm I-V-vi-IV pad, a bass line, an eighth-note melody of
// chord tones, kick, snare and hi-hat.
std::vector<float> musicLike(int rate, double seconds, unsigned seed = 4);

}  // namespace synth
