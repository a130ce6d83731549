#pragma once
// Paints the queue's State column: a moving bar for a file in flight, the
// error in red for a failed one, plain text otherwise.
#include <QStyledItemDelegate>

class StateDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setPhase(int phase) { phase_ = phase; }

private:
    int phase_ = 0;
};
