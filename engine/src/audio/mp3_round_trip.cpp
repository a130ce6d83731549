#include "audio/mp3_round_trip.h"

#include "audio/resampler.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
}

#include <algorithm>
#include <array>

namespace humanear::audio {

namespace {

// The rates an MP3 stream can have (MPEG-1, 2 and 2.5 layer III).
constexpr std::array<int, 9> kMp3Rates{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

int codedRateFor(int rate) {
    if (std::find(kMp3Rates.begin(), kMp3Rates.end(), rate) != kMp3Rates.end()) return rate;
    if (rate > 48000) return rate % 44100 == 0 ? 44100 : 48000;
    for (int r : kMp3Rates)
        if (r > rate) return r;  // an odd low rate: the next one up loses nothing
    return 48000;
}

Error codecError(const std::string& name, const std::string& what) {
    return makeError(ErrorCode::Internal, "HumanEar could not make the MP3 copy of \"" + name + "\" it judges: " + what);
}

}  // namespace

struct Mp3RoundTrip::Impl {
    std::string name;
    int inChannels = 0, codedChannels = 0, inRate = 0, codedRate = 0;
    AVCodecContext* encoder = nullptr;
    AVCodecContext* decoder = nullptr;
    AVFrame* input = nullptr;
    AVFrame* decoded = nullptr;
    AVPacket* packet = nullptr;
    std::vector<std::unique_ptr<Resampler>> toCoded, fromCoded;  // per channel, when the rate is not an MP3 rate
    std::vector<std::vector<float>> pending;                      // per channel, at the coded rate, not yet encoded
    std::vector<std::vector<float>> ready;                        // per channel, at the input rate, not yet handed out
    int64_t pushed = 0;   // input frames fed
    int64_t emitted = 0;  // frames handed out
    int64_t pts = 0;
    bool finished = false;

    ~Impl() {
        av_packet_free(&packet);
        av_frame_free(&decoded);
        av_frame_free(&input);
        avcodec_free_context(&decoder);
        avcodec_free_context(&encoder);
    }

    Status open(int bitrateKbps, int quality) {
        av_log_set_level(AV_LOG_QUIET);  // as the decoder: problems are reported as values
        const AVCodec* lame = avcodec_find_encoder_by_name("libmp3lame");
        if (!lame) return codecError(name, "this FFmpeg has no MP3 encoder (libmp3lame).");
        encoder = avcodec_alloc_context3(lame);
        if (!encoder) return codecError(name, "out of memory.");
        encoder->bit_rate = int64_t(bitrateKbps) * 1000;
        encoder->sample_rate = codedRate;
        encoder->sample_fmt = AV_SAMPLE_FMT_FLTP;
        av_channel_layout_default(&encoder->ch_layout, codedChannels);
        encoder->time_base = AVRational{1, codedRate};
        if (quality >= 0) encoder->compression_level = quality;
        if (avcodec_open2(encoder, lame, nullptr) < 0) return codecError(name, "the MP3 encoder refused its settings.");
        const AVCodec* mp3 = avcodec_find_decoder(AV_CODEC_ID_MP3);
        if (!mp3) return codecError(name, "this FFmpeg has no MP3 decoder.");
        decoder = avcodec_alloc_context3(mp3);
        if (!decoder) return codecError(name, "out of memory.");
        decoder->sample_rate = codedRate;
        av_channel_layout_default(&decoder->ch_layout, codedChannels);
        if (avcodec_open2(decoder, mp3, nullptr) < 0) return codecError(name, "the MP3 decoder could not be opened.");
        input = av_frame_alloc();
        decoded = av_frame_alloc();
        packet = av_packet_alloc();
        if (!input || !decoded || !packet) return codecError(name, "out of memory.");
        pending.assign(size_t(codedChannels), {});
        ready.assign(size_t(codedChannels), {});
        if (codedRate != inRate) {
            for (int c = 0; c < codedChannels; ++c) {
                toCoded.push_back(std::make_unique<Resampler>(inRate, codedRate));
                fromCoded.push_back(std::make_unique<Resampler>(codedRate, inRate));
                if (auto s = toCoded.back()->status(); !s) return s;
                if (auto s = fromCoded.back()->status(); !s) return s;
            }
        }
        return {};
    }

    // Coded-rate frames out of the decoder, back at the input rate. No delay to remove
    // here: the encoder marks its padding on the packets (skip-samples side data) and
    // libavcodec's decoder drops it, so the output starts with the input's first frame.
    Status take(const float* const* planes, int64_t frames) {
        for (int c = 0; c < codedChannels; ++c) {
            if (fromCoded.empty())
                ready[size_t(c)].insert(ready[size_t(c)].end(), planes[c], planes[c] + frames);
            else if (auto s = fromCoded[size_t(c)]->process(planes[c], size_t(frames), ready[size_t(c)]); !s)
                return s;
        }
        return {};
    }

    Status drainDecoder() {
        while (true) {
            const int got = avcodec_receive_frame(decoder, decoded);
            if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return {};
            if (got < 0) return codecError(name, "the MP3 decoder failed.");
            if (decoded->format != AV_SAMPLE_FMT_FLTP || decoded->ch_layout.nb_channels != codedChannels)
                return codecError(name, "the MP3 decoder gave an unexpected sample format.");
            const Status s = take(reinterpret_cast<const float* const*>(decoded->extended_data), decoded->nb_samples);
            av_frame_unref(decoded);
            if (!s) return s;
        }
    }

    Status drainEncoder() {
        while (true) {
            const int got = avcodec_receive_packet(encoder, packet);
            if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return {};
            if (got < 0) return codecError(name, "the MP3 encoder failed.");
            const int sent = avcodec_send_packet(decoder, packet);
            av_packet_unref(packet);
            if (sent < 0 && sent != AVERROR_INVALIDDATA) return codecError(name, "the MP3 decoder refused a packet.");
            if (auto s = drainDecoder(); !s) return s;
        }
    }

    // Encodes whole codec frames from `pending` (and, at the end, the short rest).
    Status encodePending(bool last) {
        const int frameSize = encoder->frame_size > 0 ? encoder->frame_size : 1152;
        size_t offset = 0;
        const size_t available = pending[0].size();
        while (available - offset >= size_t(frameSize) || (last && offset < available)) {
            const int n = int(std::min(available - offset, size_t(frameSize)));
            av_frame_unref(input);
            input->nb_samples = n;
            input->format = AV_SAMPLE_FMT_FLTP;
            input->sample_rate = codedRate;
            if (av_channel_layout_copy(&input->ch_layout, &encoder->ch_layout) < 0 || av_frame_get_buffer(input, 0) < 0)
                return codecError(name, "out of memory.");
            for (int c = 0; c < codedChannels; ++c)
                std::copy_n(pending[size_t(c)].data() + offset, n, reinterpret_cast<float*>(input->extended_data[c]));
            input->pts = pts;
            pts += n;
            offset += size_t(n);
            if (avcodec_send_frame(encoder, input) < 0) return codecError(name, "the MP3 encoder refused a frame.");
            if (auto s = drainEncoder(); !s) return s;
        }
        for (auto& p : pending) p.erase(p.begin(), p.begin() + long(offset));
        return {};
    }

    // Hands out the frames every channel has, interleaved, never more than went in.
    void emit(std::vector<float>& out) {
        size_t frames = ready[0].size();
        for (const auto& r : ready) frames = std::min(frames, r.size());
        frames = size_t(std::min<int64_t>(int64_t(frames), pushed - emitted));
        const size_t base = out.size();
        out.resize(base + frames * size_t(codedChannels));
        for (size_t i = 0; i < frames; ++i)
            for (int c = 0; c < codedChannels; ++c) out[base + i * size_t(codedChannels) + size_t(c)] = ready[size_t(c)][i];
        for (auto& r : ready) r.erase(r.begin(), r.begin() + long(frames));
        emitted += int64_t(frames);
    }
};

Mp3RoundTrip::Mp3RoundTrip(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mp3RoundTrip::~Mp3RoundTrip() = default;

Result<std::unique_ptr<Mp3RoundTrip>> Mp3RoundTrip::create(int sampleRate, int channels, int bitrateKbps,
                                                           const std::string& name, int quality) {
    if (sampleRate <= 0 || channels <= 0 || bitrateKbps <= 0 || quality > 9)
        return makeError(ErrorCode::InvalidArgument, "An MP3 copy needs a positive rate, channel count and bit rate.");
    auto impl = std::make_unique<Impl>();
    impl->name = name;
    impl->inRate = sampleRate;
    impl->inChannels = channels;
    impl->codedRate = codedRateFor(sampleRate);
    impl->codedChannels = channels <= 2 ? channels : 1;
    if (auto s = impl->open(bitrateKbps, quality); !s) return s.error();
    return std::unique_ptr<Mp3RoundTrip>(new Mp3RoundTrip(std::move(impl)));
}

int Mp3RoundTrip::channels() const { return impl_->codedChannels; }

Status Mp3RoundTrip::push(const float* interleaved, int64_t frames, std::vector<float>& out) {
    Impl& m = *impl_;
    if (m.finished) return makeError(ErrorCode::InvalidArgument, "The MP3 copy was already finished.");
    std::vector<std::vector<float>> planes(size_t(m.codedChannels), std::vector<float>(size_t(frames)));
    for (int64_t i = 0; i < frames; ++i) {
        const float* frame = interleaved + i * m.inChannels;
        if (m.codedChannels == m.inChannels) {
            for (int c = 0; c < m.inChannels; ++c) planes[size_t(c)][size_t(i)] = frame[c];
        } else {
            float sum = 0.f;
            for (int c = 0; c < m.inChannels; ++c) sum += frame[c];
            planes[0][size_t(i)] = sum / float(m.inChannels);
        }
    }
    for (int c = 0; c < m.codedChannels; ++c) {
        auto& to = m.pending[size_t(c)];
        if (m.toCoded.empty())
            to.insert(to.end(), planes[size_t(c)].begin(), planes[size_t(c)].end());
        else if (auto s = m.toCoded[size_t(c)]->process(planes[size_t(c)].data(), size_t(frames), to); !s)
            return s;
    }
    m.pushed += frames;
    if (auto s = m.encodePending(false); !s) return s;
    m.emit(out);
    return {};
}

Status Mp3RoundTrip::finish(std::vector<float>& out) {
    Impl& m = *impl_;
    if (m.finished) return {};
    m.finished = true;
    for (size_t c = 0; c < m.toCoded.size(); ++c)
        if (auto s = m.toCoded[c]->flush(m.pending[c]); !s) return s;
    if (auto s = m.encodePending(true); !s) return s;
    if (avcodec_send_frame(m.encoder, nullptr) < 0) return codecError(m.name, "the MP3 encoder could not be flushed.");
    if (auto s = m.drainEncoder(); !s) return s;
    if (avcodec_send_packet(m.decoder, nullptr) < 0) return codecError(m.name, "the MP3 decoder could not be flushed.");
    if (auto s = m.drainDecoder(); !s) return s;
    for (size_t c = 0; c < m.fromCoded.size(); ++c)
        if (auto s = m.fromCoded[c]->flush(m.ready[c]); !s) return s;
    // The codec pads its last frame; a resampler may leave a frame short: as many out as in.
    for (auto& r : m.ready)
        if (int64_t(r.size()) < m.pushed - m.emitted) r.resize(size_t(m.pushed - m.emitted), 0.f);
    m.emit(out);
    return {};
}

}  // namespace humanear::audio
