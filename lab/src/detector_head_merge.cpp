// humanear::mergeDetectorHeads: heads of one trunk, side by side.
#include "humanear/lab/detector_head_merge.h"

#include "detector/detector_impl.h"
#include "io/sha256.h"
#include "models/model_manifest.h"
#include "models/model_registry.h"

#include <QDir>

namespace humanear {

namespace {

// Everything a window's logit depends on except the head must agree.
Status sameReading(const models::ModelManifest& a, const models::ModelManifest& b) {
    for (const char* key : {"windows_per_track", "band_limit_hz", "tiles_track", "sample_rate"})
        if (a.parameter(key, -1) != b.parameter(key, -1))
            return makeError(ErrorCode::InvalidArgument, "\"" + b.manifestPath + "\" reads tracks differently (" + key +
                                                             ") from \"" + a.manifestPath + "\".");
    if (a.architecture != b.architecture || a.input.windowSeconds != b.input.windowSeconds ||
        a.input.frontEnd != b.input.frontEnd)
        return makeError(ErrorCode::InvalidArgument,
                         "\"" + b.manifestPath + "\" is not the same network as \"" + a.manifestPath + "\".");
    return {};
}

}  // namespace

Result<std::string> mergeDetectorHeads(const HeadMergeSpec& spec) {
    if (spec.memberManifests.size() < 2) return makeError(ErrorCode::InvalidArgument, "Merging needs at least two heads.");
    if (spec.name.empty()) return makeError(ErrorCode::InvalidArgument, "The merged model needs a name.");
    std::vector<models::ModelManifest> manifests;
    std::vector<models::DetectorModel> heads;
    for (const auto& path : spec.memberManifests) {
        auto manifest = models::readManifest(path);
        if (!manifest) return manifest.error();
        if (auto verified = models::verifyWeights(*manifest); !verified)
            return makeError(verified.error().code, "Cannot use \"" + path + "\": " + verified.error().message);
        auto architecture = models::architectureFromName(manifest->architecture);
        if (!architecture) return architecture.error();
        if (*architecture == models::DetectorArchitecture::FullbandCnn)
            return makeError(ErrorCode::InvalidArgument, "Only the log-mel networks' heads can be merged.");
        if (!manifests.empty())
            if (auto same = sameReading(manifests.front(), *manifest); !same) return same.error();
        auto model = models::DetectorModel::load(*architecture, manifest->weightsPath());
        if (!model) return model.error();
        manifests.push_back(std::move(*manifest));
        heads.push_back(std::move(*model));
    }
    torch::NoGradGuard noGrad;
    auto& first = *heads.front().impl().net;
    auto isHead = [](const std::string& key) { return key.rfind("fc1.", 0) == 0 || key.rfind("fc2.", 0) == 0; };
    int units = 0;
    for (size_t k = 0; k < heads.size(); ++k) {
        auto& net = *heads[k].impl().net;
        units += int(net.fc1->weight.size(0));
        if (k == 0) continue;
        const auto theirs = net.named_parameters();
        const auto theirBuffers = net.named_buffers();
        for (const auto& p : first.named_parameters())
            if (!isHead(p.key()) && !torch::equal(p.value(), theirs[p.key()]))
                return makeError(ErrorCode::InvalidArgument,
                                 "\"" + manifests[k].manifestPath + "\" has other convolutional layers (" + p.key() +
                                     ") than \"" + manifests.front().manifestPath +
                                     "\": only heads trained on the same layers (train --head-only from one --init) merge.");
        for (const auto& b : first.named_buffers())
            if (!isHead(b.key()) && !torch::equal(b.value(), theirBuffers[b.key()]))
                return makeError(ErrorCode::InvalidArgument, "\"" + manifests[k].manifestPath +
                                                                 "\" has other batch-norm statistics (" + b.key() + ").");
    }
    auto merged = models::DetectorModel::create(heads.front().architecture(), 0, "cpu", units);
    if (!merged) return merged.error();
    auto& net = *merged->impl().net;
    {
        const auto source = first.named_parameters();
        for (auto& p : net.named_parameters())
            if (!isHead(p.key())) p.value().copy_(source[p.key()]);
        const auto buffers = first.named_buffers();
        for (auto& b : net.named_buffers())
            if (!isHead(b.key())) b.value().copy_(buffers[b.key()]);
    }
    // FC 128s side by side; FC 1 scaled so the sum is the mean of logit_k / T_k.
    std::vector<torch::Tensor> w1, b1, w2;
    torch::Tensor b2 = torch::zeros({1});
    const double count = double(heads.size());
    for (size_t k = 0; k < heads.size(); ++k) {
        auto& h = *heads[k].impl().net;
        const double scale = 1.0 / (count * manifests[k].parameter("temperature", 1.0));
        w1.push_back(h.fc1->weight);
        b1.push_back(h.fc1->bias);
        w2.push_back(h.fc2->weight * scale);
        b2 += h.fc2->bias * scale;
    }
    net.fc1->weight.copy_(torch::cat(w1, 0));
    net.fc1->bias.copy_(torch::cat(b1, 0));
    net.fc2->weight.copy_(torch::cat(w2, 1));
    net.fc2->bias.copy_(b2);

    if (!QDir().mkpath(QString::fromStdString(spec.outDir)))
        return makeError(ErrorCode::IoError, "Cannot create the folder \"" + spec.outDir + "\".");
    const std::string weights = spec.outDir + "/" + spec.name + ".pt";
    if (auto saved = merged->save(weights); !saved) return saved.error();
    auto digest = io::sha256OfFile(weights);
    if (!digest) return digest.error();
    models::ModelManifest manifest = manifests.front();
    manifest.name = spec.name;
    manifest.weightsFile = spec.name + ".pt";
    manifest.sha256 = *digest;
    for (const char* perRun : {"seed", "validation_auc"}) manifest.parameters.erase(perRun);
    manifest.parameters["threshold"] = 0.5;  // the ensemble's stack sets the shipped one
    manifest.parameters["temperature"] = 1.0;  // each head's own temperature is inside FC 1
    manifest.parameters["merged_heads"] = count;
    manifest.parameters["head_units"] = units;
    const std::string path = spec.outDir + "/" + spec.name + ".manifest.json";
    if (auto written = models::writeManifest(manifest, path); !written) return written.error();
    return path;
}

}  // namespace humanear
