#pragma once
// Metrics for a binary AI-vs-human detector, computed from per-track scores.
#include <string>
#include <vector>

namespace humanear {

struct ScoredTrack {
    double score = 0;  // P(AI) or any monotone score
    bool ai = false;
    std::string source;  // generator (AI) or origin (human): the top-level folder
};

struct SourceMetrics {
    std::string source;
    bool ai = false;
    int count = 0;
    double positiveRate = 0;  // share called AI at the threshold: TPR for AI sources, FPR for human ones
    double rocAuc = -1;       // this source against all tracks of the other class; -1 when undefined
};

struct DetectionMetrics {
    int nAi = 0;
    int nHuman = 0;
    double threshold = 0.5;
    double rocAuc = -1;
    double balancedAccuracy = 0;
    double tpr = 0;
    double fpr = 0;
    double tprAt5PercentFpr = 0;
    std::vector<SourceMetrics> perSource;
};

// Area under the ROC curve (ties count half); -1 when a class is missing.
double rocAuc(const std::vector<double>& aiScores, const std::vector<double>& humanScores);
DetectionMetrics computeDetectionMetrics(const std::vector<ScoredTrack>& tracks, double threshold);

}  // namespace humanear
