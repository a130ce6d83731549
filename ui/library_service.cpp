#include "library_service.h"

#include "gui_thread.h"
#include "humanear/engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QtConcurrent>
#include <atomic>


namespace {
QString reportText(const humanear::ScanReport& r) {
    QString text = QCoreApplication::translate("LibraryService", "%1 found, %2 added, %3 updated, %4 removed, %5 failed")
                       .arg(r.found)
                       .arg(r.added)
                       .arg(r.updated)
                       .arg(r.removed)
                       .arg(r.failures.size());
    if (r.cancelled) text += QCoreApplication::translate("LibraryService", " (cancelled)");
    return text;
}
}  // namespace

LibraryService::LibraryService(humanear::Engine& engine, QObject* parent) : QObject(parent), engine_(engine) {
    pool_.setMaxThreadCount(2);  // one scan and one status query at a time
    qRegisterMetaType<humanear::LibraryStatus>();
    qRegisterMetaType<humanear::ScanReport>();
}

LibraryService::~LibraryService() {
    cancel_.cancel();
    if (fetch_) fetch_->kill();
    // A scan stops between files once cancelled; the engine must outlive it.
    pool_.waitForDone();
}

void LibraryService::open(const QString& directory, const QString& embedder) {
    const quint64 generation = ++openGeneration_;
    state_ = State::Opening;
    hasStatus_ = false;
    Q_EMIT stateChanged();
    humanear::LibrarySettings settings;
    settings.directory = directory.toStdString();
    settings.embedder = embedder.toStdString();
    humanear::Engine* engine = &engine_;
    struct Opened {
        std::shared_ptr<humanear::Library> library;
        QString error;
        QStringList repairs;
    };
    guithread::whenReady(QtConcurrent::run(&pool_, [engine, settings] {
        Opened out;
        auto opened = humanear::Library::open(*engine, settings);
        if (opened) out.library = std::make_shared<humanear::Library>(std::move(opened).value());
        else out.error = QString::fromStdString(opened.error().message);
        if (out.library)
            for (const auto& note : out.library->openingNotes()) out.repairs << QString::fromStdString(note);
        return out;
    }), this, [this, generation](const Opened& out) {
        if (generation != openGeneration_) return;  // a newer open replaced this one
        library_ = out.library;
        // The process's one library: analyses recommend from the one this service scans.
        engine_.useLibrary(out.library, out.error.toStdString());
        error_ = out.error;
        state_ = out.library ? State::Ready : State::Unavailable;
        Q_EMIT stateChanged();
        if (!out.repairs.isEmpty()) Q_EMIT repaired(out.repairs.join(QLatin1Char('\n')));
        if (out.library) refreshStatus();
    });
}

void LibraryService::refreshStatus() {
    auto library = library_;
    if (!library) return;
    guithread::whenReady(QtConcurrent::run(&pool_, [library] { return library->status(); }), this,
                         [this](const humanear::Result<humanear::LibraryStatus>& status) {
            if (status) {
                status_ = status.value();
                hasStatus_ = true;
            } else {
                error_ = QString::fromStdString(status.error().message);
            }
            Q_EMIT statusChanged();
        });
}

void LibraryService::setBusy(bool busy) {
    busy_ = busy;
    Q_EMIT busyChanged(busy);
}

template <typename Work>
void LibraryService::runScan(const QString& what, Work work) {
    auto library = library_;
    if (!library || busy_) return;
    cancel_ = humanear::CancelToken();
    cancel_.setPaused(paused_);
    setBusy(true);
    const humanear::CancelToken cancel = cancel_;
    QPointer<LibraryService> self(this);
    guithread::whenReady(QtConcurrent::run(&pool_, [self, library, cancel, work] {
        // The library already reports at most every EngineSettings::progressIntervalMs
        // (the engine's one throttle); each report is posted like an analysis's.
        humanear::ScanProgressCallback progress = [self](const humanear::ScanProgress& p) {
            const qint64 done = p.done, total = p.total;
            const QString path = QString::fromStdString(p.currentPath);
            guithread::post(self, [self, done, total, path] { Q_EMIT self->scanProgress(done, total, path); });
        };
        return work(*library, progress, cancel);
    }), this, [this, what](const humanear::Result<humanear::ScanReport>& report) {
        const bool ok = report.isOk();
        const QString message = ok ? what + QStringLiteral(": ") + reportText(report.value())
                                   : QString::fromStdString(report.error().message);
        setBusy(false);
        Q_EMIT scanFinished(ok, message);
        refreshStatus();
    });
}

void LibraryService::addFolder(const QString& folder) {
    const std::string path = QDir(folder).absolutePath().toStdString();
    runScan(tr("Added %1").arg(QDir(folder).dirName()),
            [path](humanear::Library& l, const humanear::ScanProgressCallback& p, const humanear::CancelToken& c) {
                return l.addFolder(path, p, c);
            });
}

void LibraryService::removeFolder(const QString& folder) {
    const std::string path = folder.toStdString();
    runScan(tr("Removed %1").arg(QDir(folder).dirName()),
            [path](humanear::Library& l, const humanear::ScanProgressCallback&, const humanear::CancelToken&) {
                return l.removeFolder(path);
            });
}

void LibraryService::rescan() {
    runScan(tr("Rescanned"), [](humanear::Library& l, const humanear::ScanProgressCallback& p, const humanear::CancelToken& c) {
        return l.rescan(p, c);
    });
}

void LibraryService::setPaused(bool paused) {
    paused_ = paused;
    cancel_.setPaused(paused);
}

void LibraryService::cancelScan() {
    cancel_.cancel();
    if (fetch_) fetch_->kill();
}

QString LibraryService::demoFetchScript() {
    // Installed beside the binaries; the build tree links it there from packaging/.
    const QString script = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/humanear/fetch-demo-music.sh");
    return QFileInfo::exists(script) ? QFileInfo(script).absoluteFilePath() : QString();
}

QString LibraryService::demoMusicFolder() {
    // A developer's build tree links the checkout's data/human-debian here (the
    // soundtracks fetched once); users get them fetched into their data folder.
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/humanear/demo-music");
    if (QFileInfo(beside).isDir() && !QDir(beside).isEmpty()) return QFileInfo(beside).canonicalFilePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-music");
}

void LibraryService::addDemoLibrary() {
    const QString folder = demoMusicFolder();
    if (QFileInfo(folder).isDir() && !QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty()) {
        addFolder(folder);
        return;
    }
    const QString script = demoFetchScript();
    if (script.isEmpty()) {
        Q_EMIT scanFinished(false, tr("The demo music script (fetch-demo-music.sh) was not found."));
        return;
    }
    if (fetch_ || busy_) return;
    setBusy(true);
    Q_EMIT scanProgress(0, 0, tr("Downloading the demo soundtracks…"));
    fetch_ = new QProcess(this);
    fetch_->setProcessChannelMode(QProcess::MergedChannels);
    connect(fetch_, &QProcess::readyRead, this, [this] {
        const QString line = QString::fromUtf8(fetch_->readAll()).trimmed().section(QLatin1Char('\n'), -1);
        if (!line.isEmpty()) Q_EMIT scanProgress(0, 0, line);
    });
    connect(fetch_, &QProcess::finished, this, [this, folder](int code, QProcess::ExitStatus status) {
        fetch_->deleteLater();
        fetch_ = nullptr;
        setBusy(false);
        if (status == QProcess::NormalExit && code == 0) addFolder(folder);
        else Q_EMIT scanFinished(false, tr("Fetching the demo music failed (exit code %1).").arg(code));
    });
    fetch_->start(QStringLiteral("bash"), {script, folder});
}

QString LibraryService::summary() const {
    switch (state_) {
    case State::Closed:
    case State::Opening: return tr("Opening the music library…");
    case State::Unavailable: return tr("The music library is not available: %1").arg(error_.toHtmlEscaped());
    case State::Ready: break;
    }
    if (!hasStatus_) return tr("Reading the music library…");
    if (status_.tracks == 0) return tr("The music library is empty: add a folder of human-made music, or the demo library.");
    if (status_.embedded == 0) return tr("The library's %1 tracks are not indexed yet: rescan it.").arg(status_.tracks);
    return tr("%1 tracks in the library, %2 searchable").arg(status_.tracks).arg(status_.embedded);
}
