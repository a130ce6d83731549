#include "recommendation_model.h"

#include <QFileInfo>

RecommendationModel::RecommendationModel(QObject* parent) : QAbstractTableModel(parent) {}

QString RecommendationModel::reasonText(const std::vector<std::string>& reasonKeys) {
    QStringList parts;
    for (const auto& key : reasonKeys) {
        const QString k = QString::fromStdString(key);
        if (k == QLatin1String("same-genre")) parts << tr("same genre");
        else if (k == QLatin1String("tempo")) parts << tr("similar tempo");
        else if (k == QLatin1String("timbre")) parts << tr("similar timbre");
        else if (k == QLatin1String("brightness")) parts << tr("similar brightness");
        else if (k == QLatin1String("harmony")) parts << tr("similar harmony");
        else if (k == QLatin1String("rhythm")) parts << tr("similar rhythm");
        else if (k == QLatin1String("loudness")) parts << tr("similar loudness");
        else if (k == QLatin1String("timbre-movement")) parts << tr("similar timbre movement");
        else if (k == QLatin1String("stereo")) parts << tr("similar stereo image");
        else if (k == QLatin1String("musicnn")) parts << tr("similar style (musicnn)");
        else if (k == QLatin1String("overall")) parts << tr("similar overall sound");
        else parts << QString::fromStdString(humanear::recommendationReasonText(key));
    }
    return parts.join(QStringLiteral(" · "));
}

int RecommendationModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(items_.size()); }
int RecommendationModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RecommendationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& r = items_[index.row()];
    const auto& t = r.track;
    if (role == PathRole) return QString::fromStdString(t.path);
    if (role == PreviewStartRole) return t.previewStartSeconds;
    if (role == Qt::ToolTipRole) {
        QString tip = reasonText(r.reasons);
        tip += QLatin1Char('\n') + (r.sameGenre ? tr("Match %1 = similarity %2 + %3 for the same genre (%4)")
                                                       .arg(r.score, 0, 'f', 2)
                                                       .arg(r.similarity, 0, 'f', 2)
                                                       .arg(r.score - r.similarity, 0, 'f', 2)
                                                       .arg(QString::fromStdString(t.canonicalGenre))
                                                 : tr("Match %1 = similarity").arg(r.score, 0, 'f', 2));
        return tip + QLatin1Char('\n') + QString::fromStdString(t.path);
    }
    if (role == Qt::TextAlignmentRole && index.column() == Score) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::AccessibleTextRole && index.column() == Play)
        return index.row() == playingRow_ && playing_ ? tr("Pause preview") : tr("Play preview");
    if (role != Qt::DisplayRole && role != SortRole) return {};
    switch (Column(index.column())) {
    case Play: return index.row() == playingRow_ && playing_ ? QStringLiteral("⏸") : QStringLiteral("▶");
    case Title:
        return t.title.empty() ? QFileInfo(QString::fromStdString(t.path)).completeBaseName() : QString::fromStdString(t.title);
    case Artist: return QString::fromStdString(t.artist);
    case Genre: return QString::fromStdString(t.genre);  // the tag as the file spells it
    case Why: return reasonText(r.reasons);
    case Score:
        // The score the list is ordered by (cosine plus the genre bonus), not a
        // percentage: it is not a probability of anything.
        return role == SortRole ? QVariant(r.score) : QVariant(QString::number(r.score, 'f', 2));
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
    case Why: return tr("Why");
    case Score: return tr("Match");
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
