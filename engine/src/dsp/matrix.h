#pragma once
#include <cstddef>
#include <vector>

namespace humanear::dsp {

// Row-major float matrix: rows are frequency bands, columns are frames.
struct Matrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> data;

    Matrix() = default;
    Matrix(int r, int c, float fill = 0.f) : rows(r), cols(c), data(static_cast<size_t>(r) * c, fill) {}
    float& at(int r, int c) { return data[static_cast<size_t>(r) * cols + c]; }
    float at(int r, int c) const { return data[static_cast<size_t>(r) * cols + c]; }
    float* row(int r) { return data.data() + static_cast<size_t>(r) * cols; }
    const float* row(int r) const { return data.data() + static_cast<size_t>(r) * cols; }
    bool empty() const { return data.empty(); }
};

}  // namespace humanear::dsp
