// Stand-alone CUDA check only: the engine's musicnn loader calls readKerasWeights(),
// which in the engine reads HDF5. The device machine has no HDF5, so here the same
// interface reads the raw named tensors export_device_reference wrote with the
// engine's own HDF5 reader ("layer|weight name" per tensor, HDF5 shapes kept).
#include "networks/keras_h5.h"

#include "raw_tensors.h"

#include <filesystem>

namespace humanear::models {

Result<KerasWeightsFile> readKerasWeights(const std::string& path, const std::string& what) {
    if (!std::filesystem::exists(path))
        return makeError(ErrorCode::FileNotFound, "The " + what + " \"" + path + "\" does not exist.");
    std::vector<devicecheck::NamedTensor> tensors;
    if (auto problem = devicecheck::readTensors(path, tensors); !problem.empty())
        return makeError(ErrorCode::ModelCorrupt, "The " + what + ": " + problem);
    KerasWeightsFile file;
    file.path = path;
    for (auto& t : tensors) {
        const auto bar = t.name.find('|');
        if (bar == std::string::npos)
            return makeError(ErrorCode::ModelCorrupt, "The " + what + " \"" + path + "\" has a tensor without a layer.");
        const std::string layer = t.name.substr(0, bar);
        if (file.layers.empty() || file.layers.back().name != layer) file.layers.push_back({layer, {}});
        file.layers.back().weights.push_back({t.name.substr(bar + 1), std::move(t.shape), std::move(t.data)});
    }
    return file;
}

Result<std::vector<std::string>> listKerasLayers(const std::string& path, const std::string& what) {
    auto file = readKerasWeights(path, what);
    if (!file) return file.error();
    std::vector<std::string> names;
    for (const auto& layer : file->layers) names.push_back(layer.name);
    return names;
}

}  // namespace humanear::models
