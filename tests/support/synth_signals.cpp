#include "synth_signals.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace synth {

namespace {
size_t count(int rate, double seconds) { return size_t(std::llround(seconds * rate)); }
void normalisePeak(std::vector<float>& x, double peak) {
    float top = 0;
    for (float v : x) top = std::max(top, std::fabs(v));
    if (top > 0)
        for (float& v : x) v = float(v * peak / top);
}
}  // namespace

std::vector<float> sine(int rate, double seconds, double hz, double amplitude) {
    std::vector<float> x(count(rate, seconds));
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(amplitude * std::sin(2 * M_PI * hz * double(i) / rate));
    return x;
}

std::vector<float> twoTone(int rate, double seconds, double hz1, double hz2, double amplitude) {
    std::vector<float> x(count(rate, seconds));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(amplitude * (std::sin(2 * M_PI * hz1 * double(i) / rate) + std::sin(2 * M_PI * hz2 * double(i) / rate)));
    return x;
}

std::vector<float> constant(int rate, double seconds, float value) { return std::vector<float>(count(rate, seconds), value); }

std::vector<float> whiteNoise(int rate, double seconds, double rms, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<double> normal(0.0, rms);
    std::vector<float> x(count(rate, seconds));
    for (float& v : x) v = float(normal(random));
    return x;
}

std::vector<float> pinkNoise(int rate, double seconds, double rms, unsigned seed) {
    // Paul Kellet's economy filter over white noise: -3 dB per octave.
    std::vector<float> x = whiteNoise(rate, seconds, 1.0, seed);
    double b0 = 0, b1 = 0, b2 = 0;
    double sumSquares = 0;
    for (float& v : x) {
        b0 = 0.99765 * b0 + v * 0.0990460;
        b1 = 0.96300 * b1 + v * 0.2965164;
        b2 = 0.57000 * b2 + v * 1.0526913;
        v = float(b0 + b1 + b2 + v * 0.1848);
        sumSquares += double(v) * v;
    }
    const double scale = rms / std::sqrt(sumSquares / double(std::max<size_t>(1, x.size())));
    for (float& v : x) v = float(v * scale);
    return x;
}

std::vector<float> clicks(int rate, double seconds, double period, double amplitude) {
    std::vector<float> x(count(rate, seconds), 0.f);
    const size_t clickLength = count(rate, 0.002);
    for (double t = 0.1; t < seconds; t += period) {
        const size_t start = count(rate, t);
        for (size_t i = 0; i < clickLength && start + i < x.size(); ++i)
            x[start + i] = float(amplitude * (i % 2 ? -1 : 1) * (1.0 - double(i) / clickLength));
    }
    return x;
}

std::vector<float> speechLike(int rate, double seconds, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    struct Vowel { double f1, f2, f3; };
    const Vowel vowels[] = {{730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {530, 1840, 2480}, {570, 840, 2410}};
    std::vector<float> x(count(rate, seconds), 0.f);
    double t = 0.15, phase = 0;
    while (t < seconds) {
        const double phraseLength = 1.5 + 1.5 * uniform(random);
        const double phraseEnd = std::min(seconds, t + phraseLength);
        const double phraseStart = t;
        while (t < phraseEnd) {
            const double voiced = 0.10 + 0.08 * uniform(random);
            const Vowel v = vowels[size_t(uniform(random) * 5) % 5];
            const double jitter = 15 * normal(random);
            const size_t from = count(rate, t), to = std::min(x.size(), count(rate, t + voiced));
            for (size_t i = from; i < to; ++i) {
                const double local = double(i - from) / double(std::max<size_t>(1, to - from));
                const double progress = (double(i) / rate - phraseStart) / phraseLength;
                const double f0 = 190 - 80 * progress + jitter + 10 * std::sin(2 * M_PI * local);
                phase += 2 * M_PI * f0 / rate;
                const double envelope = std::sin(M_PI * local);
                double sample = 0;
                for (int k = 1; k * f0 < 4000; ++k) {
                    const double f = k * f0;
                    double gain = 0;
                    for (double formant : {v.f1, v.f2, v.f3}) {
                        const double d = (f - formant) / 90.0;
                        gain += 1.0 / (1.0 + d * d);
                    }
                    sample += gain / k * std::sin(k * phase);
                }
                x[i] += float(0.2 * envelope * sample);
            }
            t += voiced;
            // A consonant: a short gap, half the time with a fricative noise burst.
            const double gap = 0.04 + 0.05 * uniform(random);
            if (uniform(random) < 0.5) {
                const size_t g0 = count(rate, t), g1 = std::min(x.size(), count(rate, t + gap));
                for (size_t i = g0; i < g1; ++i) x[i] += float(0.03 * normal(random));
            }
            t += gap;
        }
        t += 0.3 + 0.4 * uniform(random);  // a pause between phrases
    }
    normalisePeak(x, 0.7);
    return x;
}

std::vector<float> musicLike(int rate, double seconds, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<float> x(count(rate, seconds), 0.f);
    auto midiHz = [](double note) { return 440.0 * std::pow(2.0, (note - 69) / 12); };
    // C G Am F, two seconds each (one bar at 120 bpm).
    const int chords[4][3] = {{60, 64, 67}, {55, 59, 62}, {57, 60, 64}, {53, 57, 60}};
    const double beat = 0.5;
    auto add = [&](double start, double length, auto&& voice) {
        const size_t from = count(rate, start), to = std::min(x.size(), count(rate, start + length));
        for (size_t i = from; i < to; ++i) x[i] += float(voice(double(i - from) / rate));
    };
    for (double bar = 0; bar * 2 < seconds; ++bar) {
        const int* chord = chords[int(bar) % 4];
        const double start = bar * 2;
        for (int n = 0; n < 3; ++n) {
            const double hz = midiHz(chord[n]);
            add(start, 2.0, [&](double t) {
                double s = 0;
                for (int k = 1; k <= 6; ++k) s += std::sin(2 * M_PI * k * hz * t * (1 + 0.002 * std::sin(2 * M_PI * 5 * t))) / k;
                return 0.05 * s * std::min(1.0, t / 0.05) * std::min(1.0, (2.0 - t) / 0.05);
            });
        }
        for (int b = 0; b < 4; ++b) {
            const double at = start + b * beat;
            const double bassHz = midiHz(chord[0] - 24);
            add(at, beat, [&](double t) { return 0.25 * std::sin(2 * M_PI * bassHz * t) * std::exp(-t * 4); });
            if (b % 2 == 0)
                add(at, 0.2, [&](double t) { return 0.6 * std::sin(2 * M_PI * (50 + 70 * std::exp(-t * 30)) * t) * std::exp(-t * 20); });
            else
                add(at, 0.15, [&](double t) { return 0.25 * (2 * uniform(random) - 1) * std::exp(-t * 25); });
            for (int e = 0; e < 2; ++e) {
                const double eighth = at + e * beat / 2;
                add(eighth, 0.05, [&](double t) { return 0.08 * (2 * uniform(random) - 1) * std::exp(-t * 80); });
                const double melodyHz = midiHz(chord[size_t(uniform(random) * 3) % 3] + 12);
                add(eighth, beat / 2, [&](double t) {
                    double s = 0;
                    for (int k = 1; k <= 4; ++k) s += std::sin(2 * M_PI * k * melodyHz * t) / (k * k);
                    return 0.15 * s * std::exp(-t * 3) * std::min(1.0, t / 0.01);
                });
            }
        }
    }
    normalisePeak(x, 0.8);
    return x;
}

}  // namespace synth
