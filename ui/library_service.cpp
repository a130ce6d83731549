#include "library_service.h"

#include "humanear/engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QtConcurrent>
#include <atomic>
#include <mutex>

#ifndef HUMANEAR_SOURCE_DIR
#define HUMANEAR_SOURCE_DIR ""
#endif

namespace {
// Calls `f` on the receiver's thread (the GUI thread) if it still exists.
template <typename F>
void onGui(QObject* receiver, F f) {
    QPointer<QObject> guard(receiver);
    QMetaObject::invokeMethod(receiver, [guard, f = std::move(f)]() mutable { if (guard) f(); }, Qt::QueuedConnection);
}

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
    QPointer<LibraryService> self(this);
    pool_.start([self, engine, settings, generation] {
        auto opened = humanear::Library::open(*engine, settings);
        std::shared_ptr<humanear::Library> library;
        QString error;
        QStringList repairs;
        if (opened) library = std::make_shared<humanear::Library>(std::move(opened).value());
        else error = QString::fromStdString(opened.error().message);
        if (library)
            for (const auto& note : library->openingNotes()) repairs << QString::fromStdString(note);
        if (!self) return;
        onGui(self.data(), [self, library, error, repairs, generation] {
            if (generation != self->openGeneration_) return;  // a newer open replaced this one
            self->library_ = library;
            // The process's one library: analyses recommend from the one this service scans.
            self->engine_.useLibrary(library, error.toStdString());
            self->error_ = error;
            self->state_ = library ? State::Ready : State::Unavailable;
            Q_EMIT self->stateChanged();
            if (!repairs.isEmpty()) Q_EMIT self->repaired(repairs.join(QLatin1Char('\n')));
            if (library) self->refreshStatus();
        });
    });
}

void LibraryService::refreshStatus() {
    auto library = library_;
    if (!library) return;
    QPointer<LibraryService> self(this);
    pool_.start([self, library] {
        auto status = library->status();
        if (!self) return;
        onGui(self.data(), [self, status] {
            if (status) {
                self->status_ = status.value();
                self->hasStatus_ = true;
            } else {
                self->error_ = QString::fromStdString(status.error().message);
            }
            Q_EMIT self->statusChanged();
        });
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
    setBusy(true);
    QPointer<LibraryService> self(this);
    const humanear::CancelToken cancel = cancel_;
    pool_.start([self, library, cancel, what, work] {
        // Bounded-rate progress: at most one queued event per 50 ms.
        auto clock = std::make_shared<QElapsedTimer>();
        auto mutex = std::make_shared<std::mutex>();
        clock->start();
        auto lastMs = std::make_shared<qint64>(-1000);
        humanear::ScanProgressCallback progress = [self, clock, mutex, lastMs](const humanear::ScanProgress& p) {
            {
                std::lock_guard<std::mutex> lock(*mutex);
                const qint64 now = clock->elapsed();
                if (now - *lastMs < 50 && p.done < p.total) return;
                *lastMs = now;
            }
            const qint64 done = p.done, total = p.total;
            const QString path = QString::fromStdString(p.currentPath);
            if (self) onGui(self.data(), [self, done, total, path] { Q_EMIT self->scanProgress(done, total, path); });
        };
        humanear::Result<humanear::ScanReport> report = work(*library, progress, cancel);
        if (!self) return;
        const bool ok = report.isOk();
        const QString message = ok ? what + QStringLiteral(": ") + reportText(report.value())
                                   : QString::fromStdString(report.error().message);
        onGui(self.data(), [self, ok, message] {
            self->setBusy(false);
            Q_EMIT self->scanFinished(ok, message);
            self->refreshStatus();
        });
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

void LibraryService::cancelScan() {
    cancel_.cancel();
    if (fetch_) fetch_->kill();
}

QString LibraryService::demoFetchScript() {
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/humanear/fetch-demo-music.sh"),
        QStringLiteral(HUMANEAR_SOURCE_DIR "/packaging/fetch-demo-music.sh")};
    for (const QString& c : candidates)
        if (QFileInfo::exists(c)) return QFileInfo(c).absoluteFilePath();
    return {};
}

QString LibraryService::demoMusicFolder() {
    // A developer checkout already holds the soundtracks; users get them fetched into their data folder.
    const QString checkout = QStringLiteral(HUMANEAR_SOURCE_DIR "/data/human-debian");
    if (QFileInfo(checkout).isDir() && !QDir(checkout).isEmpty()) return checkout;
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
