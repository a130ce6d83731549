#pragma once
#include <QStringList>

// Expands folders into the audio-looking files below them (recursively, without
// following symbolic links so link loops cannot trap the scan). Plain files are
// kept whatever their extension: the decoder, not the name, decides what is audio.
QStringList expandInputPaths(const QStringList& inputs);
