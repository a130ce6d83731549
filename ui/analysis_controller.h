#pragma once
// Bridges the engine's pool-thread callbacks to the GUI thread through queued
// signals. The GUI never decodes or infers: it only receives finished values.
#include "humanear/engine.h"

#include <QObject>
#include <QStringList>
#include <memory>

Q_DECLARE_METATYPE(humanear::TrackAnalysis)

class AnalysisController : public QObject {
    Q_OBJECT
public:
    explicit AnalysisController(humanear::Engine& engine, QObject* parent = nullptr);
    ~AnalysisController() override;

    void analyze(const QStringList& paths);
    void cancel();
    void setPaused(bool paused);
    bool isBusy() const;

Q_SIGNALS:
    void trackFinished(const humanear::TrackAnalysis& analysis);
    void progress(qint64 done, qint64 total);
    void batchFinished();

private:
    humanear::Engine& engine_;
    std::unique_ptr<humanear::BatchHandle> batch_;
    qint64 pendingInBatch_ = 0;
};
