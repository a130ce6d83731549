#pragma once
// One analysis's decode pass on two cores. The pass (decodeRequests) is the one
// stage of an analysis that runs before anything else can start, and it runs on
// one thread; when another worker is idle, the second half of a long file is
// decoded there from the worker's own open of the file, while this thread decodes
// the first half. Same clips as the single pass, each frame still decoded once.
#include "audio/decoder.h"

#include <optional>

namespace humanear::runtime {
class WorkerPool;
}

namespace humanear::audio {

// Files shorter than this are decoded in one pass: a second open and a seek would
// cost more than half the decode saves.
constexpr double kMinSecondsToSplit = 60.0;

// Where the pass may be cut in two: a native frame in the middle half of the file
// that no requested clip straddles (so every clip is decoded, and resampled, whole
// by one thread), closest to the middle. None for a file shorter than
// kMinSecondsToSplit, one whose length is not stated exactly (only a stated length
// tells where the middle is), one FFmpeg decodes (its seeks are not sample-exact for
// every codec; libsndfile's give the same samples as reading through), or when every
// candidate is straddled.
std::optional<int64_t> splitFrame(const SourceInfo& info, const std::vector<DecodeRequest>& requests);

// decodeRequests(source, requests), with the second half of the file offered to an
// idle worker of `helpers` (nullptr: no help). When no worker is idle at the start,
// this thread makes the one pass alone, as without help. The
// result equals decodeRequests'; on any error in either half the file is decoded
// again in one pass, so errors (and their messages) are that pass's.
Result<std::vector<DecodedSpans>> decodeRequestsWithHelper(AudioSource& source,
                                                           const std::vector<DecodeRequest>& requests,
                                                           runtime::WorkerPool* helpers,
                                                           const CancelToken& cancel = {});

}  // namespace humanear::audio
