#pragma once
// The selected track's mel spectrogram with time (s) and frequency (Hz) axes.
// Colouring runs on a QtConcurrent thread; the view paints whatever is ready
// (a placeholder until then) and never waits. Zoom: Ctrl+wheel, +/-, 0 fits.
#include "queue_model.h"

#include <QAbstractScrollArea>
#include <QImage>
#include <QPixmap>

class SpectrogramView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit SpectrogramView(QWidget* parent = nullptr);
    ~SpectrogramView() override;

    // The plot's margins inside the viewport: the frequency axis on the left, a
    // little room on the right. Strips drawn under the view line up with them.
    static constexpr int kLeftAxis = 56;  // room for "8000 Hz"
    static constexpr int kRightMargin = 8;
    // Where `seconds` of the shown track is drawn, in this widget's coordinates, at
    // the current zoom and scroll (may lie outside the visible plot).
    double xForSeconds(double seconds) const;

    void setAnalysis(const AnalysisPtr& analysis);
    void setSaliencyOverlay(bool on);
    bool saliencyOverlay() const { return overlay_; }
    bool hasSaliency() const;
    bool hasImage() const { return !image_.isNull(); }

    // Pixels per second on screen; 0 fits the whole track into the view.
    void setZoom(double pixelsPerSecond);
    double zoom() const { return pixelsPerSecond_; }
    void zoomBy(double factor);

    // The spectrogram with its axes at the given size, for PNG export.
    QImage renderToImage(const QSize& size, qreal devicePixelRatio = 1.0) const;

Q_SIGNALS:
    void imageReady();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void startRender();
    void updateScrollBar();
    double effectivePixelsPerSecond(int plotWidth) const;
    int visiblePlotWidth() const;  // the plot's width in the viewport, as paintPlot lays it out
    void paintPlot(QPainter& painter, const QRect& area, int scrollX) const;

    AnalysisPtr analysis_;
    bool overlay_ = false;
    double pixelsPerSecond_ = 0;
    QImage image_;   // frames x bands, from the worker
    QPixmap pixmap_;  // the same, converted on the GUI thread
    quint64 generation_ = 0;  // discards renders of a track no longer shown
};
