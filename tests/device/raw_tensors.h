#pragma once
// Named float tensors in one plain file, for the stand-alone CUDA check
// (tests/device): the exporter writes them where HDF5 and the audio stack exist,
// the check reads them on a machine that has LibTorch alone. No torch here.
//
// Layout (little-endian, as on every machine this runs on):
//   "HETENS1\n", uint64 count, then per tensor: uint32 name length, the name,
//   uint32 rank, int64 dims[rank], float32 data[product of dims].
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace devicecheck {

struct NamedTensor {
    std::string name;
    std::vector<int64_t> shape;
    std::vector<float> data;

    int64_t elements() const {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        return n;
    }
};

inline constexpr char kTensorMagic[8] = {'H', 'E', 'T', 'E', 'N', 'S', '1', '\n'};

// Returns an empty string on success, else a sentence naming the file.
inline std::string writeTensors(const std::string& path, const std::vector<NamedTensor>& tensors) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return "Cannot write \"" + path + "\".";
    out.write(kTensorMagic, sizeof kTensorMagic);
    const uint64_t count = tensors.size();
    out.write(reinterpret_cast<const char*>(&count), sizeof count);
    for (const auto& t : tensors) {
        if (t.elements() != int64_t(t.data.size())) return "Tensor \"" + t.name + "\" has data that does not fit its shape.";
        const uint32_t nameLength = uint32_t(t.name.size()), rank = uint32_t(t.shape.size());
        out.write(reinterpret_cast<const char*>(&nameLength), sizeof nameLength);
        out.write(t.name.data(), std::streamsize(nameLength));
        out.write(reinterpret_cast<const char*>(&rank), sizeof rank);
        out.write(reinterpret_cast<const char*>(t.shape.data()), std::streamsize(sizeof(int64_t) * rank));
        out.write(reinterpret_cast<const char*>(t.data.data()), std::streamsize(sizeof(float) * t.data.size()));
    }
    out.flush();
    return out ? std::string() : "Writing \"" + path + "\" failed.";
}

inline std::string readTensors(const std::string& path, std::vector<NamedTensor>& tensors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "Cannot open \"" + path + "\".";
    char magic[sizeof kTensorMagic] = {};
    in.read(magic, sizeof magic);
    if (!in || std::memcmp(magic, kTensorMagic, sizeof magic) != 0) return "\"" + path + "\" is not a named-tensor file.";
    uint64_t count = 0;
    in.read(reinterpret_cast<char*>(&count), sizeof count);
    if (!in || count > 1000000) return "\"" + path + "\" has a damaged header.";
    tensors.clear();
    for (uint64_t i = 0; i < count; ++i) {
        NamedTensor t;
        uint32_t nameLength = 0, rank = 0;
        in.read(reinterpret_cast<char*>(&nameLength), sizeof nameLength);
        if (!in || nameLength > 4096) return "\"" + path + "\" is damaged at tensor " + std::to_string(i) + ".";
        t.name.resize(nameLength);
        in.read(t.name.data(), std::streamsize(nameLength));
        in.read(reinterpret_cast<char*>(&rank), sizeof rank);
        if (!in || rank > 8) return "\"" + path + "\" is damaged at tensor \"" + t.name + "\".";
        t.shape.resize(rank);
        in.read(reinterpret_cast<char*>(t.shape.data()), std::streamsize(sizeof(int64_t) * rank));
        const int64_t n = t.elements();
        if (!in || n < 0 || n > (int64_t(1) << 32)) return "\"" + path + "\" is damaged at tensor \"" + t.name + "\".";
        t.data.resize(size_t(n));
        in.read(reinterpret_cast<char*>(t.data.data()), std::streamsize(sizeof(float) * size_t(n)));
        if (!in) return "\"" + path + "\" ends inside tensor \"" + t.name + "\".";
        tensors.push_back(std::move(t));
    }
    return {};
}

// By name, for look-ups.
inline std::map<std::string, const NamedTensor*> indexTensors(const std::vector<NamedTensor>& tensors) {
    std::map<std::string, const NamedTensor*> index;
    for (const auto& t : tensors) index[t.name] = &t;
    return index;
}

}  // namespace devicecheck
