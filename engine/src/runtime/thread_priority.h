#pragma once
// Analysis threads yield to the GUI thread: on a busy 2-core machine the kernel
// otherwise lets a decoder run a whole time slice while the event loop waits.
namespace humanear::runtime {

// Lowers the calling thread's scheduling priority by `niceIncrement` (Linux: the
// thread's own nice value). Best effort: failures are ignored.
void lowerCurrentThreadPriority(int niceIncrement = 5);

}  // namespace humanear::runtime
