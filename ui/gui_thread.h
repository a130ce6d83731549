#pragma once
// The GUI's one thread idiom (as in Strawberry). Work the GUI starts itself runs
// as QtConcurrent::run(pool, work).then(this, continuation): the continuation
// runs on the GUI thread, and not at all once `this` is gone. What the engine
// reports from its own worker threads (an analysis finished, batch or scan
// progress) comes through post(), the one way a worker hands a value to a GUI
// object. Nothing else crosses threads in ui/.
#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace guithread {

// Runs `f` later on the receiver's thread, if the receiver still exists then.
template <typename Receiver, typename F>
void post(const QPointer<Receiver>& receiver, F f) {
    if (!receiver) return;
    QMetaObject::invokeMethod(
        receiver.data(), [receiver, f = std::move(f)]() mutable { if (receiver) f(); }, Qt::QueuedConnection);
}

}  // namespace guithread
