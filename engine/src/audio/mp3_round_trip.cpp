#include "audio/mp3_round_trip.h"

#include "audio/ffmpeg_source.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
}

#include <algorithm>
#include <array>

namespace humanear::audio {

namespace {

// The rates an MP3 stream can have (MPEG-1, 2 and 2.5 layer III).
constexpr std::array<int, 9> kMp3Rates{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

Error codecError(const std::string& name, const std::string& what) {
    return makeError(ErrorCode::Internal, "HumanEar could not make the MP3 copy of \"" + name + "\" it judges: " + what);
}

}  // namespace

struct Mp3RoundTrip::Impl {
    std::string name;
    int channels = 0, rate = 0;
    AVCodecContext* encoder = nullptr;
    AVCodecContext* decoder = nullptr;
    AVFrame* input = nullptr;
    AVFrame* decoded = nullptr;
    AVPacket* packet = nullptr;
    std::vector<std::vector<float>> pending;  // per channel, not yet encoded
    std::vector<std::vector<float>> ready;    // per channel, decoded, not yet handed out
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
        silenceFfmpegLogging();
        const AVCodec* lame = avcodec_find_encoder_by_name("libmp3lame");
        if (!lame) return codecError(name, "this FFmpeg has no MP3 encoder (libmp3lame).");
        encoder = avcodec_alloc_context3(lame);
        if (!encoder) return codecError(name, "out of memory.");
        encoder->bit_rate = int64_t(bitrateKbps) * 1000;
        encoder->sample_rate = rate;
        encoder->sample_fmt = AV_SAMPLE_FMT_FLTP;
        av_channel_layout_default(&encoder->ch_layout, channels);
        encoder->time_base = AVRational{1, rate};
        if (quality >= 0) encoder->compression_level = quality;
        if (avcodec_open2(encoder, lame, nullptr) < 0) return codecError(name, "the MP3 encoder refused its settings.");
        const AVCodec* mp3 = avcodec_find_decoder(AV_CODEC_ID_MP3);
        if (!mp3) return codecError(name, "this FFmpeg has no MP3 decoder.");
        decoder = avcodec_alloc_context3(mp3);
        if (!decoder) return codecError(name, "out of memory.");
        decoder->sample_rate = rate;
        av_channel_layout_default(&decoder->ch_layout, channels);
        if (avcodec_open2(decoder, mp3, nullptr) < 0) return codecError(name, "the MP3 decoder could not be opened.");
        input = av_frame_alloc();
        decoded = av_frame_alloc();
        packet = av_packet_alloc();
        if (!input || !decoded || !packet) return codecError(name, "out of memory.");
        pending.assign(size_t(channels), {});
        ready.assign(size_t(channels), {});
        return {};
    }

    // Frames out of the decoder. No delay to remove here: the encoder marks its padding
    // on the packets (skip-samples side data) and libavcodec's decoder drops it, so the
    // output starts with the input's first frame.
    void take(const float* const* planes, int64_t frames) {
        for (int c = 0; c < channels; ++c) ready[size_t(c)].insert(ready[size_t(c)].end(), planes[c], planes[c] + frames);
    }

    Status drainDecoder() {
        while (true) {
            const int got = avcodec_receive_frame(decoder, decoded);
            if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return {};
            if (got < 0) return codecError(name, "the MP3 decoder failed.");
            if (decoded->format != AV_SAMPLE_FMT_FLTP || decoded->ch_layout.nb_channels != channels)
                return codecError(name, "the MP3 decoder gave an unexpected sample format.");
            take(reinterpret_cast<const float* const*>(decoded->extended_data), decoded->nb_samples);
            av_frame_unref(decoded);
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
            input->sample_rate = rate;
            if (av_channel_layout_copy(&input->ch_layout, &encoder->ch_layout) < 0 || av_frame_get_buffer(input, 0) < 0)
                return codecError(name, "out of memory.");
            for (int c = 0; c < channels; ++c)
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
        out.resize(base + frames * size_t(channels));
        for (size_t i = 0; i < frames; ++i)
            for (int c = 0; c < channels; ++c) out[base + i * size_t(channels) + size_t(c)] = ready[size_t(c)][i];
        for (auto& r : ready) r.erase(r.begin(), r.begin() + long(frames));
        emitted += int64_t(frames);
    }
};

Mp3RoundTrip::Mp3RoundTrip(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mp3RoundTrip::~Mp3RoundTrip() = default;

Result<std::unique_ptr<Mp3RoundTrip>> Mp3RoundTrip::create(int sampleRate, int channels, int bitrateKbps,
                                                           const std::string& name, int quality) {
    if (std::find(kMp3Rates.begin(), kMp3Rates.end(), sampleRate) == kMp3Rates.end() || channels < 1 ||
        channels > 2 || bitrateKbps <= 0 || quality > 9)
        return makeError(ErrorCode::InvalidArgument, "An MP3 copy of \"" + name +
                                                         "\" needs a rate MP3 has (8-48 kHz), one or two channels "
                                                         "and a positive bit rate.");
    auto impl = std::make_unique<Impl>();
    impl->name = name;
    impl->rate = sampleRate;
    impl->channels = channels;
    if (auto s = impl->open(bitrateKbps, quality); !s) return s.error();
    return std::unique_ptr<Mp3RoundTrip>(new Mp3RoundTrip(std::move(impl)));
}

int Mp3RoundTrip::channels() const { return impl_->channels; }

Status Mp3RoundTrip::push(const float* interleaved, int64_t frames, std::vector<float>& out) {
    Impl& m = *impl_;
    if (m.finished) return makeError(ErrorCode::InvalidArgument, "The MP3 copy was already finished.");
    for (int c = 0; c < m.channels; ++c) {
        auto& to = m.pending[size_t(c)];
        to.reserve(to.size() + size_t(frames));
        for (int64_t i = 0; i < frames; ++i) to.push_back(interleaved[i * m.channels + c]);
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
    if (auto s = m.encodePending(true); !s) return s;
    if (avcodec_send_frame(m.encoder, nullptr) < 0) return codecError(m.name, "the MP3 encoder could not be flushed.");
    if (auto s = m.drainEncoder(); !s) return s;
    if (avcodec_send_packet(m.decoder, nullptr) < 0) return codecError(m.name, "the MP3 decoder could not be flushed.");
    if (auto s = m.drainDecoder(); !s) return s;
    // As many out as in, whatever the decoder's last frame holds.
    for (auto& r : m.ready)
        if (int64_t(r.size()) < m.pushed - m.emitted) r.resize(size_t(m.pushed - m.emitted), 0.f);
    m.emit(out);
    return {};
}

}  // namespace humanear::audio
