// Stand-alone CUDA check only: musicnn_network.cpp's MusicnnNetwork::locate() reaches
// the model registry, which needs Qt. The check loads weights by path and never
// locates, so these answer with an error instead of pulling Qt onto the device.
#include "models/model_registry.h"

namespace humanear::models {

ModelRegistry::ModelRegistry(std::vector<std::string> searchDirs) : dirs_(std::move(searchDirs)) {}

Result<ModelManifest> ModelRegistry::locate(const std::string& name) const {
    return makeError(ErrorCode::ModelMissing, "The stand-alone device check has no model registry (asked for " + name + ").");
}

std::string ModelManifest::weightsPath() const { return weightsFile; }

}  // namespace humanear::models
