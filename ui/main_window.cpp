#include "main_window.h"
#include "notice_text.h"

#include "gui_thread.h"

#include "ai_gauge.h"
#include "ai_timeline.h"
#include "analysis_controller.h"
#include "appearance.h"
#include "library_dialog.h"
#include "library_service.h"
#include "recommendations_panel.h"
#include "results_export.h"
#include "settings_dialog.h"
#include "spectrogram_view.h"
#include "state_delegate.h"
#include "verdict_text.h"

#include "humanear/audio_files.h"
#include "humanear/engine.h"
#include "humanear/short_excerpt.h"

#include <QAction>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {

bool writeFile(const QString& file, const QByteArray& bytes) {
    QSaveFile out(file);  // written beside and renamed: a crash never leaves half a file
    return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.commit();
}
}  // namespace

MainWindow::MainWindow(humanear::Engine& engine, QWidget* parent)
    : MainWindow(engine, AppSettings{}, Options{false, false}, parent) {}

MainWindow::MainWindow(humanear::Engine& engine, const AppSettings& settings, Options options, QWidget* parent)
    : QMainWindow(parent),
      engine_(engine),
      settings_(settings),
      options_(options),
      controller_(new AnalysisController(engine, this)),
      library_(new LibraryService(engine, this)),
      model_(new QueueModel(this)),
      proxy_(new QSortFilterProxyModel(this)) {
    setWindowTitle(tr("HumanEar"));
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    resize(1280, 800);
    buildUi();
    buildActions();

    connect(controller_, &AnalysisController::trackStarted, model_, &QueueModel::setInFlight);
    connect(controller_, &AnalysisController::trackFinished, this, &MainWindow::onTrackFinished);
    connect(controller_, &AnalysisController::progress, this, &MainWindow::updateProgress);
    connect(controller_, &AnalysisController::batchFinished, this, [this](const QStringList& unfinished) {
        model_->cancelUnfinished(unfinished);
        scheduleSessionSave();
    });
    connect(controller_, &AnalysisController::idle, this, [this] {
        progress_->setVisible(false);
        int bad = 0;
        for (int i = 0; i < model_->count(); ++i) bad += model_->entry(i).state == QueueEntry::State::Failed;
        statusBar()->showMessage(bad ? tr("Done — %n file(s) could not be analysed", nullptr, bad) : tr("Done"));
        pauseAction_->setChecked(false);
        Q_EMIT queueIdle();
    });
    connect(library_, &LibraryService::stateChanged, this, &MainWindow::updateLibraryState);
    connect(library_, &LibraryService::statusChanged, this, &MainWindow::updateLibraryState);
    // First run: an empty library gets its dialog once, with the demo library one click away.
    connect(library_, &LibraryService::statusChanged, this, [this] {
        if (!options_.persistSession || !library_->hasStatus() || library_->status().tracks > 0) return;
        QSettings store;
        if (store.value(QStringLiteral("ui/libraryIntroShown")).toBool()) return;
        store.setValue(QStringLiteral("ui/libraryIntroShown"), true);
        QTimer::singleShot(0, this, &MainWindow::openLibraryDialog);
    });
    connect(library_, &LibraryService::scanFinished, this, [this](bool, const QString& message) {
        statusBar()->showMessage(message, 8000);
    });
    connect(library_, &LibraryService::repaired, this, [this](const QString& message) {
        // Not modal: analysis and previews go on while the user reads it.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Library repaired"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });

    applySettings(settings_);
    if (options_.openLibrary) library_->open(settings_.effectiveLibraryDir(), settings_.embedder);
    else updateLibraryState();
    if (options_.persistSession) restoreSession();
    statusBar()->showMessage(tr("Ready — models run on %1").arg(QString::fromStdString(engine.device().description())));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);

    dropHint_ = new QLabel(tr("Drop audio files or folders here, or press Ctrl+O"), central);
    dropHint_->setObjectName(QStringLiteral("dropZone"));
    dropHint_->setAlignment(Qt::AlignCenter);
    dropHint_->setMinimumHeight(44);
    setDropHighlight(false);

    view_ = new QTableView(central);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(QueueModel::SortRole);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder);  // insertion order until a header is clicked
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setShowGrid(false);
    view_->setWordWrap(false);  // a long error is elided; its tooltip has it whole
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 2);
    auto* header = view_->horizontalHeader();
    header->setSectionResizeMode(QueueModel::Title, QHeaderView::Stretch);
    header->resizeSection(QueueModel::Artist, 140);
    header->resizeSection(QueueModel::Duration, 70);
    header->resizeSection(QueueModel::State, 170);
    header->resizeSection(QueueModel::AiPercent, 60);
    header->resizeSection(QueueModel::VerdictColumn, 150);
    stateDelegate_ = new StateDelegate(view_);
    view_->setItemDelegateForColumn(QueueModel::State, stateDelegate_);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelected);

    spectrogram_ = new SpectrogramView(central);
    gauge_ = new AiGauge(central);
    timeline_ = new AiTimeline(central);
    // Under the spectrogram, on its time axis: the same margins, its frame included.
    timeline_->setPlotMargins(spectrogram_->frameWidth() + SpectrogramView::kLeftAxis,
                              spectrogram_->frameWidth() + SpectrogramView::kRightMargin);
    recommendations_ = new RecommendationsPanel(central);
    connect(recommendations_, &RecommendationsPanel::openLibraryRequested, this, &MainWindow::openLibraryDialog);

    auto* queueBox = new QWidget(central);
    auto* queueLayout = new QVBoxLayout(queueBox);
    queueLayout->setContentsMargins(0, 0, 0, 0);
    queueLayout->addWidget(dropHint_);
    queueLayout->addWidget(view_, 1);

    leftSplit_ = new QSplitter(Qt::Vertical, central);
    leftSplit_->setObjectName(QStringLiteral("leftSplit"));
    leftSplit_->addWidget(queueBox);
    // The spectrogram and, under it, P(AI) along the whole track.
    auto* spectrogramBox = new QWidget(central);
    auto* spectrogramLayout = new QVBoxLayout(spectrogramBox);
    spectrogramLayout->setContentsMargins(0, 0, 0, 0);
    spectrogramLayout->setSpacing(2);
    spectrogramLayout->addWidget(spectrogram_, 1);
    spectrogramLayout->addWidget(timeline_);
    leftSplit_->addWidget(spectrogramBox);
    leftSplit_->setStretchFactor(0, 1);
    leftSplit_->setStretchFactor(1, 1);
    rightSplit_ = new QSplitter(Qt::Vertical, central);
    rightSplit_->setObjectName(QStringLiteral("rightSplit"));
    rightSplit_->addWidget(gauge_);
    rightSplit_->addWidget(recommendations_);
    rightSplit_->setStretchFactor(1, 1);
    mainSplit_ = new QSplitter(Qt::Horizontal, central);
    mainSplit_->setObjectName(QStringLiteral("mainSplit"));
    mainSplit_->addWidget(leftSplit_);
    mainSplit_->addWidget(rightSplit_);
    mainSplit_->setStretchFactor(0, 3);
    mainSplit_->setStretchFactor(1, 2);
    layout->addWidget(mainSplit_, 1);
    setCentralWidget(central);

    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(260);
    progress_->setVisible(false);
    progress_->setFormat(tr("%v of %m"));
    libraryLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(libraryLabel_);
    statusBar()->addPermanentWidget(progress_);

    // Animates the in-flight rows only while there are any.
    animationTimer_ = new QTimer(this);
    animationTimer_->setInterval(60);
    connect(animationTimer_, &QTimer::timeout, this, [this] {
        static int phase = 0;
        stateDelegate_->setPhase(++phase);
        bool any = false;
        for (int i = 0; i < model_->count(); ++i)
            if (model_->entry(i).state == QueueEntry::State::Analysing) {
                any = true;
                const QModelIndex index = proxy_->mapFromSource(model_->index(i, QueueModel::State));
                view_->update(index);
            }
        if (!any) animationTimer_->stop();
    });
    connect(model_, &QAbstractItemModel::dataChanged, this, [this] {
        if (!animationTimer_->isActive()) animationTimer_->start();
    });

    sessionTimer_ = new QTimer(this);
    sessionTimer_->setSingleShot(true);
    sessionTimer_->setInterval(1500);
    connect(sessionTimer_, &QTimer::timeout, this, &MainWindow::saveSession);
}

void MainWindow::buildActions() {
    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->setMovable(false);

    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open…"), this, &MainWindow::openFiles);
    open->setShortcut(QKeySequence::Open);
    auto* openDir = file->addAction(tr("Open &folder…"), this, &MainWindow::openFolder);
    openDir->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addSeparator();
    auto* csv = file->addAction(tr("Export results as &CSV…"), this, [this] { exportWithDialog(QStringLiteral("csv")); });
    csv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export results as &JSON…"), this, [this] { exportWithDialog(QStringLiteral("json")); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addAction(tr("Save spectrogram as &PNG…"), this, [this] { exportWithDialog(QStringLiteral("png")); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    auto* analysis = menuBar()->addMenu(tr("&Analysis"));
    pauseAction_ = analysis->addAction(tr("&Pause"));
    pauseAction_->setCheckable(true);
    pauseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(pauseAction_, &QAction::toggled, this, [this](bool) { togglePause(); });
    cancelAction_ = analysis->addAction(tr("&Cancel analysis"), controller_, &AnalysisController::cancel);
    cancelAction_->setShortcut(Qt::Key_Escape);
    auto* again = analysis->addAction(tr("&Analyse selected again"), this, &MainWindow::reanalyseSelected);
    again->setShortcut(QKeySequence::Refresh);
    auto* remove = analysis->addAction(tr("&Remove from queue"), this, &MainWindow::removeSelected);
    remove->setShortcut(QKeySequence::Delete);
    analysis->addAction(tr("C&lear queue"), this, [this] {
        controller_->cancel();
        model_->clear();
        showSelected();
        scheduleSessionSave();
    });

    auto* view = menuBar()->addMenu(tr("&View"));
    saliencyAction_ = view->addAction(tr("Show where the detector &looked"));
    saliencyAction_->setCheckable(true);
    saliencyAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    saliencyAction_->setToolTip(tr("Overlay the detector's saliency map on the spectrogram"));
    connect(saliencyAction_, &QAction::toggled, this, [this](bool on) {
        spectrogram_->setSaliencyOverlay(on);
        settings_.saliencyOverlay = on;
    });
    view->addAction(tr("Zoom &in"), this, [this] { spectrogram_->zoomBy(1.5); })->setShortcut(QKeySequence::ZoomIn);
    view->addAction(tr("Zoom &out"), this, [this] { spectrogram_->zoomBy(1 / 1.5); })->setShortcut(QKeySequence::ZoomOut);
    view->addAction(tr("&Fit whole track"), this, [this] { spectrogram_->setZoom(0); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

    auto* listen = menuBar()->addMenu(tr("&Listen"));
    auto* play = listen->addAction(tr("&Play or pause preview"), recommendations_, &RecommendationsPanel::togglePreview);
    play->setShortcut(Qt::Key_Space);
    listen->addAction(tr("Show in &folder"), recommendations_, &RecommendationsPanel::showInFolder)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    auto* tools = menuBar()->addMenu(tr("&Tools"));
    auto* library = tools->addAction(tr("Music &library…"), this, &MainWindow::openLibraryDialog);
    library->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    auto* prefs = tools->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    prefs->setShortcut(QKeySequence::Preferences);
    if (prefs->shortcut().isEmpty()) prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));

    for (QAction* a : {open, openDir, pauseAction_, cancelAction_, again, saliencyAction_, library, prefs}) {
        toolbar->addAction(a);
        if (!a->shortcut().isEmpty())
            a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                                                         a->shortcut().toString(QKeySequence::NativeText)));
    }
}

QStringList MainWindow::expandPaths(const QStringList& paths) {
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            for (const std::string& f : humanear::listAudioFiles(path.toStdString()))
                files << QString::fromStdString(f);
        } else if (!path.isEmpty()) {
            files << path;  // a named file is tried whatever its name; a bad one reports its own error
        }
    }
    return files;
}

void MainWindow::analyzePaths(const QStringList& paths) {
    const bool anyFolder = std::any_of(paths.begin(), paths.end(), [](const QString& p) { return QFileInfo(p).isDir(); });
    if (!anyFolder) {
        enqueueFiles(expandPaths(paths));  // no listing: drops empty names only
        return;
    }
    // Walking a folder tree can take seconds on a big or network disk: list it on a
    // pool thread and queue what it found back on this one.
    statusBar()->showMessage(tr("Looking for audio files…"));
    guithread::whenReady(QtConcurrent::run(&MainWindow::expandPaths, paths), this, [this](const QStringList& files) {
        statusBar()->clearMessage();
        if (files.isEmpty()) statusBar()->showMessage(tr("No audio files were found there."), 8000);
        enqueueFiles(files);
    });
}

void MainWindow::enqueueFiles(const QStringList& files) {
    const QStringList added = model_->enqueue(files);
    Q_EMIT filesQueued(files);
    if (added.isEmpty()) return;
    progress_->setVisible(true);
    controller_->analyze(added);
    if (selectedRow() < 0) selectRow(model_->rowOf(added.first()));
    scheduleSessionSave();
}

void MainWindow::openFiles() {
    // The same suffixes a dropped or scanned folder is searched for.
    QStringList patterns;
    for (const std::string& suffix : humanear::audioFileSuffixes()) patterns << QStringLiteral("*.") + QString::fromStdString(suffix);
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open audio files"), QString(),
                                                            tr("Audio (%1);;All files (*)").arg(patterns.join(' ')));
    analyzePaths(files);
}

void MainWindow::openFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of audio files"));
    if (!dir.isEmpty()) analyzePaths({dir});
}

void MainWindow::selectRow(int modelRow) {
    if (modelRow < 0 || modelRow >= model_->count()) return;
    const QModelIndex index = proxy_->mapFromSource(model_->index(modelRow, 0));
    view_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(index);
}

int MainWindow::selectedRow() const {
    const QModelIndex current = view_->selectionModel()->currentIndex();
    return current.isValid() ? proxy_->mapToSource(current).row() : -1;
}

QList<int> MainWindow::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(index).row();
    if (rows.isEmpty() && selectedRow() >= 0) rows << selectedRow();
    return rows;
}

void MainWindow::showSelected() {
    const int row = selectedRow();
    if (row < 0) {
        shown_.reset();
        gauge_->showEmpty();
        spectrogram_->setAnalysis({});
        timeline_->setAnalysis(nullptr);
        recommendations_->setAnalysis({});
        return;
    }
    const QueueEntry& e = model_->entry(row);
    const AnalysisPtr& a = e.analysis;
    const bool changed = a != shown_;
    shown_ = a;
    spectrogram_->setAnalysis(a);
    timeline_->setUserThreshold(settings_.threshold);
    timeline_->setAnalysis(e.state == QueueEntry::State::Done ? a.get() : nullptr);
    if (changed) recommendations_->setAnalysis(a);
    switch (e.state) {
    case QueueEntry::State::Queued:
    case QueueEntry::State::Analysing: gauge_->showPending(); break;
    case QueueEntry::State::Cancelled: gauge_->showFailed(tr("The analysis was cancelled; press F5 to analyse again.")); break;
    case QueueEntry::State::Failed: gauge_->showFailed(a && a->error ? QString::fromStdString(a->error->message) : QString()); break;
    case QueueEntry::State::Done:
        if (a && a->detection && !a->detection->hasPAi()) {
            gauge_->showNotMusic(a->detection->notMusic);
        } else if (a && a->detection) {
            const auto& d = *a->detection;
            gauge_->showResult(d.pAi, verdicttext::effectiveBand(d, settings_.threshold), d.spread, d.windows,
                               verdicttext::effectiveVerdict(d, settings_.threshold), d.members,
                               humanear::isShortExcerpt(*a) ? a->facts.durationSeconds : 0.0);
        } else {
            gauge_->showNoModel(a ? noticetext::summary(a->notices) : QString());
        }
        break;
    }
}

void MainWindow::onTrackFinished(const AnalysisPtr& analysis) {
    model_->setResult(analysis);
    const int row = model_->rowOf(QFileInfo(QString::fromStdString(analysis->path)).absoluteFilePath());
    if (row >= 0 && row == selectedRow()) showSelected();
    scheduleSessionSave();
}

void MainWindow::updateProgress(qint64 done, qint64 total) {
    progress_->setVisible(done < total);
    progress_->setRange(0, int(total));
    progress_->setValue(int(done));
    if (done < total)
        statusBar()->showMessage(controller_->isPaused() ? tr("Paused — %1 of %2 analysed").arg(done).arg(total)
                                                         : tr("Analysed %1 of %2").arg(done).arg(total));
}

void MainWindow::togglePause() {
    const bool paused = pauseAction_->isChecked();
    controller_->setPaused(paused);
    library_->setPaused(paused);  // scans pause too
    pauseAction_->setText(paused ? tr("&Resume") : tr("&Pause"));
    if (paused) statusBar()->showMessage(tr("Paused"));
}

void MainWindow::reanalyseSelected() {
    const QStringList paths = model_->requeue(selectedRows());
    if (paths.isEmpty()) return;
    progress_->setVisible(true);
    controller_->analyze(paths);
    showSelected();
}

void MainWindow::removeSelected() {
    QList<int> rows;
    for (int row : selectedRows()) {
        const auto state = model_->entry(row).state;
        if (state != QueueEntry::State::Queued && state != QueueEntry::State::Analysing) rows << row;
    }
    model_->removeRows(rows);
    showSelected();
    scheduleSessionSave();
}

void MainWindow::updateLibraryState() {
    const QString summary = library_->summary();
    if (!options_.openLibrary) {
        recommendations_->setLibraryState(tr("The music library is not open."));
        libraryLabel_->setText(tr("Library: not open"));
        return;
    }
    libraryLabel_->setText(library_->state() == LibraryService::State::Ready && library_->hasStatus()
                               ? tr("Library: %n track(s)", nullptr, int(library_->status().tracks))
                               : tr("Library: not available"));
    libraryLabel_->setToolTip(summary);
    const bool usable = library_->state() == LibraryService::State::Ready && library_->hasStatus() &&
                        library_->status().embedded > 0;
    recommendations_->setLibraryState(usable ? QString() : summary);
}

bool MainWindow::exportCsv(const QString& file) { return writeFile(file, resultsexport::toCsv(*model_)); }
bool MainWindow::exportJson(const QString& file) { return writeFile(file, resultsexport::toJson(*model_)); }

bool MainWindow::exportSpectrogramPng(const QString& file) {
    if (!spectrogram_->hasImage()) return false;
    return spectrogram_->renderToImage(QSize(1600, 600), 1.0).save(file, "PNG");
}

void MainWindow::exportWithDialog(const QString& kind) {
    QString name, filter;
    if (kind == QLatin1String("png")) {
        if (!spectrogram_->hasImage()) {
            QMessageBox::information(this, tr("Save spectrogram"), tr("Select an analysed track first."));
            return;
        }
        const int row = selectedRow();
        name = QFileInfo(model_->entry(row).path).completeBaseName() + QStringLiteral("-spectrogram.png");
        filter = tr("PNG image (*.png)");
    } else {
        name = QStringLiteral("humanear-results.") + kind;
        filter = kind == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("JSON (*.json)");
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export"), name, filter);
    if (file.isEmpty()) return;
    const bool ok = kind == QLatin1String("png") ? exportSpectrogramPng(file)
                    : kind == QLatin1String("csv") ? exportCsv(file)
                                                    : exportJson(file);
    if (ok) statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    else QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(file));
}

void MainWindow::applySettings(const AppSettings& s) {
    const bool libraryChanged = s.libraryDir != settings_.libraryDir || s.embedder != settings_.embedder;
    const bool appearanceChanged = s.appearance != settings_.appearance;
    settings_ = s;
    model_->setUserThreshold(s.threshold);
    humanear::AnalysisOptions options = controller_->options();
    options.recommend = s.recommend;
    controller_->setOptions(options);
    recommendations_->setPolicy(s.recommend);
    saliencyAction_->setChecked(s.saliencyOverlay);
    if (appearanceChanged) appearance::apply(s.appearance);
    if (libraryChanged && options_.openLibrary) library_->open(s.effectiveLibraryDir(), s.embedder);
    showSelected();
}

void MainWindow::openSettings() {
    SettingsDialog dialog(settings_, engine_.device().cudaAvailable, this);
    if (dialog.exec() != QDialog::Accepted) return;
    applySettings(dialog.settings());
    if (options_.persistSession) {
        QSettings store;
        settings_.save(store);
    }
}

void MainWindow::openLibraryDialog() {
    auto* dialog = findChild<LibraryDialog*>();
    if (!dialog) {
        dialog = new LibraryDialog(*library_, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    library_->refreshStatus();
}

void MainWindow::setDropHighlight(bool on) {
    dropHint_->setStyleSheet(on ? QStringLiteral("QLabel#dropZone { border: 2px dashed palette(highlight); border-radius: 8px;"
                                                 " background: palette(alternate-base); }")
                                : QStringLiteral("QLabel#dropZone { border: 2px dashed palette(mid); border-radius: 8px; }"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!event->mimeData()->hasUrls()) return;
    event->acceptProposedAction();
    setDropHighlight(true);
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent*) { setDropHighlight(false); }

void MainWindow::dropEvent(QDropEvent* event) {
    setDropHighlight(false);
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    analyzePaths(paths);
    event->acceptProposedAction();
}

void MainWindow::scheduleSessionSave() {
    if (options_.persistSession) sessionTimer_->start();
}

void MainWindow::saveSession() {
    if (!options_.persistSession) return;
    QSettings store;
    store.setValue(QStringLiteral("session/queue"), QJsonDocument(model_->toJson()).toJson(QJsonDocument::Compact));
    store.setValue(QStringLiteral("window/geometry"), saveGeometry());
    store.setValue(QStringLiteral("window/state"), saveState());
    store.setValue(QStringLiteral("window/mainSplit"), mainSplit_->saveState());
    store.setValue(QStringLiteral("window/leftSplit"), leftSplit_->saveState());
    store.setValue(QStringLiteral("window/rightSplit"), rightSplit_->saveState());
    store.setValue(QStringLiteral("window/queueHeader"), view_->horizontalHeader()->saveState());
    store.setValue(QStringLiteral("session/selected"), selectedRow());
    settings_.save(store);
}

void MainWindow::restoreSession() {
    QSettings store;
    restoreGeometry(store.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    mainSplit_->restoreState(store.value(QStringLiteral("window/mainSplit")).toByteArray());
    leftSplit_->restoreState(store.value(QStringLiteral("window/leftSplit")).toByteArray());
    rightSplit_->restoreState(store.value(QStringLiteral("window/rightSplit")).toByteArray());
    view_->horizontalHeader()->restoreState(store.value(QStringLiteral("window/queueHeader")).toByteArray());
    const QJsonArray queue = QJsonDocument::fromJson(store.value(QStringLiteral("session/queue")).toByteArray()).array();
    if (queue.isEmpty()) return;
    model_->restore(queue);
    // Files that were waiting when HumanEar stopped are analysed now.
    QStringList pending;
    for (int i = 0; i < model_->count(); ++i)
        if (model_->entry(i).state == QueueEntry::State::Queued) pending << model_->entry(i).path;
    if (!pending.isEmpty()) {
        progress_->setVisible(true);
        controller_->analyze(pending);
    }
    selectRow(std::clamp(store.value(QStringLiteral("session/selected"), 0).toInt(), 0, model_->count() - 1));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSession();
    QMainWindow::closeEvent(event);
}
