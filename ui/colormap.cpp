#include "colormap.h"

#include <algorithm>

namespace colormap {
namespace {
// Matt Zucker's degree-6 polynomial fit to matplotlib's magma (CC0); the table
// is built once from it, so painting only indexes.
std::array<QRgb, 256> buildMagma() {
    static const double c[7][3] = {
        {-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
        {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
        {8.353717279216625, -3.577719514958484, 0.3144679030132573},
        {-27.66873308576866, 14.26473078096533, -13.64921318813922},
        {52.17613981234068, -27.94360607168351, 12.94416944238394},
        {-50.76852536473588, 29.04658282127291, 4.23415299384598},
        {18.65570506591883, -11.48977351997711, -5.601961508734096},
    };
    std::array<QRgb, 256> table{};
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0;
        int rgb[3];
        for (int ch = 0; ch < 3; ++ch) {
            double v = c[6][ch];
            for (int k = 5; k >= 0; --k) v = v * t + c[k][ch];
            rgb[ch] = std::clamp(int(v * 255.0 + 0.5), 0, 255);
        }
        table[i] = qRgb(rgb[0], rgb[1], rgb[2]);
    }
    return table;
}
}  // namespace

const std::array<QRgb, 256>& magma() {
    static const std::array<QRgb, 256> table = buildMagma();
    return table;
}

}  // namespace colormap
