#include "spectrogram_renderer.h"

#include "colormap.h"

#include <algorithm>

QImage renderSpectrogramImage(const humanear::Spectrogram& s, const std::vector<float>& saliency,
                              const SpectrogramImageRequest& request) {
    const size_t cells = size_t(s.bands) * size_t(s.frames);
    if (s.bands <= 0 || s.frames <= 0 || s.db.size() < cells) return {};
    const bool overlay = request.saliencyOverlay && saliency.size() >= cells;
    QImage image(s.frames, s.bands, QImage::Format_RGB32);
    const auto& lut = colormap::magma();
    const float scale = 255.0f / -request.floorDb;
    for (int band = 0; band < s.bands; ++band) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(s.bands - 1 - band));
        const float* row = s.db.data() + size_t(band) * s.frames;
        const float* sal = overlay ? saliency.data() + size_t(band) * s.frames : nullptr;
        for (int frame = 0; frame < s.frames; ++frame) {
            const int index = std::clamp(int((row[frame] - request.floorDb) * scale), 0, 255);
            QRgb rgb = lut[index];
            if (sal) {
                // Keep a quarter of the brightness where the detector did not look.
                const float w = 0.25f + 0.75f * std::clamp(sal[frame], 0.0f, 1.0f);
                rgb = qRgb(int(qRed(rgb) * w), int(qGreen(rgb) * w), int(qBlue(rgb) * w));
            }
            line[frame] = rgb;
        }
    }
    return image;
}
