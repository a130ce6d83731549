#include "similarity/descriptor_embedder.h"

#include "runtime/shared_task.h"

#include "audio/decoder.h"
#include "audio/resampler.h"
#include "dsp/matrix.h"
#include "dsp/mel.h"
#include "dsp/musicnn_front_end.h"
#include "models/model_registry.h"
#include "networks/musicnn_network.h"
#include "dsp/stft.h"
#include "runtime/stage_timer.h"

#include <algorithm>
#include <filesystem>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>

namespace humanear::models {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kFft = 2048;
constexpr int kHop = 512;
constexpr int kMelBands = 64;
constexpr int kMfcc = 20;
constexpr int kContrastBands = 7;  // 6 octaves from 200 Hz plus the band below
constexpr int kChroma = 12;
constexpr int kTempoBands = 8;
constexpr double kTempoMinBpm = 50, kTempoMaxBpm = 220;
constexpr double kFramesPerSecond = double(DescriptorEmbedder::kSampleRate) / kHop;
constexpr int kStereoBands = 16;  // groups of 4 adjacent mel bands
constexpr double kStereoFloorDb = -40, kStereoCeilDb = 10;

// The layout of the raw vector. Appending is fine; reordering or resizing a group
// changes what stored vectors mean and needs a new DescriptorEmbedderInfo::kVersion.
enum GroupIndex {
    kTimbre, kContrast, kHarmony, kShape, kRhythm, kLoudness, kDynamics, kStereo, kStereoMotion, kMusicnn, kGroupCount
};
constexpr int kTimbreSize = 2 * kMfcc;
constexpr int kContrastSize = 2 * kContrastBands;
constexpr int kHarmonySize = 2 * kChroma;
constexpr int kShapeSize = 6;                  // centroid, rolloff, flatness: mean and std
constexpr int kRhythmSize = kTempoBands + 5;   // bands, tempo, its strength, onset rate, envelope mean, std
constexpr int kLoudnessSize = 2;
// How fast the timbre changes: mean |frame-to-frame MFCC change| per coefficient.
constexpr int kDynamicsSize = kMfcc;
// Stereo image, a strong trait of a production: per band of 4 mel bands, the
// side/mid energy ratio in dB (clipped to [-40, 10]; mono files sit at -40),
// its median over the window's frames (width) and its std (how much it moves).
constexpr int kStereoSize = kStereoBands;
constexpr int kStereoMotionSize = kStereoBands;
// Every descriptor is computed per window and averaged over the windows. (Tried
// and dropped, as they did not lift precision@10 on data/human-debian beyond
// noise: key-invariant rotated chroma, and the std of MFCC means across windows.)
constexpr int kSignalDimension =
    kTimbreSize + kContrastSize + kHarmonySize + kShapeSize + kRhythmSize + kLoudnessSize + kDynamicsSize +
    kStereoSize + kStereoMotionSize;
// musicnn's penultimate layer for the 3 s at the centre of the window (version 4):
// learned timbre, genre and instrumentation, the mid signal only.
constexpr int kMusicnnSize = MusicnnNetwork::kPenultimate;
constexpr int kDimension = kSignalDimension + kMusicnnSize;

// Running mean and population std in double: frame values span many decades.
struct Moments {
    double sum = 0, sumSq = 0;
    long n = 0;
    void add(double v) {
        sum += v;
        sumSq += v * v;
        ++n;
    }
    double mean() const { return n ? sum / n : 0.0; }
    double stddev() const {
        if (n < 2) return 0.0;
        const double m = mean();
        return std::sqrt(std::max(0.0, sumSq / n - m * m));
    }
};

float finiteOr0(double v) { return std::isfinite(v) ? static_cast<float>(v) : 0.f; }

// The q smallest of v[0..n) into smallest[0..q) and the q largest into
// largest[0..q), each in ascending order (2q < n): the values a sort would put at
// either end. One pass keeping two short sorted lists, which after the first few
// values are rarely entered: about three times faster than two nth_element calls
// and two sorts on a spectrum's octave band (measured), the same values.
void smallestAndLargest(const float* v, int n, int q, float* smallest, float* largest) {
    int low = 0, high = 0;
    for (int i = 0; i < n; ++i) {
        const float x = v[i];
        if (low < q || x < smallest[q - 1]) {
            int j = low < q ? low++ : q - 1;
            for (; j > 0 && smallest[j - 1] > x; --j) smallest[j] = smallest[j - 1];
            smallest[j] = x;
        }
        if (high < q) {
            int j = high++;
            for (; j > 0 && largest[j - 1] > x; --j) largest[j] = largest[j - 1];
            largest[j] = x;
        } else if (x > largest[0]) {
            int j = 0;
            for (; j + 1 < q && largest[j + 1] < x; ++j) largest[j] = largest[j + 1];
            largest[j] = x;
        }
    }
}

}  // namespace

struct DescriptorEmbedder::Impl {
    dsp::Stft stft{dsp::StftConfig{kFft, kHop, true, dsp::Spectrum::Power}};
    std::shared_ptr<const dsp::MelFilterbank> mel =
        dsp::melFilterbank(DescriptorEmbedder::kSampleRate, kFft, kMelBands, 0.0, -1.0);
    std::vector<float> dct;                  // kMfcc x kMelBands, DCT-II orthonormal
    std::vector<int> chromaClass;            // per bin: pitch class 0 = C, or -1 outside the range
    std::array<int, kContrastBands + 1> contrastEdges{};  // bin edges, librosa's octave bands
    std::vector<double> binHz;
    dsp::MusicnnFrontEnd musicnnFrontEnd;
    std::shared_ptr<const MusicnnNetwork> musicnn;
    Status musicnnStatus;  // why musicnn could not be loaded, if it could not

    // Fills the musicnn group of each window from its mid signal (at kSampleRate):
    // the network sees the 187 frames at the window's centre, resampled to 16 kHz,
    // and all windows go through it as one batch. Without the network (the
    // embedder refuses to describe files then) the group stays zero.
    void addMusicnn(const std::vector<std::pair<const float*, size_t>>& mids,
                    std::vector<std::vector<float>>& windows) const {
        if (!musicnn || mids.empty()) return;
        std::vector<dsp::Matrix> patches;
        for (const auto& [x, n] : mids) {
            auto at16k = audio::Resampler::resample(std::vector<float>(x, x + n), DescriptorEmbedder::kSampleRate,
                                                    dsp::MusicnnFrontEnd::kSampleRate);
            patches.push_back(at16k ? musicnnFrontEnd.centrePatch(at16k->data(), at16k->size())
                                    : dsp::MusicnnFrontEnd::patch(dsp::Matrix(0, dsp::MusicnnFrontEnd::kBands), 0));
        }
        const auto out = musicnn->run(patches);
        for (size_t w = 0; w < windows.size() && w < patches.size(); ++w)
            for (int i = 0; i < kMusicnnSize; ++i)
                windows[w][size_t(kSignalDimension + i)] = finiteOr0(out.penultimate[w * size_t(kMusicnnSize) + size_t(i)]);
    }

    Impl() {
        dct.resize(size_t(kMfcc) * kMelBands);
        for (int k = 0; k < kMfcc; ++k)
            for (int n = 0; n < kMelBands; ++n)
                dct[size_t(k) * kMelBands + n] = static_cast<float>(
                    std::cos(kPi * k * (2 * n + 1) / (2.0 * kMelBands)) *
                    std::sqrt((k == 0 ? 1.0 : 2.0) / kMelBands));
        const int bins = stft.bins();
        binHz.resize(size_t(bins));
        chromaClass.assign(size_t(bins), -1);
        for (int b = 0; b < bins; ++b) {
            const double hz = double(b) * DescriptorEmbedder::kSampleRate / kFft;
            binHz[size_t(b)] = hz;
            // Below ~80 Hz a 2048-point FFT cannot tell semitones apart; above
            // 5 kHz there is mostly noise and upper harmonics.
            if (hz < 80.0 || hz > 5000.0) continue;
            const long semis = std::lround(12.0 * std::log2(hz / 440.0));  // 0 = A4
            chromaClass[size_t(b)] = int(((semis + 9) % 12 + 12) % 12);
        }
        // librosa.feature.spectral_contrast(fmin=200, n_bands=6): [0,200), then octaves.
        contrastEdges[0] = 0;
        for (int k = 1; k <= kContrastBands; ++k) {
            const double hz = 200.0 * std::pow(2.0, k - 1);
            contrastEdges[size_t(k)] = std::min(bins, int(std::floor(hz * kFft / DescriptorEmbedder::kSampleRate)) + 1);
        }
        contrastEdges[kContrastBands] = bins;
    }

    // Descriptors of one window but musicnn's; `out` holds kDimension values. `side` is (L-R)/2
    // beside the mid signal x, or null for a mono source.
    void window(const float* x, const float* side, size_t n, float* out, dsp::Stft::Workspace& ws) const {
        const int frames = stft.frameCount(n);
        // Side mel energies per frame, summed to kStereoBands bands.
        std::vector<float> sideBands(size_t(std::max(frames, 1)) * kStereoBands, 0.f);
        if (side) {
            std::array<float, kMelBands> sideMel{};
            stft.forEachFrame(side, n, ws, [&](int f, const float* power) {
                mel->apply(power, sideMel.data());
                for (int m = 0; m < kMelBands; ++m)
                    sideBands[size_t(f) * kStereoBands + size_t(m / (kMelBands / kStereoBands))] += sideMel[size_t(m)];
            });
        }
        std::vector<float> midBands(sideBands.size(), 0.f);
        dsp::Matrix logMel(kMelBands, std::max(frames, 1), -100.f);
        std::array<Moments, kContrastBands> contrast;
        std::array<Moments, kChroma> chroma;
        Moments centroid, rolloff, flatness;
        std::vector<float> magnitude(size_t(stft.bins())), sorted;
        std::array<float, kMelBands> melFrame{};

        stft.forEachFrame(x, n, ws, [&](int f, const float* power) {
            const int bins = stft.bins();
            mel->apply(power, melFrame.data());
            for (int m = 0; m < kMelBands; ++m) {
                logMel.at(m, f) = static_cast<float>(10.0 * std::log10(std::max(double(melFrame[size_t(m)]), 1e-10)));
                midBands[size_t(f) * kStereoBands + size_t(m / (kMelBands / kStereoBands))] += melFrame[size_t(m)];
            }

            double magSum = 0, weighted = 0, logSum = 0, powSum = 0;
            for (int b = 0; b < bins; ++b) {
                const double p = power[b];
                const double a = std::sqrt(std::max(p, 0.0));
                magnitude[size_t(b)] = static_cast<float>(a);
                magSum += a;
                weighted += a * binHz[size_t(b)];
                logSum += std::log(std::max(p, 1e-10));
                powSum += std::max(p, 1e-10);
            }
            // Silent frames have no centroid; log2 of a floor keeps them finite.
            centroid.add(std::log2(std::max(magSum > 1e-8 ? weighted / magSum : 0.0, 20.0)));
            double roll = 0;
            if (magSum > 1e-8) {
                double acc = 0;
                for (int b = 0; b < bins; ++b) {
                    acc += magnitude[size_t(b)];
                    if (acc >= 0.85 * magSum) {
                        roll = binHz[size_t(b)];
                        break;
                    }
                }
            }
            rolloff.add(std::log2(std::max(roll, 20.0)));
            flatness.add(std::exp(logSum / bins) / (powSum / bins));

            for (int k = 0; k < kContrastBands; ++k) {
                const int lo = contrastEdges[size_t(k)], hi = contrastEdges[size_t(k) + 1];
                if (hi <= lo) {
                    contrast[size_t(k)].add(0);
                    continue;
                }
                const int q = std::max(1, int(std::lround(0.02 * (hi - lo))));
                // The q smallest and q largest, each sorted: the same values, summed in
                // the same order, as a full sort (which took a tenth of the analysis).
                sorted.resize(size_t(2 * q));
                if (2 * q < hi - lo) {
                    smallestAndLargest(magnitude.data() + lo, hi - lo, q, sorted.data(), sorted.data() + q);
                } else {
                    sorted.assign(magnitude.begin() + lo, magnitude.begin() + hi);
                    std::sort(sorted.begin(), sorted.end());
                }
                double valley = 0, peak = 0;
                for (int i = 0; i < q; ++i) {
                    valley += sorted[size_t(i)];
                    peak += sorted[sorted.size() - 1 - size_t(i)];
                }
                contrast[size_t(k)].add(10.0 * (std::log10(std::max(peak / q, 1e-10)) -
                                                std::log10(std::max(valley / q, 1e-10))));
            }

            std::array<double, kChroma> c{};
            for (int b = 0; b < bins; ++b)
                if (chromaClass[size_t(b)] >= 0) c[size_t(chromaClass[size_t(b)])] += power[b];
            const double peakClass = *std::max_element(c.begin(), c.end());
            for (int k = 0; k < kChroma; ++k)
                chroma[size_t(k)].add(peakClass > 1e-8 ? c[size_t(k)] / peakClass : 0.0);
        });

        // MFCCs from dB with librosa's top_db = 80 below the window's peak.
        float top = -100.f;
        for (float v : logMel.data) top = std::max(top, v);
        for (float& v : logMel.data) v = std::max(v, top - 80.f);
        std::array<Moments, kMfcc> mfcc, mfccChange;
        std::array<double, kMfcc> previous{};
        for (int f = 0; f < frames; ++f)
            for (int k = 0; k < kMfcc; ++k) {
                double s = 0;
                for (int m = 0; m < kMelBands; ++m) s += dct[size_t(k) * kMelBands + m] * logMel.at(m, f);
                mfcc[size_t(k)].add(s);
                if (f > 0) mfccChange[size_t(k)].add(std::abs(s - previous[size_t(k)]));
                previous[size_t(k)] = s;
            }

        // Onset strength: positive mel flux averaged over bands (librosa.onset.onset_strength).
        std::vector<double> onset(size_t(std::max(frames, 1)), 0.0);
        for (int f = 1; f < frames; ++f) {
            double s = 0;
            for (int m = 0; m < kMelBands; ++m) s += std::max(0.f, logMel.at(m, f) - logMel.at(m, f - 1));
            onset[size_t(f)] = s / kMelBands;
        }
        Moments onsetMoments;
        for (double v : onset) onsetMoments.add(v);
        const double onsetMean = onsetMoments.mean(), onsetStd = onsetMoments.stddev();
        // Onsets: local maxima over +-3 frames (70 ms) clearly above the typical flux.
        int onsets = 0;
        for (int f = 1; f + 1 < frames; ++f) {
            const double v = onset[size_t(f)];
            if (v <= onsetMean + 0.5 * onsetStd || v < 1e-3) continue;
            bool isMax = true;
            for (int d = -3; d <= 3 && isMax; ++d)
                if (d != 0 && f + d >= 0 && f + d < frames && onset[size_t(f + d)] > v) isMax = false;
            if (isMax) ++onsets;
        }
        const double seconds = double(n) / DescriptorEmbedder::kSampleRate;

        // Tempo: autocorrelation of the centred envelope, normalised by lag 0, pooled
        // (max) over log-spaced BPM bands; the best lag under librosa's tempo prior
        // (log-normal around 120 BPM, one octave wide) gives the tempo itself.
        std::array<double, kTempoBands> tempoBands{};
        double bestScore = -1, bestBpm = 120, bestAc = 0;
        {
            std::vector<double> centred(onset.size());
            for (size_t i = 0; i < onset.size(); ++i) centred[i] = onset[i] - onsetMean;
            double ac0 = 0;
            for (double v : centred) ac0 += v * v;
            const int minLag = int(std::floor(60.0 * kFramesPerSecond / kTempoMaxBpm));
            const int maxLag = int(std::ceil(60.0 * kFramesPerSecond / kTempoMinBpm));
            if (ac0 > 1e-12) {
                // Lags beyond half the window rest on too few products to mean anything.
                for (int lag = std::max(1, minLag); lag <= maxLag && lag <= int(centred.size()) / 2; ++lag) {
                    double s = 0;
                    for (size_t i = size_t(lag); i < centred.size(); ++i) s += centred[i] * centred[i - size_t(lag)];
                    // Unbiased: short windows would otherwise favour short lags.
                    const double ac = s / ac0 * double(centred.size()) / double(centred.size() - size_t(lag));
                    const double bpm = 60.0 * kFramesPerSecond / lag;
                    if (bpm < kTempoMinBpm || bpm > kTempoMaxBpm) continue;
                    const int band = std::clamp(
                        int(kTempoBands * std::log(bpm / kTempoMinBpm) / std::log(kTempoMaxBpm / kTempoMinBpm)), 0,
                        kTempoBands - 1);
                    tempoBands[size_t(band)] = std::max(tempoBands[size_t(band)], ac);
                    const double prior = std::exp(-0.5 * std::pow(std::log2(bpm / 120.0), 2));
                    if (ac * prior > bestScore) {
                        bestScore = ac * prior;
                        bestBpm = bpm;
                        bestAc = ac;
                    }
                }
            }
        }

        // Loudness over hop-sized blocks.
        Moments rms;
        for (size_t start = 0; start < n; start += kHop) {
            const size_t end = std::min(n, start + kHop);
            double s = 0;
            for (size_t i = start; i < end; ++i) s += double(x[i]) * x[i];
            rms.add(10.0 * std::log10(std::max(s / double(end - start), 1e-10)));
        }

        // Stereo width per band: median and std over frames of the side/mid ratio.
        std::array<float, kStereoBands> widthMedian{}, widthStd{};
        {
            std::vector<double> ratio(size_t(std::max(frames, 1)));
            for (int b = 0; b < kStereoBands; ++b) {
                Moments mo;
                for (int f = 0; f < frames; ++f) {
                    const size_t i = size_t(f) * kStereoBands + size_t(b);
                    const double db = 10.0 * std::log10((double(sideBands[i]) + 1e-10) / (double(midBands[i]) + 1e-10));
                    ratio[size_t(f)] = std::clamp(std::isfinite(db) ? db : kStereoFloorDb, kStereoFloorDb, kStereoCeilDb);
                    mo.add(ratio[size_t(f)]);
                }
                if (frames <= 0) {
                    widthMedian[size_t(b)] = float(kStereoFloorDb);
                    continue;
                }
                const size_t mid = size_t(frames) / 2;
                std::nth_element(ratio.begin(), ratio.begin() + long(mid), ratio.begin() + frames);
                double med = ratio[mid];
                if (frames % 2 == 0) med = 0.5 * (med + *std::max_element(ratio.begin(), ratio.begin() + long(mid)));
                widthMedian[size_t(b)] = float(med);
                widthStd[size_t(b)] = float(mo.stddev());
            }
        }

        float* o = out;
        for (int k = 0; k < kMfcc; ++k) *o++ = finiteOr0(mfcc[size_t(k)].mean());
        for (int k = 0; k < kMfcc; ++k) *o++ = finiteOr0(mfcc[size_t(k)].stddev());
        for (int k = 0; k < kContrastBands; ++k) *o++ = finiteOr0(contrast[size_t(k)].mean());
        for (int k = 0; k < kContrastBands; ++k) *o++ = finiteOr0(contrast[size_t(k)].stddev());
        for (int k = 0; k < kChroma; ++k) *o++ = finiteOr0(chroma[size_t(k)].mean());
        for (int k = 0; k < kChroma; ++k) *o++ = finiteOr0(chroma[size_t(k)].stddev());
        for (const Moments* m : {&centroid, &rolloff, &flatness}) {
            *o++ = finiteOr0(m->mean());
            *o++ = finiteOr0(m->stddev());
        }
        for (double v : tempoBands) *o++ = finiteOr0(v);
        *o++ = finiteOr0(std::log2(bestBpm / 120.0));
        *o++ = finiteOr0(bestAc);
        *o++ = finiteOr0(seconds > 0 ? onsets / seconds : 0.0);
        *o++ = finiteOr0(onsetMean);
        *o++ = finiteOr0(onsetStd);
        *o++ = finiteOr0(rms.mean());
        *o++ = finiteOr0(rms.stddev());
        for (int k = 0; k < kMfcc; ++k) *o++ = finiteOr0(mfccChange[size_t(k)].mean());
        for (float v : widthMedian) *o++ = finiteOr0(v);
        for (float v : widthStd) *o++ = finiteOr0(v);
    }
};

const std::vector<DescriptorEmbedder::Group>& DescriptorEmbedder::groups() {
    static const std::vector<Group> g = [] {
        std::vector<Group> v;
        int offset = 0;
        for (auto [name, size] : std::initializer_list<std::pair<const char*, int>>{{"timbre", kTimbreSize},
                                                                                   {"contrast", kContrastSize},
                                                                                   {"harmony", kHarmonySize},
                                                                                   {"shape", kShapeSize},
                                                                                   {"rhythm", kRhythmSize},
                                                                                   {"loudness", kLoudnessSize},
                                                                                   {"dynamics", kDynamicsSize},
                                                                                   {"stereo", kStereoSize},
                                                                                   {"stereo-motion", kStereoMotionSize},
                                                                                   {"musicnn", kMusicnnSize}}) {
            v.push_back({name, offset, size});
            offset += size;
        }
        return v;
    }();
    return g;
}

int DescriptorEmbedder::dimension() { return kDimension; }

namespace {

// The raw vector: the per-window descriptors averaged.
std::vector<float> pool(const std::vector<std::vector<float>>& windows) {
    std::vector<float> out(static_cast<size_t>(kDimension), 0.f);
    if (windows.empty()) return out;
    for (int i = 0; i < kDimension; ++i) {
        double sum = 0;
        for (const auto& w : windows) sum += w[size_t(i)];
        out[size_t(i)] = finiteOr0(sum / double(windows.size()));
    }
    return out;
}

}  // namespace

DescriptorEmbedder::DescriptorEmbedder() : DescriptorEmbedder(std::vector<std::string>{}) {}

DescriptorEmbedder::DescriptorEmbedder(const std::vector<std::string>& modelSearchDirs, bool withMusicnn,
                                       const std::string& device)
    : impl_(std::make_unique<Impl>()) {
    if (!withMusicnn) return;
    auto network = MusicnnNetwork::locate(
        modelSearchDirs.empty() ? ModelRegistry::defaultSearchDirs({}) : modelSearchDirs, device);
    if (network) impl_->musicnn = *network;
    else
        impl_->musicnnStatus = makeError(network.error().code,
                                         "The descriptors embedder needs musicnn's weights (models/musicnn-msd.h5, "
                                         "installed with HumanEar): " + network.error().message);
}

Status DescriptorEmbedder::status() const { return impl_->musicnnStatus; }
DescriptorEmbedder::~DescriptorEmbedder() = default;

std::vector<float> DescriptorEmbedder::rawDescriptorsOfSamples(const float* mono, size_t n, const float* side) const {
    std::vector<std::pair<size_t, size_t>> ranges;
    const double seconds = double(n) / kSampleRate;
    for (const audio::Span& span : audio::evenlySpreadSpans(seconds, kWindowSeconds, kWindows)) {
        const size_t start = std::min(n, size_t(std::llround(span.startSeconds * kSampleRate)));
        const size_t len = std::min(n - start, size_t(std::llround(span.lengthSeconds * kSampleRate)));
        ranges.push_back({start, len});
    }
    if (ranges.empty()) ranges.push_back({0, n});
    std::vector<std::vector<float>> windows;
    std::vector<std::pair<const float*, size_t>> mids;
    auto ws = impl_->stft.makeWorkspace();
    for (const auto& [start, len] : ranges) {
        windows.emplace_back(static_cast<size_t>(kDimension));
        impl_->window(mono + start, side ? side + start : nullptr, len, windows.back().data(), ws);
        mids.push_back({mono + start, len});
    }
    impl_->addMusicnn(mids, windows);
    return pool(windows);
}

// Descriptors of some of a file's windows, in order.
struct DescriptorEmbedder::WindowsPart {
    std::vector<std::vector<float>> windows;
    bool allSilent = true;
};

audio::DecodeRequest DescriptorEmbedder::audioRequest(double durationSeconds) {
    audio::DecodeRequest request;
    request.sampleRate = kSampleRate;
    request.channels = audio::Channels::MidSide;
    request.spans = audio::evenlySpreadSpans(durationSeconds, kWindowSeconds, kWindows);
    // Some streams do not state their length; the first window is still worth having.
    if (request.spans.empty()) request.spans.push_back({0.0, kWindowSeconds});
    return request;
}

Result<DescriptorEmbedder::WindowsPart> DescriptorEmbedder::describeClips(const audio::DecodedSpans& audio, size_t from,
                                                                         size_t to, const CancelToken& cancel) const {
    WindowsPart part;
    auto ws = impl_->stft.makeWorkspace();
    std::vector<std::pair<const float*, size_t>> mids;
    for (size_t i = from; i < to; ++i) {
        if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Descriptor extraction was cancelled.");
        const std::vector<float>& mid = audio.clips[i].samples;
        if (mid.empty()) continue;
        part.allSilent = part.allSilent && audio::isSilent(mid);
        const float* side = audio.sides.empty() ? nullptr : audio.sides[i].data();
        part.windows.emplace_back(static_cast<size_t>(kDimension));
        impl_->window(mid.data(), side, mid.size(), part.windows.back().data(), ws);
        mids.push_back({mid.data(), mid.size()});
    }
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "Descriptor extraction was cancelled.");
    impl_->addMusicnn(mids, part.windows);
    return part;
}

Result<std::vector<float>> DescriptorEmbedder::rawDescriptors(const std::string& path, const CancelToken& cancel,
                                                             runtime::WorkerPool* helpers) const {
    auto described = describe(path, cancel, helpers);
    if (!described) return described.error();
    return std::move(described->raw);
}

Result<DescriptorEmbedder::Described> DescriptorEmbedder::describe(const std::string& path, const CancelToken& cancel,
                                                                   runtime::WorkerPool* helpers) const {
    if (!impl_->musicnnStatus) return impl_->musicnnStatus.error();
    auto opened = audio::openMeasured(path);
    if (!opened) return opened.error();
    auto decoded = audio::decodeRequests(*opened->source, {audioRequest(opened->info.durationSeconds)}, cancel);
    if (!decoded) return decoded.error();
    return describeDecoded(path, std::move(decoded->front()), cancel, helpers);
}

Result<DescriptorEmbedder::Described> DescriptorEmbedder::describeDecoded(const std::string& path,
                                                                          audio::DecodedSpans audio,
                                                                          const CancelToken& cancel,
                                                                          runtime::WorkerPool* helpers) const {
    if (!impl_->musicnnStatus) return impl_->musicnnStatus.error();
    // The windows go in chunks. This thread describes them from the front; the
    // later chunks are offered to the pool, to a worker idle now or to the first
    // thread that has nothing else to do (a worker turning idle, or one waiting for
    // this track's result, such as the analysis that judged the track meanwhile),
    // which takes them from the back. In a busy pool they all stay here. Same
    // windows, same order, whoever describes them. The audio is shared read-only.
    const size_t count = audio.clips.size();
    auto shared = std::make_shared<const audio::DecodedSpans>(std::move(audio));
    using Chunk = runtime::SharedTask<Result<WindowsPart>>;
    std::vector<std::shared_ptr<Chunk>> later;
    const size_t first = helpers ? std::min(count, kWindowsPerChunk) : count;
    for (size_t from = first; from < count; from += kWindowsPerChunk) {
        const size_t to = std::min(count, from + kWindowsPerChunk);
        later.push_back(Chunk::make([this, shared, from, to](const CancelToken& token) {
            return describeClips(*shared, from, to, token);
        }));
        later.back()->offerAsHelp(*helpers);
    }
    auto dropLater = [&later] {
        for (auto& chunk : later) chunk->drop(true);  // its worker uses this embedder: let it stop first
    };
    auto part = describeClips(*shared, 0, first, cancel);
    if (!part) {
        dropLater();
        return part.error();
    }
    for (auto& chunk : later) {
        auto rest = chunk->take(cancel);
        if (!rest) {
            dropLater();
            return rest.error();
        }
        for (auto& w : rest->windows) part->windows.push_back(std::move(w));
        part->allSilent = part->allSilent && rest->allSilent;
    }
    // A silent file would sit in the library as everyone's nearest neighbour of nothing.
    if (part->allSilent)
        return makeError(ErrorCode::Silent, "\"" + std::filesystem::path(path).filename().string() +
                                                "\" is silent: there is no sound in it to compare with other music.");
    if (part->windows.empty()) return makeError(ErrorCode::Empty, "No audio could be decoded from " + path + ".");
    Described described;
    described.raw = pool(part->windows);
    described.windows = std::move(part->windows);
    return described;
}

}  // namespace humanear::models
