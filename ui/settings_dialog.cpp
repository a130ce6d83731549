#include "settings_dialog.h"

#include "humanear/library.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>

SettingsDialog::SettingsDialog(const AppSettings& s, bool cudaAvailable, QWidget* parent)
    : QDialog(parent), base_(s) {
    setWindowTitle(tr("Settings"));
    auto* form = new QFormLayout;

    threshold_ = new QDoubleSpinBox(this);
    threshold_->setRange(0, 0.99);
    threshold_->setSingleStep(0.05);
    threshold_->setDecimals(2);
    threshold_->setSpecialValueText(tr("Model's calibrated threshold"));
    threshold_->setValue(s.threshold);
    threshold_->setToolTip(tr("P(AI) at or above which a track is called AI-generated; the model's \"Uncertain\" band moves with it"));
    form->addRow(tr("AI threshold:"), threshold_);

    device_ = new QComboBox(this);
    device_->addItem(tr("Automatic"), int(humanear::DevicePreference::Auto));
    device_->addItem(tr("CPU"), int(humanear::DevicePreference::Cpu));
    device_->addItem(cudaAvailable ? tr("CUDA GPU") : tr("CUDA GPU (not available)"), int(humanear::DevicePreference::Cuda));
    if (!cudaAvailable)
        qobject_cast<QStandardItemModel*>(device_->model())->item(2)->setEnabled(false);
    device_->setCurrentIndex(device_->findData(int(s.device)));
    form->addRow(tr("Device:"), device_);

    workers_ = new QSpinBox(this);
    workers_->setRange(0, 64);
    workers_->setSpecialValueText(tr("One per core (%1)").arg(QThread::idealThreadCount()));
    workers_->setValue(s.workers);
    form->addRow(tr("Analysis workers:"), workers_);

    embedder_ = new QComboBox(this);
    for (const auto& e : humanear::availableEmbedders())
        embedder_->addItem(QCoreApplication::translate("Embedders", e.label), QString::fromLatin1(e.id));
    embedder_->setCurrentIndex(std::max(0, embedder_->findData(s.embedder)));
    form->addRow(tr("Similarity embedder:"), embedder_);

    auto* dirRow = new QHBoxLayout;
    libraryDir_ = new QLineEdit(s.libraryDir, this);
    libraryDir_->setPlaceholderText(s.effectiveLibraryDir());
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Library location"), libraryDir_->placeholderText());
        if (!dir.isEmpty()) libraryDir_->setText(dir);
    });
    dirRow->addWidget(libraryDir_, 1);
    dirRow->addWidget(browse);
    form->addRow(tr("Library location:"), dirRow);

    recommend_ = new QComboBox(this);
    recommend_->addItem(tr("Tracks that look AI-generated or uncertain"), int(humanear::RecommendPolicy::WhenNotHuman));
    recommend_->addItem(tr("Tracks that look AI-generated"), int(humanear::RecommendPolicy::WhenAi));
    recommend_->addItem(tr("Every track"), int(humanear::RecommendPolicy::Always));
    recommend_->addItem(tr("Never"), int(humanear::RecommendPolicy::Never));
    recommend_->setCurrentIndex(std::max(0, recommend_->findData(int(s.recommend))));
    form->addRow(tr("Recommend human tracks for:"), recommend_);

    language_ = new QComboBox(this);
    language_->addItem(tr("System language"), QString());
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    language_->setCurrentIndex(std::max(0, language_->findData(s.language)));
    form->addRow(tr("Language:"), language_);

    appearance_ = new QComboBox(this);
    appearance_->addItem(tr("Follow the system"), QStringLiteral("system"));
    appearance_->addItem(tr("Light"), QStringLiteral("light"));
    appearance_->addItem(tr("Dark"), QStringLiteral("dark"));
    appearance_->setCurrentIndex(std::max(0, appearance_->findData(s.appearance)));
    form->addRow(tr("Appearance:"), appearance_);

    auto* note = new QLabel(tr("Device, workers and language apply the next time HumanEar starts."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

AppSettings SettingsDialog::settings() const {
    AppSettings s = base_;
    s.threshold = threshold_->value();
    s.device = humanear::DevicePreference(device_->currentData().toInt());
    s.workers = workers_->value();
    s.embedder = embedder_->currentData().toString();
    s.libraryDir = libraryDir_->text().trimmed();
    s.recommend = humanear::RecommendPolicy(recommend_->currentData().toInt());
    s.language = language_->currentData().toString();
    s.appearance = appearance_->currentData().toString();
    return s;
}
