#include "ai_gauge.h"

#include "verdict_text.h"

#include <QPainter>
#include <QPainterPath>
#include <QVariantAnimation>
#include <cmath>

namespace {
constexpr double kStartDeg = 210;  // 0 %
constexpr double kSweepDeg = -240;  // to 100 %, clockwise
const QColor kHuman = verdicttext::verdictColour(humanear::Verdict::LikelyHuman),
             kUnsure = verdicttext::verdictColour(humanear::Verdict::Uncertain),
             kAi = verdicttext::verdictColour(humanear::Verdict::LikelyAi);

QPointF polar(const QPointF& c, double r, double deg) {
    const double rad = qDegreesToRadians(deg);
    return {c.x() + r * std::cos(rad), c.y() - r * std::sin(rad)};
}
double angleFor(double v) { return kStartDeg + kSweepDeg * std::clamp(v, 0.0, 1.0); }
}  // namespace

AiGauge::AiGauge(QWidget* parent) : QWidget(parent), animation_(new QVariantAnimation(this)) {
    setAccessibleName(tr("AI probability"));
    animation_->setDuration(600);
    animation_->setEasingCurve(QEasingCurve::OutCubic);
    connect(animation_, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) { setNeedle(v.toDouble()); });
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void AiGauge::setNeedle(double v) {
    needle_ = v;
    update();
}

void AiGauge::showEmpty() {
    mode_ = Mode::Empty;
    animation_->stop();
    update();
}
void AiGauge::showPending() {
    mode_ = Mode::Pending;
    animation_->stop();
    update();
}
void AiGauge::showNoModel(const QString& note) {
    mode_ = Mode::NoModel;
    message_ = note;
    animation_->stop();
    update();
}
void AiGauge::showFailed(const QString& message) {
    mode_ = Mode::Failed;
    message_ = message;
    animation_->stop();
    update();
}

void AiGauge::showNotMusic(humanear::NotMusicReason reason) {
    mode_ = Mode::NotMusic;
    verdict_ = humanear::Verdict::NotMusic;
    reason_ = reason;
    animation_->stop();
    update();
}

void AiGauge::showResult(double pAi, const verdicttext::VerdictBand& band, double spread, int windows, humanear::Verdict verdict,
                         int members, double shortExcerptSeconds) {
    const double from = mode_ == Mode::Result ? needle_ : 0.0;
    mode_ = Mode::Result;
    value_ = std::clamp(pAi, 0.0, 1.0);
    band_ = band;
    spread_ = spread;
    windows_ = windows;
    members_ = members;
    shortExcerptSeconds_ = shortExcerptSeconds;
    verdict_ = verdict;
    animation_->stop();
    if (animated_ && isVisible()) {
        animation_->setStartValue(from);
        animation_->setEndValue(value_);
        animation_->start();
    } else {
        setNeedle(value_);
    }
    update();
}

QString AiGauge::headline() const {
    switch (mode_) {
    case Mode::Empty: return tr("No track selected");
    case Mode::Pending: return tr("Analysing…");
    case Mode::NoModel: return tr("No detector model installed");
    case Mode::Failed: return tr("Could not analyse");
    case Mode::Result: return verdicttext::words(verdict_);
    case Mode::NotMusic: return verdicttext::words(humanear::Verdict::NotMusic);
    }
    return {};
}

QString AiGauge::detail() const {
    switch (mode_) {
    case Mode::Empty: return tr("Select a track in the queue");
    case Mode::Pending: return {};
    case Mode::NoModel:
        return message_.isEmpty() ? tr("Install a detector in the models folder to judge tracks") : message_;
    case Mode::Failed: return message_;
    case Mode::NotMusic:
        return tr("This sounds like %1, not music: HumanEar gives no AI probability for it")
            .arg(verdicttext::reasonWords(reason_));
    case Mode::Result: {
        // An ensemble's spread also counts how far its models disagree: say so.
        const QString line =
            members_ > 1 ? tr("±%1 % across %2 windows of %3 models · threshold %4 %")
                               .arg(spread_ * 100, 0, 'f', 0)
                               .arg(windows_)
                               .arg(members_)
                               .arg(band_.threshold * 100, 0, 'f', 0)
            : windows_ > 1 ? tr("±%1 % across %2 windows · threshold %3 %")
                                 .arg(spread_ * 100, 0, 'f', 0)
                                 .arg(windows_)
                                 .arg(band_.threshold * 100, 0, 'f', 0)
                           : tr("threshold %1 %").arg(band_.threshold * 100, 0, 'f', 0);
        if (shortExcerptSeconds_ <= 0) return line;
        return line + QStringLiteral("\n") +
               tr("Only %1 s of audio: a short excerpt is judged less reliably than a whole track")
                   .arg(shortExcerptSeconds_, 0, 'f', 0);
    }
    }
    return {};
}

QString AiGauge::valueText() const { return tr("%1 % AI").arg(needle_ * 100, 0, 'f', 0); }

AiGauge::Layout AiGauge::layout(const QString& value) const {
    Layout l;
    l.area = rect().adjusted(8, 8, -8, -8);
    const QRectF& r = l.area;
    const double textBlock = fontMetrics().height() * 4.2;
    // The ring (0.14 r thick) and the threshold mark reach about 1.12 r above the centre.
    l.radius = std::max(20.0, std::min(r.width() / 2.3, (r.height() - textBlock) / 1.65));
    l.centre = QPointF(r.center().x(), r.top() + l.radius * 1.12 + 2);
    l.ring = std::max(6.0, l.radius * 0.14);
    l.labelFont = font();
    l.labelFont.setPointSizeF(l.labelFont.pointSizeF() * 0.8);
    const QFontMetricsF labelMetrics(l.labelFont);
    for (int k = 0; k < 3; ++k) {
        const QString text = QString::number(k * 50);
        const QPointF at = polar(l.centre, l.radius - l.ring / 2 - 22, angleFor(k / 2.0));
        const double w = labelMetrics.horizontalAdvance(text), h = labelMetrics.height();
        l.labels[k] = QRectF(at.x() - w / 2, at.y() - h / 2, w, h);
    }
    auto coversALabel = [&l] { return l.valueBacking.intersects(l.labels[0]) || l.valueBacking.intersects(l.labels[2]); };
    // Twice the text size where it fits; smaller in a narrow dial, down to the text size,
    // so that "100 % AI" never hides the 0 and 100 under it.
    for (double scale = 2.0;; scale -= 0.1) {
        l.valueFont = font();
        l.valueFont.setPointSizeF(l.valueFont.pointSizeF() * scale);
        l.valueFont.setBold(true);
        const QFontMetricsF metrics(l.valueFont);
        l.valueBox = QRectF(l.centre.x() - l.radius, l.centre.y() + l.radius * 0.18, 2 * l.radius, metrics.height());
        const double w = metrics.horizontalAdvance(value) + 12;
        l.valueBacking = QRectF(l.valueBox.center().x() - w / 2, l.valueBox.top(), w, l.valueBox.height());
        if (scale <= 1.0 || !coversALabel()) break;
    }
    // A dial too small even for that: the value goes under the labels instead.
    if (coversALabel()) {
        const double below = std::max(l.labels[0].bottom(), l.labels[2].bottom()) + 1 - l.valueBox.top();
        l.valueBox.translate(0, below);
        l.valueBacking.translate(0, below);
    }
    return l;
}

void AiGauge::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const bool live = mode_ == Mode::Result;
    const QString value = valueText();
    const Layout l = layout(value);
    const QRectF& r = l.area;
    const QPointF c = l.centre;
    const double radius = l.radius, ring = l.ring;

    auto arc = [&](double from, double to, const QColor& color, double width) {
        QPen pen(color, width, Qt::SolidLine, Qt::FlatCap);
        p.setPen(pen);
        const QRectF box(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius);
        p.drawArc(box, int(angleFor(from) * 16), int((angleFor(to) - angleFor(from)) * 16));
    };

    // Scale: human, the uncertain band, AI. Greyed without a value.
    const verdicttext::VerdictBand shown = live ? band_ : verdicttext::VerdictBand{};
    const double t = shown.threshold, lo = shown.low, hi = shown.high;
    auto tone = [&](QColor col) { return live ? col : pal.color(QPalette::Disabled, QPalette::Mid); };
    arc(0, lo, tone(kHuman), ring);
    arc(lo, hi, tone(kUnsure), ring);
    arc(hi, 1, tone(kAi), ring);

    // Ticks every 10 %, labels at 0/50/100.
    p.setPen(QPen(pal.color(QPalette::Text), 1));
    p.setFont(l.labelFont);
    for (int i = 0; i <= 10; ++i) {
        const double a = angleFor(i / 10.0);
        p.drawLine(polar(c, radius - ring / 2 - 2, a), polar(c, radius - ring / 2 - (i % 5 ? 5 : 10), a));
        if (i % 5 == 0) p.drawText(l.labels[i / 5], Qt::AlignCenter, QString::number(i * 10));
    }

    if (live) {
        // Threshold mark across the ring.
        p.setPen(QPen(pal.color(QPalette::Text), 2.5));
        p.drawLine(polar(c, radius + ring / 2 + 5, angleFor(t)), polar(c, radius - ring / 2 - 3, angleFor(t)));
        // Needle.
        const double a = angleFor(needle_);
        QPainterPath needle;
        needle.moveTo(polar(c, radius - ring, a));
        needle.lineTo(polar(c, radius * 0.09, a + 90));
        needle.lineTo(polar(c, radius * 0.09, a - 90));
        needle.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::Text));
        p.drawPath(needle);
        p.drawEllipse(c, radius * 0.1, radius * 0.1);
    }

    // Percentage in the dial's hollow, the verdict and its detail under it.
    p.setFont(l.valueFont);
    const QColor verdictColour = verdict_ == humanear::Verdict::LikelyAi      ? kAi
                                 : verdict_ == humanear::Verdict::LikelyHuman ? kHuman
                                                                               : kUnsure;
    p.setPen(pal.color(QPalette::Text));
    if (live) {
        // Near 0 % or 100 % the needle lies across the value: give the text a backing.
        QColor behind = pal.color(QPalette::Window);
        behind.setAlphaF(0.85);
        p.save();
        p.setPen(Qt::NoPen);
        p.setBrush(behind);
        p.drawRoundedRect(l.valueBacking, 6, 6);
        p.restore();
        p.drawText(l.valueBox, Qt::AlignCenter, value);
    }

    QFont head = font();
    head.setPointSizeF(head.pointSizeF() * 1.2);
    head.setBold(true);
    p.setFont(head);
    p.setPen(live ? verdictColour : pal.color(QPalette::Text));
    // Below the value and clear of the dial's open ends (at +-30 degrees under the centre).
    const double headTop = std::max(live ? l.valueBox.bottom() + 4 : 0.0, c.y() + radius * 0.5 + ring / 2 + 4);
    const QRectF headBox(r.left(), headTop, r.width(), QFontMetrics(head).height());
    p.drawText(headBox, Qt::AlignCenter, headline());
    p.setFont(font());
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRectF(r.left(), headBox.bottom() + 2, r.width(), r.bottom() - headBox.bottom() - 2),
               Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, detail());
}
