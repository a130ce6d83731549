#include "audio/decode_with_helper.h"

#include "runtime/shared_task.h"

#include <algorithm>
#include <cstdlib>

namespace humanear::audio {

std::optional<int64_t> splitFrame(const SourceInfo& info, const std::vector<DecodeRequest>& requests) {
    if (info.decoder != "libsndfile" || info.frames <= 0 || info.lengthEstimated || info.sampleRate <= 0 ||
        double(info.frames) < kMinSecondsToSplit * info.sampleRate)
        return std::nullopt;
    std::vector<NativeRange> ranges;
    for (const DecodeRequest& request : requests)
        for (const Span& span : request.spans)
            if (const NativeRange r = nativeRange(span, info); r.end > r.first) ranges.push_back(r);
    const int64_t middle = info.frames / 2, low = info.frames / 4, high = info.frames - info.frames / 4;
    std::optional<int64_t> best;
    for (const NativeRange& candidate : ranges)
        for (const int64_t frame : {candidate.first, candidate.end}) {
            if (frame < low || frame > high) continue;
            if (best && std::llabs(frame - middle) >= std::llabs(*best - middle)) continue;
            const bool straddled = std::any_of(ranges.begin(), ranges.end(),
                                               [&](const NativeRange& r) { return r.first < frame && frame < r.end; });
            if (!straddled) best = frame;
        }
    return best;
}

Result<std::vector<DecodedSpans>> decodeRequestsWithHelper(AudioSource& source,
                                                           const std::vector<DecodeRequest>& requests,
                                                           runtime::WorkerPool* helpers, const CancelToken& cancel) {
    const SourceInfo& info = source.info();
    const std::optional<int64_t> split = helpers ? splitFrame(info, requests) : std::nullopt;
    if (!split) return decodeRequests(source, requests, cancel);

    // Each request's spans, dealt to the half they start in (none straddles the split).
    std::vector<DecodeRequest> firstHalf(requests), secondHalf(requests);
    std::vector<std::vector<bool>> inSecond(requests.size());
    for (size_t r = 0; r < requests.size(); ++r) {
        firstHalf[r].spans.clear();
        secondHalf[r].spans.clear();
        for (const Span& span : requests[r].spans) {
            const bool second = nativeRange(span, info).first >= *split;
            inSecond[r].push_back(second);
            (second ? secondHalf[r] : firstHalf[r]).spans.push_back(span);
        }
    }

    using Decoded = Result<std::vector<DecodedSpans>>;
    auto later = runtime::SharedTask<Decoded>::make([path = info.path, secondHalf](const CancelToken& c) -> Decoded {
        // A source is not thread-safe: the helper reads its own.
        auto opened = open(path);
        if (!opened) return opened.error();
        return decodeRequests(**opened, secondHalf, c);
    });
    // An idle worker now, or one pass here as without help (in a busy batch every
    // worker has its own track: a second open and a seek would only cost).
    if (!later->offer(*helpers)) return decodeRequests(source, requests, cancel);
    Decoded first = decodeRequests(source, firstHalf, cancel);
    if (!first) {
        later->drop();  // a damaged file: the single pass below says what is wrong
        if (first.error().code == ErrorCode::Cancelled) return first.error();
        return decodeRequests(source, requests, cancel);
    }
    Decoded second = later->claimForOwner() ? decodeRequests(source, secondHalf, cancel) : later->take(cancel);
    if (!second) {
        if (second.error().code == ErrorCode::Cancelled) return second.error();
        return decodeRequests(source, requests, cancel);
    }

    std::vector<DecodedSpans> out(requests.size());
    for (size_t r = 0; r < requests.size(); ++r) {
        DecodedSpans& a = (*first)[r];
        DecodedSpans& b = (*second)[r];
        size_t nextA = 0, nextB = 0;
        for (const bool second : inSecond[r]) {
            DecodedSpans& from = second ? b : a;
            size_t& next = second ? nextB : nextA;
            out[r].clips.push_back(std::move(from.clips[next]));
            if (!from.sides.empty()) out[r].sides.push_back(std::move(from.sides[next]));
            ++next;
        }
    }
    return out;
}

}  // namespace humanear::audio
