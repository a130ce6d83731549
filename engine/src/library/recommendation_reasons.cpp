#include "library/recommendation_reasons.h"

#include "humanear/library.h"
#include "similarity/descriptor_embedder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace humanear::library {

namespace {

using models::DescriptorEmbedder;

// Aspect key -> the embedder's groups it is made of (see the header).
const std::vector<std::pair<std::string, std::vector<std::string>>>& aspectGroups() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> table{
        {"timbre", {"timbre", "contrast"}},  {"brightness", {"shape"}},        {"harmony", {"harmony"}},
        {"rhythm", {"rhythm"}},              {"loudness", {"loudness"}},       {"timbre-movement", {"dynamics"}},
        {"stereo", {"stereo", "stereo-motion"}}, {"musicnn", {"musicnn"}}};
    return table;
}

const DescriptorEmbedder::Group* findGroup(const std::string& name) {
    for (const auto& g : DescriptorEmbedder::groups())
        if (name == g.name) return &g;
    return nullptr;
}

// The tempo in octaves from 120 BPM (as the embedder stores it), or NaN.
double tempoOctaves(const std::vector<float>& raw) {
    const auto* rhythm = findGroup("rhythm");
    const size_t i = rhythm ? size_t(rhythm->offset + DescriptorEmbedder::kTempoIndexInRhythm) : raw.size();
    return i < raw.size() ? double(raw[i]) : std::nan("");
}

}  // namespace

double ReasonModel::distance(const Aspect& aspect, const std::vector<float>& a, const std::vector<float>& b) const {
    double sum = 0;
    int n = 0;
    for (const auto& [offset, size] : aspect.ranges)
        for (int i = offset; i < offset + size; ++i) {
            const size_t d = size_t(i);
            if (d >= a.size() || d >= b.size() || d >= stddev_.size()) continue;
            ++n;
            if (!(stddev_[d] > 0)) continue;  // constant in the library: says nothing
            const double z = (double(a[d]) - double(b[d])) / double(stddev_[d]);
            sum += z * z;
        }
    return n ? std::sqrt(sum / n) : 0.0;
}

ReasonModel ReasonModel::fit(const std::vector<const std::vector<float>*>& raw, const std::vector<float>& mean,
                             const std::vector<float>& stddev) {
    ReasonModel model;
    const size_t dim = size_t(DescriptorEmbedder::dimension());
    if (mean.size() != dim || stddev.size() != dim) return model;
    std::vector<const std::vector<float>*> usable;
    for (const auto* v : raw)
        if (v && v->size() == dim) usable.push_back(v);
    if (usable.size() < size_t(kMinTracks)) return model;
    model.mean_ = mean;
    model.stddev_ = stddev;
    // Random pairs, the same ones every time (a fixed linear congruential sequence).
    const size_t n = usable.size();
    const size_t pairs = std::min<size_t>(4000, n * (n - 1) / 2);
    uint64_t state = 0x2545F4914F6CDD1DULL;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return size_t(state >> 33);
    };
    std::vector<std::pair<size_t, size_t>> sample;
    while (sample.size() < pairs) {
        const size_t i = next() % n, j = next() % n;
        if (i != j) sample.emplace_back(i, j);
    }
    for (const auto& [key, groups] : aspectGroups()) {
        Aspect aspect;
        aspect.key = key;
        for (const auto& name : groups)
            if (const auto* g = findGroup(name)) aspect.ranges.emplace_back(g->offset, g->size);
        std::vector<double> distances;
        distances.reserve(sample.size());
        for (const auto& [i, j] : sample) distances.push_back(model.distance(aspect, *usable[i], *usable[j]));
        const size_t q = distances.size() / 4;
        std::nth_element(distances.begin(), distances.begin() + long(q), distances.end());
        aspect.similarBelow = distances[q];
        // An aspect that does not vary in the library (musicnn of "descriptors-fast") cannot tell tracks apart.
        if (aspect.similarBelow > 0) model.aspects_.push_back(std::move(aspect));
    }
    return model;
}

std::vector<std::string> ReasonModel::reasons(const std::vector<float>& queryRaw,
                                              const std::vector<float>& trackRaw) const {
    std::vector<std::string> out;
    if (empty()) return {"overall"};
    // Tempi within kTempoTolerance of each other: their log2 ratio is small.
    const double a = tempoOctaves(queryRaw), b = tempoOctaves(trackRaw);
    if (std::fabs(a - b) < std::log2(1.0 + kTempoTolerance)) out.push_back("tempo");
    std::vector<std::pair<double, std::string>> close;
    for (const auto& aspect : aspects_) {
        const double ratio = distance(aspect, queryRaw, trackRaw) / aspect.similarBelow;
        if (ratio < 1.0) close.emplace_back(ratio, aspect.key);
    }
    std::stable_sort(close.begin(), close.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (size_t i = 0; i < close.size() && int(out.size()) < kMaxReasons; ++i) out.push_back(close[i].second);
    if (out.empty()) out.push_back("overall");
    return out;
}

const std::vector<std::pair<std::string, std::string>>& reasonTexts() {
    static const std::vector<std::pair<std::string, std::string>> table{
        {"same-genre", "same genre"},           {"tempo", "similar tempo"},
        {"timbre", "similar timbre"},           {"brightness", "similar brightness"},
        {"harmony", "similar harmony"},         {"rhythm", "similar rhythm"},
        {"loudness", "similar loudness"},       {"timbre-movement", "similar timbre movement"},
        {"stereo", "similar stereo image"},     {"musicnn", "similar style (musicnn)"},
        {"overall", "similar overall sound"}};
    return table;
}

}  // namespace humanear::library

namespace humanear {

std::string recommendationReasonText(const std::string& reasonKey) {
    for (const auto& [key, text] : library::reasonTexts())
        if (key == reasonKey) return text;
    return reasonKey;
}

std::string recommendationReasonText(const std::vector<std::string>& reasons) {
    std::string out;
    for (const auto& r : reasons) {
        if (!out.empty()) out += " \u00b7 ";
        out += recommendationReasonText(r);
    }
    return out;
}

}  // namespace humanear
