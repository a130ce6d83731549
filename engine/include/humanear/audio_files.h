#pragma once
// Which files HumanEar picks up when it searches a folder: the library scan, a
// folder dropped on the app, the CLI and training all use this one rule, by
// name suffix, case-insensitively. (A file named explicitly is always tried,
// whatever its name; a bad one reports its own error.)
#include <string>
#include <vector>

namespace humanear {

bool hasAudioFileSuffix(const std::string& path);
// The suffixes behind that rule, lower case, without the dot (for file dialogs).
const std::vector<std::string>& audioFileSuffixes();

}  // namespace humanear
