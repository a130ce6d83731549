#pragma once
// The library panel: folders, track counts, indexing progress, rescan, and
// the demo library one click away. It only shows LibraryService's state; all
// work happens there, off the GUI thread.
#include <QDialog>

class LibraryService;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

class LibraryDialog : public QDialog {
    Q_OBJECT
public:
    LibraryDialog(LibraryService& service, QWidget* parent = nullptr);

private:
    void refresh();

    LibraryService& service_;
    QLabel* summary_;
    QLabel* details_;
    QListWidget* folders_;
    QProgressBar* progress_;
    QLabel* current_;
    QLabel* lastResult_;
    QPushButton* add_;
    QPushButton* remove_;
    QPushButton* rescan_;
    QPushButton* demo_;
    QPushButton* cancel_;
};
