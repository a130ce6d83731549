#pragma once
// Little-endian encoding, the byte order of every HumanEar file format (checked
// headers, vector index stamps, genre centroids, descriptor statistics), so files move
// between machines. Audio headers also need big-endian (AIFF). One place for both.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace humanear::io {

// The low `bytes` bytes of v, least significant first, appended to `out`
// (std::string or std::vector<uint8_t>).
template <typename Bytes>
void appendLittleEndian(Bytes& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<typename Bytes::value_type>(uint8_t(v >> (8 * i))));
}
template <typename Bytes>
void appendU32(Bytes& out, uint32_t v) { appendLittleEndian(out, v, 4); }
template <typename Bytes>
void appendU64(Bytes& out, uint64_t v) { appendLittleEndian(out, v, 8); }
template <typename Bytes>
void appendF32(Bytes& out, float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    appendU32(out, bits);
}

inline void storeLittleEndian(uint8_t* p, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) p[i] = uint8_t(v >> (8 * i));
}

inline uint64_t loadLittleEndian(const void* data, int bytes) {
    const auto* p = static_cast<const uint8_t*>(data);
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
}
inline uint32_t loadU32(const void* p) { return uint32_t(loadLittleEndian(p, 4)); }
inline uint64_t loadU64(const void* p) { return loadLittleEndian(p, 8); }
inline float loadF32(const void* p) {
    const uint32_t bits = loadU32(p);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

inline uint64_t loadBigEndian(const void* data, int bytes) {
    const auto* p = static_cast<const uint8_t*>(data);
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | p[i];
    return v;
}

}  // namespace humanear::io
