#pragma once
// Light and dark palettes on the Fusion style. "system" follows the desktop:
// Qt 6.4 has no colour-scheme API, so the platform theme's own window colour
// (captured before HumanEar changes anything) decides.
#include <QString>

namespace appearance {

void captureSystemPalette();  // call once, right after QApplication exists
bool systemPrefersDark();
void apply(const QString& mode);  // "system", "light" or "dark"

}  // namespace appearance
