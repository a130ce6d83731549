#include "networks/keras_h5.h"

#include <hdf5.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <system_error>

namespace humanear::models {

namespace {

// Serialises this file's HDF5 calls: Debian's libhdf5 is thread-safe, others
// may not be, and the error-printing switch below is shared state.
std::mutex& hdf5Mutex() {
    static std::mutex m;
    return m;
}

// HDF5 prints its error stack to stderr by default; failures here are reported as values.
class QuietHdf5Errors {
public:
    QuietHdf5Errors() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
    QuietHdf5Errors(const QuietHdf5Errors&) = delete;
    QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

// Owns one hid_t and closes it with the matching H5?close.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
    ~Handle() {
        if (id_ >= 0) closer_(id_);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }

private:
    hid_t id_;
    Closer closer_;
};

struct Failure {
    std::string detail;  // completes "The <what> "<path>" ..."
};

bool attributeExists(hid_t object, const std::string& name) {
    return H5Aexists(object, name.c_str()) > 0;
}

// Reads a string or string-array attribute (fixed-length or variable-length).
// An attribute with no elements (Keras writes weight_names=[] as an empty float
// array) reads as an empty list.
bool readStringAttribute(hid_t object, const std::string& name, std::vector<std::string>& out,
                         std::string& error) {
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr.valid()) {
        error = "attribute " + name + " cannot be opened";
        return false;
    }
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    if (!type.valid() || !space.valid()) {
        error = "attribute " + name + " cannot be read";
        return false;
    }
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    if (count < 0) {
        error = "attribute " + name + " has an unreadable shape";
        return false;
    }
    if (count == 0) return true;
    if (H5Tget_class(type.get()) != H5T_STRING) {
        error = "attribute " + name + " is not a list of strings";
        return false;
    }
    const auto n = static_cast<size_t>(count);
    if (H5Tis_variable_str(type.get()) > 0) {
        Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memType.get(), H5T_VARIABLE);
        std::vector<char*> buffer(n, nullptr);
        if (H5Aread(attr.get(), memType.get(), buffer.data()) < 0) {
            error = "attribute " + name + " cannot be read";
            return false;
        }
        for (char* s : buffer) {
            out.emplace_back(s ? s : "");
            if (s) H5free_memory(s);
        }
        return true;
    }
    const size_t width = H5Tget_size(type.get());
    if (width == 0 || width > (1u << 20)) {
        error = "attribute " + name + " has an invalid string size";
        return false;
    }
    Handle memType(H5Tcopy(type.get()), H5Tclose);
    std::vector<char> buffer(n * width + 1, '\0');
    if (H5Aread(attr.get(), memType.get(), buffer.data()) < 0) {
        error = "attribute " + name + " cannot be read";
        return false;
    }
    for (size_t i = 0; i < n; ++i) {
        const char* s = buffer.data() + i * width;
        out.emplace_back(s, strnlen(s, width));
    }
    return true;
}

// Keras splits attributes over 64 kB into name0, name1, ...; reads either form.
// Returns false with an empty error when the attribute is simply absent.
bool readStringList(hid_t object, const std::string& name, std::vector<std::string>& out,
                    std::string& error) {
    if (attributeExists(object, name)) return readStringAttribute(object, name, out, error);
    bool found = false;
    for (int chunk = 0;; ++chunk) {
        const std::string part = name + std::to_string(chunk);
        if (!attributeExists(object, part)) break;
        if (!readStringAttribute(object, part, out, error)) return false;
        found = true;
    }
    return found;
}

std::string readOptionalString(hid_t object, const char* name) {
    std::vector<std::string> values;
    std::string error;
    if (!attributeExists(object, name) || !readStringAttribute(object, name, values, error) ||
        values.empty())
        return {};
    return values.front();
}

bool checkReadable(const std::string& path, const std::string& what, Error& error) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        error = makeError(ErrorCode::FileNotFound, "The " + what + " \"" + path + "\" does not exist.");
        return false;
    }
    if (std::filesystem::is_directory(status)) {
        error = makeError(ErrorCode::InvalidArgument,
                          "The " + what + " \"" + path + "\" is a folder, not a file.");
        return false;
    }
    std::ifstream probe(path, std::ios::binary);
    if (!probe) {
        error = makeError(ErrorCode::PermissionDenied,
                          "The " + what + " \"" + path + "\" cannot be opened for reading.");
        return false;
    }
    return true;
}

Error corrupt(const std::string& path, const std::string& what, const std::string& detail) {
    return makeError(ErrorCode::ModelCorrupt, "The " + what + " \"" + path + "\" " + detail);
}

bool readLayerNames(hid_t group, std::vector<std::string>& names, std::string& error) {
    return readStringList(group, "layer_names", names, error);
}

bool readWeight(hid_t layerGroup, const std::string& layerName, const std::string& weightName,
                KerasWeight& weight, std::string& detail) {
    weight.name = weightName;
    Handle dataset(H5Dopen2(layerGroup, weightName.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid()) {
        detail = "is not a Keras weights file (dataset " + layerName + "/" + weightName + " missing).";
        return false;
    }
    Handle type(H5Dget_type(dataset.get()), H5Tclose);
    if (!type.valid() || H5Tget_class(type.get()) != H5T_FLOAT) {
        detail = "is not a Keras weights file (dataset " + layerName + "/" + weightName +
                 " is not a floating-point array).";
        return false;
    }
    Handle space(H5Dget_space(dataset.get()), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0 || rank > 8) {
        detail = "is damaged (dataset " + layerName + "/" + weightName + " has an unreadable shape).";
        return false;
    }
    std::vector<hsize_t> dims(static_cast<size_t>(rank), 0);
    if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    int64_t total = 1;
    weight.shape.clear();
    for (hsize_t d : dims) {
        weight.shape.push_back(static_cast<int64_t>(d));
        total *= static_cast<int64_t>(d);
        if (total > (int64_t{1} << 31)) {
            detail = "is not a plausible weights file (dataset " + layerName + "/" + weightName +
                     " is too large).";
            return false;
        }
    }
    weight.data.assign(static_cast<size_t>(total), 0.0f);
    if (total > 0 && H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                             weight.data.data()) < 0) {
        detail = "is damaged or truncated (dataset " + layerName + "/" + weightName +
                 " cannot be read).";
        return false;
    }
    return true;
}

// Opens `path`, locates the layer_names group and calls body(group, names).
template <typename Body>
Status withKerasFile(const std::string& path, const std::string& what, Body&& body) {
    Error fileError;
    if (!checkReadable(path, what, fileError)) return fileError;

    std::lock_guard<std::mutex> lock(hdf5Mutex());
    QuietHdf5Errors quiet;
#if H5_VERSION_GE(1, 12, 0)
    if (H5Fis_accessible(path.c_str(), H5P_DEFAULT) <= 0) return corrupt(path, what, "is not an HDF5 file.");
#else
    if (H5Fis_hdf5(path.c_str()) <= 0) return corrupt(path, what, "is not an HDF5 file.");
#endif
    // Read-only use: no file locking, which fails on some network and read-only file systems.
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
#if H5_VERSION_GE(1, 10, 7)
    if (fapl.valid()) H5Pset_file_locking(fapl.get(), false, true);
#endif
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.valid() ? fapl.get() : H5P_DEFAULT), H5Fclose);
    if (!file.valid())
        return corrupt(path, what, "cannot be opened as an HDF5 file (it may be truncated or damaged).");

    hid_t group = file.get();
    std::optional<Handle> modelWeights;
    std::vector<std::string> names;
    std::string error;
    bool found = readLayerNames(group, names, error);
    if (!found && error.empty() && H5Lexists(file.get(), "model_weights", H5P_DEFAULT) > 0) {
        // A full Model.save() file keeps the weights in /model_weights.
        modelWeights.emplace(H5Gopen2(file.get(), "model_weights", H5P_DEFAULT), H5Gclose);
        if (modelWeights->valid()) {
            group = modelWeights->get();
            found = readLayerNames(group, names, error);
        }
    }
    if (!error.empty()) return corrupt(path, what, "is not a Keras weights file (" + error + ").");
    if (!found)
        return corrupt(path, what, "is not a Keras weights file (it has no layer_names attribute).");
    return body(file.get(), group, names);
}

}  // namespace

Result<std::vector<std::string>> listKerasLayers(const std::string& path, const std::string& what) {
    std::vector<std::string> result;
    const Status status = withKerasFile(path, what, [&](hid_t, hid_t, const std::vector<std::string>& names) {
        result = names;
        return Status::ok();
    });
    if (!status) return status.error();
    return result;
}

Result<KerasWeightsFile> readKerasWeights(const std::string& path, const std::string& what) {
    KerasWeightsFile out;
    out.path = path;
    const Status status = withKerasFile(path, what, [&](hid_t file, hid_t group,
                                                        const std::vector<std::string>& names) -> Status {
        out.kerasVersion = readOptionalString(file, "keras_version");
        out.backend = readOptionalString(file, "backend");
        out.layers.reserve(names.size());
        for (const std::string& layerName : names) {
            if (H5Lexists(group, layerName.c_str(), H5P_DEFAULT) <= 0)
                return corrupt(path, what, "is not a Keras weights file (layer " + layerName + " missing).");
            Handle layerGroup(H5Gopen2(group, layerName.c_str(), H5P_DEFAULT), H5Gclose);
            if (!layerGroup.valid())
                return corrupt(path, what,
                               "is not a Keras weights file (layer " + layerName + " is not a group).");
            std::vector<std::string> weightNames;
            std::string error;
            if (!readStringList(layerGroup.get(), "weight_names", weightNames, error)) {
                if (error.empty()) error = "layer " + layerName + " has no weight_names attribute";
                else error = "layer " + layerName + ": " + error;
                return corrupt(path, what, "is not a Keras weights file (" + error + ").");
            }
            KerasLayer layer;
            layer.name = layerName;
            for (const std::string& weightName : weightNames) {
                KerasWeight weight;
                std::string detail;
                if (!readWeight(layerGroup.get(), layerName, weightName, weight, detail))
                    return corrupt(path, what, detail);
                layer.weights.push_back(std::move(weight));
            }
            out.layers.push_back(std::move(layer));
        }
        return Status::ok();
    });
    if (!status) return status.error();
    return out;
}

}  // namespace humanear::models
