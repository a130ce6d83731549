#include "state_delegate.h"

#include "queue_model.h"

#include <QApplication>
#include <QPainter>

void StateDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    if (QueueEntry::State(index.data(QueueModel::StateRole).toInt()) != QueueEntry::State::Analysing) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    // The engine reports files, not fractions of one: a sliding block says
    // "working" without inventing a percentage.
    const QRect bar = option.rect.adjusted(4, option.rect.height() / 2 + 3, -4, -3);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Mid));
    painter->drawRoundedRect(bar, 2, 2);
    const int block = std::max(12, bar.width() / 4);
    const int travel = std::max(1, bar.width() - block);
    const int x = (phase_ * 4) % (2 * travel);
    painter->setBrush(option.palette.color(QPalette::Highlight));
    painter->drawRoundedRect(QRect(bar.left() + (x < travel ? x : 2 * travel - x), bar.top(), block, bar.height()), 2, 2);
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(option.rect.adjusted(4, 0, -4, -option.rect.height() / 2 + 2), Qt::AlignLeft | Qt::AlignVCenter,
                      index.data(Qt::DisplayRole).toString());
    painter->restore();
}
