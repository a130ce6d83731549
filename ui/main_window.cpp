#include "main_window.h"

#include "analysis_controller.h"

#include <QAction>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum Column { File, Duration, Format, Spectrogram, State, ColumnCount };

QStringList expandFolders(const QList<QUrl>& urls) {
    QStringList files;
    for (const QUrl& url : urls) {
        const QString path = url.toLocalFile();
        if (QFileInfo(path).isDir()) {
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) files << it.next();
        } else if (!path.isEmpty()) {
            files << path;
        }
    }
    return files;
}
}  // namespace

MainWindow::MainWindow(humanear::Engine& engine, QWidget* parent)
    : QMainWindow(parent), engine_(engine), controller_(new AnalysisController(engine, this)) {
    setWindowTitle(tr("HumanEar"));
    setAcceptDrops(true);
    resize(960, 600);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    dropHint_ = new QLabel(tr("Drop audio files or folders here, or press Ctrl+O"), central);
    dropHint_->setAlignment(Qt::AlignCenter);
    dropHint_->setMinimumHeight(64);
    dropHint_->setStyleSheet(QStringLiteral("QLabel { border: 2px dashed palette(mid); border-radius: 8px; }"));
    table_ = new QTableWidget(0, ColumnCount, central);
    table_->setHorizontalHeaderLabels({tr("File"), tr("Duration"), tr("Format"), tr("Spectrogram"), tr("State")});
    table_->horizontalHeader()->setSectionResizeMode(File, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(State, QHeaderView::Stretch);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSortingEnabled(true);
    layout->addWidget(dropHint_);
    layout->addWidget(table_);
    setCentralWidget(central);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::openFiles);
    openAction->setShortcut(QKeySequence::Open);
    auto* cancelAction = fileMenu->addAction(tr("&Cancel analysis"), controller_, &AnalysisController::cancel);
    cancelAction->setShortcut(Qt::Key_Escape);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(240);
    progress_->setVisible(false);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->showMessage(tr("Ready — models run on %1").arg(QString::fromStdString(engine.device().description())));

    connect(controller_, &AnalysisController::trackFinished, this, &MainWindow::showResult);
    connect(controller_, &AnalysisController::progress, this, [this](qint64 done, qint64 total) {
        progress_->setVisible(done < total);
        progress_->setMaximum(static_cast<int>(total));
        progress_->setValue(static_cast<int>(done));
        statusBar()->showMessage(tr("Analysed %1 of %2").arg(done).arg(total));
    });
}

void MainWindow::openFiles() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open audio files"), QString(),
        tr("Audio (*.wav *.aif *.aiff *.flac *.ogg *.opus *.mp3 *.m4a *.aac);;All files (*)"));
    analyzePaths(files);
}

void MainWindow::analyzePaths(const QStringList& paths) {
    if (paths.isEmpty()) return;
    table_->setSortingEnabled(false);
    table_->setRowCount(0);
    for (const QString& path : paths) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        auto* item = new QTableWidgetItem(QFileInfo(path).fileName());
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        table_->setItem(row, File, item);
        table_->setItem(row, State, new QTableWidgetItem(tr("Queued")));
    }
    progress_->setVisible(true);
    controller_->analyze(paths);
}

void MainWindow::showResult(const humanear::TrackAnalysis& analysis) {
    const QString path = QString::fromStdString(analysis.path);
    for (int row = 0; row < table_->rowCount(); ++row) {
        if (table_->item(row, File)->data(Qt::UserRole).toString() != path) continue;
        const auto& f = analysis.facts;
        if (f.sampleRate > 0) {
            table_->setItem(row, Duration, new QTableWidgetItem(QStringLiteral("%1 s").arg(f.durationSeconds, 0, 'f', 1)));
            table_->setItem(row, Format, new QTableWidgetItem(QStringLiteral("%1, %2 Hz, %3 ch")
                                                                  .arg(QString::fromStdString(f.codec))
                                                                  .arg(f.sampleRate)
                                                                  .arg(f.channels)));
        }
        if (analysis.ok()) {
            table_->setItem(row, Spectrogram, new QTableWidgetItem(QStringLiteral("%1 × %2")
                                                                       .arg(analysis.spectrogram.bands)
                                                                       .arg(analysis.spectrogram.frames)));
            table_->setItem(row, State, new QTableWidgetItem(tr("Analysed")));
        } else {
            auto* item = new QTableWidgetItem(QString::fromStdString(analysis.error->message));
            item->setForeground(palette().color(QPalette::BrightText));
            item->setBackground(QColor(200, 60, 60, 60));
            table_->setItem(row, State, item);
        }
        break;
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    analyzePaths(expandFolders(event->mimeData()->urls()));
    event->acceptProposedAction();
}
