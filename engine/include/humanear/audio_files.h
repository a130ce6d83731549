#pragma once
// Which files HumanEar picks up when it searches a folder: the library scan, a
// folder dropped on the app, the CLI and training all use this one rule
// (listAudioFiles), by name suffix, case-insensitively. (A file named explicitly
// is always tried, whatever its name; a bad one reports its own error.)
#include <string>
#include <vector>

namespace humanear {

bool hasAudioFileSuffix(const std::string& path);
// The suffixes behind that rule, lower case, without the dot (for file dialogs).
const std::vector<std::string>& audioFileSuffixes();

// Every audio file below `folder` (recursively) by the suffix rule, sorted by path.
// Symlinks are followed, to files and to folders alike: music collections are
// often assembled from links (the demo and mixed libraries are), and a user who
// drops such a folder expects what a file manager shows. A folder reached again
// (a loop, or a second link to the same folder) is walked only the first time,
// in sorted order, so every listing ends and lists a file once. A file is listed
// at the path it was found by; whether it decodes is the decoder's to say.
// Folders that cannot be read are skipped and named in `problems`.
std::vector<std::string> listAudioFiles(const std::string& folder, std::vector<std::string>* problems = nullptr);

}  // namespace humanear
