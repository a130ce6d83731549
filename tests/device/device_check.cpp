// The engine's model code on CUDA, checked and timed on a machine that has LibTorch
// and nothing else of HumanEar's dependencies (see tests/device/CMakeLists.txt and
// packaging/device-check.sh). It compiles the engine's own detector networks,
// DetectorBatcher and musicnn network, loads the shipped weights on the CPU and,
// where LibTorch sees one, on a CUDA device, and
//  (a) compares CUDA with this machine's CPU,
//  (b) compares both with the reference outputs export_device_reference wrote on the
//      development machine from real tracks (the real front ends' windows and patches),
//  (c) measures detector windows/s, each worker running its own passes versus
//      cross-track batching through models::DetectorBatcher, on CUDA and on the CPU,
//  (d) times the model stages of a track (front-end output in memory -> detector
//      members -> P(AI) -> musicnn embeddings) on CUDA and on the CPU.
// Decoding, resampling, the FFTW front ends and FAISS are not here: the machine
// lacks them, and the reference inputs already went through them.
// Benchmarks print figures; the only failures are unusable inputs and a CPU that
// disagrees with the reference (the build, not the device, would then be wrong).
//
// Usage: humanear-device-check --bundle DIR [--out DIR] [--quick]
#include "device_members.h"
#include "raw_tensors.h"

#include "detector/detector_batcher.h"
#include "detector/detector_impl.h"
#include "networks/musicnn_network.h"

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

using namespace humanear;
using devicecheck::MemberInfo;
using devicecheck::NamedTensor;
using Clock = std::chrono::steady_clock;

namespace {

// Everything printed goes to stdout and to <out>/device-check.log.
std::ofstream gLog;
void say(const std::string& line) {
    std::cout << line << std::endl;
    if (gLog) gLog << line << std::endl;
}
std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

// LibTorch lets cuDNN convolutions use TF32 (10-bit mantissa) on Ampere and later
// unless told not to. The accessor's name changed over the versions: use it where it exists.
template <typename C>
auto setConvTf32(C& context, bool on, int) -> decltype(context.setAllowTF32CuDNN(on), bool()) {
    context.setAllowTF32CuDNN(on);
    return true;
}
template <typename C>
bool setConvTf32(C&, bool, long) {
    return false;
}
template <typename C>
auto convTf32(C& context, int) -> decltype(context.allowTF32CuDNN(), int()) {
    return context.allowTF32CuDNN() ? 1 : 0;
}
template <typename C>
int convTf32(C&, long) {
    return -1;
}

struct TrackReference {
    std::string label;
    std::vector<const NamedTensor*> windows, logits, pAi;  // per member
    const NamedTensor* ensemblePAi = nullptr;
    const NamedTensor* patches = nullptr;
    const NamedTensor* penultimate = nullptr;
    const NamedTensor* musicnnLogits = nullptr;
    std::vector<models::DetectorInput> inputs;  // per member, pointing into `windows`
    std::vector<dsp::Matrix> patchMatrices;
};

// Largest absolute difference, and the same relative to the largest reference value.
struct Difference {
    double maxAbs = 0, maxReference = 0;
    void add(double value, double reference) {
        if (!std::isfinite(value) || !std::isfinite(reference))
            maxAbs = INFINITY;
        else
            maxAbs = std::max(maxAbs, std::abs(value - reference));
        maxReference = std::max(maxReference, std::abs(reference));
    }
    void add(const std::vector<float>& values, const float* reference, size_t n) {
        if (values.size() != n) {
            maxAbs = INFINITY;
            return;
        }
        for (size_t i = 0; i < n; ++i) add(values[i], reference[i]);
    }
    double relative() const { return maxReference > 0 ? maxAbs / maxReference : maxAbs; }
    std::string str() const { return fmt("max abs %.3g, rel %.3g", maxAbs, relative()); }
};

struct Outputs {  // per track
    std::vector<std::vector<std::vector<float>>> logits;  // [track][member]
    std::vector<std::vector<double>> memberPAi;
    std::vector<double> pAi;
    std::vector<std::vector<float>> penultimate, musicnnLogits;
};

struct Comparison {
    Difference logits, memberPAi, pAi, penultimate, musicnnLogits;
};

// "seed-cnn" for "detector-seed-cnn": table columns stay narrow.
std::string shortName(const std::string& member) {
    const std::string prefix = "detector-";
    return member.rfind(prefix, 0) == 0 ? member.substr(prefix.size()) : member;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// One track's model stages, as the engine runs them: each member's windows through its
// network (own pass or the batcher), mean logit / temperature -> each member's P(AI),
// combined by the stack (version 3) or averaged; musicnn's penultimate layer for the patches.
struct TrackResult {
    std::vector<std::vector<float>> logits;
    std::vector<double> memberPAi;
    double pAi = 0;
    models::MusicnnNetwork::Output musicnn;
};

// Version 3's stacked calibration: P(AI) = sigmoid(bias + sum of weight x mean logit / T).
// NaN: the members' P(AI) are averaged (versions 1 and 2). Read from the bundle's stack.tsv.
double stackBias = std::nan("");

std::optional<TrackResult> runTrack(const TrackReference& track, const std::vector<MemberInfo>& members,
                                    const std::vector<const models::DetectorModel*>& models,
                                    const std::vector<models::DetectorBatcher*>& batchers,
                                    const models::MusicnnNetwork* musicnn, std::string& error) {
    TrackResult r;
    double stacked = stackBias;
    for (size_t m = 0; m < members.size(); ++m) {
        auto logits = batchers.empty() ? models[m]->logits(track.inputs[m]) : batchers[m]->logits(track.inputs[m]);
        if (!logits) {
            error = logits.error().message;
            return std::nullopt;
        }
        double mean = 0;
        for (float z : *logits) mean += z;
        mean /= double(logits->size());
        r.memberPAi.push_back(sigmoid(mean / members[m].temperature));
        r.pAi += r.memberPAi.back() / double(members.size());
        stacked += members[m].stackWeight * mean / members[m].temperature;
        r.logits.push_back(std::move(*logits));
    }
    if (!std::isnan(stacked)) r.pAi = sigmoid(stacked);
    if (musicnn) r.musicnn = musicnn->run(track.patchMatrices);
    return r;
}

std::optional<Outputs> runAll(const std::vector<TrackReference>& tracks, const std::vector<MemberInfo>& members,
                              const std::vector<const models::DetectorModel*>& models,
                              const models::MusicnnNetwork& musicnn, std::string& error) {
    Outputs o;
    for (const auto& t : tracks) {
        auto r = runTrack(t, members, models, {}, &musicnn, error);
        if (!r) return std::nullopt;
        o.logits.push_back(std::move(r->logits));
        o.memberPAi.push_back(r->memberPAi);
        o.pAi.push_back(r->pAi);
        o.penultimate.push_back(std::move(r->musicnn.penultimate));
        o.musicnnLogits.push_back(std::move(r->musicnn.logits));
    }
    return o;
}

Comparison compareWithReference(const Outputs& o, const std::vector<TrackReference>& tracks) {
    Comparison c;
    for (size_t t = 0; t < tracks.size(); ++t) {
        for (size_t m = 0; m < tracks[t].logits.size(); ++m) {
            c.logits.add(o.logits[t][m], tracks[t].logits[m]->data.data(), tracks[t].logits[m]->data.size());
            c.memberPAi.add(o.memberPAi[t][m], tracks[t].pAi[m]->data[0]);
        }
        c.pAi.add(o.pAi[t], tracks[t].ensemblePAi->data[0]);
        c.penultimate.add(o.penultimate[t], tracks[t].penultimate->data.data(), tracks[t].penultimate->data.size());
        c.musicnnLogits.add(o.musicnnLogits[t], tracks[t].musicnnLogits->data.data(),
                            tracks[t].musicnnLogits->data.size());
    }
    return c;
}

Comparison compareOutputs(const Outputs& o, const Outputs& reference) {
    Comparison c;
    for (size_t t = 0; t < o.pAi.size(); ++t) {
        for (size_t m = 0; m < o.logits[t].size(); ++m) {
            c.logits.add(o.logits[t][m], reference.logits[t][m].data(), reference.logits[t][m].size());
            c.memberPAi.add(o.memberPAi[t][m], reference.memberPAi[t][m]);
        }
        c.pAi.add(o.pAi[t], reference.pAi[t]);
        c.penultimate.add(o.penultimate[t], reference.penultimate[t].data(), reference.penultimate[t].size());
        c.musicnnLogits.add(o.musicnnLogits[t], reference.musicnnLogits[t].data(), reference.musicnnLogits[t].size());
    }
    return c;
}

void report(const std::string& what, const Comparison& c) {
    say(what + ":");
    say("  detector logits         " + c.logits.str());
    say("  member P(AI)            " + c.memberPAi.str());
    say("  ensemble P(AI)          " + c.pAi.str());
    say("  musicnn embeddings      " + c.penultimate.str());
    say("  musicnn tag logits      " + c.musicnnLogits.str());
}

bool within(const Comparison& c, double tolerance) {
    return c.memberPAi.maxAbs <= tolerance && c.pAi.maxAbs <= tolerance && c.penultimate.maxAbs <= tolerance;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

void synchronize(bool cuda) {
    if (cuda) torch::cuda::synchronize();
}

// `callers` threads take the tracks one by one (each a DetectorInput of one member);
// returns the round's wall time.
template <typename Judge>
double runRound(int callers, int threadsPerCaller, const std::vector<models::DetectorInput>& tracks, Judge judge,
                std::atomic<bool>& failed) {
    std::atomic<size_t> next{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < callers; ++c)
        threads.emplace_back([&] {
            if (threadsPerCaller > 0) at::set_num_threads(threadsPerCaller);
            for (size_t k = next++; k < tracks.size(); k = next++)
                if (!judge(tracks[k])) failed = true;
        });
    for (auto& t : threads) t.join();
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct BatchingFigures {
    double ownWindowsPerSecond = 0, batchedWindowsPerSecond = 0, tracksPerPass = 0, windowsPerPass = 0;
    int rounds = 0;
    bool failed = false;
};

// Own passes and batched rounds alternate (after one warm-up of each) until both have
// run `minSeconds` or `maxRounds`; medians are reported.
BatchingFigures measureBatching(const models::DetectorModel& model, const std::vector<models::DetectorInput>& tracks,
                                int callers, int threadsPerCaller, double minSeconds, int maxRounds) {
    BatchingFigures f;
    std::atomic<bool> failed{false};
    long long windows = 0;
    for (const auto& t : tracks) windows += static_cast<long long>(t.windows.size());
    std::vector<double> own, batched;
    double ownTotal = 0, batchedTotal = 0;
    long long passes = 0, requests = 0, passWindows = 0;
    for (int round = -1; round < maxRounds; ++round) {
        const double a = runRound(callers, threadsPerCaller, tracks,
                                  [&](const models::DetectorInput& in) { return bool(model.logits(in)); }, failed);
        models::DetectorBatcher batcher(model);
        const double b = runRound(callers, threadsPerCaller, tracks,
                                  [&](const models::DetectorInput& in) { return bool(batcher.logits(in)); }, failed);
        if (round < 0) continue;  // warm-up: cuDNN picks its kernels, caches fill
        own.push_back(a);
        batched.push_back(b);
        ownTotal += a;
        batchedTotal += b;
        const auto stats = batcher.stats();
        passes += stats.passes;
        requests += stats.requests;
        passWindows += stats.windows;
        if (round >= 2 && ownTotal >= minSeconds && batchedTotal >= minSeconds) break;
    }
    f.rounds = int(own.size());
    f.failed = failed;
    f.ownWindowsPerSecond = double(windows) / median(own);
    f.batchedWindowsPerSecond = double(windows) / median(batched);
    f.tracksPerPass = passes > 0 ? double(requests) / double(passes) : 0;
    f.windowsPerPass = passes > 0 ? double(passWindows) / double(passes) : 0;
    return f;
}

struct EndToEndFigures {
    double oneWorkerMedianMs = 0, oneWorkerP90Ms = 0;
    double workersTracksPerSecond = 0;
    int workers = 0, tracksTimed = 0;
    bool failed = false;
};

// (d): one worker, track after track (latency), then `workers` threads on the same
// tracks (throughput; detector passes shared through batchers when `batch`).
EndToEndFigures measureEndToEnd(const std::vector<TrackReference>& tracks, const std::vector<MemberInfo>& members,
                                const std::vector<const models::DetectorModel*>& models,
                                const models::MusicnnNetwork& musicnn, bool cuda, int workers, int threadsPerWorker,
                                bool batch, int repeats) {
    EndToEndFigures f;
    f.workers = workers;
    std::string error;
    std::vector<double> perTrack;
    for (int r = -1; r < repeats; ++r)
        for (const auto& t : tracks) {
            synchronize(cuda);
            const auto t0 = Clock::now();
            if (!runTrack(t, members, models, {}, &musicnn, error)) f.failed = true;
            if (r >= 0) perTrack.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
    f.tracksTimed = int(perTrack.size());
    f.oneWorkerMedianMs = median(perTrack);
    std::sort(perTrack.begin(), perTrack.end());
    f.oneWorkerP90Ms = perTrack.empty() ? 0 : perTrack[std::min(perTrack.size() - 1, size_t(0.9 * double(perTrack.size())))];

    std::vector<std::unique_ptr<models::DetectorBatcher>> owned;
    std::vector<models::DetectorBatcher*> batchers;
    if (batch)
        for (const auto* m : models) {
            owned.push_back(std::make_unique<models::DetectorBatcher>(*m));
            batchers.push_back(owned.back().get());
        }
    const size_t total = tracks.size() * size_t(std::max(1, repeats));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    synchronize(cuda);
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&] {
            if (threadsPerWorker > 0) at::set_num_threads(threadsPerWorker);
            std::string e;
            for (size_t k = next++; k < total; k = next++)
                if (!runTrack(tracks[k % tracks.size()], members, models, batchers, &musicnn, e)) failed = true;
        });
    for (auto& t : threads) t.join();
    synchronize(cuda);
    f.workersTracksPerSecond = double(total) / std::chrono::duration<double>(Clock::now() - t0).count();
    f.failed = f.failed || failed;
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    std::string bundle = ".", out = ".";
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--bundle" && i + 1 < argc)
            bundle = argv[++i];
        else if (a == "--out" && i + 1 < argc)
            out = argv[++i];
        else if (a == "--quick")
            quick = true;
        else {
            std::cerr << "usage: humanear-device-check --bundle DIR [--out DIR] [--quick]\n";
            return 2;
        }
    }
    gLog.open(out + "/device-check.log");
    const bool cuda = torch::cuda::is_available();
    const int cpuCores = int(std::max(1u, std::thread::hardware_concurrency()));
    say(fmt("LibTorch %s; CUDA %s (%d device(s), cuDNN %s); %d CPU threads; intra-op threads %d", TORCH_VERSION,
            cuda ? "available" : "unavailable", cuda ? int(torch::cuda::device_count()) : 0,
            torch::cuda::cudnn_is_available() ? "yes" : "no", cpuCores, at::get_num_threads()));
    if (!cuda) say("CUDA is unavailable to this LibTorch: only the CPU checks run.");

    // ---- the bundle ----
    std::vector<MemberInfo> members;
    {
        std::ifstream in(bundle + "/members.tsv");
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream s(line);
            MemberInfo m;
            double seconds = 0;
            if (s >> m.name >> m.architecture >> m.weightsFile >> m.temperature >> m.windowsPerTrack >> seconds) {
                std::string weight;
                if (s >> weight && weight != "nan") m.stackWeight = std::stod(weight);
                members.push_back(m);
            }
        }
        std::ifstream stackIn(bundle + "/stack.tsv");
        std::string key, bias;
        if (stackIn >> key >> bias && key == "bias" && bias != "nan") stackBias = std::stod(bias);
        for (const auto& m : members)
            if (std::isnan(m.stackWeight)) stackBias = std::nan("");
    }
    std::vector<NamedTensor> referenceTensors;
    if (auto problem = devicecheck::readTensors(bundle + "/reference.tensors", referenceTensors); !problem.empty()) {
        say(problem);
        return 1;
    }
    const auto ref = devicecheck::indexTensors(referenceTensors);
    auto find = [&](const std::string& name) -> const NamedTensor* {
        auto it = ref.find(name);
        return it == ref.end() ? nullptr : it->second;
    };
    if (members.empty() || !find("tracks")) {
        say("The bundle at " + bundle + " lacks members.tsv or reference.tensors.");
        return 1;
    }
    std::vector<TrackReference> tracks(size_t(find("tracks")->data[0]));
    {
        std::ifstream in(bundle + "/tracks.tsv");
        std::string line;
        for (auto& t : tracks)
            if (std::getline(in, line)) t.label = line;
    }
    for (size_t i = 0; i < tracks.size(); ++i) {
        auto& t = tracks[i];
        const std::string prefix = "track/" + std::to_string(i) + "/";
        for (const auto& m : members) {
            t.windows.push_back(find(prefix + m.name + "/windows"));
            t.logits.push_back(find(prefix + m.name + "/logits"));
            t.pAi.push_back(find(prefix + m.name + "/p_ai"));
            if (!t.windows.back() || !t.logits.back() || !t.pAi.back() || t.windows.back()->shape.size() != 3) {
                say("reference.tensors lacks " + prefix + m.name);
                return 1;
            }
            const auto& w = *t.windows.back();
            models::DetectorInput input{int(w.shape[1]), int(w.shape[2]), {}};
            for (int64_t k = 0; k < w.shape[0]; ++k) input.windows.push_back(w.data.data() + k * w.shape[1] * w.shape[2]);
            t.inputs.push_back(std::move(input));
        }
        t.ensemblePAi = find(prefix + "p_ai");
        t.patches = find(prefix + "musicnn/patches");
        t.penultimate = find(prefix + "musicnn/penultimate");
        t.musicnnLogits = find(prefix + "musicnn/logits");
        if (!t.ensemblePAi || !t.patches || !t.penultimate || !t.musicnnLogits || t.patches->shape.size() != 3) {
            say("reference.tensors lacks " + prefix + "musicnn");
            return 1;
        }
        const int frames = int(t.patches->shape[1]), bands = int(t.patches->shape[2]);
        for (int64_t p = 0; p < t.patches->shape[0]; ++p) {
            dsp::Matrix patch(frames, bands);
            std::copy(t.patches->data.begin() + p * frames * bands, t.patches->data.begin() + (p + 1) * frames * bands,
                      patch.data.begin());
            t.patchMatrices.push_back(std::move(patch));
        }
    }
    say(fmt("Bundle: %zu tracks, %zu detector members, %lld musicnn patches per track", tracks.size(), members.size(),
            (long long)tracks.front().patches->shape[0]));
    for (const auto& t : tracks) say("  track " + t.label);

    // ---- models on the CPU ----
    std::vector<models::DetectorModel> cpuModels, cudaModels;
    for (const auto& m : members) {
        std::string how;
        auto model = devicecheck::loadMember(bundle, m, "cpu", how, say);
        if (!model) return 1;
        say(fmt("%s (%s, T %.4f, %d windows of %d x %d per track): %lld parameters, from %s", m.name.c_str(),
                m.architecture.c_str(), m.temperature, m.windowsPerTrack, tracks[0].inputs[cpuModels.size()].bands,
                tracks[0].inputs[cpuModels.size()].frames, model->parameterCount(), how.c_str()));
        cpuModels.push_back(std::move(*model));
    }
    auto cpuMusicnn = models::MusicnnNetwork::load(bundle + "/musicnn-msd.tensors", "cpu");
    if (!cpuMusicnn) {
        say(cpuMusicnn.error().message);
        return 1;
    }
    std::vector<const models::DetectorModel*> cpuPointers;
    for (const auto& m : cpuModels) cpuPointers.push_back(&m);

    std::string error;
    auto cpuOutputs = runAll(tracks, members, cpuPointers, **cpuMusicnn, error);
    if (!cpuOutputs) {
        say("The CPU run failed: " + error);
        return 1;
    }
    const Comparison cpuVsReference = compareWithReference(*cpuOutputs, tracks);
    report("(b) this machine's CPU vs the reference (development machine's CPU)", cpuVsReference);
    for (size_t t = 0; t < tracks.size(); ++t)
        say(fmt("  track %zu: P(AI) %.6f here, %.6f reference", t, cpuOutputs->pAi[t],
                double(tracks[t].ensemblePAi->data[0])));

    constexpr double kTolerance = 1e-4;
    struct CudaCheck {
        std::string mode;
        Comparison vsCpu, vsReference;
    };
    std::vector<CudaCheck> cudaChecks;
    std::shared_ptr<const models::MusicnnNetwork> cudaMusicnn;
    std::vector<const models::DetectorModel*> cudaPointers;
    const int tf32Default = convTf32(at::globalContext(), 0);
    if (cuda) {
        for (const auto& m : members) {
            std::string how;
            auto model = devicecheck::loadMember(bundle, m, "cuda", how, say);
            if (!model) return 1;
            say(m.name + " on " + model->deviceName() + " from " + how);
            cudaModels.push_back(std::move(*model));
        }
        for (const auto& m : cudaModels) cudaPointers.push_back(&m);
        auto loaded = models::MusicnnNetwork::load(bundle + "/musicnn-msd.tensors", "cuda");
        if (!loaded) {
            say(loaded.error().message);
            return 1;
        }
        cudaMusicnn = *loaded;
        say(fmt("cuDNN convolutions may use TF32 by LibTorch's default: %s",
                tf32Default < 0 ? "unknown (no accessor in this LibTorch)" : tf32Default ? "yes" : "no"));
        // (a) and (b) with LibTorch's default, then with TF32 off (if it can be switched).
        for (int pass = 0; pass < 2; ++pass) {
            std::string mode = pass == 0 ? "LibTorch default" : "TF32 off";
            if (pass == 1 && !setConvTf32(at::globalContext(), false, 0)) {
                say("This LibTorch has no setAllowTF32CuDNN: the TF32-off comparison is skipped.");
                break;
            }
            auto cudaOutputs = runAll(tracks, members, cudaPointers, *cudaMusicnn, error);
            if (!cudaOutputs) {
                say("The CUDA run failed: " + error);
                return 1;
            }
            CudaCheck check{mode, compareOutputs(*cudaOutputs, *cpuOutputs), compareWithReference(*cudaOutputs, tracks)};
            report("(a) CUDA (" + mode + ") vs this machine's CPU", check.vsCpu);
            report("(b) CUDA (" + mode + ") vs the reference", check.vsReference);
            cudaChecks.push_back(std::move(check));
        }
        setConvTf32(at::globalContext(), tf32Default != 0, 0);  // timings below: LibTorch's default
    }

    // ---- (c) windows/s: own passes vs cross-track batching ----
    struct Scenario {
        std::string device;
        size_t member;
        int callers, tracks;
        long long windows;
        BatchingFigures figures;
    };
    std::vector<Scenario> scenarios;
    const double minSeconds = quick ? 0.0 : 1.0;
    const int maxRounds = quick ? 1 : 30;
    auto makeTracks = [&](size_t member, int count) {
        // Real windows from the reference, reused round-robin to make up `count` tracks.
        std::vector<models::DetectorInput> made;
        for (int k = 0; k < count; ++k) made.push_back(tracks[size_t(k) % tracks.size()].inputs[member]);
        return made;
    };
    const std::vector<std::pair<int, int>> shapes = quick ? std::vector<std::pair<int, int>>{{2, 4}}
                                                    : std::vector<std::pair<int, int>>{{1, 8}, {8, 8}, {8, 64}, {16, 256}};
    // Devices to time: CUDA as LibTorch sets it up, CUDA with TF32 convolutions off
    // (where that can be switched), then the CPU.
    std::vector<std::string> devices;
    if (cuda) {
        devices.push_back("cuda");
        if (setConvTf32(at::globalContext(), tf32Default != 0, 0)) devices.push_back("cuda-ieee");
    }
    devices.push_back("cpu");
    auto useDevice = [&](const std::string& device) {
        if (device == "cuda") setConvTf32(at::globalContext(), tf32Default != 0, 0);
        if (device == "cuda-ieee") setConvTf32(at::globalContext(), false, 0);
    };
    for (const auto& device : devices)
        for (size_t m = 0; m < members.size(); ++m)
            for (const auto& [callers, count] : shapes) {
                const bool onCuda = device != "cpu";
                if (!onCuda && count > 64) continue;  // the CPU's figure is clear by then
                useDevice(device);
                const auto& model = onCuda ? cudaModels[m] : cpuModels[m];
                const int threadsPerCaller = onCuda ? 0 : std::max(1, cpuCores / callers);
                const auto made = makeTracks(m, count);
                long long windows = 0;
                for (const auto& t : made) windows += static_cast<long long>(t.windows.size());
                Scenario s{device, m, callers, count, windows, {}};
                s.figures = measureBatching(model, made, callers, threadsPerCaller, onCuda ? minSeconds / 2 : minSeconds,
                                            maxRounds);
                say(fmt("(c) %s %s: %d workers, %d tracks (%lld windows): own passes %.0f windows/s, batched %.0f windows/s "
                        "(%.2f x; %.1f tracks, %.1f windows per pass; %d rounds)%s",
                        s.device.c_str(), members[m].name.c_str(), callers, count, windows,
                        s.figures.ownWindowsPerSecond, s.figures.batchedWindowsPerSecond,
                        s.figures.batchedWindowsPerSecond / s.figures.ownWindowsPerSecond, s.figures.tracksPerPass,
                        s.figures.windowsPerPass, s.figures.rounds, s.figures.failed ? " FAILED" : ""));
                scenarios.push_back(s);
            }
    at::set_num_threads(cpuCores);

    // ---- (d) model stages per track ----
    struct EndToEnd {
        std::string device;
        EndToEndFigures figures;
    };
    std::vector<EndToEnd> endToEnd;
    const int repeats = quick ? 1 : 5;
    for (const auto& device : devices)
        if (device != "cpu") {
            useDevice(device);
            endToEnd.push_back(
                {device, measureEndToEnd(tracks, members, cudaPointers, *cudaMusicnn, true, 8, 0, true, repeats * 4)});
        }
    useDevice("cuda");
    {
        EndToEnd e{"cpu", measureEndToEnd(tracks, members, cpuPointers, **cpuMusicnn, false, quick ? 2 : 8,
                                          std::max(1, cpuCores / (quick ? 2 : 8)), false, quick ? 1 : 2)};
        endToEnd.push_back(e);
    }
    at::set_num_threads(cpuCores);
    for (const auto& e : endToEnd)
        say(fmt("(d) %s: model stages of one track (%zu members + musicnn on %lld patches): median %.1f ms, p90 %.1f ms "
                "(%d timed, one worker); %d workers: %.1f tracks/s%s",
                e.device.c_str(), members.size(), (long long)tracks.front().patches->shape[0],
                e.figures.oneWorkerMedianMs, e.figures.oneWorkerP90Ms, e.figures.tracksTimed, e.figures.workers,
                e.figures.workersTracksPerSecond, e.figures.failed ? " FAILED" : ""));
    say("(d) not included: decoding and resampling, the FFTW front ends (log-mel windows, musicnn patches),"
        " the descriptor signal features and FAISS; their inputs come precomputed from the development machine.");

    // ---- summary, last ----
    std::ofstream tsv(out + "/device-check-summary.tsv");
    say("");
    say("==== summary ====");
    say(fmt("LibTorch %s, CUDA %s", TORCH_VERSION, cuda ? "available" : "unavailable"));
    say(fmt("%-44s %-12s %-12s %-12s %-12s", "check (max abs difference)", "P(AI) member", "P(AI) ens.", "embedding",
            "within 1e-4"));
    auto row = [&](const std::string& name, const Comparison& c) {
        say(fmt("%-44s %-12.3g %-12.3g %-12.3g %-12s", name.c_str(), c.memberPAi.maxAbs, c.pAi.maxAbs, c.penultimate.maxAbs,
                within(c, kTolerance) ? "yes" : "NO"));
        tsv << "difference\t" << name << '\t' << c.memberPAi.maxAbs << '\t' << c.pAi.maxAbs << '\t' << c.penultimate.maxAbs
            << '\t' << c.penultimate.relative() << '\t' << c.logits.maxAbs << '\n';
    };
    row("cpu here vs reference", cpuVsReference);
    for (const auto& c : cudaChecks) {
        row("cuda (" + c.mode + ") vs cpu here", c.vsCpu);
        row("cuda (" + c.mode + ") vs reference", c.vsReference);
    }
    say(fmt("%-10s %-14s %-8s %-8s %-8s %-14s %-14s %-8s", "device", "member", "workers", "tracks", "windows",
            "own windows/s", "batched win/s", "batched/own"));
    for (const auto& s : scenarios) {
        say(fmt("%-10s %-14s %-8d %-8d %-8lld %-14.0f %-14.0f %-8.2f", s.device.c_str(),
                shortName(members[s.member].name).c_str(), s.callers, s.tracks, s.windows,
                s.figures.ownWindowsPerSecond, s.figures.batchedWindowsPerSecond,
                s.figures.batchedWindowsPerSecond / s.figures.ownWindowsPerSecond));
        tsv << "windows_per_second\t" << s.device << '\t' << members[s.member].name << '\t' << s.callers << '\t'
            << s.tracks << '\t' << s.windows << '\t' << s.figures.ownWindowsPerSecond << '\t'
            << s.figures.batchedWindowsPerSecond << '\t' << s.figures.tracksPerPass << '\n';
    }
    for (const auto& e : endToEnd) {
        say(fmt("model stages per track on %-10s: median %.1f ms (one worker), %.1f tracks/s (%d workers)", e.device.c_str(),
                e.figures.oneWorkerMedianMs, e.figures.workersTracksPerSecond, e.figures.workers));
        tsv << "model_stages\t" << e.device << '\t' << e.figures.oneWorkerMedianMs << '\t' << e.figures.oneWorkerP90Ms
            << '\t' << e.figures.workers << '\t' << e.figures.workersTracksPerSecond << '\n';
    }
    // The CPU must reproduce the reference: anything else means a broken build or bundle.
    if (!within(cpuVsReference, kTolerance)) {
        say("The CPU here does not reproduce the reference within 1e-4.");
        return 3;
    }
    return 0;
}
