#pragma once
// Value types that describe one analysed track.
#include "humanear/cancel.h"
#include "humanear/library.h"
#include "humanear/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace humanear {

struct AudioFacts {
    double durationSeconds = 0;
    int sampleRate = 0;   // as stored in the file
    int channels = 0;
    std::string codec;    // e.g. "mp3", "flac", "pcm_16", "aac"
    std::string decoder;  // "libsndfile" or "ffmpeg"
};

// What the file's tags say (TagLib), with the file and folder names as fallbacks.
struct TrackMetadata {
    std::string title, artist, album, genre;  // UTF-8; may be empty
};

// A log-mel spectrogram: bands x frames, row-major, low frequencies first, values in dB (max 0).
struct Spectrogram {
    int bands = 0;
    int frames = 0;
    int sampleRate = 0;
    int hop = 0;
    std::vector<float> db;  // empty unless AnalysisOptions::keepSpectrogram
    double secondsPerFrame() const { return sampleRate ? double(hop) / sampleRate : 0.0; }
};

enum class Verdict { LikelyAi, Uncertain, LikelyHuman, NotMusic };
const char* verdictName(Verdict verdict);  // "likely_ai", "uncertain", "likely_human", "not_music"

// Why a track is not music (Verdict::NotMusic); decided from the signal, before any P(AI).
enum class NotMusicReason { None, NearSilence, SteadyTone, Noise, Clicks, Speech };
const char* notMusicReasonName(NotMusicReason reason);  // "", "near_silence", "steady_tone", "noise", "clicks", "speech"

// What the "is it music?" check measured (16 kHz mono, 64 ms frames; see dsp/music_check.h).
struct MusicMeasures {
    double seconds = 0;             // audio measured
    double loudDb = -200;           // 95th percentile of the frame levels, dB re full scale (mean square)
    double activeShare = 0;         // frames within 40 dB of loudDb
    double medianBurstSeconds = 0;  // median length of a run of active frames
    double variationDb = 0;         // how much the spectrum changes: band levels' std over 0.26 s blocks
    double tonalShare = 0;          // long-term spectrum's energy in its 8 strongest peaks (+-3 bins each)
    double flatness = 0;            // median spectral flatness of the active frames (white noise about 0.56)
    double pauseShare = 0;          // frames 25 dB or more below the loudest of the surrounding 2 s
    double voicedShare = 0;         // active frames with a clear pitch (80-400 Hz autocorrelation peak)
    double medianVoicedSeconds = 0; // median length of a run of voiced frames (speech: syllables; song: notes)
    double pulse = 0;               // beat clarity: onset envelope's best autocorrelation at 0.3-1.5 s lags
    NotMusicReason reason = NotMusicReason::None;
};
// The same check analysis makes, on one file's whole length (lab use: `humanear-cli music-check`).
Result<MusicMeasures> measureMusicInFile(const std::string& path, const CancelToken& cancel = {});

// The detector's P(AI) over one stretch of the track.
struct DetectionWindow {
    double startSeconds = 0;
    double endSeconds = 0;
    double pAi = 0;
};

struct Detection {
    double pAi = 0;        // calibrated probability that the track is AI-generated
    double spread = 0;     // standard deviation of P(AI) across the analysed windows
    double threshold = 0.5;
    // The verdict's band: P(AI) at or below uncertainLow reads "likely human", at or
    // above uncertainHigh "likely AI", between them "uncertain". Fitted with the
    // threshold on out-of-fold scores, so it need not be centred on the threshold.
    double uncertainLow = 0.35, uncertainHigh = 0.65;
    int windows = 0;
    int members = 1;       // networks whose P(AI) are averaged (the shipped ensemble has two)
    std::vector<double> windowPAi;
    std::vector<double> windowStartSeconds;
    Verdict verdict = Verdict::Uncertain;
    std::string model;  // name and version of the detector that judged
    // Set with Verdict::NotMusic: then there is no P(AI) (pAi, spread, windows and timeline are empty/0).
    NotMusicReason notMusic = NotMusicReason::None;
    // P(AI) over time, in time order: windows that tile the whole track (evenly
    // spread, with gaps, only beyond the detector's window cap). Each is the mean of
    // the calibrated P(AI) of the members that tile the track at that time.
    std::vector<DetectionWindow> timeline;
    bool hasPAi() const { return verdict != Verdict::NotMusic; }
    // Where the detector looked: bands x frames of TrackAnalysis::spectrogram,
    // values in [0, 1] (1 = most influential). Empty unless
    // AnalysisOptions::computeSaliency and the detector supports it.
    std::vector<float> saliency;
};

// Something an analysis could not do although the file itself was fine. The app
// shows `code` in the user's language; `details` is the complete English sentence
// the CLI prints (it names the file or folder and, where there is one, the fix).
enum class NoticeCode {
    NoDetector,             // no detector installed, or its files are damaged
    DetectorFailed,         // the detector could not judge this track
    NoSaliency,             // no map of where the detector looked
    NoLibrary,              // no music library to recommend from
    LibraryEmpty,           // the library holds no tracks for its embedder
    RecommendationsFailed,  // the search failed (damaged library, unreadable file, ...)
    Other,                  // a note from a session saved before notices had codes
};
const char* noticeCodeName(NoticeCode code);  // "no_detector", "detector_failed", ...
NoticeCode noticeCodeFromName(const std::string& name);  // Other when unknown

struct Notice {
    NoticeCode code = NoticeCode::Other;
    std::string details;
};

struct TrackAnalysis {
    std::string path;
    std::optional<Error> error;  // set when the file could not be analysed
    AudioFacts facts;
    TrackMetadata metadata;
    Spectrogram spectrogram;
    // Absent when no detector is installed, unless the track is not music
    // (Verdict::NotMusic needs no detector).
    std::optional<Detection> detection;
    std::optional<MusicMeasures> music;  // what the music check measured (absent when analysis stopped before it)
    // Human tracks like this one (see AnalysisOptions::recommend); absent when
    // not asked for or the library is empty (then a notice says why).
    std::optional<RecommendationList> recommendations;
    std::vector<Notice> notices;  // e.g. why there is no detection, in the order they arose
    std::string noteText() const;  // the notices' details, one sentence after another
    bool ok() const { return !error.has_value(); }
};

}  // namespace humanear
