#pragma once
// Minimal reader for Keras weights-only HDF5 files (Model.save_weights / the
// "model_weights" group of a full Model.save file), enough for OpenL3.
//
// Layout read: a group (the root, or /model_weights) with the attribute
// `layer_names` (array of strings, possibly split by Keras into layer_names0,
// layer_names1, ...), one sub-group per layer with the attribute
// `weight_names`, and one float dataset per weight at <layer>/<weight name>
// (weight names usually look like "conv2d_1/kernel:0", so the dataset lives at
// conv2d_1/conv2d_1/kernel:0). Layers are returned in the file's order, which
// is the order tf.keras' load_weights assigns them in.
//
// HDF5 types stay in keras_h5.cpp; errors come back as values naming the file.
#include "humanear/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace humanear::models {

struct KerasWeight {
    std::string name;            // as listed in weight_names, e.g. "conv2d_1/kernel:0"
    std::vector<int64_t> shape;  // HDF5 dimensions, C order (a Conv2D kernel is (kh, kw, in, out))
    std::vector<float> data;     // converted to float32, C order

    // "kernel" for "conv2d_1/kernel:0".
    std::string shortName() const;
    int64_t size() const;
};

struct KerasLayer {
    std::string name;
    std::vector<KerasWeight> weights;  // empty for layers without weights (activations, pooling...)
};

struct KerasWeightsFile {
    std::string path;
    std::string kerasVersion;  // root attribute keras_version when present, else empty
    std::string backend;       // root attribute backend when present, else empty
    std::vector<KerasLayer> layers;

    const KerasLayer* findLayer(const std::string& name) const;
};

// `what` names the file in error messages: "The <what> \"<path>\" is not an HDF5 file."

// Lists the layer names in order without reading any weights.
Result<std::vector<std::string>> listKerasLayers(const std::string& path,
                                                 const std::string& what = "Keras weights file");

// Reads every layer and its float weights. Errors (FileNotFound, PermissionDenied,
// InvalidArgument for a folder, ModelCorrupt) are complete sentences that name the
// file and, where it applies, the layer or dataset at fault, e.g.
// The OpenL3 weights file "x.h5" is not a Keras weights file (layer conv2d_3 missing).
Result<KerasWeightsFile> readKerasWeights(const std::string& path,
                                          const std::string& what = "Keras weights file");

}  // namespace humanear::models
