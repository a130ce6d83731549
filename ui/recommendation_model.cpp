#include "recommendation_model.h"

#include <QFileInfo>

RecommendationModel::RecommendationModel(QObject* parent) : QAbstractTableModel(parent) {}

int RecommendationModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(items_.size()); }
int RecommendationModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RecommendationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& r = items_[index.row()];
    const auto& t = r.track;
    if (role == PathRole) return QString::fromStdString(t.path);
    if (role == PreviewStartRole) return t.previewStartSeconds;
    if (role == Qt::ToolTipRole) return QString::fromStdString(t.path);
    if (role == Qt::TextAlignmentRole && index.column() == Similarity) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::AccessibleTextRole && index.column() == Play)
        return index.row() == playingRow_ && playing_ ? tr("Pause preview") : tr("Play preview");
    if (role != Qt::DisplayRole && role != SortRole) return {};
    switch (Column(index.column())) {
    case Play: return index.row() == playingRow_ && playing_ ? QStringLiteral("⏸") : QStringLiteral("▶");
    case Title:
        return t.title.empty() ? QFileInfo(QString::fromStdString(t.path)).completeBaseName() : QString::fromStdString(t.title);
    case Artist: return QString::fromStdString(t.artist);
    case Genre: return QString::fromStdString(t.genre);
    case Similarity:
        // The cosine itself: embeddings z-scored on the library make weak matches
        // negative, and "-41 %" would read as a nonsensical percentage.
        return role == SortRole ? QVariant(r.similarity) : QVariant(QString::number(r.similarity, 'f', 2));
    case ColumnCount: break;
    }
    return {};
}

QVariant RecommendationModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Play: return QString();
    case Title: return tr("Title");
    case Artist: return tr("Artist");
    case Genre: return tr("Genre");
    case Similarity: return tr("Similarity");
    case ColumnCount: break;
    }
    return {};
}

void RecommendationModel::setRecommendations(const std::vector<humanear::Recommendation>& items) {
    beginResetModel();
    items_ = items;
    playingRow_ = -1;
    playing_ = false;
    endResetModel();
}

void RecommendationModel::setPlaying(int row, bool playing) {
    const int old = playingRow_;
    playingRow_ = row;
    playing_ = playing;
    if (old >= 0 && old < rowCount()) Q_EMIT dataChanged(index(old, Play), index(old, Play));
    if (row >= 0 && row < rowCount()) Q_EMIT dataChanged(index(row, Play), index(row, Play));
}
