#pragma once
// A custom-painted dial for P(AI): the threshold and the "uncertain" band are
// marked on the scale, the needle glides to the value, and the words below
// say what it means and how much the track's windows agreed. Without a
// detector it says so instead of showing a number.
#include "humanear/analysis.h"
#include "verdict_text.h"

#include <QWidget>

class QVariantAnimation;

class AiGauge : public QWidget {
    Q_OBJECT
    Q_PROPERTY(double needle READ needle WRITE setNeedle)
public:
    enum class Mode { Empty, Pending, NoModel, Failed, Result, NotMusic };

    explicit AiGauge(QWidget* parent = nullptr);

    void showEmpty();
    void showPending();
    void showNoModel(const QString& note);
    void showFailed(const QString& message);
    // The track is not music: no dial value, the reason in words.
    void showNotMusic(humanear::NotMusicReason reason);
    // members > 1: an ensemble, whose spread also counts its models' disagreement.
    // The band's three marks are drawn on the scale: green below low, amber up to
    // high, red above, the threshold as a tick.
    // shortExcerptSeconds > 0: the track is a short excerpt of that length
    // (humanear/short_excerpt.h), and the detail line says its verdict is less reliable.
    void showResult(double pAi, const verdicttext::VerdictBand& band, double spread, int windows,
                    humanear::Verdict verdict, int members = 1, double shortExcerptSeconds = 0);

    Mode mode() const { return mode_; }
    double value() const { return value_; }
    double threshold() const { return band_.threshold; }
    verdicttext::VerdictBand band() const { return band_; }
    humanear::Verdict verdict() const { return verdict_; }
    QString headline() const;  // the large text the dial shows
    QString detail() const;    // the line under it
    double needle() const { return needle_; }
    void setNeedle(double v);
    void setAnimated(bool animated) { animated_ = animated; }

    // Where the dial's parts fall at the widget's present size, for a value text: the
    // scale labels 0, 50 and 100 (their text's bounds) and the value in the hollow, in
    // a font shrunk until its backing clears the 0 and 100 labels. paintEvent draws
    // from it, and the test checks that no label is ever covered.
    struct Layout {
        QRectF area;  // the widget less its margin
        QPointF centre;
        double radius = 0, ring = 0;
        QFont labelFont, valueFont;
        QRectF labels[3];  // 0, 50, 100
        QRectF valueBox, valueBacking;
    };
    Layout layout(const QString& value) const;
    QString valueText() const;  // "83 % AI" for the needle's present position

    QSize sizeHint() const override { return {320, 240}; }
    QSize minimumSizeHint() const override { return {220, 170}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    Mode mode_ = Mode::Empty;
    double value_ = 0, spread_ = 0;
    verdicttext::VerdictBand band_;
    int windows_ = 0;
    int members_ = 1;
    double shortExcerptSeconds_ = 0;
    humanear::Verdict verdict_ = humanear::Verdict::Uncertain;
    humanear::NotMusicReason reason_ = humanear::NotMusicReason::None;
    QString message_;
    double needle_ = 0;
    bool animated_ = true;
    QVariantAnimation* animation_;
};
