// The custom widgets under the offscreen platform: the gauge's states and
// words, the recommendation list and its empty states, the mel axis mapping
// and the spectrogram rendered off the GUI thread, and the one time format they share.
#include "ai_gauge.h"
#include "ai_timeline.h"
#include "colormap.h"
#include "mel_scale.h"
#include "recommendation_model.h"
#include "recommendations_panel.h"
#include "spectrogram_renderer.h"
#include "spectrogram_view.h"
#include "time_text.h"
#include "verdict_text.h"

#include <QApplication>
#include <QtTest>
#include <cmath>

class TestUiWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gaugeStates() {
        AiGauge gauge;
        gauge.setAnimated(false);
        QCOMPARE(gauge.mode(), AiGauge::Mode::Empty);
        gauge.showNoModel(QStringLiteral("The model \"detector\" is not installed."));
        QCOMPARE(gauge.mode(), AiGauge::Mode::NoModel);
        QCOMPARE(gauge.headline(), QStringLiteral("No detector model installed"));
        QVERIFY(gauge.detail().contains("not installed"));

        gauge.showResult(0.87, {0.35, 0.5, 0.65}, 0.06, 4, humanear::Verdict::LikelyAi);
        QCOMPARE(gauge.mode(), AiGauge::Mode::Result);
        QCOMPARE(gauge.headline(), QStringLiteral("Likely AI-generated"));
        QCOMPARE(gauge.detail(), QStringLiteral("±6 % across 4 windows · threshold 50 %"));
        QCOMPARE(gauge.needle(), 0.87);
        gauge.showResult(0.37, {0.35, 0.5, 0.65}, 0.42, 5, humanear::Verdict::Uncertain, 2);
        QCOMPARE(gauge.detail(), QStringLiteral("±42 % across 5 windows of 2 models · threshold 50 %"));
        // A short excerpt keeps its verdict and gains the caution on a line of its own.
        gauge.showResult(0.87, {0.35, 0.5, 0.65}, 0.06, 2, humanear::Verdict::LikelyAi, 1, 9.6);
        QCOMPARE(gauge.headline(), QStringLiteral("Likely AI-generated"));
        QCOMPARE(gauge.detail(), QStringLiteral("±6 % across 2 windows · threshold 50 %\nOnly 10 s of audio: a short "
                                                "excerpt is judged less reliably than a whole track"));
        gauge.showResult(0.1, {0.35, 0.5, 0.65}, 0.0, 1, humanear::Verdict::LikelyHuman);
        QCOMPARE(gauge.headline(), QStringLiteral("Likely human-made"));
        QCOMPARE(gauge.detail(), QStringLiteral("threshold 50 %"));
        gauge.showResult(0.55, {0.35, 0.5, 0.65}, 0.0, 1, humanear::Verdict::Uncertain);
        QCOMPARE(gauge.headline(), QStringLiteral("Uncertain"));
        gauge.showFailed(QStringLiteral("\"x.mp3\" is empty."));
        QCOMPARE(gauge.headline(), QStringLiteral("Could not analyse"));
        QCOMPARE(gauge.detail(), QStringLiteral("\"x.mp3\" is empty."));

        // It paints every state without trouble at a small size.
        gauge.resize(240, 180);
        for (auto show : {0, 1, 2}) {
            if (show == 0) gauge.showPending();
            if (show == 1) gauge.showEmpty();
            if (show == 2) gauge.showResult(1.0, {0.25, 0.4, 0.55}, 0.3, 4, humanear::Verdict::Uncertain);
            QVERIFY(!gauge.grab().isNull());
        }
    }

    void gaugePaintsAResult() {
        AiGauge gauge;
        gauge.setAnimated(false);
        gauge.resize(360, 300);
        gauge.showResult(0.83, {0.35, 0.5, 0.65}, 0.07, 4, humanear::Verdict::LikelyAi);
        const QImage shot = gauge.grab().toImage();
        // Developers can look at it: HUMANEAR_GAUGE_PNG=/tmp/gauge.png
        if (qEnvironmentVariableIsSet("HUMANEAR_GAUGE_PNG")) shot.save(qEnvironmentVariable("HUMANEAR_GAUGE_PNG"));
        // Some pixels carry the AI red of the scale's upper end.
        bool red = false;
        for (int y = 0; y < shot.height() && !red; ++y)
            for (int x = 0; x < shot.width() && !red; ++x) {
                const QColor c = shot.pixelColor(x, y);
                red = c.red() > 190 && c.green() < 90 && c.blue() < 90;
            }
        QVERIFY(red);
    }

    // The value in the dial's hollow never covers the scale's 0 and 100, at the sizes
    // the window gives the dial (500 x 230 is the main window's at 1440 x 900), for the
    // widest value; a roomy dial keeps the value at twice the text size.
    void gaugeValueClearsTheScaleLabels() {
        AiGauge gauge;
        gauge.setAnimated(false);
        gauge.showResult(1.0, {0.35, 0.5, 0.65}, 0.0, 4, humanear::Verdict::LikelyAi);
        const QString widest = gauge.valueText();
        QCOMPARE(widest, QStringLiteral("100 % AI"));
        for (const QSize size : {QSize(500, 230), gauge.minimumSizeHint(), gauge.sizeHint(), QSize(360, 300), QSize(800, 600)}) {
            gauge.resize(size);
            const AiGauge::Layout l = gauge.layout(widest);
            const QString where = QStringLiteral("%1 x %2").arg(size.width()).arg(size.height());
            QVERIFY2(!l.valueBacking.intersects(l.labels[0]), qPrintable(where));
            QVERIFY2(!l.valueBacking.intersects(l.labels[2]), qPrintable(where));
            QVERIFY(!gauge.grab().isNull());
        }
        gauge.resize(800, 600);
        QCOMPARE(gauge.layout(widest).valueFont.pointSizeF(), gauge.font().pointSizeF() * 2.0);
    }

    void gaugeSaysNotMusicWithoutAValue() {
        AiGauge gauge;
        gauge.setAnimated(false);
        gauge.resize(320, 240);
        gauge.showNotMusic(humanear::NotMusicReason::Speech);
        QCOMPARE(gauge.mode(), AiGauge::Mode::NotMusic);
        QCOMPARE(gauge.headline(), QStringLiteral("Not music"));
        QVERIFY2(gauge.detail().contains(QStringLiteral("speech")), qPrintable(gauge.detail()));
        QVERIFY(!gauge.detail().contains(QLatin1Char('%')));
        QVERIFY(!gauge.grab().isNull());
    }

    // The P(AI) strip: a word instead of bars without a detection or for not music,
    // and bars in the gauge's colours, placed by time, with one.
    void timelinePaintsWithAndWithoutADetection() {
        AiTimeline strip;
        strip.resize(400, 44);
        strip.setAnalysis(nullptr);
        QVERIFY(strip.windows().empty());
        QVERIFY(!strip.message().isEmpty());
        QVERIFY(!strip.grab().isNull());

        humanear::TrackAnalysis a;
        a.facts.durationSeconds = 12;
        a.facts.sampleRate = 44100;
        humanear::Detection d;
        d.threshold = 0.5;
        d.pAi = 0.5;
        d.verdict = humanear::Verdict::Uncertain;
        d.timeline = {{0, 5, 0.9}, {5, 10, 0.1}, {7, 12, 0.5}};
        a.detection = d;
        strip.setAnalysis(&a);
        QCOMPARE(strip.windows().size(), size_t(3));
        QVERIFY(strip.message().isEmpty());
        const QColor ai = verdicttext::verdictColour(humanear::Verdict::LikelyAi);
        const QColor human = verdicttext::verdictColour(humanear::Verdict::LikelyHuman);
        const QColor unsure = verdicttext::verdictColour(humanear::Verdict::Uncertain);
        QCOMPARE(strip.colourAt(2), ai);
        QCOMPARE(strip.colourAt(6), human);
        QCOMPARE(strip.colourAt(11.5), unsure);
        const QImage shot = strip.grab().toImage();
        auto columnHas = [&](double seconds, const QColor& colour) {
            const int x = int(shot.width() * seconds / 12.0);
            for (int y = 0; y < shot.height(); ++y)
                if (shot.pixelColor(x, y) == colour) return true;
            return false;
        };
        QVERIFY(columnHas(2, ai));
        QVERIFY(!columnHas(2, human));
        QVERIFY(columnHas(6, human));
        QVERIFY(!columnHas(6, ai));

        // The user's threshold moves the colours as it moves the verdict.
        strip.setUserThreshold(0.95);
        QCOMPARE(strip.colourAt(2), unsure);

        d.verdict = humanear::Verdict::NotMusic;
        d.notMusic = humanear::NotMusicReason::SteadyTone;
        d.timeline.clear();
        a.detection = d;
        strip.setAnalysis(&a);
        QVERIFY(strip.windows().empty());
        QVERIFY(strip.message().contains(QStringLiteral("Not music")));
        QVERIFY(!strip.colourAt(2).isValid());
        QVERIFY(!strip.grab().isNull());
    }

    // Detector v3's band is fitted, not threshold -/+ 0.15: uncertain from 0.45 up
    // to its threshold 0.80. The gauge, the timeline and the verdict read the same
    // band, and a user threshold moves the whole band.
    void fittedUncertainBandIsTheOneShown() {
        humanear::Detection d;
        d.threshold = 0.80;
        d.uncertainLow = 0.45;
        d.uncertainHigh = 0.80;
        d.pAi = 0.60;
        d.verdict = humanear::Verdict::Uncertain;
        d.timeline = {{0, 5, 0.40}, {5, 10, 0.60}, {10, 15, 0.85}};
        using humanear::Verdict;
        const auto model = verdicttext::effectiveBand(d, 0);
        QCOMPARE(model.low, 0.45);
        QCOMPARE(model.high, 0.80);
        QCOMPARE(verdicttext::colourForPAi(0.60, model), verdicttext::verdictColour(Verdict::Uncertain));  // "human" by +-0.15
        QCOMPARE(verdicttext::colourForPAi(0.85, model), verdicttext::verdictColour(Verdict::LikelyAi));   // "uncertain" by +-0.15
        QCOMPARE(verdicttext::colourForPAi(0.40, model), verdicttext::verdictColour(Verdict::LikelyHuman));

        // The user's 0.60 moves the band by -0.20: 0.25-0.60.
        const auto moved = verdicttext::effectiveBand(d, 0.60);
        QVERIFY(std::abs(moved.low - 0.25) < 1e-9);
        QVERIFY(std::abs(moved.high - 0.60) < 1e-9);
        QCOMPARE(verdicttext::effectiveVerdict(d, 0.60), Verdict::LikelyAi);
        d.pAi = 0.30;
        QCOMPARE(verdicttext::effectiveVerdict(d, 0.60), Verdict::Uncertain);
        d.pAi = 0.20;
        d.verdict = Verdict::LikelyHuman;
        QCOMPARE(verdicttext::effectiveVerdict(d, 0.60), Verdict::LikelyHuman);
        QCOMPARE(verdicttext::effectiveVerdict(d, 0), Verdict::LikelyHuman);

        AiTimeline strip;
        humanear::TrackAnalysis a;
        a.path = "/x.ogg";
        a.facts.durationSeconds = 15;
        a.detection = d;
        strip.setAnalysis(&a);
        QCOMPARE(strip.colourAt(2), verdicttext::verdictColour(Verdict::LikelyHuman));
        QCOMPARE(strip.colourAt(7), verdicttext::verdictColour(Verdict::Uncertain));
        QCOMPARE(strip.colourAt(12), verdicttext::verdictColour(Verdict::LikelyAi));

        AiGauge gauge;
        gauge.showResult(0.6, model, 0, 3, Verdict::Uncertain);
        QCOMPARE(gauge.band().low, 0.45);
        QCOMPARE(gauge.threshold(), 0.80);
        QVERIFY(!gauge.grab().isNull());
    }

    void gaugeNeedleAnimatesToTheValue() {
        AiGauge gauge;
        gauge.show();
        gauge.showResult(0.8, {0.35, 0.5, 0.65}, 0, 1, humanear::Verdict::LikelyAi);
        QVERIFY(gauge.needle() < 0.8);  // starts from zero, does not jump
        QTRY_COMPARE(gauge.needle(), 0.8);
    }

    void recommendationListShowsRowsAndPlayState() {
        RecommendationModel model;
        std::vector<humanear::Recommendation> items(3);
        for (int i = 0; i < 3; ++i) {
            items[i].track.path = "/music/t" + std::to_string(i) + ".ogg";
            items[i].track.title = i == 2 ? "" : "Track " + std::to_string(i);
            items[i].track.artist = "Artist";
            items[i].track.genre = "Ambient";
            items[i].track.previewStartSeconds = 42.5;
            items[i].similarity = 0.9 - i * 0.1;
            items[i].score = items[i].similarity + (i == 1 ? 0.05 : 0.0);
            items[i].sameGenre = i == 1;
            items[i].reasons = i == 1 ? std::vector<std::string>{"same-genre", "tempo", "stereo"}
                                      : std::vector<std::string>{"overall"};
        }
        model.setRecommendations(items);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, RecommendationModel::Title).data().toString(), QStringLiteral("Track 0"));
        QCOMPARE(model.index(2, RecommendationModel::Title).data().toString(), QStringLiteral("t2"));  // untitled: file name
        QCOMPARE(model.index(1, RecommendationModel::Genre).data().toString(), QStringLiteral("Ambient"));
        // The score the list is ordered by, and why, from the engine's reason keys.
        QCOMPARE(model.index(1, RecommendationModel::Score).data().toString(), QStringLiteral("0.85"));
        QCOMPARE(model.index(1, RecommendationModel::Why).data().toString(),
                 QStringLiteral("same genre · similar tempo · similar stereo image"));
        QCOMPARE(model.index(0, RecommendationModel::Why).data().toString(), QStringLiteral("similar overall sound"));
        QVERIFY(model.index(1, RecommendationModel::Title).data(Qt::ToolTipRole).toString().contains("similarity 0.80"));
        QCOMPARE(model.index(0, 0).data(RecommendationModel::PreviewStartRole).toDouble(), 42.5);
        QCOMPARE(model.index(0, RecommendationModel::Play).data().toString(), QStringLiteral("▶"));
        model.setPlaying(1, true);
        QCOMPARE(model.index(1, RecommendationModel::Play).data().toString(), QStringLiteral("⏸"));
        QCOMPARE(model.index(0, RecommendationModel::Play).data().toString(), QStringLiteral("▶"));
        model.setPlaying(1, false);
        QCOMPARE(model.index(1, RecommendationModel::Play).data().toString(), QStringLiteral("▶"));
    }

    void recommendationPanelSaysWhyItIsEmpty() {
        RecommendationsPanel panel;
        QVERIFY(panel.emptyText().contains("Select an analysed track"));
        auto a = std::make_shared<humanear::TrackAnalysis>();
        a->path = "/x.ogg";
        panel.setLibraryState(QStringLiteral("The music library is empty"));
        panel.setAnalysis(a);
        QVERIFY(panel.emptyText().contains("library is empty"));
        QCOMPARE(panel.model()->rowCount(), 0);

        // The verdict and the setting, when they are why nothing was searched.
        auto verdictOnly = [&](humanear::Verdict v) {
            auto judged = std::make_shared<humanear::TrackAnalysis>(*a);
            judged->detection = humanear::Detection{};
            judged->detection->verdict = v;
            return judged;
        };
        panel.setLibraryState({});
        panel.setAnalysis(verdictOnly(humanear::Verdict::LikelyHuman));
        QVERIFY2(panel.emptyText().contains("Likely human: recommendations are shown for AI and uncertain tracks"),
                 qPrintable(panel.emptyText()));
        panel.setPolicy(humanear::RecommendPolicy::WhenAi);
        panel.setAnalysis(verdictOnly(humanear::Verdict::Uncertain));
        QVERIFY2(panel.emptyText().contains("Uncertain: recommendations are shown for tracks that look AI-made only"),
                 qPrintable(panel.emptyText()));
        panel.setPolicy(humanear::RecommendPolicy::Never);
        QVERIFY(panel.emptyText().contains("turned off"));
        panel.setPolicy(humanear::RecommendPolicy::WhenNotHuman);
        // Searched, but nothing was close enough.
        auto searchedNone = verdictOnly(humanear::Verdict::Uncertain);
        searchedNone->recommendations = humanear::RecommendationList{};
        searchedNone->recommendations->minSimilarity = 0.1;
        panel.setAnalysis(searchedNone);
        QVERIFY2(panel.emptyText().contains("Nothing in the library is close enough to this track (no similarity above 0.10)"),
                 qPrintable(panel.emptyText()));
        auto withRecs = std::make_shared<humanear::TrackAnalysis>(*a);
        withRecs->recommendations = humanear::RecommendationList{};
        withRecs->recommendations->items.resize(10);
        withRecs->recommendations->requested = 10;
        panel.setAnalysis(withRecs);
        QCOMPARE(panel.model()->rowCount(), 10);
        QVERIFY(panel.shortfallText().isEmpty());  // a full list needs no excuse

        // Fewer than asked: the panel says why under the list.
        withRecs->recommendations->items.resize(3);
        withRecs->recommendations->minSimilarity = 0.1;
        withRecs->recommendations->maxPerArtist = 2;
        panel.setAnalysis(withRecs);
        QCOMPARE(panel.model()->rowCount(), 3);
        QCOMPARE(panel.shortfallText(), QStringLiteral("Only 3 track(s) are close enough (similarity above 0.10)."));
        withRecs->recommendations->cutByArtist = true;
        panel.setAnalysis(withRecs);
        QVERIFY2(panel.shortfallText().endsWith(QStringLiteral("at most 2 per artist.")), qPrintable(panel.shortfallText()));
    }

    void timesReadTheSameEverywhere() {
        QCOMPARE(timetext::minutesSeconds(187.9), QStringLiteral("3:07"));
        QCOMPARE(timetext::minutesSeconds(59.99), QStringLiteral("0:59"));  // a clock, not a rounding
        QCOMPARE(timetext::minutesSeconds(3600), QStringLiteral("60:00"));
        QCOMPARE(timetext::minutesSeconds(-2), QStringLiteral("0:00"));
        QCOMPARE(timetext::minutesSeconds(std::nan("")), QStringLiteral("0:00"));
        QCOMPARE(timetext::shortTime(12.4), QStringLiteral("12 s"));
        QCOMPARE(timetext::shortTime(2.5, 0.5), QStringLiteral("2.5 s"));
        QCOMPARE(timetext::shortTime(61.2, 0.5), QStringLiteral("1:01"));
    }

    void melAxisFollowsSlaney() {
        // librosa.hz_to_mel(1000) == 15, hz_to_mel(8000) == 45.24564..., mel_to_hz(30) == 2804.644...
        QCOMPARE(melscale::hzToMel(1000), 15.0);
        QVERIFY(qAbs(melscale::hzToMel(8000) - 45.2456405) < 1e-6);
        QVERIFY(qAbs(melscale::melToHz(30) - 2804.6441) < 0.001);
        QVERIFY(qAbs(melscale::hzToMel(500) - 7.5) < 1e-12);
        // The top band's centre sits just under fmax, the inverse round-trips.
        QVERIFY(melscale::bandCentreHz(127, 128) < 8000 && melscale::bandCentreHz(127, 128) > 7700);
        QVERIFY(qAbs(melscale::bandForHz(melscale::bandCentreHz(64, 128), 128) - 64) < 1e-9);
    }

    void renderingColoursLowBandsAtTheBottom() {
        humanear::Spectrogram s;
        s.bands = 4;
        s.frames = 3;
        s.sampleRate = 16000;
        s.hop = 512;
        s.db = {0, 0, 0, -80, -80, -80, -80, -80, -80, -80, -80, -80};  // band 0 loud
        QImage image = renderSpectrogramImage(s, {}, {});
        QCOMPARE(image.size(), QSize(3, 4));
        QCOMPARE(image.pixel(0, 3), colormap::magma()[255]);  // bottom row = band 0
        QCOMPARE(image.pixel(0, 0), colormap::magma()[0]);
        std::vector<float> saliency(12, 0.0f);
        SpectrogramImageRequest overlay;
        overlay.saliencyOverlay = true;
        const QImage dimmed = renderSpectrogramImage(s, saliency, overlay);
        QVERIFY(qRed(dimmed.pixel(0, 3)) < qRed(image.pixel(0, 3)));  // unlooked-at regions are dimmed
        // A perceptual map gets brighter monotonically.
        for (int i = 1; i < 256; ++i) QVERIFY(qGray(colormap::magma()[i]) + 2 >= qGray(colormap::magma()[i - 1]));
    }

    void viewRendersOffTheGuiThread() {
        auto a = std::make_shared<humanear::TrackAnalysis>();
        a->path = "/x.ogg";
        a->spectrogram.bands = 128;
        a->spectrogram.frames = 940;
        a->spectrogram.sampleRate = 16000;
        a->spectrogram.hop = 512;
        a->spectrogram.db.assign(128 * 940, -40.0f);
        SpectrogramView view;
        view.resize(800, 300);
        view.show();
        QSignalSpy ready(&view, &SpectrogramView::imageReady);
        view.setAnalysis(a);
        QVERIFY(!view.hasImage());  // setAnalysis returned before the picture existed
        QVERIFY(ready.wait(10000));
        QVERIFY(view.hasImage());
        view.zoomBy(4);
        QVERIFY(view.zoom() > 0);
        const QImage exported = view.renderToImage(QSize(600, 240));
        QCOMPARE(exported.size(), QSize(600, 240));
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    TestUiWidgets test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_ui_widgets.moc"
