#pragma once
// The detector members the device check runs: what the bundle's manifest says of
// each, and how one is loaded (the engine's own load of the LibTorch archive, or the
// raw tensors the exporter wrote when this LibTorch cannot read the archive).
#include "raw_tensors.h"

#include "detector/detector_impl.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace devicecheck {

using namespace humanear;

struct MemberInfo {
    std::string name, architecture, weightsFile;
    double temperature = 1;
    int windowsPerTrack = 1;
    double stackWeight = std::nan("");  // version 3's stack; NaN: P(AI)s averaged
};

// Weights from the LibTorch archive (the engine's own load), or, if this LibTorch
// cannot read it, from the raw tensors the exporter wrote from the same model.
inline std::optional<models::DetectorModel> loadMember(const std::string& bundle, const MemberInfo& member,
                                                       const std::string& device, std::string& how,
                                                       const std::function<void(const std::string&)>& say) {
    auto architecture = models::architectureFromName(member.architecture);
    if (!architecture) {
        say(architecture.error().message);
        return std::nullopt;
    }
    auto model = models::DetectorModel::load(*architecture, bundle + "/" + member.weightsFile, device);
    if (model) {
        how = "LibTorch archive " + member.weightsFile;
        return std::move(*model);
    }
    say("  " + member.name + ": the archive did not load (" + model.error().message + "); using the raw tensors");
    auto fresh = models::DetectorModel::create(*architecture, 0, "cpu");
    if (!fresh) {
        say(fresh.error().message);
        return std::nullopt;
    }
    std::vector<NamedTensor> raw;
    if (auto problem = readTensors(bundle + "/" + member.name + ".tensors", raw); !problem.empty()) {
        say(problem);
        return std::nullopt;
    }
    const auto byName = indexTensors(raw);
    // A merged head (combine --merge-heads) is wider than FC 128: take its width from the tensors.
    if (auto head = byName.find("fc1.weight"); head != byName.end() && fresh->impl().net->fc1) {
        const long inputs = fresh->impl().net->fc1->weight.size(1);
        const int units = int(long(head->second->elements()) / inputs);
        if (units != fresh->impl().net->fc1->weight.size(0)) {
            auto wider = models::DetectorModel::create(*architecture, 0, "cpu", units);
            if (!wider) {
                say(wider.error().message);
                return std::nullopt;
            }
            fresh = std::move(wider);
        }
    }
    torch::NoGradGuard noGrad;
    auto& net = fresh->impl().net;
    size_t filled = 0;
    auto fill = [&](const std::string& name, torch::Tensor& target) {
        auto it = byName.find(name);
        if (it == byName.end() || it->second->elements() != target.numel()) return;
        target.copy_(torch::from_blob(const_cast<float*>(it->second->data.data()), target.sizes(), torch::kFloat));
        ++filled;
    };
    size_t expected = 0;
    for (auto& p : net->named_parameters(true)) {
        ++expected;
        fill(p.key(), p.value());
    }
    for (auto& b : net->named_buffers(true))
        if (b.value().is_floating_point()) {
            ++expected;
            fill(b.key(), b.value());
        }
    if (filled != expected) {
        say("  " + member.name + ": the raw tensors fill " + std::to_string(filled) + " of " + std::to_string(expected));
        return std::nullopt;
    }
    fresh->impl().device = torch::Device(device);
    net->to(fresh->impl().device);
    net->eval();
    how = "raw tensors " + member.name + ".tensors";
    return std::move(*fresh);
}

}  // namespace devicecheck
