#pragma once
// "Listen to humans instead": the selected track's top-10 human tracks from
// the library, each with a preview. When there is nothing to show it says why
// (library empty or not available, nothing close enough, the verdict and the
// "Recommend human tracks for" setting, not analysed yet).
#include "humanear/settings.h"
#include "queue_model.h"

#include <QWidget>

class PreviewPlayer;
class QLabel;
class QPushButton;
class QSlider;
class QStackedWidget;
class QTableView;
class RecommendationModel;

class RecommendationsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RecommendationsPanel(QWidget* parent = nullptr);

    void setAnalysis(const AnalysisPtr& analysis);
    // What the library says about itself; shown when there are no recommendations.
    void setLibraryState(const QString& text);
    // The setting analyses run with: the empty panel names it when it is the reason.
    void setPolicy(humanear::RecommendPolicy policy);
    void togglePreview();  // the selected row, or the first
    void showInFolder();

    RecommendationModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    PreviewPlayer* player() const { return player_; }
    QString emptyText() const;
    // Why a list is shorter than asked for (the similarity floor, the per-artist cap);
    // empty when it is not short. Shown under the list.
    QString shortfallText() const;

Q_SIGNALS:
    void openLibraryRequested();

private:
    int currentRow() const;
    void updateEmptyState();

    AnalysisPtr analysis_;
    QString libraryState_;
    humanear::RecommendPolicy policy_ = humanear::RecommendPolicy::WhenNotHuman;
    RecommendationModel* model_;
    PreviewPlayer* player_;
    QStackedWidget* stack_;
    QTableView* view_;
    QLabel* empty_;
    QLabel* shortfall_;
    QPushButton* playButton_;
    QPushButton* folderButton_;
    QSlider* position_;
    QLabel* time_;
};
