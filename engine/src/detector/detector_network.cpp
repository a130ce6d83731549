#include "detector/detector_impl.h"
#include "models/compute_device.h"

#include <filesystem>

namespace humanear::models {

namespace {
std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

Result<torch::Device> parseDevice(const std::string& name) {
    auto checked = checkDeviceName(name, "detector network");
    if (!checked) return checked.error();
    return torch::Device(*checked);
}
}  // namespace

const char* architectureName(DetectorArchitecture architecture) {
    switch (architecture) {
    case DetectorArchitecture::SeedCnn: return "seed-cnn";
    case DetectorArchitecture::WindowedCnn: return "windowed-cnn";
    case DetectorArchitecture::FullbandCnn: return "fullband-cnn";
    }
    return "unknown";
}

Result<DetectorArchitecture> architectureFromName(const std::string& name) {
    if (name == "seed-cnn") return DetectorArchitecture::SeedCnn;
    if (name == "windowed-cnn") return DetectorArchitecture::WindowedCnn;
    if (name == "fullband-cnn") return DetectorArchitecture::FullbandCnn;
    return makeError(ErrorCode::InvalidArgument, "Unknown detector architecture \"" + name + "\".");
}

DetectorModel::DetectorModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DetectorModel::DetectorModel(DetectorModel&&) noexcept = default;
DetectorModel& DetectorModel::operator=(DetectorModel&&) noexcept = default;
DetectorModel::~DetectorModel() = default;

Result<DetectorModel> DetectorModel::create(DetectorArchitecture architecture, int seed, const std::string& device,
                                            int headUnits) {
    auto parsed = parseDevice(device);
    if (!parsed) return parsed.error();
    try {
        torch::manual_seed(seed);
        auto impl = std::make_unique<Impl>();
        impl->architecture = architecture;
        impl->device = *parsed;
        impl->net = DetectorNet(architecture, headUnits);
        impl->net->to(impl->device);
        impl->net->eval();
        return DetectorModel(std::move(impl));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("Could not build the detector network: ") + e.what());
    }
}

Result<DetectorModel> DetectorModel::load(DetectorArchitecture architecture, const std::string& weightsPath,
                                          const std::string& device) {
    Result<DetectorModel> model = makeError(ErrorCode::Internal, "The detector weights were not read.");
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(weightsPath);
        // The head's width as stored: 128, or wider for merged heads.
        int headUnits = 128;
        torch::serialize::InputArchive head;
        torch::Tensor weight;
        if (architecture != DetectorArchitecture::FullbandCnn && archive.try_read("fc1", head) &&
            head.try_read("weight", weight) && weight.dim() == 2)
            headUnits = int(weight.size(0));
        model = create(architecture, 0, "cpu", headUnits);  // weights are replaced below
        if (!model) return model.error();
        model->impl_->net->load(archive);
    } catch (const std::exception&) {
        return makeError(ErrorCode::ModelCorrupt, "The detector weights \"" + fileName(weightsPath) +
                                                      "\" cannot be loaded: the file is damaged or belongs to "
                                                      "another architecture than " +
                                                      architectureName(architecture) + ".");
    }
    auto parsed = parseDevice(device);
    if (!parsed) return parsed.error();
    model->impl_->device = *parsed;
    model->impl_->net->to(*parsed);
    model->impl_->net->eval();
    return model;
}

Status DetectorModel::save(const std::string& weightsPath) const {
    try {
        torch::serialize::OutputArchive archive;
        impl_->net->save(archive);
        archive.save_to(weightsPath);
        return {};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::IoError, "Cannot write the detector weights \"" + weightsPath + "\": " + e.what());
    }
}

DetectorArchitecture DetectorModel::architecture() const { return impl_->architecture; }
std::string DetectorModel::deviceName() const { return impl_->device.str(); }

long long DetectorModel::parameterCount() const {
    long long n = 0;
    for (const auto& p : impl_->net->parameters()) n += p.numel();
    return n;
}

Result<std::vector<float>> DetectorModel::logits(const DetectorInput& input, const CancelToken* cancel) const {
    std::vector<float> out;
    out.reserve(input.windows.size());
    try {
        torch::InferenceMode guard;
        // A GPU wants big batches; on the CPU larger ones only cost memory.
        const size_t kBatch = impl_->device.is_cuda() ? 128 : 16;
        const long values = long(input.bands) * input.frames;
        for (size_t start = 0; start < input.windows.size(); start += kBatch) {
            if (cancel && cancel->isCancelled()) return makeError(ErrorCode::Cancelled, "Detection was cancelled.");
            const size_t n = std::min(kBatch, input.windows.size() - start);
            torch::Tensor batch = torch::empty({long(n), 1, input.bands, input.frames});
            float* dst = batch.data_ptr<float>();
            for (size_t i = 0; i < n; ++i) std::copy(input.windows[start + i], input.windows[start + i] + values, dst + i * values);
            torch::Tensor y = impl_->net->forwardForInference(batch.to(impl_->device)).to(torch::kCPU).contiguous();
            out.insert(out.end(), y.data_ptr<float>(), y.data_ptr<float>() + n);
        }
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("The detector failed: ") + e.what());
    }
    return out;
}

Result<std::vector<float>> DetectorModel::saliency(const float* window, int bands, int frames) const {
    try {
        torch::Tensor x = torch::from_blob(const_cast<float*>(window), {1, 1, bands, frames}).clone().to(impl_->device);
        x.set_requires_grad(true);
        torch::Tensor logit = impl_->net->forward(x).sum();
        auto grad = torch::autograd::grad({logit}, {x})[0];
        torch::Tensor map = (grad * x).abs().squeeze().to(torch::kCPU).contiguous();
        return std::vector<float>(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("Saliency failed: ") + e.what());
    }
}

}  // namespace humanear::models
