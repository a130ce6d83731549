#include "preview_player.h"

#include <QAudioOutput>
#include <QMediaPlayer>
#include <QUrl>

PreviewPlayer::PreviewPlayer(QObject* parent)
    : QObject(parent), player_(new QMediaPlayer(this)), output_(new QAudioOutput(this)) {
    player_->setAudioOutput(output_);
    output_->setVolume(0.8f);
    connect(player_, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if ((status == QMediaPlayer::LoadedMedia || status == QMediaPlayer::BufferedMedia) && pendingSeekMs_ >= 0) {
            player_->setPosition(pendingSeekMs_);
            pendingSeekMs_ = -1;
        }
        if (status == QMediaPlayer::EndOfMedia) Q_EMIT stateChanged(path_, false);
    });
    connect(player_, &QMediaPlayer::playbackStateChanged, this,
            [this](QMediaPlayer::PlaybackState s) { Q_EMIT stateChanged(path_, s == QMediaPlayer::PlayingState); });
    connect(player_, &QMediaPlayer::positionChanged, this,
            [this](qint64 ms) { Q_EMIT positionChanged(ms, player_->duration()); });
    connect(player_, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString& text) {
        Q_EMIT failed(text);
        Q_EMIT stateChanged(path_, false);
    });
}

void PreviewPlayer::toggle(const QString& path, double startSeconds) {
    if (path == path_ && player_->playbackState() != QMediaPlayer::StoppedState) {
        if (player_->playbackState() == QMediaPlayer::PlayingState) player_->pause();
        else player_->play();
        return;
    }
    player_->stop();
    path_ = path;
    pendingSeekMs_ = qint64(startSeconds * 1000);
    player_->setSource(QUrl::fromLocalFile(path));
    if (pendingSeekMs_ > 0 && player_->isSeekable()) {
        player_->setPosition(pendingSeekMs_);
        pendingSeekMs_ = -1;
    }
    player_->play();
}

void PreviewPlayer::stop() {
    player_->stop();
    Q_EMIT stateChanged(path_, false);
}

void PreviewPlayer::seek(qint64 ms) { player_->setPosition(ms); }
bool PreviewPlayer::isPlaying() const { return player_->playbackState() == QMediaPlayer::PlayingState; }
qint64 PreviewPlayer::durationMs() const { return player_->duration(); }
