#pragma once
// JSON form of results, shared by the CLI's --json output and the GUI's export.
#include "humanear/analysis.h"

#include <string>

namespace humanear {

// One compact JSON object on one line: path, ok, and either the facts or error.
std::string toJsonLine(const TrackAnalysis& analysis);

}  // namespace humanear
