#pragma once
// Edits AppSettings. The caller applies and persists what comes back.
#include "app_settings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const AppSettings& settings, bool cudaAvailable, QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    AppSettings base_;
    QDoubleSpinBox* threshold_;
    QComboBox* device_;
    QSpinBox* workers_;
    QComboBox* embedder_;
    QLineEdit* libraryDir_;
    QComboBox* recommend_;
    QComboBox* language_;
    QComboBox* appearance_;
};
