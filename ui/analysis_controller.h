#pragma once
// Bridges the engine's pool-thread callbacks to the GUI thread through queued
// signals. The GUI never decodes or infers: it only receives finished values,
// already wrapped in a shared pointer on the pool thread so the (large)
// spectrogram is never copied on the GUI thread.
#include "queue_model.h"

#include "humanear/engine.h"

#include <QObject>
#include <QStringList>
#include <list>
#include <memory>

class AnalysisController : public QObject {
    Q_OBJECT
public:
    explicit AnalysisController(humanear::Engine& engine, QObject* parent = nullptr);
    ~AnalysisController() override;

    void setOptions(const humanear::AnalysisOptions& options) { options_ = options; }
    const humanear::AnalysisOptions& options() const { return options_; }

    // Starts a batch beside any running one; the pool shares the workers.
    void analyze(const QStringList& paths);
    void cancel();
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }
    bool isBusy() const { return !batches_.empty(); }

Q_SIGNALS:
    // The engine does not announce when a file starts; the controller marks
    // as many files as there are workers, in submission order, as in flight.
    void trackStarted(const QString& path);
    void trackFinished(const AnalysisPtr& analysis);
    void progress(qint64 done, qint64 total);  // over all running batches
    // A batch ended; `unfinished` are its paths that never produced a result (cancelled).
    void batchFinished(const QStringList& unfinished);
    void idle();

private:
    struct Batch;
    void onResult(Batch* batch, const AnalysisPtr& analysis);
    void onBatchProgress(Batch* batch, qint64 done, qint64 total);
    void startMore(Batch* batch);
    void emitProgress();

    humanear::Engine& engine_;
    humanear::AnalysisOptions options_;
    std::list<std::unique_ptr<Batch>> batches_;
    bool paused_ = false;
    int inFlightLimit_ = 1;
};
