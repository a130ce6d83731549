#pragma once
// Perceptually uniform colour maps for spectrograms: equal steps in dB look
// like equal steps in brightness, and the map survives greyscale printing.
#include <QRgb>
#include <array>

namespace colormap {

// 256-entry magma table (dark purple -> orange -> pale yellow).
const std::array<QRgb, 256>& magma();

}  // namespace colormap
