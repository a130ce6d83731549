#include "analysis_controller.h"

#include <QMetaObject>
#include <QPointer>

AnalysisController::AnalysisController(humanear::Engine& engine, QObject* parent)
    : QObject(parent), engine_(engine) {
    qRegisterMetaType<humanear::TrackAnalysis>();
}

AnalysisController::~AnalysisController() { batch_.reset(); }  // cancels and waits

void AnalysisController::analyze(const QStringList& paths) {
    std::vector<std::string> files;
    for (const QString& p : paths) files.push_back(p.toStdString());
    if (files.empty()) return;
    batch_.reset();  // one batch at a time; a new drop replaces the old one
    pendingInBatch_ = static_cast<qint64>(files.size());
    QPointer<AnalysisController> self(this);
    humanear::BatchCallbacks callbacks;
    // Pool threads only queue events; the slots run on the GUI thread.
    callbacks.onResult = [self](const humanear::TrackAnalysis& analysis) {
        QMetaObject::invokeMethod(
            self, [self, analysis] { if (self) Q_EMIT self->trackFinished(analysis); }, Qt::QueuedConnection);
    };
    callbacks.onProgress = [self](long long done, long long total) {
        QMetaObject::invokeMethod(
            self,
            [self, done, total] {
                if (!self) return;
                Q_EMIT self->progress(done, total);
                if (done >= total) Q_EMIT self->batchFinished();
            },
            Qt::QueuedConnection);
    };
    humanear::AnalysisOptions options;
    options.keepSpectrogram = true;
    batch_ = std::make_unique<humanear::BatchHandle>(engine_.analyzeBatch(std::move(files), options, callbacks));
}

void AnalysisController::cancel() {
    if (batch_) batch_->cancel();
}

void AnalysisController::setPaused(bool paused) {
    if (batch_) batch_->setPaused(paused);
}

bool AnalysisController::isBusy() const { return batch_ && !batch_->isFinished(); }
