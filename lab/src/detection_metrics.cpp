#include "humanear/lab/detection_metrics.h"

#include <algorithm>
#include <map>

namespace humanear {

double rocAuc(const std::vector<double>& ai, const std::vector<double>& human) {
    if (ai.empty() || human.empty()) return -1;
    // Mann-Whitney U via ranks of the pooled scores.
    std::vector<std::pair<double, int>> all;
    all.reserve(ai.size() + human.size());
    for (double s : ai) all.emplace_back(s, 1);
    for (double s : human) all.emplace_back(s, 0);
    std::sort(all.begin(), all.end());
    double rankSumAi = 0;
    for (size_t i = 0; i < all.size();) {
        size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        const double averageRank = (double(i) + double(j - 1)) / 2.0 + 1.0;
        for (size_t k = i; k < j; ++k)
            if (all[k].second) rankSumAi += averageRank;
        i = j;
    }
    const double nAi = double(ai.size()), nHuman = double(human.size());
    return (rankSumAi - nAi * (nAi + 1) / 2.0) / (nAi * nHuman);
}

DetectionMetrics computeDetectionMetrics(const std::vector<ScoredTrack>& tracks, double threshold) {
    DetectionMetrics m;
    m.threshold = threshold;
    std::vector<double> ai, human;
    std::map<std::string, std::vector<double>> bySource;
    std::map<std::string, bool> sourceIsAi;
    for (const auto& t : tracks) {
        (t.ai ? ai : human).push_back(t.score);
        bySource[t.source].push_back(t.score);
        sourceIsAi[t.source] = t.ai;
    }
    m.nAi = int(ai.size());
    m.nHuman = int(human.size());
    m.rocAuc = rocAuc(ai, human);
    auto rateAbove = [](const std::vector<double>& v, double th) {
        if (v.empty()) return 0.0;
        return double(std::count_if(v.begin(), v.end(), [th](double s) { return s >= th; })) / double(v.size());
    };
    m.tpr = rateAbove(ai, threshold);
    m.fpr = rateAbove(human, threshold);
    m.balancedAccuracy = (m.tpr + (1.0 - m.fpr)) / 2.0;
    if (!human.empty()) {
        // The lowest threshold that calls at most 5% of human tracks AI.
        std::vector<double> sorted = human;
        std::sort(sorted.begin(), sorted.end(), std::greater<double>());
        const size_t allowed = size_t(0.05 * double(sorted.size()));
        const double th = allowed < sorted.size() ? sorted[allowed] : sorted.back();
        // strictly above the (allowed+1)-th highest human score
        m.tprAt5PercentFpr = ai.empty() ? 0.0
                                        : double(std::count_if(ai.begin(), ai.end(), [th](double s) { return s > th; })) /
                                              double(ai.size());
    }
    for (const auto& [source, scores] : bySource) {
        SourceMetrics s;
        s.source = source;
        s.ai = sourceIsAi[source];
        s.count = int(scores.size());
        s.positiveRate = rateAbove(scores, threshold);
        s.rocAuc = s.ai ? rocAuc(scores, human) : rocAuc(ai, scores);
        m.perSource.push_back(s);
    }
    return m;
}

}  // namespace humanear
