#include "ai_timeline.h"

#include "verdict_text.h"

#include <QPainter>
#include <algorithm>

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

verdicttext::VerdictBand AiTimeline::band() const { return verdicttext::effectiveBand(modelBand_, userThreshold_); }

QColor AiTimeline::colourAt(double seconds) const {
    for (const auto& w : windows_)
        if (seconds >= w.startSeconds && seconds <= w.endSeconds) return verdicttext::colourForPAi(w.pAi, band());
    return {};
}

void AiTimeline::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    const QRect area = rect().adjusted(2, 2, -2, -2);
    p.fillRect(area, pal.color(QPalette::Base));
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(area.adjusted(0, 0, -1, -1));
    if (windows_.empty() || durationSeconds_ <= 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, message_);
        return;
    }
    const QRectF plot = QRectF(area).adjusted(1, 1, -1, -1);
    auto xAt = [&](double seconds) { return plot.left() + plot.width() * std::clamp(seconds / durationSeconds_, 0.0, 1.0); };
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
        const QRectF bar(QPointF(xAt(left), yAt(w.pAi)), QPointF(xAt(right), plot.bottom()));
        p.fillRect(bar, colour);
    }
    // The threshold, dashed across the strip.
    p.setPen(QPen(pal.color(QPalette::Text), 1, Qt::DashLine));
    p.drawLine(QPointF(plot.left(), yAt(threshold())), QPointF(plot.right(), yAt(threshold())));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    p.setFont(small);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(plot.adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignTop, tr("P(AI) over time"));
}
