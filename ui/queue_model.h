#pragma once
// The analysis queue as a table: one row per file, in the order it was added.
// Rows hold the finished TrackAnalysis (shared, never copied on the GUI thread)
// so the spectrogram, gauge and recommendations read from the same value.
#include "humanear/analysis.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <memory>

using AnalysisPtr = std::shared_ptr<const humanear::TrackAnalysis>;
Q_DECLARE_METATYPE(AnalysisPtr)

struct QueueEntry {
    enum class State { Queued, Analysing, Done, Failed, Cancelled };
    QString path;
    QString title;
    QString artist;
    State state = State::Queued;
    AnalysisPtr analysis;  // set once finished (or restored)
};

class QueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Artist, Duration, State, AiPercent, VerdictColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,  // numbers sort as numbers
        PathRole,
        StateRole,  // QueueEntry::State as int
    };

    explicit QueueModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Appends files not already queued; returns the paths actually added.
    QStringList enqueue(const QStringList& paths);
    void setInFlight(const QString& path);
    void setResult(const AnalysisPtr& analysis);
    // Rows still queued or in flight become Cancelled (after a cancelled batch).
    void cancelUnfinished(const QStringList& paths);
    // Rows whose analysis failed or was cancelled go back to Queued; returns their paths.
    QStringList requeue(const QList<int>& rows);
    void removeRows(QList<int> rows);
    void clear();

    const QueueEntry& entry(int row) const { return entries_[row]; }
    int rowOf(const QString& path) const;
    int count() const { return int(entries_.size()); }
    int finishedCount() const;
    int unfinishedCount() const { return count() - finishedCount(); }

    // The user's threshold (Settings; <= 0 = the model's own).
    void setUserThreshold(double threshold);
    double userThreshold() const { return userThreshold_; }

    // Session persistence: paths, states and results without matrices.
    QJsonArray toJson() const;
    void restore(const QJsonArray& array);

    static QString titleFromPath(const QString& path);
    static QString artistFromPath(const QString& path);
    static QString stateText(QueueEntry::State state);

private:
    void rowChanged(int row);
    std::vector<QueueEntry> entries_;
    double userThreshold_ = 0;
};
