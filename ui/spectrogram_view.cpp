#include "spectrogram_view.h"

#include "gui_thread.h"

#include "mel_scale.h"
#include "spectrogram_renderer.h"
#include "time_text.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QtConcurrent>
#include <cmath>

namespace {
constexpr int kLeftAxis = SpectrogramView::kLeftAxis;
constexpr int kRightMargin = SpectrogramView::kRightMargin;
constexpr int kBottomAxis = 28;  // room for time labels
constexpr double kMelFmax = 8000.0;

// A readable step for time ticks at least `minSeconds` apart.
double niceStep(double minSeconds) {
    static const double steps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200};
    for (double s : steps)
        if (s >= minSeconds) return s;
    return 3600;
}

}  // namespace

SpectrogramView::SpectrogramView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(180);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFrameShape(QFrame::NoFrame);
    setToolTip(tr("Ctrl+wheel or +/− zooms, 0 fits the whole track"));
}

SpectrogramView::~SpectrogramView() = default;

void SpectrogramView::setAnalysis(const AnalysisPtr& analysis) {
    if (analysis == analysis_) return;
    analysis_ = analysis;
    image_ = {};
    pixmap_ = {};
    horizontalScrollBar()->setValue(0);
    startRender();
    updateScrollBar();
    viewport()->update();
}

bool SpectrogramView::hasSaliency() const {
    return analysis_ && analysis_->detection && !analysis_->detection->saliency.empty();
}

void SpectrogramView::setSaliencyOverlay(bool on) {
    if (on == overlay_) return;
    overlay_ = on;
    startRender();
}

void SpectrogramView::startRender() {
    ++generation_;
    if (!analysis_ || analysis_->spectrogram.db.empty()) return;
    SpectrogramImageRequest request;
    request.saliencyOverlay = overlay_;
    AnalysisPtr analysis = analysis_;  // keeps the matrix alive while the worker reads it
    const quint64 generation = generation_;
    guithread::whenReady(QtConcurrent::run([analysis, request] {
        static const std::vector<float> none;
        const auto& saliency = analysis->detection ? analysis->detection->saliency : none;
        return renderSpectrogramImage(analysis->spectrogram, saliency, request);
    }), this, [this, generation](const QImage& image) {
        if (generation != generation_) return;  // a newer track or overlay replaced it
        image_ = image;
        pixmap_ = QPixmap::fromImage(image_);  // pixmaps belong to the GUI thread
        updateScrollBar();
        viewport()->update();
        Q_EMIT imageReady();
    });
}

double SpectrogramView::effectivePixelsPerSecond(int plotWidth) const {
    if (!analysis_ || analysis_->spectrogram.frames <= 0) return 1;
    const double seconds = analysis_->spectrogram.frames * analysis_->spectrogram.secondsPerFrame();
    const double fit = seconds > 0 ? plotWidth / seconds : 1;
    return pixelsPerSecond_ > 0 ? std::max(pixelsPerSecond_, fit) : fit;
}

void SpectrogramView::setZoom(double pixelsPerSecond) {
    pixelsPerSecond_ = std::clamp(pixelsPerSecond, 0.0, 2000.0);
    updateScrollBar();
    viewport()->update();
}

void SpectrogramView::zoomBy(double factor) {
    const int plotWidth = visiblePlotWidth();
    const double current = effectivePixelsPerSecond(plotWidth);
    // Keep the centre of the view where it is.
    const double centreSeconds = (horizontalScrollBar()->value() + plotWidth / 2.0) / current;
    setZoom(current * factor);
    const double now = effectivePixelsPerSecond(plotWidth);
    horizontalScrollBar()->setValue(int(centreSeconds * now - plotWidth / 2.0));
}

double SpectrogramView::xForSeconds(double seconds) const {
    return viewport()->x() + kLeftAxis + seconds * effectivePixelsPerSecond(visiblePlotWidth()) -
           horizontalScrollBar()->value();
}

int SpectrogramView::visiblePlotWidth() const { return std::max(1, viewport()->width() - kLeftAxis - kRightMargin); }

void SpectrogramView::updateScrollBar() {
    const int plotWidth = visiblePlotWidth();
    int total = plotWidth;
    if (analysis_ && analysis_->spectrogram.frames > 0)
        total = int(analysis_->spectrogram.frames * analysis_->spectrogram.secondsPerFrame() *
                    effectivePixelsPerSecond(plotWidth));
    horizontalScrollBar()->setRange(0, std::max(0, total - plotWidth));
    horizontalScrollBar()->setPageStep(plotWidth);
    horizontalScrollBar()->setSingleStep(std::max(1, plotWidth / 10));
}

void SpectrogramView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

void SpectrogramView::scrollContentsBy(int, int) { viewport()->update(); }

void SpectrogramView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.25 : 0.8);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void SpectrogramView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.5); return;
    case Qt::Key_Minus: zoomBy(1 / 1.5); return;
    case Qt::Key_0: setZoom(0); return;
    default: QAbstractScrollArea::keyPressEvent(event);
    }
}

void SpectrogramView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    paintPlot(painter, viewport()->rect(), horizontalScrollBar()->value());
}

QImage SpectrogramView::renderToImage(const QSize& size, qreal dpr) const {
    QImage out(size * dpr, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(dpr);
    out.fill(palette().color(QPalette::Base));
    QPainter painter(&out);
    painter.setFont(font());
    // Export shows the whole track, whatever the zoom on screen.
    auto* self = const_cast<SpectrogramView*>(this);
    const double saved = pixelsPerSecond_;
    self->pixelsPerSecond_ = 0;
    paintPlot(painter, QRect(QPoint(0, 0), size), 0);
    self->pixelsPerSecond_ = saved;
    return out;
}

void SpectrogramView::paintPlot(QPainter& painter, const QRect& area, int scrollX) const {
    const QPalette pal = palette();
    painter.fillRect(area, pal.color(QPalette::Base));
    const QRect plot(area.left() + kLeftAxis, area.top() + 6, area.width() - kLeftAxis - kRightMargin,
                     area.height() - kBottomAxis - 6);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    if (!analysis_) {
        painter.drawText(area, Qt::AlignCenter, tr("Select an analysed track to see its spectrogram"));
        return;
    }
    const auto& s = analysis_->spectrogram;
    if (s.db.empty()) {
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                         analysis_->ok() ? tr("The spectrogram of a restored result is not kept — press F5 to analyse again")
                                         : tr("No spectrogram: the file could not be analysed"));
        return;
    }
    const double secondsPerFrame = s.secondsPerFrame();
    const double pps = effectivePixelsPerSecond(plot.width());
    if (pixmap_.isNull()) {
        painter.drawText(plot, Qt::AlignCenter, tr("Rendering…"));
    } else {
        // Only the visible span of the source is scaled: cheap at any zoom.
        const double firstFrame = scrollX / (pps * secondsPerFrame);
        const double frameCount = plot.width() / (pps * secondsPerFrame);
        const QRectF source(firstFrame, 0, std::min(frameCount, s.frames - firstFrame), s.bands);
        QRectF target(plot);
        target.setWidth(source.width() * pps * secondsPerFrame);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, pps * secondsPerFrame < 4);
        painter.drawPixmap(target, pixmap_, source);
    }

    // Axes: drawn as vectors after the picture, so they stay sharp on HiDPI.
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor axis = pal.color(QPalette::Text);
    painter.setPen(axis);
    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetrics fm(small);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());

    static const double freqTicks[] = {0, 250, 500, 1000, 2000, 4000, 8000};
    for (double hz : freqTicks) {
        const double band = std::clamp(melscale::bandForHz(hz, s.bands, 0.0, kMelFmax), -0.5, s.bands - 0.5);
        const int y = plot.bottom() - int((band + 0.5) / s.bands * plot.height());
        painter.drawLine(plot.left() - 4, y, plot.left(), y);
        const QString label = hz >= 1000 ? QStringLiteral("%1 kHz").arg(hz / 1000) : QStringLiteral("%1 Hz").arg(hz);
        painter.drawText(QRect(area.left(), y - fm.height() / 2, kLeftAxis - 7, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }

    const double step = niceStep(fm.horizontalAdvance(QStringLiteral("00:00 s")) * 1.6 / pps);
    const double firstSecond = scrollX / pps;
    const double lastSecond = std::min((scrollX + plot.width()) / pps, s.frames * secondsPerFrame);
    for (double t = std::ceil(firstSecond / step) * step; t <= lastSecond + 1e-9; t += step) {
        const int x = plot.left() + int(std::lround(t * pps - scrollX));
        painter.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
        const QString label = timetext::shortTime(t, step);
        const int w = fm.horizontalAdvance(label);
        // Keep the last label inside the widget instead of cutting it off.
        const int left = std::min(x - w / 2 - 2, area.right() - w - 4);
        painter.drawText(QRect(left, plot.bottom() + 5, w + 4, fm.height()), Qt::AlignCenter, label);
    }

    if (overlay_ && !hasSaliency()) {
        const QString text = tr("No saliency map for this track");
        QRect box = fm.boundingRect(text).adjusted(-6, -3, 6, 3);
        box.moveTopRight(plot.topRight() + QPoint(-6, 6));
        painter.fillRect(box, QColor(0, 0, 0, 160));
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, text);
    }
}
