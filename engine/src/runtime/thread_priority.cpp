#include "runtime/thread_priority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cerrno>
#endif

namespace humanear::runtime {

void lowerCurrentThreadPriority(int niceIncrement) {
#if defined(__linux__)
    // On Linux setpriority(PRIO_PROCESS, tid) applies to one thread, not the process.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, current + niceIncrement);
#else
    (void)niceIncrement;
#endif
}

}  // namespace humanear::runtime
