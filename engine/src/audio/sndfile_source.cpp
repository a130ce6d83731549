#include "audio/sndfile_source.h"

#include "audio/audio_errors.h"

#include <sndfile.h>

namespace humanear::audio {

namespace {

std::string containerName(int format) {
    switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV: return "wav";
    case SF_FORMAT_WAVEX: return "wav";
    case SF_FORMAT_RF64: return "rf64";
    case SF_FORMAT_W64: return "w64";
    case SF_FORMAT_AIFF: return "aiff";
    case SF_FORMAT_CAF: return "caf";
    case SF_FORMAT_FLAC: return "flac";
    case SF_FORMAT_OGG: return "ogg";
    case SF_FORMAT_MPEG: return "mpeg";
    case SF_FORMAT_AU: return "au";
    default: return "other";
    }
}

std::string codecName(int format) {
    if ((format & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC) return "flac";
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8: return "pcm_s8";
    case SF_FORMAT_PCM_U8: return "pcm_u8";
    case SF_FORMAT_PCM_16: return "pcm_16";
    case SF_FORMAT_PCM_24: return "pcm_24";
    case SF_FORMAT_PCM_32: return "pcm_32";
    case SF_FORMAT_FLOAT: return "float";
    case SF_FORMAT_DOUBLE: return "double";
    case SF_FORMAT_ULAW: return "ulaw";
    case SF_FORMAT_ALAW: return "alaw";
    case SF_FORMAT_IMA_ADPCM: return "ima_adpcm";
    case SF_FORMAT_MS_ADPCM: return "ms_adpcm";
    case SF_FORMAT_VORBIS: return "vorbis";
    case SF_FORMAT_OPUS: return "opus";
    case SF_FORMAT_MPEG_LAYER_I: return "mp1";
    case SF_FORMAT_MPEG_LAYER_II: return "mp2";
    case SF_FORMAT_MPEG_LAYER_III: return "mp3";
    default: return "other";
    }
}

class SndfileSource final : public AudioSource {
public:
    SndfileSource(SNDFILE* file, SourceInfo info) : file_(file), info_(std::move(info)) {}
    ~SndfileSource() override { sf_close(file_); }

    const SourceInfo& info() const override { return info_; }

    Status seek(int64_t frame) override {
        if (sf_seek(file_, frame, SEEK_SET) < 0)
            return audioError(ErrorCode::DecodeFailed, info_.path, "cannot be searched to " +
                                                                      std::to_string(frame / std::max(1, info_.sampleRate)) +
                                                                      " s: " + sf_strerror(file_));
        return {};
    }

    Result<int64_t> read(float* interleaved, int64_t frames) override {
        const sf_count_t got = sf_readf_float(file_, interleaved, frames);
        if (got < 0 || (got == 0 && sf_error(file_) != SF_ERR_NO_ERROR))
            return audioError(ErrorCode::DecodeFailed, info_.path,
                              std::string("could not be decoded: ") + sf_strerror(file_));
        return static_cast<int64_t>(got);
    }

private:
    SNDFILE* file_;
    SourceInfo info_;
};

}  // namespace

Result<std::unique_ptr<AudioSource>> openWithSndfile(const std::string& path) {
    SF_INFO sfInfo{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &sfInfo);
    if (!file)
        return audioError(ErrorCode::NotAudio, path, std::string("is not readable by libsndfile: ") + sf_strerror(nullptr));
    // libsndfile returns floats in [-1, 1] for integer formats; keep float files unscaled.
    sf_command(file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    SourceInfo info;
    info.path = path;
    info.decoder = "libsndfile";
    info.container = containerName(sfInfo.format);
    info.codec = codecName(sfInfo.format);
    info.sampleRate = sfInfo.samplerate;
    info.channels = sfInfo.channels;
    info.frames = sfInfo.frames;
    info.durationSeconds = sfInfo.samplerate > 0 ? double(sfInfo.frames) / sfInfo.samplerate : 0.0;
    return std::unique_ptr<AudioSource>(new SndfileSource(file, std::move(info)));
}

}  // namespace humanear::audio
