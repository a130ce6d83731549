#include "ai_timeline.h"

#include "time_text.h"
#include "verdict_text.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

AiTimeline::AiTimeline(QWidget* parent) : QWidget(parent) {
    setAccessibleName(tr("AI probability over time"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setFixedHeight(44);
    setAnalysis(nullptr);
}

void AiTimeline::setAnalysis(const humanear::TrackAnalysis* analysis) {
    windows_.clear();
    durationSeconds_ = 0;
    message_.clear();
    if (!analysis || !analysis->ok()) {
        message_ = tr("P(AI) over time");
    } else if (!analysis->detection) {
        message_ = tr("P(AI) over time: no detector");
    } else if (!analysis->detection->hasPAi()) {
        message_ = tr("Not music: no P(AI) over time");
    } else {
        const auto& d = *analysis->detection;
        windows_ = d.timeline;
        modelBand_.threshold = d.threshold;
        modelBand_.uncertainLow = d.uncertainLow;
        modelBand_.uncertainHigh = d.uncertainHigh;
        durationSeconds_ = analysis->facts.durationSeconds;
        for (const auto& w : windows_) durationSeconds_ = std::max(durationSeconds_, w.endSeconds);
        if (windows_.empty()) message_ = tr("P(AI) over time: no windows");
    }
    update();
}

void AiTimeline::setUserThreshold(double threshold) {
    userThreshold_ = threshold;
    update();
}

void AiTimeline::setPlotMargins(int left, int right) {
    leftMargin_ = std::max(2, left);
    rightMargin_ = std::max(2, right);
    update();
}

QRectF AiTimeline::plotRect() const {
    return QRectF(rect()).adjusted(leftMargin_ + 1, 3, -rightMargin_ - 1, -3);
}

double AiTimeline::xForSeconds(double seconds) const {
    const QRectF plot = plotRect();
    return durationSeconds_ > 0 ? plot.left() + plot.width() * std::clamp(seconds / durationSeconds_, 0.0, 1.0)
                                : plot.left();
}

QString AiTimeline::spanText() const {
    if (windows_.empty() || durationSeconds_ <= 0) return {};
    return QStringLiteral("0–") + timetext::shortTime(std::round(durationSeconds_));
}

verdicttext::VerdictBand AiTimeline::band() const { return verdicttext::effectiveBand(modelBand_, userThreshold_); }

QColor AiTimeline::colourAt(double seconds) const {
    for (const auto& w : windows_)
        if (seconds >= w.startSeconds && seconds <= w.endSeconds) return verdicttext::colourForPAi(w.pAi, band());
    return {};
}

void AiTimeline::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    const QRectF plot = plotRect();
    const QRectF box = plot.adjusted(-1, -1, 1, 1);
    p.fillRect(box, pal.color(QPalette::Base));
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(box.adjusted(0, 0, -1, -1));
    if (windows_.empty() || durationSeconds_ <= 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(box, Qt::AlignCenter, message_);
        return;
    }
    auto yAt = [&](double pAi) { return plot.bottom() - plot.height() * std::clamp(pAi, 0.0, 1.0); };
    // Bars run from midpoint to midpoint between window centres, so evenly spread
    // windows of a very long track still read as one continuous strip.
    for (size_t i = 0; i < windows_.size(); ++i) {
        const auto& w = windows_[i];
        const double centre = (w.startSeconds + w.endSeconds) / 2;
        const double left = i == 0 ? w.startSeconds
                                   : std::max(w.startSeconds, (centre + (windows_[i - 1].startSeconds + windows_[i - 1].endSeconds) / 2) / 2);
        const double right = i + 1 == windows_.size()
                                 ? w.endSeconds
                                 : (centre + (windows_[i + 1].startSeconds + windows_[i + 1].endSeconds) / 2) / 2;
        QColor colour = verdicttext::colourForPAi(w.pAi, band());
        const QRectF bar(QPointF(xForSeconds(left), yAt(w.pAi)), QPointF(xForSeconds(right), plot.bottom()));
        p.fillRect(bar, colour);
    }
    // The threshold, dashed across the strip.
    p.setPen(QPen(pal.color(QPalette::Text), 1, Qt::DashLine));
    p.drawLine(QPointF(plot.left(), yAt(threshold())), QPointF(plot.right(), yAt(threshold())));
    // In the margin, as the spectrogram's frequency labels: what this is and the
    // stretch it spans (which differs from the spectrogram's for tracks over 30 s).
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    p.setFont(small);
    p.setPen(pal.color(QPalette::Text));
    const QRectF margin(0, 0, plot.left() - 6, height());
    if (margin.width() >= 30) p.drawText(margin, Qt::AlignRight | Qt::AlignVCenter, tr("P(AI)") + QLatin1Char('\n') + spanText());
}
