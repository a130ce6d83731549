#pragma once
// The one place models are found and verified before anything loads them:
// a manifest must exist, name its weights, and the weights must match its sha256.
#include "models/model_manifest.h"

#include <string>
#include <vector>

namespace humanear::models {

class ModelRegistry {
public:
    // Searches these folders in order for <name>.manifest.json.
    explicit ModelRegistry(std::vector<std::string> searchDirs);
    static std::vector<std::string> defaultSearchDirs(const std::string& preferredDir);

    // Finds the manifest and verifies the weights' checksum (cached per file size+mtime);
    // an ensemble's members are verified when InstalledDetector loads them.
    Result<ModelManifest> locate(const std::string& name) const;
    const std::vector<std::string>& searchDirs() const { return dirs_; }
    std::string firstExistingDir() const;

private:
    std::vector<std::string> dirs_;
};

// The weights a (non-ensemble) manifest names exist and match its sha256
// (cached per file size+mtime). locate() runs this; so does anything that
// takes a manifest by path.
Status verifyWeights(const ModelManifest& manifest);

}  // namespace humanear::models
