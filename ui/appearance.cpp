#include "appearance.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace appearance {
namespace {
QPalette& systemPalette() {
    static QPalette palette;
    return palette;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x30), base(0x1f, 0x1f, 0x23), text(0xe8, 0xe8, 0xea);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2c));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0xa2));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x60, 0x60));
    p.setColor(QPalette::Highlight, QColor(0x5b, 0x8d, 0xef));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xa7, 0xff));
    p.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x58));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x88));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x88));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x88));
    p.setColor(QPalette::Disabled, QPalette::Mid, QColor(0x48, 0x48, 0x50));
    return p;
}

QPalette lightPalette() {
    QPalette p = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x78));
    p.setColor(QPalette::Disabled, QPalette::Mid, QColor(0xc8, 0xc8, 0xcc));
    return p;
}
}  // namespace

void captureSystemPalette() { systemPalette() = QApplication::palette(); }

bool systemPrefersDark() {
    if (qEnvironmentVariable("GTK_THEME").contains(QLatin1String("dark"), Qt::CaseInsensitive)) return true;
    const QPalette& p = systemPalette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

void apply(const QString& mode) {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const bool dark = mode == QLatin1String("dark") || (mode != QLatin1String("light") && systemPrefersDark());
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
}

}  // namespace appearance
