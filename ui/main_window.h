#pragma once
#include <QMainWindow>

namespace humanear {
class Engine;
struct TrackAnalysis;
}
class AnalysisController;
class QLabel;
class QProgressBar;
class QTableWidget;

// The first window: drop files or folders, see each file's facts or error.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(humanear::Engine& engine, QWidget* parent = nullptr);
    void analyzePaths(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void openFiles();
    void showResult(const humanear::TrackAnalysis& analysis);

    humanear::Engine& engine_;
    AnalysisController* controller_;
    QTableWidget* table_;
    QLabel* dropHint_;
    QProgressBar* progress_;
};
