#include "analysis_controller.h"

#include "gui_thread.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>
#include <algorithm>

struct AnalysisController::Batch {
    humanear::BatchHandle handle;
    QStringList pending;  // submission order, not yet finished
    int inFlight = 0;
    int started = 0;
    qint64 done = 0, total = 0;
    bool engineDone = false;
};

AnalysisController::AnalysisController(humanear::Engine& engine, QObject* parent)
    : QObject(parent), engine_(engine) {
    qRegisterMetaType<AnalysisPtr>();
    options_.keepSpectrogram = true;
    options_.computeSaliency = true;
    inFlightLimit_ = std::max(1, engine.device().workers);
}

AnalysisController::~AnalysisController() { batches_.clear(); }  // each handle cancels and waits

void AnalysisController::analyze(const QStringList& paths) {
    if (paths.isEmpty()) return;
    auto batch = std::make_unique<Batch>();
    Batch* raw = batch.get();
    std::vector<std::string> files;
    for (const QString& p : paths) {
        files.push_back(p.toStdString());
        batch->pending << QFileInfo(p).absoluteFilePath();
    }
    batch->total = paths.size();
    batches_.push_back(std::move(batch));

    QPointer<AnalysisController> self(this);
    humanear::BatchCallbacks callbacks;
    // Pool threads only wrap the value and queue an event; the slots run on the GUI thread.
    callbacks.onResult = [self, raw](const humanear::TrackAnalysis& analysis) {
        auto shared = std::make_shared<const humanear::TrackAnalysis>(analysis);
        guithread::post(self, [self, raw, shared] { self->onResult(raw, shared); });
    };
    callbacks.onProgress = [self, raw](long long done, long long total) {
        guithread::post(self, [self, raw, done, total] { self->onBatchProgress(raw, done, total); });
    };
    raw->handle = engine_.analyzeBatch(std::move(files), options_, callbacks);
    if (paused_) raw->handle.setPaused(true);
    startMore(raw);
    emitProgress();
}

void AnalysisController::startMore(Batch* batch) {
    int running = 0;
    for (const auto& b : batches_) running += b->inFlight;
    while (running < inFlightLimit_ && batch->started < batch->pending.size()) {
        Q_EMIT trackStarted(batch->pending[batch->started++]);
        ++batch->inFlight;
        ++running;
    }
}

void AnalysisController::onResult(Batch* batch, const AnalysisPtr& analysis) {
    auto it = std::find_if(batches_.begin(), batches_.end(), [batch](const auto& b) { return b.get() == batch; });
    if (it == batches_.end()) return;
    const QString path = QFileInfo(QString::fromStdString(analysis->path)).absoluteFilePath();
    const int index = int(batch->pending.indexOf(path));
    if (index >= 0) {
        batch->pending.removeAt(index);
        if (index < batch->started) {
            --batch->started;
            --batch->inFlight;
        }
    }
    Q_EMIT trackFinished(analysis);
    for (const auto& b : batches_) startMore(b.get());
}

void AnalysisController::onBatchProgress(Batch* batch, qint64 done, qint64 total) {
    auto it = std::find_if(batches_.begin(), batches_.end(), [batch](const auto& b) { return b.get() == batch; });
    if (it == batches_.end()) return;
    batch->done = done;
    batch->total = total;
    emitProgress();
    // The final progress report is queued after the last result, so the
    // batch is complete here.
    if (done >= total) {
        const QStringList unfinished = batch->pending;
        batches_.erase(it);  // the handle is finished: destroying it does not block
        Q_EMIT batchFinished(unfinished);
        if (batches_.empty()) Q_EMIT idle();
    }
}

void AnalysisController::emitProgress() {
    qint64 done = 0, total = 0;
    for (const auto& b : batches_) {
        done += b->done;
        total += b->total;
    }
    Q_EMIT progress(done, total);
}

void AnalysisController::cancel() {
    for (auto& b : batches_) b->handle.cancel();
}

void AnalysisController::setPaused(bool paused) {
    paused_ = paused;
    for (auto& b : batches_) b->handle.setPaused(paused);
}
