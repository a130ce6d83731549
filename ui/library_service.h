#pragma once
// The music library behind the recommendations, driven from the GUI without
// blocking it: opening, scanning and status queries run through QtConcurrent
// (scans embed on the engine's pool), progress arrives as queued signals at
// most every 50 ms, and one mutating operation runs at a time.
#include "humanear/library.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <memory>

namespace humanear {
class Engine;
}
class QProcess;

Q_DECLARE_METATYPE(humanear::LibraryStatus)
Q_DECLARE_METATYPE(humanear::ScanReport)

class LibraryService : public QObject {
    Q_OBJECT
public:
    enum class State { Closed, Opening, Ready, Unavailable };

    LibraryService(humanear::Engine& engine, QObject* parent = nullptr);
    ~LibraryService() override;

    // (Re)opens the library in `directory` with `embedder`; asynchronous.
    void open(const QString& directory, const QString& embedder);
    void refreshStatus();
    void addFolder(const QString& folder);
    void removeFolder(const QString& folder);
    void rescan();
    void cancelScan();
    // Holds a running scan (and the next) before its next file; the app's Pause.
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }
    // Adds the demo soundtracks: the checkout's data/human-debian when present,
    // else fetches them with packaging/fetch-demo-music.sh first.
    void addDemoLibrary();
    static QString demoMusicFolder();
    static QString demoFetchScript();

    State state() const { return state_; }
    bool isBusy() const { return busy_; }
    QString errorText() const { return error_; }
    const humanear::LibraryStatus& status() const { return status_; }
    bool hasStatus() const { return hasStatus_; }
    // One line for the recommendations panel and the status bar.
    QString summary() const;

Q_SIGNALS:
    void stateChanged();
    void statusChanged();
    void scanProgress(qint64 done, qint64 total, const QString& currentPath);
    void scanFinished(bool ok, const QString& message);
    // Opening found damage and repaired it (e.g. a catalog rebuilt from what survived).
    void repaired(const QString& message);
    void busyChanged(bool busy);

private:
    template <typename Work>
    void runScan(const QString& what, Work work);
    void setBusy(bool busy);

    humanear::Engine& engine_;
    // Its own pool, so that closing the app can wait for library work (which
    // uses the engine) without waiting for unrelated QtConcurrent jobs.
    QThreadPool pool_;
    std::shared_ptr<humanear::Library> library_;
    State state_ = State::Closed;
    QString error_;
    humanear::LibraryStatus status_;
    bool hasStatus_ = false;
    bool busy_ = false;
    bool paused_ = false;
    humanear::CancelToken cancel_;
    quint64 openGeneration_ = 0;
    QProcess* fetch_ = nullptr;
};
