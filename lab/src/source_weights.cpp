// The --source-weights file (see humanear/lab/detector_training.h).
#include "humanear/lab/detector_training.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace humanear {

Result<std::map<std::string, double>> readSourceWeights(const std::string& path) {
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::FileNotFound, "Cannot read the source weights file \"" + path + "\".");
    std::map<std::string, double> weights;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        std::istringstream fields(line);
        std::string source, extra;
        double weight = 0;
        if (!(fields >> source)) continue;  // blank or comment only
        if (!(fields >> weight) || (fields >> extra) || !std::isfinite(weight) || weight <= 0)
            return makeError(ErrorCode::InvalidArgument, "\"" + path + "\" line " + std::to_string(number) +
                                                             ": expected a source and a positive weight.");
        weights[source] = weight;
    }
    return weights;
}

}  // namespace humanear
