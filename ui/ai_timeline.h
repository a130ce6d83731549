#pragma once
// P(AI) over time: a thin strip under the spectrogram, one bar per detector
// window along the whole track, in the gauge's colours (green human, amber
// uncertain, red AI) of the verdict's band (the threshold dashed), so a listener sees which part
// sounds generated. Its plot has the spectrogram's left and right margins, so a
// track the spectrogram shows whole (up to 30 s) lines up with it second for
// second; the left margin says what the strip spans. Painted from the analysis
// already in hand; never waits.
#include "humanear/analysis.h"
#include "verdict_text.h"

#include <QWidget>
#include <vector>

class AiTimeline : public QWidget {
    Q_OBJECT
public:
    explicit AiTimeline(QWidget* parent = nullptr);

    // No detection: an empty strip with a word why. A not-music verdict: says so.
    void setAnalysis(const humanear::TrackAnalysis* analysis);
    // The threshold the user set (Settings); <= 0 keeps the model's.
    void setUserThreshold(double threshold);

    const std::vector<humanear::DetectionWindow>& windows() const { return windows_; }
    double threshold() const { return band().threshold; }
    verdicttext::VerdictBand band() const;  // the model's, moved to the user's threshold
    QString message() const { return message_; }  // what the strip says instead of bars (empty with bars)
    // The colour the bar over `seconds` is painted in; invalid where there is no bar.
    QColor colourAt(double seconds) const;
    // The plot's margins from this widget's edges (MainWindow gives the spectrogram's).
    void setPlotMargins(int left, int right);
    // Where `seconds` of the track is drawn, in this widget's coordinates.
    double xForSeconds(double seconds) const;
    // What the left margin says the strip spans, e.g. "0–4:00" (empty without bars).
    QString spanText() const;

    QSize sizeHint() const override { return {400, 44}; }
    QRectF plotRect() const;
    QSize minimumSizeHint() const override { return {120, 32}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<humanear::DetectionWindow> windows_;
    double durationSeconds_ = 0;
    humanear::Detection modelBand_;  // only its threshold and uncertain band are kept
    double userThreshold_ = 0;
    QString message_;
    int leftMargin_ = 2, rightMargin_ = 2;
};
