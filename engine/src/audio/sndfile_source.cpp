#include "audio/sndfile_source.h"

#include "audio/audio_errors.h"
#include "audio/file_header.h"

#include <sndfile.h>

#include <mutex>

namespace humanear::audio {

namespace {

std::string containerName(int format) {
    switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
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

// Bytes per sample of the uncompressed encodings, whose frame count follows from the
// data size; 0 for the others.
int pcmBytesPerSample(int format) {
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW: return 1;
    case SF_FORMAT_PCM_16: return 2;
    case SF_FORMAT_PCM_24: return 3;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT: return 4;
    case SF_FORMAT_DOUBLE: return 8;
    default: return 0;
    }
}

class SndfileSource final : public AudioSource {
public:
    SndfileSource(SNDFILE* file, SourceInfo info) : file_(file), info_(std::move(info)) {}
    ~SndfileSource() override { sf_close(file_); }

    const SourceInfo& info() const override { return info_; }

    Status seek(int64_t frame) override {
        if (sf_seek(file_, frame, SEEK_SET) < 0)
            return audioError(ErrorCode::DecodeFailed, info_.path,
                              "cannot be read from " + describeSeconds(double(frame) / info_.sampleRate) +
                                  " on: the decoder cannot reach that point.");
        return {};
    }

    Result<int64_t> read(float* interleaved, int64_t frames) override {
        const sf_count_t got = sf_readf_float(file_, interleaved, frames);
        if (got < 0 || (got == 0 && sf_error(file_) != SF_ERR_NO_ERROR))
            return audioError(ErrorCode::DecodeFailed, info_.path,
                              std::string("is damaged: the decoder reports \"") + sf_strerror(file_) + "\".");
        decoded_ += got;
        return static_cast<int64_t>(got);
    }

    int64_t framesDecoded() const override { return decoded_; }

private:
    SNDFILE* file_;
    SourceInfo info_;
    int64_t decoded_ = 0;
};

}  // namespace

Result<std::unique_ptr<AudioSource>> openWithSndfile(const std::string& path) {
    SF_INFO sfInfo{};
    SNDFILE* file = nullptr;
    {
        // A failing sf_open writes the library's global error state; serialise opens so
        // that files rejected on several threads at once do not race on it.
        static std::mutex openMutex;
        std::lock_guard<std::mutex> lock(openMutex);
        file = sf_open(path.c_str(), SFM_READ, &sfInfo);
    }
    if (!file)
        return audioError(ErrorCode::NotAudio, path,
                          "is not an audio file HumanEar can read (the data is not in any known audio format).");
    // Integer formats arrive as floats in [-1, 1).
    sf_command(file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    SourceInfo info;
    info.path = path;
    info.decoder = "libsndfile";
    info.container = containerName(sfInfo.format);
    info.codec = codecName(sfInfo.format);
    info.sampleRate = sfInfo.samplerate;
    info.channels = sfInfo.channels;
    // SF_COUNT_MAX: libsndfile could not find the length (an Ogg stream cut mid-page).
    info.frames = sfInfo.frames > 0 && sfInfo.frames < SF_COUNT_MAX ? sfInfo.frames : 0;
    info.durationSeconds = sfInfo.samplerate > 0 ? double(info.frames) / sfInfo.samplerate : 0.0;
    if ((sfInfo.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG) info.lengthEstimated = !mp3HasLengthHeader(path);
    auto source = std::unique_ptr<AudioSource>(new SndfileSource(file, info));

    // libsndfile quietly shortens a WAV or AIFF whose data chunk claims more bytes than
    // the file holds; the header's promise shows a copy that stopped part-way.
    const int sampleBytes = pcmBytesPerSample(sfInfo.format);
    const int type = sfInfo.format & SF_FORMAT_TYPEMASK;
    if (sampleBytes > 0 && sfInfo.channels > 0 && (type == SF_FORMAT_WAV || type == SF_FORMAT_WAVEX || type == SF_FORMAT_AIFF)) {
        const auto header = readPcmHeader(path);
        if (header && header->dataBytes) {
            const int64_t promised = *header->dataBytes / (int64_t(sampleBytes) * sfInfo.channels);
            if (promised > info.frames && isCutShort(promised, info.frames, info.sampleRate))
                return cutShortError(path, promised, info.frames, info.sampleRate);
        }
    }
    return source;
}

}  // namespace humanear::audio
