#include "dsp/music_check.h"

#include "audio/decoder.h"
#include "dsp/stft.h"

#include <algorithm>
#include <cmath>
#include <deque>

#include <emmintrin.h>

namespace humanear {

Result<MusicMeasures> measureMusicInFile(const std::string& path, const CancelToken& cancel) {
    auto info = audio::probe(path);
    if (!info) return info.error();
    auto clips = audio::decodeSpans(
        path, 16000,
        audio::tilingSpans(info->durationSeconds, dsp::kMusicCheckWindowSeconds, dsp::kMusicCheckMaxWindows), cancel);
    if (!clips) return clips.error();
    std::vector<const std::vector<float>*> samples;
    for (const auto& clip : *clips) samples.push_back(&clip.samples);
    return dsp::measureMusic(samples, 16000);
}

const char* notMusicReasonName(NotMusicReason reason) {
    switch (reason) {
    case NotMusicReason::None: return "";
    case NotMusicReason::NearSilence: return "near_silence";
    case NotMusicReason::SteadyTone: return "steady_tone";
    case NotMusicReason::Noise: return "noise";
    case NotMusicReason::Clicks: return "clicks";
    case NotMusicReason::Speech: return "speech";
    }
    return "";
}

namespace dsp {

// The sum of log(x[k] + offset), taken as the log of their product: one log per
// frame instead of one per bin (the spectral flatness's geometric mean; the
// per-bin logs were a third of the music check's time). The product's mantissa
// is renormalised every 8 factors, so it neither overflows nor underflows for any
// spectrum of finite samples; should it anyway, the logs are summed one by one.
// Equal to summing the logs to about 1e-15 relative, not bit for bit.
double sumOfLogs(const float* x, int n, double offset) {
    double mantissa = 1.0;
    long exponent = 0;
    for (int k = 0; k < n; ++k) {
        mantissa *= double(x[k]) + offset;
        if ((k & 7) == 7) {
            int e = 0;
            mantissa = std::frexp(mantissa, &e);
            exponent += e;
        }
    }
    const double sum = std::log(mantissa) + double(exponent) * 0.69314718055994530942;
    if (std::isfinite(sum)) return sum;
    double plain = 0;
    for (int k = 0; k < n; ++k) plain += std::log(double(x[k]) + offset);
    return plain;
}

// cross[lag - minLag] = sum over i of f[i] * f[i + lag], for lags minLag..maxLag
// (f has `frame` values). Eight lags at a time in SSE2 registers, two per register:
// each lag's sum still adds its products in increasing i, as a loop over one lag
// would (the same value, bit for bit), but the sums no longer wait on one another
// (one lag at a time, this was a quarter of the music check's time, a single
// dependent chain of additions).
void laggedProducts(const double* f, int frame, int minLag, int maxLag, double* cross) {
    int lag = minLag;
    for (; lag + 7 <= maxLag; lag += 8) {
        // Four named registers, not an array: an array of them stays in memory.
        __m128d s01 = _mm_setzero_pd(), s23 = _mm_setzero_pd(), s45 = _mm_setzero_pd(), s67 = _mm_setzero_pd();
        const int allInRange = std::max(0, frame - (lag + 7));  // below it, all eight lags have a partner
        for (int i = 0; i < allInRange; ++i) {
            const __m128d fi = _mm_set1_pd(f[i]);
            const double* partner = f + i + lag;
            s01 = _mm_add_pd(s01, _mm_mul_pd(fi, _mm_loadu_pd(partner)));
            s23 = _mm_add_pd(s23, _mm_mul_pd(fi, _mm_loadu_pd(partner + 2)));
            s45 = _mm_add_pd(s45, _mm_mul_pd(fi, _mm_loadu_pd(partner + 4)));
            s67 = _mm_add_pd(s67, _mm_mul_pd(fi, _mm_loadu_pd(partner + 6)));
        }
        double sum[8];
        _mm_storeu_pd(sum, s01);
        _mm_storeu_pd(sum + 2, s23);
        _mm_storeu_pd(sum + 4, s45);
        _mm_storeu_pd(sum + 6, s67);
        for (int j = 0; j < 8; ++j) {
            for (int i = allInRange; i + lag + j < frame; ++i) sum[j] += f[i] * f[i + lag + j];
            cross[lag + j - minLag] = sum[j];
        }
    }
    for (; lag <= maxLag; ++lag) {
        double sum = 0;
        for (int i = 0; i + lag < frame; ++i) sum += f[i] * f[i + lag];
        cross[lag - minLag] = sum;
    }
}

namespace {

constexpr int kFft = 1024;
constexpr int kHop = 256;
constexpr int kBlockFrames = 16;  // 0.26 s at 16 kHz: long enough to average out a noise periodogram
constexpr int kBands = 20;
constexpr double kActiveRangeDb = 40;
constexpr double kPauseDepthDb = 25;
constexpr double kFloorDb = -200;
constexpr double kVoicedPeriodicity = 0.8;

double toDb(double power) { return power > 1e-20 ? 10.0 * std::log10(power) : kFloorDb; }

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return kFloorDb;
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + long(k), values.end());
    return values[k];
}

struct ClipFrames {
    std::vector<double> levelDb;                 // per frame
    std::vector<double> periodicity;             // per pitch frame (every kPitchHop samples): best normalised autocorrelation
    std::vector<double> flatness;                // per frame
    std::vector<double> onset;                   // per frame: rise of the band levels since the frame before
    std::vector<std::vector<double>> blockBandDb;  // per block: kBands levels
};

// Periodicity of 64 ms frames every 32 ms on a 4 kHz copy: the highest normalised
// autocorrelation at lags for 80-400 Hz. A voice or a pitched instrument reads
// near 1, noise and drums low.
std::vector<double> periodicityOf(const std::vector<float>& x, int sampleRate) {
    const int decimation = std::max(1, sampleRate / 4000);
    std::vector<float> low(x.size() / size_t(decimation));
    for (size_t i = 0; i < low.size(); ++i) {
        float sum = 0;
        for (int k = 0; k < decimation; ++k) sum += x[i * size_t(decimation) + size_t(k)];
        low[i] = sum / float(decimation);
    }
    const int rate = sampleRate / decimation;
    const int frame = rate * 64 / 1000, hop = frame / 2;
    const int minLag = rate / 400, maxLag = rate / 80;
    std::vector<double> out;
    std::vector<double> f(static_cast<size_t>(frame)), energy(static_cast<size_t>(frame) + 1);
    std::vector<double> cross(static_cast<size_t>(std::max(0, maxLag - minLag + 1)));
    for (size_t start = 0; start + size_t(frame) <= low.size(); start += size_t(hop)) {
        double mean = 0;
        for (int i = 0; i < frame; ++i) mean += low[start + size_t(i)] / double(frame);
        for (int i = 0; i < frame; ++i) f[size_t(i)] = low[start + size_t(i)] - mean;
        // Energies of the overlapping parts from running sums: only the cross term costs per lag.
        energy[0] = 0;
        for (int i = 0; i < frame; ++i) energy[size_t(i + 1)] = energy[size_t(i)] + f[size_t(i)] * f[size_t(i)];
        laggedProducts(f.data(), frame, minLag, maxLag, cross.data());
        double best = 0;
        for (int lag = minLag; lag <= maxLag; ++lag) {
            const double a = energy[size_t(frame - lag)], b = energy[size_t(frame)] - energy[size_t(lag)];
            if (a > 0 && b > 0) best = std::max(best, cross[size_t(lag - minLag)] / std::sqrt(a * b));
        }
        out.push_back(best);
    }
    return out;
}

}  // namespace

MusicMeasures measureMusic(const std::vector<const std::vector<float>*>& clips, int sampleRate) {
    static const Stft stft(StftConfig{kFft, kHop, false, Spectrum::Power});
    Stft::Workspace workspace = stft.makeWorkspace();
    const int bins = stft.bins();
    const double binHz = double(sampleRate) / kFft;
    // Periodic Hann: sum of w^2 is 3N/8. Mean square of the frame from its one-sided power spectrum.
    const double powerToMeanSquare = 2.0 / (double(kFft) * 3.0 * kFft / 8.0);
    const int firstBin = std::max(1, int(std::ceil(40.0 / binHz)));
    int bandEdge[kBands + 1];
    for (int b = 0; b <= kBands; ++b) {
        const double hz = 62.5 * std::pow((sampleRate / 2.0) / 62.5, double(b) / kBands);
        bandEdge[b] = std::min(bins, std::max(firstBin, int(hz / binHz)));
    }
    bandEdge[kBands] = bins;

    MusicMeasures m;
    std::vector<ClipFrames> perClip;
    std::vector<double> longTerm(size_t(bins), 0.0);
    std::vector<float> filtered;
    for (const std::vector<float>* clip : clips) {
        if (!clip || clip->size() < size_t(kFft)) continue;
        m.seconds += double(clip->size()) / sampleRate;
        // DC blocker (pole at 0.995, about 13 Hz): an offset is not sound.
        filtered.resize(clip->size());
        double previousIn = 0, previousOut = 0;
        for (size_t i = 0; i < clip->size(); ++i) {
            const double x = std::isfinite((*clip)[i]) ? (*clip)[i] : 0.0;
            previousOut = x - previousIn + 0.995 * previousOut;
            previousIn = x;
            filtered[i] = float(previousOut);
        }
        ClipFrames frames;
        std::vector<double> blockSum(kBands, 0.0), previousBandDb(kBands, -100.0);
        int inBlock = 0;
        stft.forEachFrame(filtered.data(), filtered.size(), workspace, [&](int, const float* power) {
            double total = 0;
            for (int k = firstBin; k < bins; ++k) {
                total += power[k];
                longTerm[size_t(k)] += power[k];
            }
            const double logSum = sumOfLogs(power + firstBin, bins - firstBin, 1e-12);
            const int used = bins - firstBin;
            frames.levelDb.push_back(toDb(total * powerToMeanSquare));
            frames.flatness.push_back(total > 0 ? std::exp(logSum / used) / (total / used + 1e-12) : 0.0);
            double rise = 0;
            for (int b = 0; b < kBands; ++b) {
                double bandPower = 0;
                for (int k = bandEdge[b]; k < bandEdge[b + 1]; ++k) bandPower += power[k];
                blockSum[size_t(b)] += bandPower;
                const double level = std::max(-100.0, toDb(bandPower * powerToMeanSquare));
                rise += std::max(0.0, level - previousBandDb[size_t(b)]);
                previousBandDb[size_t(b)] = level;
            }
            frames.onset.push_back(frames.onset.empty() ? 0.0 : rise);
            if (++inBlock == kBlockFrames) {
                std::vector<double> levels(kBands);
                for (int b = 0; b < kBands; ++b) levels[size_t(b)] = toDb(blockSum[size_t(b)] * powerToMeanSquare / kBlockFrames);
                frames.blockBandDb.push_back(std::move(levels));
                std::fill(blockSum.begin(), blockSum.end(), 0.0);
                inBlock = 0;
            }
        });
        frames.periodicity = periodicityOf(filtered, sampleRate);
        perClip.push_back(std::move(frames));
    }

    std::vector<double> allLevels;
    for (const auto& c : perClip) allLevels.insert(allLevels.end(), c.levelDb.begin(), c.levelDb.end());
    if (allLevels.empty()) return m;
    m.loudDb = percentile(allLevels, 0.95);
    const double activeFloor = m.loudDb - kActiveRangeDb;

    // Activity and its bursts.
    size_t active = 0;
    std::vector<double> bursts, activeFlatness;
    for (const auto& c : perClip) {
        int run = 0;
        for (size_t i = 0; i <= c.levelDb.size(); ++i) {
            if (i < c.levelDb.size() && c.levelDb[i] >= activeFloor) {
                ++active;
                ++run;
                activeFlatness.push_back(c.flatness[i]);
            } else if (run > 0) {
                bursts.push_back(double(run) * kHop / sampleRate);
                run = 0;
            }
        }
    }
    m.activeShare = double(active) / double(allLevels.size());
    m.medianBurstSeconds = percentile(bursts, 0.5);
    if (m.medianBurstSeconds < 0) m.medianBurstSeconds = 0;
    m.flatness = percentile(activeFlatness, 0.5);
    if (m.flatness < 0) m.flatness = 0;

    // Spectral variation over blocks, in bands that carry sound.
    double bandTop = kFloorDb;
    for (const auto& c : perClip)
        for (const auto& block : c.blockBandDb) bandTop = std::max(bandTop, *std::max_element(block.begin(), block.end()));
    const double bandFloor = bandTop - 60;
    double variationSum = 0, variationWeight = 0;
    for (const auto& c : perClip) {
        const size_t blocks = c.blockBandDb.size();
        if (blocks < 2) continue;
        for (int b = 0; b < kBands; ++b) {
            double mean = 0;
            for (const auto& block : c.blockBandDb) mean += std::max(bandFloor, block[size_t(b)]) / double(blocks);
            if (mean < bandFloor + 10) continue;
            double variance = 0;
            for (const auto& block : c.blockBandDb) {
                const double d = std::max(bandFloor, block[size_t(b)]) - mean;
                variance += d * d / double(blocks);
            }
            variationSum += std::sqrt(variance) * double(blocks);
            variationWeight += double(blocks);
        }
    }
    m.variationDb = variationWeight > 0 ? variationSum / variationWeight : 0;

    // Peak concentration of the long-term spectrum.
    double longTermTotal = 0;
    for (int k = firstBin; k < bins; ++k) longTermTotal += longTerm[size_t(k)];
    if (longTermTotal > 0) {
        std::vector<double> spectrum(longTerm.begin(), longTerm.end());
        double inPeaks = 0;
        for (int peak = 0; peak < 8; ++peak) {
            int best = -1;
            for (int k = firstBin; k < bins; ++k)
                if (spectrum[size_t(k)] > 0 && (best < 0 || spectrum[size_t(k)] > spectrum[size_t(best)])) best = k;
            if (best < 0) break;
            for (int k = std::max(firstBin, best - 3); k <= std::min(bins - 1, best + 3); ++k) {
                inPeaks += spectrum[size_t(k)];
                spectrum[size_t(k)] = 0;
            }
        }
        m.tonalShare = inPeaks / longTermTotal;
    }

    // Pauses against the surrounding 2 s.
    const double frameRate = double(sampleRate) / kHop;
    const int reach = int(frameRate);
    size_t pauses = 0, judged = 0;
    for (const auto& c : perClip) {
        const int n = int(c.levelDb.size());
        std::deque<int> window;  // frame indices with decreasing levels: the front is the window's loudest
        int added = 0;
        for (int i = 0; i < n; ++i) {
            for (; added < n && added <= i + reach; ++added) {
                while (!window.empty() && c.levelDb[size_t(window.back())] <= c.levelDb[size_t(added)]) window.pop_back();
                window.push_back(added);
            }
            while (window.front() < i - reach) window.pop_front();
            const double reference = c.levelDb[size_t(window.front())];
            if (reference < activeFloor) continue;
            ++judged;
            if (c.levelDb[size_t(i)] < reference - kPauseDepthDb) ++pauses;
        }
    }
    m.pauseShare = judged ? double(pauses) / double(judged) : 0;

    // Beat: the onset envelope repeats at a tempo between 40 and 200 bpm.
    double pulseSum = 0, pulseWeight = 0;
    for (const auto& c : perClip) {
        const int n = int(c.onset.size());
        const int minLag = int(0.3 * frameRate), maxLag = std::min(n / 2, int(1.5 * frameRate));
        if (maxLag <= minLag) continue;
        double mean = 0;
        for (double v : c.onset) mean += v / n;
        auto autocorrelation = [&](int lag) {
            double sum = 0;
            for (int t = 0; t + lag < n; ++t) sum += (c.onset[size_t(t)] - mean) * (c.onset[size_t(t + lag)] - mean);
            return sum / double(n - lag);
        };
        const double zero = autocorrelation(0);
        if (zero <= 0) continue;
        double best = 0;
        for (int lag = minLag; lag <= maxLag; ++lag) best = std::max(best, autocorrelation(lag) / zero);
        pulseSum += best * n;
        pulseWeight += n;
    }
    m.pulse = pulseWeight > 0 ? pulseSum / pulseWeight : 0;

    // Voicing: pitch frames (two level frames each) that are active and clearly periodic, and their runs.
    size_t voiced = 0, activePitchFrames = 0;
    std::vector<double> voicedRuns;
    for (const auto& c : perClip) {
        int run = 0;
        for (size_t i = 0; i <= c.periodicity.size(); ++i) {
            const size_t levelFrame = std::min(c.levelDb.size() - 1, 2 * i);
            const bool isActive = i < c.periodicity.size() && c.levelDb[levelFrame] >= m.loudDb - 30;
            const bool isVoiced = isActive && c.periodicity[i] >= kVoicedPeriodicity;
            activePitchFrames += isActive;
            voiced += isVoiced;
            if (isVoiced) {
                ++run;
            } else if (run > 0) {
                voicedRuns.push_back(run * 0.032);
                run = 0;
            }
        }
    }
    m.voicedShare = activePitchFrames ? double(voiced) / double(activePitchFrames) : 0;
    m.medianVoicedSeconds = std::max(0.0, percentile(voicedRuns, 0.5));
    m.reason = notMusicReason(m);
    return m;
}

NotMusicReason notMusicReason(const MusicMeasures& m) {
    if (m.seconds <= 0 || m.loudDb < -60) return NotMusicReason::NearSilence;
    // Unchanging: a tone (spectrum all peaks) or a steady noise (spectrum flat).
    if (m.variationDb < 0.5 && m.flatness < 0.1 && m.tonalShare > 0.5) return NotMusicReason::SteadyTone;
    if (m.variationDb < 1.2 && m.flatness >= 0.15) return NotMusicReason::Noise;
    if (m.activeShare < 0.3 && m.medianBurstSeconds < 0.15) return NotMusicReason::Clicks;
    // Speech: words with pauses between them, partly voiced (vowels) and partly not
    // (consonants, silence), and no beat. A song with pauses has a beat or is sung
    // (voiced almost throughout); see docs/detector.md for where real songs lie.
    if (m.pauseShare >= 0.12 && m.voicedShare >= 0.25 && m.voicedShare <= 0.75 && m.pulse < 0.3)
        return NotMusicReason::Speech;
    return NotMusicReason::None;
}

}  // namespace dsp
}  // namespace humanear
