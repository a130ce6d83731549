// The value types' own methods, apart from the HDF5 reader (keras_h5.cpp), so that the
// stand-alone CUDA check (tests/device), whose shim reads the same types from raw
// tensors without HDF5, compiles this file instead of a copy of it.
#include "networks/keras_h5.h"

namespace humanear::models {

std::string KerasWeight::shortName() const {
    std::string s = name;
    const auto slash = s.rfind('/');
    if (slash != std::string::npos) s = s.substr(slash + 1);
    const auto colon = s.find(':');
    if (colon != std::string::npos) s = s.substr(0, colon);
    return s;
}

int64_t KerasWeight::size() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

const KerasLayer* KerasWeightsFile::findLayer(const std::string& name) const {
    for (const auto& layer : layers)
        if (layer.name == name) return &layer;
    return nullptr;
}

}  // namespace humanear::models
