#pragma once
// A model's manifest: what the weights are, how to feed them, and their checksum.
#include "humanear/result.h"

#include <map>
#include <string>
#include <vector>

namespace humanear::models {

struct InputSpec {
    int sampleRate = 0;
    int nMels = 0;
    int nFft = 0;
    int hop = 0;
    double windowSeconds = 0;
    std::string frontEnd;  // e.g. "logmel128_16k", "openl3_mel256_48k"
};

struct ModelManifest {
    std::string name;
    std::string version;
    std::string architecture;
    std::string weightsFile;  // relative to the manifest's folder
    std::string sha256;
    InputSpec input;
    std::map<std::string, double> parameters;  // e.g. threshold, temperature
    // An ensemble ("architecture": "ensemble") has no weights of its own: it names
    // member models whose manifests lie in the same folder.
    std::vector<std::string> members;
    std::string manifestPath;

    bool isEnsemble() const { return architecture == "ensemble"; }
    std::string weightsPath() const;
    // parameters[key], or fallback when the manifest does not set it.
    double parameter(const std::string& key, double fallback) const;
};

// Reads <name>.manifest.json. Errors name the manifest file.
Result<ModelManifest> readManifest(const std::string& manifestPath);
Status writeManifest(const ModelManifest& manifest, const std::string& manifestPath);

}  // namespace humanear::models
