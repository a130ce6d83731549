#include "recommendations_panel.h"
#include "notice_text.h"

#include "preview_player.h"
#include "recommendation_model.h"
#include "time_text.h"

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

#include <optional>


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
    view_->horizontalHeader()->setSectionResizeMode(RecommendationModel::Why, QHeaderView::Stretch);
    view_->horizontalHeader()->setSectionResizeMode(RecommendationModel::Score, QHeaderView::ResizeToContents);
    empty_ = new QLabel(stack_);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setTextFormat(Qt::RichText);
    connect(empty_, &QLabel::linkActivated, this, [this] { Q_EMIT openLibraryRequested(); });
    stack_->addWidget(view_);
    stack_->addWidget(empty_);
    layout->addWidget(stack_, 1);
    shortfall_ = new QLabel(this);
    shortfall_->setWordWrap(true);
    shortfall_->hide();
    layout->addWidget(shortfall_);

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
        time_->setText(timetext::minutesSeconds(ms / 1000.0) + QStringLiteral(" / ") + timetext::minutesSeconds(duration / 1000.0));
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

void RecommendationsPanel::setPolicy(humanear::RecommendPolicy policy) {
    policy_ = policy;
    updateEmptyState();
}

QString RecommendationsPanel::emptyText() const {
    if (!analysis_) return tr("Select an analysed track to see human-made tracks like it.");
    if (!analysis_->ok()) return tr("This file could not be analysed.");
    const auto link = [](const QString& why) {
        return why + QStringLiteral("<br><br><a href=\"library\">") + tr("Open the library…") + QStringLiteral("</a>");
    };
    if (analysis_->recommendations && analysis_->recommendations->items.empty())
        return tr("Nothing in the library is close enough to this track (no similarity above %1), so nothing is "
                  "offered as like it.")
            .arg(analysis_->recommendations->minSimilarity, 0, 'f', 2);
    const auto verdict = analysis_->detection ? std::optional<humanear::Verdict>(analysis_->detection->verdict)
                                              : std::nullopt;
    using humanear::RecommendPolicy;
    if (policy_ == RecommendPolicy::Never)
        return tr("Recommendations are turned off (Settings → Recommend human tracks for).");
    if (verdict == humanear::Verdict::LikelyHuman && policy_ != RecommendPolicy::Always)
        return policy_ == RecommendPolicy::WhenAi
                   ? tr("Likely human: recommendations are shown for tracks that look AI-made "
                        "(Settings → Recommend human tracks for).")
                   : tr("Likely human: recommendations are shown for AI and uncertain tracks "
                        "(Settings → Recommend human tracks for).");
    if (verdict == humanear::Verdict::Uncertain && policy_ == RecommendPolicy::WhenAi)
        return tr("Uncertain: recommendations are shown for tracks that look AI-made only "
                  "(Settings → Recommend human tracks for).");
    if (!libraryState_.isEmpty()) return link(libraryState_);
    if (!analysis_->notices.empty()) return link(noticetext::summary(analysis_->notices).toHtmlEscaped());
    if (!analysis_->detection) return tr("The track has no verdict yet, so no recommendations were searched.");
    return link(tr("No recommendations were searched for this track; analyse it again (F5) to search them."));
}

QString RecommendationsPanel::shortfallText() const {
    if (!analysis_ || !analysis_->recommendations) return {};
    const auto& list = *analysis_->recommendations;
    const int shown = int(list.items.size());
    if (shown == 0 || shown >= list.requested) return {};
    const QString floor = QString::number(list.minSimilarity, 'f', 2);
    if (list.cutByArtist)
        return tr("Only %n track(s) are close enough (similarity above %1), at most %2 per artist.", nullptr, shown)
            .arg(floor)
            .arg(list.maxPerArtist);
    return tr("Only %n track(s) are close enough (similarity above %1).", nullptr, shown).arg(floor);
}

void RecommendationsPanel::updateEmptyState() {
    const bool any = model_->rowCount() > 0;
    stack_->setCurrentIndex(any ? 0 : 1);
    if (!any) empty_->setText(emptyText());
    const QString shortfall = any ? shortfallText() : QString();
    shortfall_->setText(shortfall);
    shortfall_->setVisible(!shortfall.isEmpty());
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
