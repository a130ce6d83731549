// The list of embedders users choose from: the settings dialog, the CLI's --embedder
// help and the "unknown embedder" message all read it, so a new embedder is added here
// (and in makeTrackEmbedder) once.
#include "humanear/library.h"

#include "similarity/descriptor_embedder.h"

#include <QtGlobal>

#include <string_view>

namespace humanear {

static_assert(std::string_view(kDefaultEmbedder) == models::DescriptorEmbedderInfo::kId,
              "the default embedder is the descriptors embedder");

const std::vector<EmbedderInfo>& availableEmbedders() {
    // QT_TRANSLATE_NOOP marks the labels for the app's catalogue (translations/*.ts).
    static const std::vector<EmbedderInfo> embedders = {
        {models::DescriptorEmbedderInfo::kId, QT_TRANSLATE_NOOP("Embedders", "Audio descriptors (built in)"), false},
        {models::DescriptorEmbedderInfo::kFastId,
         QT_TRANSLATE_NOOP("Embedders", "Audio descriptors, fast (without musicnn)"), false},
        {"openl3", QT_TRANSLATE_NOOP("Embedders", "OpenL3 (needs its weights)"), true},
    };
    return embedders;
}

std::string describeEmbedders() {
    std::string text;
    for (const auto& e : availableEmbedders()) {
        if (!text.empty()) text += ", ";
        text += e.id;
        if (std::string(e.id) == kDefaultEmbedder)
            text += " (built in, default)";
        else
            text += e.needsWeights ? " (needs its weights)" : " (built in)";
    }
    return text;
}

}  // namespace humanear
