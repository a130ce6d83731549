#pragma once
// The top human recommendations for the selected track, with the preview
// state of each row (which one plays) for the play column. Rows stay in the
// engine's order (by the score shown in the Match column); "Why" says what the
// embedder found alike, translated from the engine's reason keys.
#include "humanear/library.h"

#include <QAbstractTableModel>

class RecommendationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Play, Title, Artist, Genre, Why, Score, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, PreviewStartRole, SortRole };

    explicit RecommendationModel(QObject* parent = nullptr);

    // "same genre · similar tempo", in the UI language.
    static QString reasonText(const std::vector<std::string>& reasonKeys);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setRecommendations(const std::vector<humanear::Recommendation>& items);
    void clear() { setRecommendations({}); }
    const humanear::Recommendation& item(int row) const { return items_[row]; }
    // The row whose preview plays (-1 none) and whether it is paused.
    void setPlaying(int row, bool playing);
    int playingRow() const { return playingRow_; }

private:
    std::vector<humanear::Recommendation> items_;
    int playingRow_ = -1;
    bool playing_ = false;
};
