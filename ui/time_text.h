#pragma once
// How HumanEar writes a time in its views: one format for the queue's durations, the
// spectrogram's axis, the P(AI) strip and the previews, so a track reads the same everywhere.

#include <QString>

namespace timetext {

// Whole seconds as minutes:seconds ("3:07", "0:42"); negative times read as 0:00.
QString minutesSeconds(double seconds);

// A time on an axis or a span: minutes:seconds from a minute on, below that seconds with one
// decimal when the ticks are closer than a second ("12 s", "2.5 s").
QString shortTime(double seconds, double tickSeconds = 1.0);

}  // namespace timetext
