#include "audio/ffmpeg_source.h"

#include "audio/audio_errors.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cstring>
#include <mutex>

namespace humanear::audio {

namespace {

void silenceFfmpegLogging() {
    // FFmpeg prints warnings about damaged input to stderr; HumanEar reports them as values.
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

class FfmpegSource final : public AudioSource {
public:
    ~FfmpegSource() override {
        swr_free(&swr_);
        av_frame_free(&frame_);
        av_packet_free(&packet_);
        avcodec_free_context(&codec_);
        avformat_close_input(&format_);
    }

    static Result<std::unique_ptr<AudioSource>> open(const std::string& path) {
        silenceFfmpegLogging();
        std::unique_ptr<FfmpegSource> s(new FfmpegSource());
        s->info_.path = path;
        s->info_.decoder = "ffmpeg";
        if (avformat_open_input(&s->format_, path.c_str(), nullptr, nullptr) < 0)
            return audioError(ErrorCode::NotAudio, path,
                              "is not an audio file HumanEar can read (the data is not in any known audio format).");
        if (avformat_find_stream_info(s->format_, nullptr) < 0)
            return audioError(ErrorCode::NotAudio, path, "is damaged: its streams cannot be read.");
        const AVCodec* codec = nullptr;
        s->stream_ = av_find_best_stream(s->format_, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
        if (s->stream_ < 0 || !codec)
            return audioError(ErrorCode::NotAudio, path,
                              s->stream_ == AVERROR_DECODER_NOT_FOUND
                                  ? "uses an audio codec this system cannot decode."
                                  : "contains no audio stream.");
        AVStream* stream = s->format_->streams[s->stream_];
        s->codec_ = avcodec_alloc_context3(codec);
        if (!s->codec_ || avcodec_parameters_to_context(s->codec_, stream->codecpar) < 0 ||
            avcodec_open2(s->codec_, codec, nullptr) < 0)
            return audioError(ErrorCode::NotAudio, path, std::string("uses the ") + codec->name +
                                                             " codec, which could not be opened for decoding.");
        s->info_.codec = codec->name;
        s->info_.container = s->format_->iformat ? s->format_->iformat->name : "unknown";
        s->info_.sampleRate = s->codec_->sample_rate;
        s->info_.channels = s->codec_->ch_layout.nb_channels;
        if (s->info_.sampleRate <= 0 || s->info_.channels <= 0)
            return audioError(ErrorCode::BadParameters, path, "declares no sample rate or no channels.");
        double seconds = 0;
        if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
            seconds = double(stream->duration) * av_q2d(stream->time_base);
        else if (s->format_->duration != AV_NOPTS_VALUE && s->format_->duration > 0)
            seconds = double(s->format_->duration) / AV_TIME_BASE;
        s->info_.durationSeconds = seconds;
        s->info_.frames = static_cast<int64_t>(seconds * s->info_.sampleRate + 0.5);

        AVChannelLayout layout{};
        if (s->codec_->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
            av_channel_layout_default(&layout, s->info_.channels);
        else
            av_channel_layout_copy(&layout, &s->codec_->ch_layout);
        // Interleaved float at the native rate and channel count: mixing and
        // resampling happen in one place for every decoder.
        const int rc = swr_alloc_set_opts2(&s->swr_, &layout, AV_SAMPLE_FMT_FLT, s->info_.sampleRate, &layout,
                                           s->codec_->sample_fmt, s->info_.sampleRate, 0, nullptr);
        av_channel_layout_uninit(&layout);
        if (rc < 0 || swr_init(s->swr_) < 0)
            return audioError(ErrorCode::DecodeFailed, path, "has a sample format that cannot be converted.");
        s->packet_ = av_packet_alloc();
        s->frame_ = av_frame_alloc();
        return std::unique_ptr<AudioSource>(std::move(s));
    }

    const SourceInfo& info() const override { return info_; }

    Status seek(int64_t frame) override {
        AVStream* stream = format_->streams[stream_];
        const int64_t ts = av_rescale_q(frame, AVRational{1, info_.sampleRate}, stream->time_base);
        if (av_seek_frame(format_, stream_, ts, AVSEEK_FLAG_BACKWARD) < 0) {
            // Some streams cannot seek: read from the start and drop what comes before.
            if (av_seek_frame(format_, stream_, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY) < 0 && frame > 0)
                return audioError(ErrorCode::DecodeFailed, info_.path, "cannot be searched.");
        }
        avcodec_flush_buffers(codec_);
        pending_.clear();
        pendingOffset_ = 0;
        ended_ = false;
        flushed_ = false;
        skipUntil_ = frame;
        position_ = -1;  // learnt from the next frame's timestamp
        return {};
    }

    Result<int64_t> read(float* out, int64_t frames) override {
        const int ch = info_.channels;
        int64_t written = 0;
        while (written < frames) {
            const int64_t available = static_cast<int64_t>(pending_.size()) / ch - pendingOffset_;
            if (available > 0) {
                const int64_t n = std::min(available, frames - written);
                std::memcpy(out + written * ch, pending_.data() + pendingOffset_ * ch, sizeof(float) * size_t(n * ch));
                pendingOffset_ += n;
                written += n;
                continue;
            }
            if (ended_) break;
            auto status = decodeMore();
            if (!status) {
                if (written > 0) break;  // hand over what decoded; the next read reports
                return status.error();
            }
        }
        return written;
    }

private:
    FfmpegSource() = default;

    // Decodes at least one more frame into pending_, or sets ended_.
    Status decodeMore() {
        pending_.clear();
        pendingOffset_ = 0;
        for (;;) {
            const int received = avcodec_receive_frame(codec_, frame_);
            if (received == 0) {
                appendFrame();
                av_frame_unref(frame_);
                if (!pending_.empty()) return {};
                continue;
            }
            if (received == AVERROR_EOF) {
                ended_ = true;
                return {};
            }
            if (received != AVERROR(EAGAIN))
                return audioError(ErrorCode::DecodeFailed, info_.path, "is damaged: the audio stream cannot be decoded.");
            if (flushed_) {
                ended_ = true;
                return {};
            }
            const int readResult = av_read_frame(format_, packet_);
            if (readResult < 0) {
                avcodec_send_packet(codec_, nullptr);  // drain the decoder
                flushed_ = true;
                continue;
            }
            if (packet_->stream_index == stream_) {
                const int sent = avcodec_send_packet(codec_, packet_);
                if (sent < 0 && sent != AVERROR(EAGAIN) && sent != AVERROR_INVALIDDATA) {
                    av_packet_unref(packet_);
                    return audioError(ErrorCode::DecodeFailed, info_.path, "is damaged: a packet cannot be decoded.");
                }
            }
            av_packet_unref(packet_);
        }
    }

    void appendFrame() {
        const int ch = info_.channels;
        if (frame_->ch_layout.nb_channels != ch || frame_->nb_samples <= 0) return;  // mid-stream layout change: skip
        if (position_ < 0) {
            const int64_t pts = frame_->best_effort_timestamp;
            position_ = pts == AV_NOPTS_VALUE
                            ? skipUntil_
                            : av_rescale_q(pts, format_->streams[stream_]->time_base, AVRational{1, info_.sampleRate});
        }
        std::vector<float> converted(size_t(frame_->nb_samples) * ch);
        uint8_t* outPlanes[1] = {reinterpret_cast<uint8_t*>(converted.data())};
        const int got = swr_convert(swr_, outPlanes, frame_->nb_samples,
                                    const_cast<const uint8_t**>(frame_->extended_data), frame_->nb_samples);
        if (got <= 0) return;
        int64_t skip = std::clamp<int64_t>(skipUntil_ - position_, 0, got);
        position_ += got;
        pending_.insert(pending_.end(), converted.begin() + skip * ch, converted.begin() + int64_t(got) * ch);
    }

    SourceInfo info_;
    AVFormatContext* format_ = nullptr;
    AVCodecContext* codec_ = nullptr;
    SwrContext* swr_ = nullptr;
    AVPacket* packet_ = nullptr;
    AVFrame* frame_ = nullptr;
    int stream_ = -1;
    std::vector<float> pending_;
    int64_t pendingOffset_ = 0;
    int64_t skipUntil_ = 0;
    int64_t position_ = 0;
    bool ended_ = false;
    bool flushed_ = false;
};

}  // namespace

Result<std::unique_ptr<AudioSource>> openWithFfmpeg(const std::string& path) { return FfmpegSource::open(path); }

}  // namespace humanear::audio
