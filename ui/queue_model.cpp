#include "queue_model.h"
#include "notice_text.h"

#include "humanear/json.h"
#include "time_text.h"
#include "verdict_text.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

QueueModel::QueueModel(QObject* parent) : QAbstractTableModel(parent) { qRegisterMetaType<AnalysisPtr>(); }

int QueueModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }
int QueueModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString QueueModel::titleFromPath(const QString& path) {
    // Same fallback the library uses for untagged files: "03 - My_Song.ogg" -> "My Song".
    QString title = QFileInfo(path).completeBaseName();
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    static const QRegularExpression trackNumber(QStringLiteral("^\\d{1,3}\\s*[-.]?\\s+"));
    title.remove(trackNumber);
    return title.trimmed().isEmpty() ? QFileInfo(path).fileName() : title.trimmed();
}

QString QueueModel::artistFromPath(const QString& path) {
    // The analysis carries no tags yet; the containing folder is the best
    // guess a listener would recognise (albums, soundtracks, generators).
    return QFileInfo(path).absoluteDir().dirName();
}

QString QueueModel::stateText(QueueEntry::State state) {
    switch (state) {
    case QueueEntry::State::Queued: return tr("Queued");
    case QueueEntry::State::Analysing: return tr("Analysing…");
    case QueueEntry::State::Done: return tr("Analysed");
    case QueueEntry::State::Failed: return tr("Failed");
    case QueueEntry::State::Cancelled: return tr("Cancelled");
    }
    return {};
}

QVariant QueueModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count()) return {};
    const QueueEntry& e = entries_[index.row()];
    const humanear::TrackAnalysis* a = e.analysis.get();
    const humanear::Detection* d = a && a->detection ? &*a->detection : nullptr;
    if (role == PathRole) return e.path;
    if (role == StateRole) return int(e.state);
    if (role == Qt::ToolTipRole) {
        if (e.state == QueueEntry::State::Failed && a && a->error) return noticetext::detailedError(*a->error);
        if (a && !a->notices.empty()) return noticetext::detailed(a->notices);
        return e.path;
    }
    if (role == Qt::ForegroundRole && index.column() == State && e.state == QueueEntry::State::Failed)
        return QBrush(QColor(0xd0, 0x40, 0x40));
    if (role == Qt::TextAlignmentRole && (index.column() == Duration || index.column() == AiPercent))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool sort = role == SortRole;
    switch (Column(index.column())) {
    case Title: return e.title;
    case Artist: return e.artist;
    case Duration:
        if (!a || a->facts.sampleRate <= 0) return sort ? QVariant(-1.0) : QVariant();
        if (sort) return a->facts.durationSeconds;
        return timetext::minutesSeconds(a->facts.durationSeconds);
    case State:
        if (sort) return int(e.state);
        // The kind of problem in the user's language; the tooltip names the file and the details.
        if (e.state == QueueEntry::State::Failed && a && a->error) return noticetext::errorSummary(a->error->code);
        return stateText(e.state);
    case AiPercent:
        if (!d || !d->hasPAi()) return sort ? QVariant(-1.0) : QVariant(a && a->ok() ? QStringLiteral("—") : QString());
        return sort ? QVariant(d->pAi) : QVariant(QStringLiteral("%1 %").arg(d->pAi * 100.0, 0, 'f', 0));
    case VerdictColumn:
        if (!d) {
            if (!a || !a->ok()) return {};
            return sort ? QVariant(-1) : QVariant(tr("No model"));
        }
        {
            const auto v = verdicttext::effectiveVerdict(*d, userThreshold_);
            if (!sort && v == humanear::Verdict::NotMusic)
                return tr("%1 (%2)").arg(verdicttext::words(v), verdicttext::reasonWords(d->notMusic));
            return sort ? QVariant(int(v)) : QVariant(verdicttext::words(v));
        }
    case ColumnCount: break;
    }
    return {};
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Title: return tr("Title");
    case Artist: return tr("Artist");
    case Duration: return tr("Duration");
    case State: return tr("State");
    case AiPercent: return tr("AI %");
    case VerdictColumn: return tr("Verdict");
    case ColumnCount: break;
    }
    return {};
}

int QueueModel::rowOf(const QString& path) const {
    for (int i = 0; i < count(); ++i)
        if (entries_[i].path == path) return i;
    return -1;
}

int QueueModel::finishedCount() const {
    return int(std::count_if(entries_.begin(), entries_.end(), [](const QueueEntry& e) {
        return e.state != QueueEntry::State::Queued && e.state != QueueEntry::State::Analysing;
    }));
}

QStringList QueueModel::enqueue(const QStringList& paths) {
    QStringList added;
    for (const QString& p : paths) {
        const QString path = QFileInfo(p).absoluteFilePath();
        const int existing = rowOf(path);
        if (existing >= 0) {
            // Dropping a finished file again re-analyses it.
            if (entries_[existing].state != QueueEntry::State::Queued &&
                entries_[existing].state != QueueEntry::State::Analysing) {
                added << requeue({existing});
            }
            continue;
        }
        if (added.contains(path)) continue;
        added << path;
    }
    QStringList fresh;
    for (const QString& path : added)
        if (rowOf(path) < 0) fresh << path;
    if (!fresh.isEmpty()) {
        beginInsertRows({}, count(), count() + int(fresh.size()) - 1);
        for (const QString& path : fresh) entries_.push_back({path, titleFromPath(path), artistFromPath(path), QueueEntry::State::Queued, {}});
        endInsertRows();
    }
    return added;
}

void QueueModel::setInFlight(const QString& path) {
    const int row = rowOf(path);
    if (row < 0 || entries_[row].state != QueueEntry::State::Queued) return;
    entries_[row].state = QueueEntry::State::Analysing;
    rowChanged(row);
}

void QueueModel::setResult(const AnalysisPtr& analysis) {
    if (!analysis) return;
    const int row = rowOf(QFileInfo(QString::fromStdString(analysis->path)).absoluteFilePath());
    if (row < 0) return;
    QueueEntry& e = entries_[row];
    e.analysis = analysis;
    if (!analysis->metadata.title.empty()) e.title = QString::fromStdString(analysis->metadata.title);
    if (!analysis->metadata.artist.empty()) e.artist = QString::fromStdString(analysis->metadata.artist);
    if (analysis->ok()) e.state = QueueEntry::State::Done;
    else if (analysis->error->code == humanear::ErrorCode::Cancelled) e.state = QueueEntry::State::Cancelled;
    else e.state = QueueEntry::State::Failed;
    rowChanged(row);
}

void QueueModel::cancelUnfinished(const QStringList& paths) {
    for (const QString& path : paths) {
        const int row = rowOf(path);
        if (row < 0) continue;
        auto& state = entries_[row].state;
        if (state == QueueEntry::State::Queued || state == QueueEntry::State::Analysing) {
            state = QueueEntry::State::Cancelled;
            rowChanged(row);
        }
    }
}

QStringList QueueModel::requeue(const QList<int>& rows) {
    QStringList paths;
    for (int row : rows) {
        if (row < 0 || row >= count()) continue;
        QueueEntry& e = entries_[row];
        if (e.state == QueueEntry::State::Queued || e.state == QueueEntry::State::Analysing) continue;
        e.state = QueueEntry::State::Queued;
        e.analysis.reset();
        paths << e.path;
        rowChanged(row);
    }
    return paths;
}

void QueueModel::removeRows(QList<int> rows) {
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : rows) {
        if (row < 0 || row >= count()) continue;
        beginRemoveRows({}, row, row);
        entries_.erase(entries_.begin() + row);
        endRemoveRows();
    }
}

void QueueModel::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
}

void QueueModel::setUserThreshold(double threshold) {
    userThreshold_ = threshold;
    if (count() > 0) Q_EMIT dataChanged(index(0, VerdictColumn), index(count() - 1, VerdictColumn));
}

void QueueModel::rowChanged(int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); }

QJsonArray QueueModel::toJson() const {
    QJsonArray array;
    for (const QueueEntry& e : entries_) {
        QJsonObject o{{"path", e.path}, {"title", e.title}, {"artist", e.artist}};
        // A file in flight when the app stopped is queued again on restore.
        const bool finished = e.state != QueueEntry::State::Queued && e.state != QueueEntry::State::Analysing;
        o["state"] = finished ? int(e.state) : int(QueueEntry::State::Queued);
        if (finished && e.analysis) o["analysis"] = humanear::analysisToJson(*e.analysis);
        array.append(o);
    }
    return array;
}

void QueueModel::restore(const QJsonArray& array) {
    beginResetModel();
    entries_.clear();
    for (const auto& value : array) {
        const QJsonObject o = value.toObject();
        QueueEntry e;
        e.path = o.value("path").toString();
        if (e.path.isEmpty()) continue;
        e.title = o.value("title").toString(titleFromPath(e.path));
        e.artist = o.value("artist").toString(artistFromPath(e.path));
        e.state = QueueEntry::State(std::clamp(o.value("state").toInt(), 0, int(QueueEntry::State::Cancelled)));
        if (o.contains("analysis"))
            e.analysis = std::make_shared<const humanear::TrackAnalysis>(humanear::analysisFromJson(o.value("analysis").toObject()));
        else if (e.state != QueueEntry::State::Queued)
            e.state = QueueEntry::State::Queued;
        entries_.push_back(std::move(e));
    }
    endResetModel();
}
