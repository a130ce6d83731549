#pragma once
// The GUI's one thread idiom (as in Strawberry). Work the GUI starts itself runs
// as whenReady(QtConcurrent::run(pool, work), this, continuation): the
// continuation runs on the GUI thread, always later (never inside the call that
// started the work, even when the work was quick), and not at all once `this` is
// gone. What the engine reports from its own worker threads (an analysis
// finished, batch or scan progress) comes through post(). Both end in the same
// queued, QPointer-guarded call; nothing else crosses threads in ui/.
#include <QFuture>
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

// Hands the future's result to `f` on the receiver's thread once it is there.
// (QFuture::then(context, f) would call f inside then() when the work has
// already finished; a view must return before its picture exists.)
template <typename T, typename Receiver, typename F>
void whenReady(QFuture<T> future, Receiver* receiver, F f) {
    QPointer<Receiver> guard(receiver);
    future.then([guard, f = std::move(f)](T value) mutable {
        post(guard, [f = std::move(f), value = std::move(value)]() mutable { f(value); });
    });
}

}  // namespace guithread
