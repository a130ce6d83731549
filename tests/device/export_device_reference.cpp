// Not a test: writes what the stand-alone CUDA check (tests/device) needs and cannot
// make itself on a machine with LibTorch alone (no Qt, HDF5, FFTW, soxr, decoders):
//  - the shipped detector members' weights, as LibTorch archives (copied) and as
//    raw named tensors (in case that LibTorch cannot read the archives);
//  - musicnn's weights, read by the engine's own HDF5 loader, as raw named tensors;
//  - from real tracks: the engine's detector windows for each member and musicnn
//    patches (the real front ends), with the CPU's logits, P(AI) and embeddings.
// Usage: export_device_reference --models DIR --out DIR TRACK...
// packaging/device-check.sh runs it; docs/performance.md says what came of it.
#include "raw_tensors.h"

#include "audio/decoder.h"
#include "dsp/musicnn_front_end.h"
#include "detector/detector_impl.h"
#include "detector/detector_windows.h"
#include "detector/installed_detector.h"
#include "networks/keras_h5.h"
#include "models/model_registry.h"
#include "networks/musicnn_network.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

using namespace humanear;
using devicecheck::NamedTensor;

namespace {

int fail(const std::string& message) {
    std::cerr << "export_device_reference: " << message << "\n";
    return 1;
}

NamedTensor scalar(const std::string& name, double value) { return {name, {1}, {float(value)}}; }

// Every parameter and buffer (BatchNorm statistics included) by its module path.
std::vector<NamedTensor> rawState(const models::DetectorModel& model) {
    std::vector<NamedTensor> out;
    auto add = [&](const std::string& name, const torch::Tensor& tensor) {
        const torch::Tensor t = tensor.detach().to(torch::kCPU).to(torch::kFloat).contiguous();
        NamedTensor n{name, std::vector<int64_t>(t.sizes().begin(), t.sizes().end()), {}};
        n.data.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        out.push_back(std::move(n));
    };
    for (const auto& p : model.impl().net->named_parameters(true)) add(p.key(), p.value());
    for (const auto& b : model.impl().net->named_buffers(true))
        if (b.value().is_floating_point()) add(b.key(), b.value());
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string modelsDir = "models", outDir;
    std::vector<std::string> tracks;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--models" && i + 1 < argc)
            modelsDir = argv[++i];
        else if (a == "--out" && i + 1 < argc)
            outDir = argv[++i];
        else
            tracks.push_back(a);
    }
    if (outDir.empty() || tracks.empty()) return fail("usage: export_device_reference --models DIR --out DIR TRACK...");
    std::filesystem::create_directories(outDir);

    const models::ModelRegistry registry({modelsDir});
    auto ensemble = registry.locate("detector");
    if (!ensemble) return fail(ensemble.error().message);
    // The engine's own assembly, to check that the per-member arithmetic below is the engine's.
    auto installed = models::InstalledDetector::load(registry, "detector", "cpu");
    if (!installed) return fail(installed.error().message);

    struct Member {
        std::string name;
        models::ModelManifest manifest;
        DetectorConfig config;
        double temperature = 1;
        std::optional<models::DetectorModel> model;
    };
    std::vector<Member> members;
    std::ofstream membersTsv(outDir + "/members.tsv");
    for (const auto& name : ensemble->members) {
        auto manifest = registry.locate(name);
        if (!manifest) return fail(manifest.error().message);
        auto architecture = models::architectureFromName(manifest->architecture);
        if (!architecture) return fail(architecture.error().message);
        auto model = models::DetectorModel::load(*architecture, manifest->weightsPath(), "cpu");
        if (!model) return fail(model.error().message);
        Member m{name, *manifest, models::detectorConfigOf(*manifest), manifest->parameter("temperature", 1.0),
                 std::move(*model)};
        const std::string weights = std::filesystem::path(manifest->weightsPath()).filename().string();
        std::filesystem::copy_file(manifest->weightsPath(), outDir + "/" + weights,
                                   std::filesystem::copy_options::overwrite_existing);
        if (auto e = devicecheck::writeTensors(outDir + "/" + name + ".tensors", rawState(*m.model)); !e.empty())
            return fail(e);
        char temperature[64];
        std::snprintf(temperature, sizeof temperature, "%.17g", m.temperature);
        // The stack's weight for this member (version 3: P(AI) = sigmoid(bias + sum w x score));
        // "nan" when the detector averages its members' P(AI) instead (versions 1 and 2).
        const auto& stack = (*installed)->stacking;
        char weight[64] = "nan";
        if (stack.weights.size() == ensemble->members.size())
            std::snprintf(weight, sizeof weight, "%.17g", stack.weights[members.size()]);
        membersTsv << name << '\t' << manifest->architecture << '\t' << weights << '\t' << temperature << '\t'
                   << m.config.windowsPerTrack << '\t' << m.config.windowSeconds << '\t' << weight << '\n';
        members.push_back(std::move(m));
    }
    membersTsv.close();
    const auto& stack = (*installed)->stacking;
    const bool isStacked = stack.weights.size() == members.size();
    {
        std::ofstream stackTsv(outDir + "/stack.tsv");
        char bias[64];
        std::snprintf(bias, sizeof bias, "%.17g", stack.bias);
        stackTsv << "bias\t" << (isStacked ? bias : "nan") << '\n';
    }

    // musicnn: the engine's HDF5 reader, written out layer by layer ("layer|weight name").
    const std::string musicnnPath = modelsDir + "/musicnn-msd.h5";
    auto keras = models::readKerasWeights(musicnnPath, "musicnn weights file");
    if (!keras) return fail(keras.error().message);
    std::vector<NamedTensor> musicnnWeights;
    for (const auto& layer : keras->layers)
        for (const auto& w : layer.weights) musicnnWeights.push_back({layer.name + "|" + w.name, w.shape, w.data});
    if (auto e = devicecheck::writeTensors(outDir + "/musicnn-msd.tensors", musicnnWeights); !e.empty()) return fail(e);
    auto musicnn = models::MusicnnNetwork::load(musicnnPath, "cpu");
    if (!musicnn) return fail(musicnn.error().message);
    const dsp::MusicnnFrontEnd musicnnFrontEnd;
    constexpr int kPatches = 4;  // 12 s from the middle of each track

    std::vector<NamedTensor> reference;
    std::ofstream tracksTsv(outDir + "/tracks.tsv");
    double largestEngineDifference = 0;
    int written = 0;
    for (const auto& path : tracks) {
        auto info = audio::probe(path);
        if (!info) return fail(info.error().message);
        const std::string prefix = "track/" + std::to_string(written) + "/";
        double ensemblePAi = 0, stackedLogit = stack.bias;
        for (size_t k = 0; k < members.size(); ++k) {
            const auto& m = members[k];
            // What the app judges: the whole track for a tiling member (detectorAnalysisSpans).
            const auto spans = models::detectorAnalysisSpans(info->durationSeconds, m.config);
            auto clips = audio::decodeSpans(path, 16000, spans);
            if (!clips) return fail(clips.error().message);
            const auto windows = models::detectorWindowsFromClips(*clips, m.config);
            if (windows.empty()) return fail("no detector windows from \"" + path + "\"");
            models::DetectorInput input{windows.front().rows, windows.front().cols, {}};
            NamedTensor stacked{prefix + m.name + "/windows",
                                {int64_t(windows.size()), windows.front().rows, windows.front().cols}, {}};
            for (const auto& w : windows) {
                input.windows.push_back(w.data.data());
                stacked.data.insert(stacked.data.end(), w.data.begin(), w.data.end());
            }
            auto logits = m.model->logits(input);
            if (!logits) return fail(logits.error().message);
            double meanLogit = 0;
            for (float z : *logits) meanLogit += z;
            meanLogit /= double(logits->size());
            const double pAi = 1.0 / (1.0 + std::exp(-meanLogit / m.temperature));
            ensemblePAi += pAi / double(members.size());
            if (isStacked) stackedLogit += stack.weights[k] * meanLogit / m.temperature;
            reference.push_back(std::move(stacked));
            reference.push_back({prefix + m.name + "/logits", {int64_t(logits->size())}, *logits});
            reference.push_back(scalar(prefix + m.name + "/p_ai", pAi));
        }
        if (isStacked) ensemblePAi = 1.0 / (1.0 + std::exp(-stackedLogit));
        reference.push_back(scalar(prefix + "p_ai", ensemblePAi));

        // The engine's verdict path on the same audio: the arithmetic above must match it.
        auto allClips = audio::decodeSpans(path, 16000, (*installed)->spans(info->durationSeconds));
        if (!allClips) return fail(allClips.error().message);
        auto detection = (*installed)->judge(std::move(*allClips), info->durationSeconds);
        if (!detection) return fail(detection.error().message);
        largestEngineDifference = std::max(largestEngineDifference, std::abs(detection->pAi - ensemblePAi));

        const double start = std::max(0.0, info->durationSeconds / 2 - 6.0);
        auto mid = audio::decodeSpans(path, dsp::MusicnnFrontEnd::kSampleRate, {{start, 12.0}});
        if (!mid) return fail(mid.error().message);
        const dsp::Matrix logMel = musicnnFrontEnd.logMel(mid->front().samples.data(), mid->front().samples.size());
        std::vector<dsp::Matrix> patches;
        NamedTensor patchTensor{prefix + "musicnn/patches",
                                {kPatches, dsp::MusicnnFrontEnd::kPatchFrames, dsp::MusicnnFrontEnd::kBands}, {}};
        for (int p = 0; p < kPatches; ++p) {
            patches.push_back(dsp::MusicnnFrontEnd::patch(logMel, p * dsp::MusicnnFrontEnd::kPatchFrames));
            patchTensor.data.insert(patchTensor.data.end(), patches.back().data.begin(), patches.back().data.end());
        }
        const auto out = (*musicnn)->run(patches);
        reference.push_back(std::move(patchTensor));
        reference.push_back({prefix + "musicnn/penultimate", {kPatches, models::MusicnnNetwork::kPenultimate},
                             out.penultimate});
        reference.push_back({prefix + "musicnn/logits", {kPatches, models::MusicnnNetwork::kTags}, out.logits});

        const auto file = std::filesystem::path(path);
        tracksTsv << written << '\t' << file.parent_path().filename().string() << '\t' << file.filename().string()
                  << '\t' << info->durationSeconds << '\t' << ensemblePAi << '\n';
        std::cout << file.filename().string() << ": P(AI) " << ensemblePAi << " (engine " << detection->pAi << ")\n";
        ++written;
    }
    reference.push_back(scalar("tracks", written));
    if (auto e = devicecheck::writeTensors(outDir + "/reference.tensors", reference); !e.empty()) return fail(e);
    std::cout << "Largest |P(AI) here - InstalledDetector::judge| = " << largestEngineDifference << "\n";
    if (largestEngineDifference > 1e-6) return fail("the per-member arithmetic does not match the engine's");
    std::cout << "Wrote " << written << " tracks to " << outDir << "\n";
    return 0;
}
