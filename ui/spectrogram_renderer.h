#pragma once
// Turns a log-mel matrix into a colour image. Pure and thread-safe: the
// spectrogram view calls it through QtConcurrent so the GUI thread only
// converts the finished QImage to a pixmap.
#include "humanear/analysis.h"

#include <QImage>

struct SpectrogramImageRequest {
    bool saliencyOverlay = false;
    float floorDb = -80.0f;  // the front end's top_db: everything below is black
};

// One pixel per frame and band, low frequencies at the bottom. A null image
// when the spectrogram was not kept. With the overlay, regions the detector
// ignored are dimmed so the salient ones stand out in full colour.
QImage renderSpectrogramImage(const humanear::Spectrogram& spectrogram, const std::vector<float>& saliency,
                              const SpectrogramImageRequest& request);
