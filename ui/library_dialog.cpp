#include "library_dialog.h"

#include "library_service.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

LibraryDialog::LibraryDialog(LibraryService& service, QWidget* parent) : QDialog(parent), service_(service) {
    setWindowTitle(tr("Music library"));
    resize(560, 420);
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    folders_ = new QListWidget(this);
    progress_ = new QProgressBar(this);
    current_ = new QLabel(this);
    current_->setTextFormat(Qt::PlainText);
    lastResult_ = new QLabel(this);
    lastResult_->setWordWrap(true);
    layout->addWidget(summary_);
    layout->addWidget(details_);
    layout->addWidget(new QLabel(tr("Folders:"), this));
    layout->addWidget(folders_, 1);
    layout->addWidget(progress_);
    layout->addWidget(current_);
    layout->addWidget(lastResult_);

    auto* buttons = new QHBoxLayout;
    add_ = new QPushButton(tr("Add folder…"), this);
    remove_ = new QPushButton(tr("Remove folder"), this);
    rescan_ = new QPushButton(tr("Rescan"), this);
    demo_ = new QPushButton(tr("Add the demo library"), this);
    demo_->setToolTip(tr("Free game soundtracks from Debian (Wesnoth, Warzone 2100, Hedgewars, …)"));
    cancel_ = new QPushButton(tr("Cancel scan"), this);
    for (auto* b : {add_, remove_, rescan_, demo_, cancel_}) buttons->addWidget(b);
    layout->addLayout(buttons);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(add_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of human-made music"));
        if (!dir.isEmpty()) service_.addFolder(dir);
    });
    connect(remove_, &QPushButton::clicked, this, [this] {
        if (auto* item = folders_->currentItem()) service_.removeFolder(item->text());
    });
    connect(rescan_, &QPushButton::clicked, &service_, &LibraryService::rescan);
    connect(demo_, &QPushButton::clicked, &service_, &LibraryService::addDemoLibrary);
    connect(cancel_, &QPushButton::clicked, &service_, &LibraryService::cancelScan);
    connect(&service_, &LibraryService::stateChanged, this, &LibraryDialog::refresh);
    connect(&service_, &LibraryService::statusChanged, this, &LibraryDialog::refresh);
    connect(&service_, &LibraryService::busyChanged, this, &LibraryDialog::refresh);
    connect(&service_, &LibraryService::scanProgress, this, [this](qint64 done, qint64 total, const QString& path) {
        progress_->setRange(0, total > 0 ? int(total) : 0);  // 0..0 = busy while the total is unknown
        progress_->setValue(int(done));
        current_->setText(QFontMetrics(current_->font()).elidedText(path, Qt::ElideMiddle, current_->width()));
    });
    connect(&service_, &LibraryService::scanFinished, this, [this](bool ok, const QString& message) {
        lastResult_->setText(ok ? message : tr("Failed: %1").arg(message));
        current_->clear();
    });
    refresh();
}

void LibraryDialog::refresh() {
    const bool ready = service_.state() == LibraryService::State::Ready;
    const bool busy = service_.isBusy();
    summary_->setText(service_.summary());
    folders_->clear();
    if (service_.hasStatus()) {
        const auto& s = service_.status();
        for (const auto& f : s.folders) folders_->addItem(QString::fromStdString(f));
        QStringList genres;
        for (const auto& g : s.genres)
            genres << QStringLiteral("%1 (%2)")
                          .arg(g.genre.empty() ? tr("untagged") : QString::fromStdString(g.genre))
                          .arg(g.tracks);
        details_->setText(tr("Location: %1\nEmbedder: %2 %3 · index: %4 · %5 need re-indexing\nGenres: %6")
                              .arg(QString::fromStdString(s.directory), QString::fromStdString(s.embedderId),
                                   QString::fromStdString(s.embedderVersion), QString::fromStdString(s.indexKind))
                              .arg(s.stale)
                              .arg(genres.isEmpty() ? tr("none") : genres.join(QStringLiteral(", "))));
    } else {
        details_->clear();
    }
    const bool empty = !service_.hasStatus() || service_.status().tracks == 0;
    add_->setEnabled(ready && !busy);
    remove_->setEnabled(ready && !busy && folders_->count() > 0);
    rescan_->setEnabled(ready && !busy && !empty);
    demo_->setEnabled(ready && !busy);
    demo_->setDefault(ready && empty);  // first run: the obvious next step
    cancel_->setEnabled(busy);
    progress_->setVisible(busy);
}
