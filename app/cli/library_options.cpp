#include "library_options.h"

#include "humanear/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>
#include <cstdio>

humanear::LibrarySettings LibraryOptions::settings(const QCommandLineParser& parser) const {
    humanear::LibrarySettings s;
    if (parser.isSet(library)) s.directory = parser.value(library).toStdString();
    s.embedder = parser.value(embedder).toStdString();
    s.openl3HopSeconds = parser.value(hop).toDouble();
    return s;
}

bool openLibrary(humanear::Engine& engine, const humanear::LibrarySettings& settings,
                 std::optional<humanear::Library>& out, const char* command) {
    auto library = humanear::Library::open(engine, settings);
    if (!library) {
        std::fprintf(stderr, "humanear-cli %s: %s\n", command, library.error().message.c_str());
        return false;
    }
    for (const auto& note : library->openingNotes()) std::fprintf(stderr, "humanear-cli %s: note: %s\n", command, note.c_str());
    out.emplace(std::move(*library));
    return true;
}

QJsonObject toJson(const humanear::RecommendationList& list) {
    return humanear::recommendationsToJson(list);
}

QJsonObject toJson(const humanear::ScanReport& r) {
    QJsonArray failures;
    for (const auto& e : r.failures)
        failures.append(QJsonObject{{QStringLiteral("error"), QString::fromStdString(e.message)},
                                    {QStringLiteral("error_code"), QString::fromLatin1(humanear::errorCodeName(e.code))}});
    QJsonArray notes;
    for (const auto& n : r.notes) notes.append(QString::fromStdString(n));
    return QJsonObject{{QStringLiteral("found"), qint64(r.found)},         {QStringLiteral("added"), qint64(r.added)},
                       {QStringLiteral("updated"), qint64(r.updated)},     {QStringLiteral("moved"), qint64(r.moved)},
                       {QStringLiteral("removed"), qint64(r.removed)},     {QStringLiteral("unchanged"), qint64(r.unchanged)},
                       {QStringLiteral("failed"), qint64(r.failures.size())}, {QStringLiteral("failures"), failures},
                       {QStringLiteral("notes"), notes},                   {QStringLiteral("cancelled"), r.cancelled}};
}

void printJson(const QJsonObject& object) {
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

namespace {
humanear::CancelToken* g_interrupt = nullptr;
extern "C" void onInterrupt(int) {
    if (g_interrupt) g_interrupt->cancel();  // an atomic store: safe in a signal handler
    std::signal(SIGINT, SIG_DFL);            // a second Ctrl+C kills at once
}
}  // namespace

const humanear::CancelToken& interruptToken() {
    static humanear::CancelToken token;
    if (!g_interrupt) {
        g_interrupt = &token;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    return token;
}
