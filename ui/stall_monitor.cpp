#include "stall_monitor.h"

#include <algorithm>
#include <ctime>

namespace {
qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}
}  // namespace

StallMonitor::StallMonitor(int intervalMs, QObject* parent) : QObject(parent), intervalMs_(intervalMs) {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(intervalMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
        const qint64 now = clock_.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        const double stall = (now - lastNs_) / 1e6 - intervalMs_;
        const double busy = (cpu - lastCpuNs_) / 1e6;
        if (stall > longestMs_) {
            longestMs_ = stall;
            busyInLongestMs_ = busy;
        }
        longestBusyMs_ = std::max(longestBusyMs_, busy);
        lastNs_ = now;
        lastCpuNs_ = cpu;
        ++ticks_;
    });
}

void StallMonitor::start() {
    longestMs_ = longestBusyMs_ = busyInLongestMs_ = 0;
    ticks_ = 0;
    lastCpuNs_ = threadCpuNs();
    clock_.start();
    lastNs_ = 0;
    timer_.start();
}

void StallMonitor::stop() { timer_.stop(); }
