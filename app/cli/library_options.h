#pragma once
// Options every library command shares (--library, --embedder, --json) and
// the JSON forms of library results.
#include "humanear/engine.h"
#include "humanear/library.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>

struct LibraryOptions {
    QCommandLineOption library{QStringLiteral("library"),
                               QStringLiteral("Library folder (default: %1).")
                                   .arg(QString::fromStdString(humanear::defaultLibraryDirectory())),
                               QStringLiteral("PATH")};
    QCommandLineOption embedder{QStringLiteral("embedder"),
                                QString::fromStdString(humanear::describeEmbedders() + "."), QStringLiteral("NAME"),
                                QString::fromLatin1(humanear::kDefaultEmbedder)};
    QCommandLineOption hop{QStringLiteral("openl3-hop"),
                           QStringLiteral("OpenL3 frame hop in seconds (default 0.1)."), QStringLiteral("SECONDS"),
                           QStringLiteral("0.1")};
    QCommandLineOption json{QStringLiteral("json"), QStringLiteral("JSON output (the last line is one object).")};

    void addTo(QCommandLineParser& parser) const { parser.addOptions({library, embedder, hop, json}); }
    humanear::LibrarySettings settings(const QCommandLineParser& parser) const;
};

// Opens the library, printing a message naming it on failure (then returns false).
bool openLibrary(humanear::Engine& engine, const humanear::LibrarySettings& settings,
                 std::optional<humanear::Library>& out, const char* command);

QJsonObject toJson(const humanear::RecommendationList& list);
QJsonObject toJson(const humanear::ScanReport& report);
void printJson(const QJsonObject& object);

// Ctrl+C cancels this token instead of killing the process, so a scan stops
// between files and the catalog, index and centroids stay in step.
const humanear::CancelToken& interruptToken();
