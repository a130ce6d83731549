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

void silenceFfmpegLogging() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

namespace {

// Corrupt packets in a row before the stream counts as undecodable; single bad
// packets are skipped, as players do.
constexpr int kMaxConsecutiveErrors = 64;

std::string shortContainerName(const AVInputFormat* format) {
    if (!format || !format->name) return "unknown";
    const std::string name = format->name;
    if (name.find("mp4") != std::string::npos) return "mp4";  // "mov,mp4,m4a,3gp,3g2,mj2"
    if (name == "mp3") return "mpeg";
    return name.substr(0, name.find(','));
}

struct ChannelLayout {
    AVChannelLayout layout{};
    ChannelLayout() = default;
    ChannelLayout(const ChannelLayout&) = delete;
    ChannelLayout& operator=(const ChannelLayout&) = delete;
    ~ChannelLayout() { av_channel_layout_uninit(&layout); }
};

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
        SourceInfo& info = s->info_;
        info.path = path;
        info.decoder = "ffmpeg";
        // Local files only, never the network: "file:" keeps a path that reads as a URL
        // ("http://host/a.mp3" is a file in the folders "http:" and "host") from being
        // fetched, and the whitelist keeps playlists (HLS, concat) from opening other
        // protocols. Found while checking the README's "no network connections".
        AVDictionary* options = nullptr;
        av_dict_set(&options, "protocol_whitelist", "file", 0);
        const std::string url = "file:" + path;
        const int opened = avformat_open_input(&s->format_, url.c_str(), nullptr, &options);
        av_dict_free(&options);
        if (opened < 0 || avformat_find_stream_info(s->format_, nullptr) < 0)
            return audioError(ErrorCode::NotAudio, path,
                              "is not an audio file HumanEar can read (the data is not in any known audio format).");
        const AVCodec* codec = nullptr;
        s->stream_ = av_find_best_stream(s->format_, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
        if (s->stream_ == AVERROR_DECODER_NOT_FOUND) {
            std::string name = "unknown";
            for (unsigned i = 0; i < s->format_->nb_streams; ++i)
                if (s->format_->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
                    name = avcodec_get_name(s->format_->streams[i]->codecpar->codec_id);
            return audioError(ErrorCode::NotAudio, path,
                              "uses an audio format (" + name + ") that this system cannot decode.");
        }
        if (s->stream_ < 0 || !codec)
            return audioError(ErrorCode::NotAudio, path, "is not an audio file HumanEar can read (it holds no sound).");
        // Cover art and video would be demuxed for nothing.
        for (unsigned i = 0; i < s->format_->nb_streams; ++i)
            if (int(i) != s->stream_) s->format_->streams[i]->discard = AVDISCARD_ALL;

        AVStream* stream = s->format_->streams[s->stream_];
        s->codec_ = avcodec_alloc_context3(codec);
        if (!s->codec_ || avcodec_parameters_to_context(s->codec_, stream->codecpar) < 0)
            return makeError(ErrorCode::Internal, "Out of memory while opening " + quotedName(path) + ".");
        s->codec_->pkt_timebase = stream->time_base;
        // Files are decoded in parallel one per thread; threads inside a decoder would only compete.
        s->codec_->thread_count = 1;
        info.codec = avcodec_get_name(stream->codecpar->codec_id);
        if (avcodec_open2(s->codec_, codec, nullptr) < 0)
            return audioError(ErrorCode::DecodeFailed, path,
                              "uses the " + info.codec + " codec, but its settings cannot be decoded.");
        info.container = shortContainerName(s->format_->iformat);
        info.sampleRate = s->codec_->sample_rate;
        info.channels = s->codec_->ch_layout.nb_channels;

        s->startTime_ = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
        double seconds = 0;
        if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
            seconds = double(stream->duration) * av_q2d(stream->time_base);
        else if (s->format_->duration != AV_NOPTS_VALUE && s->format_->duration > 0)
            seconds = double(s->format_->duration) / AV_TIME_BASE;
        if (info.sampleRate > 0) {
            info.frames = static_cast<int64_t>(seconds * info.sampleRate + 0.5);
            info.durationSeconds = double(info.frames) / info.sampleRate;
        }
        info.lengthEstimated = s->format_->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE;
        if (!info.lengthEstimated) s->endFrame_ = info.frames;

        // Lossy codecs overlap their transform blocks (and MP3 borrows bits from earlier
        // frames): the first frame after a seek is not yet right, so seeks start a
        // tenth of a second early and throw that part away.
        const AVCodecDescriptor* descriptor = avcodec_descriptor_get(stream->codecpar->codec_id);
        const bool lossless = descriptor && (descriptor->props & AV_CODEC_PROP_LOSSLESS) &&
                              !(descriptor->props & AV_CODEC_PROP_LOSSY);
        s->preroll_ = std::max<int64_t>(stream->codecpar->seek_preroll, lossless ? 0 : info.sampleRate / 10);

        s->packet_ = av_packet_alloc();
        s->frame_ = av_frame_alloc();
        if (!s->packet_ || !s->frame_)
            return makeError(ErrorCode::Internal, "Out of memory while opening " + quotedName(path) + ".");
        return std::unique_ptr<AudioSource>(std::move(s));
    }

    const SourceInfo& info() const override { return info_; }

    Status seek(int64_t frame) override {
        frame = std::max<int64_t>(0, frame);
        AVStream* stream = format_->streams[stream_];
        const int64_t from = std::max<int64_t>(0, frame - preroll_);
        const int64_t ts = av_rescale_q(from, AVRational{1, info_.sampleRate}, stream->time_base) + startTime_;
        if (av_seek_frame(format_, stream_, ts, AVSEEK_FLAG_BACKWARD) < 0) {
            // Some streams cannot seek by time: start over and drop what comes before.
            if (avformat_seek_file(format_, stream_, INT64_MIN, startTime_, startTime_, 0) < 0 && !untouched_)
                return audioError(ErrorCode::DecodeFailed, info_.path,
                                  "cannot be read from " + describeSeconds(double(frame) / info_.sampleRate) +
                                      " on: the decoder cannot reach that point.");
        }
        avcodec_flush_buffers(codec_);
        pending_.clear();
        pendingOffset_ = 0;
        ended_ = false;
        draining_ = false;
        skipUntil_ = frame;
        position_ = -1;  // learnt from the next frame's timestamp
        return {};
    }

    Result<int64_t> read(float* out, int64_t frames) override {
        untouched_ = false;
        const int ch = info_.channels;
        int64_t written = 0;
        while (written < frames) {
            int64_t available = static_cast<int64_t>(pending_.size()) / ch - pendingOffset_;
            if (endFrame_ > 0) {
                // Codecs pad their last block; the container's length says where the music ends.
                const int64_t left = endFrame_ - (pendingStart_ + pendingOffset_);
                if (left <= 0) ended_ = true;
                available = std::clamp<int64_t>(left, 0, available);
            }
            if (available > 0) {
                const int64_t n = std::min(available, frames - written);
                std::memcpy(out + written * ch, pending_.data() + pendingOffset_ * ch, sizeof(float) * size_t(n * ch));
                pendingOffset_ += n;
                written += n;
                continue;
            }
            if (ended_) break;
            if (auto status = decodeMore(); !status) {
                if (written > 0) break;  // hand over what decoded; the next read reports
                return status.error();
            }
        }
        return written;
    }

    int64_t framesDecoded() const override { return decoded_; }

private:
    FfmpegSource() = default;

    // Decodes until pending_ holds samples at or after the seek target, or the stream ends.
    Status decodeMore() {
        pending_.clear();
        pendingOffset_ = 0;
        for (;;) {
            const int received = avcodec_receive_frame(codec_, frame_);
            if (received == 0) {
                Status appended = appendFrame();
                av_frame_unref(frame_);
                if (!appended) return appended;
                if (!pending_.empty()) return {};
                continue;
            }
            if (received == AVERROR_EOF) {
                ended_ = true;
                return {};
            }
            if (received != AVERROR(EAGAIN)) {
                if (auto s = noteError(); !s) return s;
                continue;
            }
            if (draining_) {
                ended_ = true;
                return {};
            }
            if (av_read_frame(format_, packet_) < 0) {
                // End of file (or an unreadable rest): let the decoder hand out what it holds.
                avcodec_send_packet(codec_, nullptr);
                draining_ = true;
                continue;
            }
            if (packet_->stream_index == stream_) {
                const int sent = avcodec_send_packet(codec_, packet_);
                if (sent < 0 && sent != AVERROR(EAGAIN)) {
                    av_packet_unref(packet_);
                    if (auto s = noteError(); !s) return s;
                    continue;
                }
            }
            av_packet_unref(packet_);
        }
    }

    Status noteError() {
        if (++consecutiveErrors_ < kMaxConsecutiveErrors) return {};
        return audioError(ErrorCode::DecodeFailed, info_.path, "is damaged: its audio data cannot be decoded.");
    }

    // Converts to interleaved float at the file's rate and channel count, whatever the
    // decoder hands out; rebuilt when a frame's format differs from the last one.
    bool prepareConverter(const AVFrame* frame) {
        if (swr_ && frame->format == swrFormat_ && frame->sample_rate == swrRate_ &&
            av_channel_layout_compare(&frame->ch_layout, &swrLayout_.layout) == 0)
            return true;
        swr_free(&swr_);
        av_channel_layout_uninit(&swrLayout_.layout);
        ChannelLayout in, out;
        if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame->ch_layout.nb_channels <= 0)
            av_channel_layout_default(&in.layout, frame->ch_layout.nb_channels > 0 ? frame->ch_layout.nb_channels : info_.channels);
        else if (av_channel_layout_copy(&in.layout, &frame->ch_layout) < 0)
            return false;
        if (in.layout.nb_channels == info_.channels) {
            if (av_channel_layout_copy(&out.layout, &in.layout) < 0) return false;
        } else {
            av_channel_layout_default(&out.layout, info_.channels);
        }
        const int rate = frame->sample_rate > 0 ? frame->sample_rate : info_.sampleRate;
        if (swr_alloc_set_opts2(&swr_, &out.layout, AV_SAMPLE_FMT_FLT, info_.sampleRate, &in.layout,
                                static_cast<AVSampleFormat>(frame->format), rate, 0, nullptr) < 0 ||
            swr_init(swr_) < 0) {
            swr_free(&swr_);
            return false;
        }
        swrFormat_ = frame->format;
        swrRate_ = frame->sample_rate;
        av_channel_layout_copy(&swrLayout_.layout, &frame->ch_layout);
        return true;
    }

    Status appendFrame() {
        if (frame_->nb_samples <= 0) return {};
        if (!prepareConverter(frame_)) {
            if (auto s = noteError(); !s) return s;
            return {};
        }
        consecutiveErrors_ = 0;
        decoded_ += frame_->nb_samples;
        if (position_ < 0) {
            const int64_t pts = frame_->best_effort_timestamp;
            position_ = pts == AV_NOPTS_VALUE ? skipUntil_
                                              : av_rescale_q(pts - startTime_, format_->streams[stream_]->time_base,
                                                             AVRational{1, info_.sampleRate});
        }
        const int ch = info_.channels;
        const int capacity = swr_get_out_samples(swr_, frame_->nb_samples);
        if (capacity <= 0) return {};
        converted_.resize(size_t(capacity) * ch);
        uint8_t* outPlanes[1] = {reinterpret_cast<uint8_t*>(converted_.data())};
        const int got = swr_convert(swr_, outPlanes, capacity, const_cast<const uint8_t**>(frame_->extended_data),
                                    frame_->nb_samples);
        if (got <= 0) return {};
        const int64_t skip = std::clamp<int64_t>(skipUntil_ - position_, 0, got);
        if (pending_.empty()) pendingStart_ = position_ + skip;
        position_ += got;
        pending_.insert(pending_.end(), converted_.begin() + skip * ch, converted_.begin() + int64_t(got) * ch);
        return {};
    }

    SourceInfo info_;
    AVFormatContext* format_ = nullptr;
    AVCodecContext* codec_ = nullptr;
    SwrContext* swr_ = nullptr;
    int swrFormat_ = -1;
    int swrRate_ = 0;
    ChannelLayout swrLayout_;
    AVPacket* packet_ = nullptr;
    AVFrame* frame_ = nullptr;
    int stream_ = -1;
    int64_t startTime_ = 0;  // stream time base
    int64_t preroll_ = 0;    // native frames decoded and dropped before a seek target
    std::vector<float> converted_;
    std::vector<float> pending_;
    int64_t pendingOffset_ = 0;  // frames of pending_ already handed out
    int64_t pendingStart_ = 0;   // native frame of pending_'s first sample
    int64_t endFrame_ = 0;       // the stated length, when exact; 0: read to the end of the stream
    int64_t skipUntil_ = 0;
    int64_t position_ = 0;  // native frame of the next converted sample; -1: take it from the next frame
    int64_t decoded_ = 0;
    int consecutiveErrors_ = 0;
    bool untouched_ = true;  // nothing read yet: the stream is still at its start
    bool ended_ = false;
    bool draining_ = false;
};

}  // namespace

Result<std::unique_ptr<AudioSource>> openWithFfmpeg(const std::string& path) { return FfmpegSource::open(path); }

}  // namespace humanear::audio
