#include "recommendations_panel.h"

#include "preview_player.h"
#include "recommendation_model.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace {
QString mmss(qint64 ms) {
    const qint64 s = std::max<qint64>(0, ms / 1000);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
}  // namespace

RecommendationsPanel::RecommendationsPanel(QWidget* parent)
    : QWidget(parent), model_(new RecommendationModel(this)), player_(new PreviewPlayer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>Human-made tracks like this one</b>"), this);
    layout->addWidget(title);

    stack_ = new QStackedWidget(this);
    view_ = new QTableView(stack_);
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->hide();
    view_->setShowGrid(false);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideRight);
    view_->setAlternatingRowColors(true);
    view_->horizontalHeader()->setSectionResizeMode(RecommendationModel::Play, QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setSectionResizeMode(RecommendationModel::Title, QHeaderView::Stretch);
    view_->horizontalHeader()->setSectionResizeMode(RecommendationModel::Similarity, QHeaderView::ResizeToContents);
    empty_ = new QLabel(stack_);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setTextFormat(Qt::RichText);
    connect(empty_, &QLabel::linkActivated, this, [this] { Q_EMIT openLibraryRequested(); });
    stack_->addWidget(view_);
    stack_->addWidget(empty_);
    layout->addWidget(stack_, 1);

    auto* controls = new QHBoxLayout;
    playButton_ = new QPushButton(tr("Play"), this);
    playButton_->setToolTip(tr("Play or pause the selected preview (Space)"));
    folderButton_ = new QPushButton(tr("Show in folder"), this);
    position_ = new QSlider(Qt::Horizontal, this);
    position_->setAccessibleName(tr("Preview position"));
    time_ = new QLabel(QStringLiteral("0:00 / 0:00"), this);
    controls->addWidget(playButton_);
    controls->addWidget(position_, 1);
    controls->addWidget(time_);
    controls->addWidget(folderButton_);
    layout->addLayout(controls);

    connect(playButton_, &QPushButton::clicked, this, &RecommendationsPanel::togglePreview);
    connect(folderButton_, &QPushButton::clicked, this, &RecommendationsPanel::showInFolder);
    connect(view_, &QTableView::activated, this, [this](const QModelIndex&) { togglePreview(); });
    connect(view_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (index.column() == RecommendationModel::Play) togglePreview();
    });
    connect(position_, &QSlider::sliderMoved, player_, [this](int ms) { player_->seek(ms); });
    connect(player_, &PreviewPlayer::positionChanged, this, [this](qint64 ms, qint64 duration) {
        if (!position_->isSliderDown()) {
            position_->setRange(0, int(duration));
            position_->setValue(int(ms));
        }
        time_->setText(mmss(ms) + QStringLiteral(" / ") + mmss(duration));
    });
    connect(player_, &PreviewPlayer::stateChanged, this, [this](const QString& path, bool playing) {
        int row = -1;
        for (int i = 0; i < model_->rowCount(); ++i)
            if (model_->index(i, 0).data(RecommendationModel::PathRole).toString() == path) row = i;
        model_->setPlaying(row, playing);
        playButton_->setText(playing ? tr("Pause") : tr("Play"));
    });
    connect(player_, &PreviewPlayer::failed, this, [this](const QString& message) { time_->setToolTip(message); });
    updateEmptyState();
}

void RecommendationsPanel::setAnalysis(const AnalysisPtr& analysis) {
    analysis_ = analysis;
    if (analysis && analysis->recommendations) model_->setRecommendations(analysis->recommendations->items);
    else model_->clear();
    if (model_->rowCount() > 0) view_->selectRow(0);
    updateEmptyState();
}

void RecommendationsPanel::setLibraryState(const QString& text) {
    libraryState_ = text;
    updateEmptyState();
}

QString RecommendationsPanel::emptyText() const {
    if (!analysis_) return tr("Select an analysed track to see human-made tracks like it.");
    if (!analysis_->ok()) return tr("This file could not be analysed.");
    if (analysis_->recommendations && analysis_->recommendations->items.empty())
        return tr("The library has no track close enough to this one.");
    QString why;
    if (analysis_->detection && analysis_->detection->verdict == humanear::Verdict::LikelyHuman)
        why = tr("This track looks human-made, so no alternatives were searched. "
                 "Settings → Recommend for every track changes that.");
    else if (!libraryState_.isEmpty())
        why = libraryState_;
    else if (!analysis_->note.empty())
        why = QString::fromStdString(analysis_->note).toHtmlEscaped();
    else
        why = tr("No recommendations for this track.");
    return why + QStringLiteral("<br><br><a href=\"library\">") + tr("Open the library…") + QStringLiteral("</a>");
}

void RecommendationsPanel::updateEmptyState() {
    const bool any = model_->rowCount() > 0;
    stack_->setCurrentIndex(any ? 0 : 1);
    if (!any) empty_->setText(emptyText());
    playButton_->setEnabled(any);
    folderButton_->setEnabled(any);
    position_->setEnabled(any);
}

int RecommendationsPanel::currentRow() const {
    const auto selected = view_->selectionModel()->selectedRows();
    if (!selected.isEmpty()) return selected.first().row();
    return model_->rowCount() > 0 ? 0 : -1;
}

void RecommendationsPanel::togglePreview() {
    const int row = currentRow();
    if (row < 0) return;
    const QModelIndex index = model_->index(row, 0);
    player_->toggle(index.data(RecommendationModel::PathRole).toString(),
                    index.data(RecommendationModel::PreviewStartRole).toDouble());
}

void RecommendationsPanel::showInFolder() {
    const int row = currentRow();
    if (row < 0) return;
    const QString path = model_->index(row, 0).data(RecommendationModel::PathRole).toString();
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}
