#pragma once
// Measures how long the GUI thread's event loop is ever kept from running: a
// precise timer asks to fire every few milliseconds; any gap beyond that is a
// stall a user would feel as a frozen window. The GUI thread's own CPU time
// over the same gap tells our work (busy) apart from the OS running other
// threads instead (on a loaded machine the scheduler can starve any thread).
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class StallMonitor : public QObject {
    Q_OBJECT
public:
    explicit StallMonitor(int intervalMs = 5, QObject* parent = nullptr);
    void start();
    void stop();
    double longestStallMs() const { return longestMs_; }
    // The most CPU time the GUI thread itself spent between two ticks.
    double longestBusyMs() const { return longestBusyMs_; }
    // CPU time of the GUI thread during the longest stall.
    double busyInLongestStallMs() const { return busyInLongestMs_; }
    qint64 ticks() const { return ticks_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    double longestMs_ = 0;
    double longestBusyMs_ = 0;
    double busyInLongestMs_ = 0;
    qint64 lastCpuNs_ = 0;
    qint64 ticks_ = 0;
    int intervalMs_;
};
