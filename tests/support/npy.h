#pragma once
// Minimal reader for NumPy .npy files (little-endian float32/float64, C order),
// enough to compare engine output with the references in ../shared.
#include <QString>
#include <cstdint>
#include <vector>

struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> data;  // converted to float32, C order
    QString error;            // empty when the load succeeded
    bool ok() const { return error.isEmpty(); }
    int64_t size() const;
};

NpyArray loadNpy(const QString& path);
