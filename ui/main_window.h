#pragma once
// The main window: drop zone and queue, spectrogram, AI gauge and human
// recommendations. It only routes signals and paints; analysis runs in the
// engine's pool, library work in LibraryService, rendering in QtConcurrent.
#include "app_settings.h"
#include "queue_model.h"

#include <QMainWindow>

namespace humanear {
class Engine;
}
class AiGauge;
class AiTimeline;
class AnalysisController;
class LibraryService;
class QAction;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;
class RecommendationsPanel;
class SpectrogramView;
class StateDelegate;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        bool persistSession = true;  // restore at start, save as results arrive and on close
        bool openLibrary = true;     // tests without a library skip it
    };
    MainWindow(humanear::Engine& engine, const AppSettings& settings, Options options, QWidget* parent = nullptr);
    MainWindow(humanear::Engine& engine, QWidget* parent = nullptr);  // defaults, no session
    ~MainWindow() override;

    // Files and folders (searched recursively) join the queue and are analysed.
    // Files are queued at once; folders are listed off the GUI thread first.
    void analyzePaths(const QStringList& paths);
    static QStringList expandPaths(const QStringList& paths);

    void selectRow(int modelRow);
    int selectedRow() const;  // in QueueModel rows; -1 none
    bool exportCsv(const QString& file);
    bool exportJson(const QString& file);
    bool exportSpectrogramPng(const QString& file);
    void applySettings(const AppSettings& settings);

    QueueModel* queueModel() const { return model_; }
    QTableView* queueView() const { return view_; }
    AiGauge* gauge() const { return gauge_; }
    SpectrogramView* spectrogramView() const { return spectrogram_; }
    AiTimeline* aiTimeline() const { return timeline_; }
    RecommendationsPanel* recommendations() const { return recommendations_; }
    AnalysisController* controller() const { return controller_; }
    LibraryService* library() const { return library_; }
    const AppSettings& settings() const { return settings_; }

Q_SIGNALS:
    // After analyzePaths() has queued what it was given (folders listed); the files
    // are all of them, including ones already in the queue and analysed again.
    void filesQueued(const QStringList& files);
    void queueIdle();  // every queued file has finished

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void enqueueFiles(const QStringList& files);
    void buildUi();
    void buildActions();
    void openFiles();
    void openFolder();
    void showSelected();
    void onTrackFinished(const AnalysisPtr& analysis);
    void updateProgress(qint64 done, qint64 total);
    void updateLibraryState();
    void togglePause();
    void reanalyseSelected();
    void removeSelected();
    QList<int> selectedRows() const;
    void exportWithDialog(const QString& kind);
    void openSettings();
    void openLibraryDialog();
    void scheduleSessionSave();
    void saveSession();
    void restoreSession();
    void setDropHighlight(bool on);

    humanear::Engine& engine_;
    AppSettings settings_;
    Options options_;
    AnalysisController* controller_;
    LibraryService* library_;
    QueueModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_ = nullptr;
    StateDelegate* stateDelegate_ = nullptr;
    QLabel* dropHint_ = nullptr;
    SpectrogramView* spectrogram_ = nullptr;
    AiTimeline* timeline_ = nullptr;
    AiGauge* gauge_ = nullptr;
    RecommendationsPanel* recommendations_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* libraryLabel_ = nullptr;
    QSplitter* mainSplit_ = nullptr;
    QSplitter* leftSplit_ = nullptr;
    QSplitter* rightSplit_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* cancelAction_ = nullptr;
    QAction* saliencyAction_ = nullptr;
    QTimer* sessionTimer_ = nullptr;
    QTimer* animationTimer_ = nullptr;
    AnalysisPtr shown_;
};
