#pragma once
// One preview at a time: starting another stops the first. Playback starts
// at the library's representative point (previewStartSeconds), not at the
// silence many tracks open with. QMediaPlayer decodes on its own threads.
#include <QObject>
#include <QString>

class QMediaPlayer;
class QAudioOutput;

class PreviewPlayer : public QObject {
    Q_OBJECT
public:
    explicit PreviewPlayer(QObject* parent = nullptr);

    // Plays `path` from `startSeconds`, or toggles pause when it is the current one.
    void toggle(const QString& path, double startSeconds);
    void stop();
    void seek(qint64 ms);
    bool isPlaying() const;
    QString currentPath() const { return path_; }
    qint64 durationMs() const;

Q_SIGNALS:
    void stateChanged(const QString& path, bool playing);
    void positionChanged(qint64 ms, qint64 durationMs);
    void failed(const QString& message);

private:
    QMediaPlayer* player_;
    QAudioOutput* output_;
    QString path_;
    qint64 pendingSeekMs_ = -1;  // applied once the media has loaded
};
