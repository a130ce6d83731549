<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AiGauge</name>
    <message>
        <source>AI probability</source>
        <translation>KI-Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>No track selected</source>
        <translation>Kein Titel ausgewählt</translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <source>No detector model installed</source>
        <translation>Kein Erkennungsmodell installiert</translation>
    </message>
    <message>
        <source>Could not analyse</source>
        <translation>Analyse nicht möglich</translation>
    </message>
    <message>
        <source>Select a track in the queue</source>
        <translation>Wählen Sie einen Titel in der Warteschlange</translation>
    </message>
    <message>
        <source>Install a detector in the models folder to judge tracks</source>
        <translation>Installieren Sie ein Erkennungsmodell im Ordner „models“, um Titel zu beurteilen</translation>
    </message>
    <message>
        <source>±%1 % across %2 windows · threshold %3 %</source>
        <translation>±%1 % über %2 Abschnitte · Schwelle %3 %</translation>
    </message>
    <message>
        <source>threshold %1 %</source>
        <translation>Schwelle %1 %</translation>
    </message>
    <message>
        <source>%1 % AI</source>
        <translation>%1 % KI</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <source>Music library</source>
        <translation>Musikbibliothek</translation>
    </message>
    <message>
        <source>Folders:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>Ordner entfernen</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>Neu einlesen</translation>
    </message>
    <message>
        <source>Add the demo library</source>
        <translation>Demo-Bibliothek hinzufügen</translation>
    </message>
    <message>
        <source>Free game soundtracks from Debian (Wesnoth, Warzone 2100, Hedgewars, …)</source>
        <translation>Freie Spiele-Soundtracks aus Debian (Wesnoth, Warzone 2100, Hedgewars, …)</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>Einlesen abbrechen</translation>
    </message>
    <message>
        <source>Add a folder of human-made music</source>
        <translation>Ordner mit von Menschen gemachter Musik hinzufügen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Location: %1
Embedder: %2 %3 · index: %4 · %5 need re-indexing
Genres: %6</source>
        <translation>Speicherort: %1
Einbettung: %2 %3 · Index: %4 · %5 müssen neu indiziert werden
Genres: %6</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>untagged</source>
        <translation>ohne Genre</translation>
    </message>
</context>
<context>
    <name>LibraryService</name>
    <message>
        <source>%1 found, %2 added, %3 updated, %4 removed, %5 failed</source>
        <translation>%1 gefunden, %2 hinzugefügt, %3 aktualisiert, %4 entfernt, %5 fehlgeschlagen</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <source>Rescanned</source>
        <translation>Neu eingelesen</translation>
    </message>
    <message>
        <source>The demo music script (fetch-demo-music.sh) was not found.</source>
        <translation>Das Skript für die Demo-Musik (fetch-demo-music.sh) wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>Downloading the demo soundtracks…</source>
        <translation>Demo-Soundtracks werden heruntergeladen…</translation>
    </message>
    <message>
        <source>Fetching the demo music failed (exit code %1).</source>
        <translation>Das Herunterladen der Demo-Musik ist fehlgeschlagen (Exit-Code %1).</translation>
    </message>
    <message>
        <source>Opening the music library…</source>
        <translation>Musikbibliothek wird geöffnet…</translation>
    </message>
    <message>
        <source>The music library is not available: %1</source>
        <translation>Die Musikbibliothek ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Reading the music library…</source>
        <translation>Musikbibliothek wird gelesen…</translation>
    </message>
    <message>
        <source>The music library is empty: add a folder of human-made music, or the demo library.</source>
        <translation>Die Musikbibliothek ist leer: Fügen Sie einen Ordner mit von Menschen gemachter Musik oder die Demo-Bibliothek hinzu.</translation>
    </message>
    <message>
        <source>The library&apos;s %1 tracks are not indexed yet: rescan it.</source>
        <translation>Die %1 Titel der Bibliothek sind noch nicht indiziert: Lesen Sie sie neu ein.</translation>
    </message>
    <message>
        <source>%1 tracks in the library, %2 searchable</source>
        <translation>%1 Titel in der Bibliothek, %2 durchsuchbar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>HumanEar</source>
        <translation>HumanEar</translation>
    </message>
    <message>
        <source>Drop audio files or folders here, or press Ctrl+O</source>
        <translation>Audiodateien oder Ordner hierher ziehen oder Strg+O drücken</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Cancel analysis</source>
        <translation>Analyse &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ready — models run on %1</source>
        <translation>Bereit – Modelle laufen auf %1</translation>
    </message>
    <message>
        <source>Analysed %1 of %2</source>
        <translation>%1 von %2 analysiert</translation>
    </message>
    <message>
        <source>Open audio files</source>
        <translation>Audiodateien öffnen</translation>
    </message>
    <message>
        <source>Audio (*.wav *.aif *.aiff *.flac *.ogg *.opus *.mp3 *.m4a *.aac);;All files (*)</source>
        <translation>Audio (*.wav *.aif *.aiff *.flac *.ogg *.opus *.mp3 *.m4a *.aac);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Done — %n file(s) could not be analysed</source>
        <translation>
            <numerusform>Fertig – %n Datei konnte nicht analysiert werden</numerusform>
            <numerusform>Fertig – %n Dateien konnten nicht analysiert werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>O&amp;rdner öffnen…</translation>
    </message>
    <message>
        <source>Export results as &amp;CSV…</source>
        <translation>Ergebnisse als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export results as &amp;JSON…</source>
        <translation>Ergebnisse als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Save spectrogram as &amp;PNG…</source>
        <translation>Spektrogramm als &amp;PNG speichern…</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>&amp;Analyse selected again</source>
        <translation>Auswahl erneut &amp;analysieren</translation>
    </message>
    <message>
        <source>&amp;Remove from queue</source>
        <translation>Aus Warteschlange &amp;entfernen</translation>
    </message>
    <message>
        <source>C&amp;lear queue</source>
        <translation>Warteschlange &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>Show where the detector &amp;looked</source>
        <translation>Zeigen, wo&amp;hin das Modell gehört hat</translation>
    </message>
    <message>
        <source>Overlay the detector&apos;s saliency map on the spectrogram</source>
        <translation>Die Relevanzkarte des Erkennungsmodells über das Spektrogramm legen</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit whole track</source>
        <translation>Ganzen &amp;Titel einpassen</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>An&amp;hören</translation>
    </message>
    <message>
        <source>&amp;Play or pause preview</source>
        <translation>Hörprobe &amp;abspielen oder anhalten</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>Music &amp;library…</source>
        <translation>Musik&amp;bibliothek…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Open a folder of audio files</source>
        <translation>Ordner mit Audiodateien öffnen</translation>
    </message>
    <message>
        <source>The analysis was cancelled; press F5 to analyse again.</source>
        <translation>Die Analyse wurde abgebrochen; F5 analysiert erneut.</translation>
    </message>
    <message>
        <source>Paused — %1 of %2 analysed</source>
        <translation>Angehalten – %1 von %2 analysiert</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>The music library is not open.</source>
        <translation>Die Musikbibliothek ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>Library: not open</source>
        <translation>Bibliothek: nicht geöffnet</translation>
    </message>
    <message numerus="yes">
        <source>Library: %n track(s)</source>
        <translation>
            <numerusform>Bibliothek: %n Titel</numerusform>
            <numerusform>Bibliothek: %n Titel</numerusform>
        </translation>
    </message>
    <message>
        <source>Library: not available</source>
        <translation>Bibliothek: nicht verfügbar</translation>
    </message>
    <message>
        <source>Save spectrogram</source>
        <translation>Spektrogramm speichern</translation>
    </message>
    <message>
        <source>Select an analysed track first.</source>
        <translation>Wählen Sie zuerst einen analysierten Titel.</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <source>Analysed</source>
        <translation>Analysiert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>AI %</source>
        <translation>KI %</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
</context>
<context>
    <name>RecommendationModel</name>
    <message>
        <source>Pause preview</source>
        <translation>Hörprobe anhalten</translation>
    </message>
    <message>
        <source>Play preview</source>
        <translation>Hörprobe abspielen</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message>
        <source>&lt;b&gt;Human-made tracks like this one&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ähnliche Titel, von Menschen gemacht&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Play or pause the selected preview (Space)</source>
        <translation>Ausgewählte Hörprobe abspielen oder anhalten (Leertaste)</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Preview position</source>
        <translation>Position der Hörprobe</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Select an analysed track to see human-made tracks like it.</source>
        <translation>Wählen Sie einen analysierten Titel, um ähnliche, von Menschen gemachte Titel zu sehen.</translation>
    </message>
    <message>
        <source>This file could not be analysed.</source>
        <translation>Diese Datei konnte nicht analysiert werden.</translation>
    </message>
    <message>
        <source>The library has no track close enough to this one.</source>
        <translation>Die Bibliothek enthält keinen Titel, der diesem ähnlich genug ist.</translation>
    </message>
    <message>
        <source>This track looks human-made, so no alternatives were searched. Settings → Recommend for every track changes that.</source>
        <translation>Dieser Titel wirkt von Menschen gemacht, daher wurde nach keinen Alternativen gesucht. Einstellungen → Empfehlungen für jeden Titel ändert das.</translation>
    </message>
    <message>
        <source>No recommendations for this track.</source>
        <translation>Keine Empfehlungen für diesen Titel.</translation>
    </message>
    <message>
        <source>Open the library…</source>
        <translation>Bibliothek öffnen…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Model&apos;s calibrated threshold</source>
        <translation>Kalibrierte Schwelle des Modells</translation>
    </message>
    <message>
        <source>P(AI) at or above which a track is called AI-generated; within 0.15 of it the verdict is &quot;Uncertain&quot;</source>
        <translation>P(KI), ab der ein Titel als KI-generiert gilt; innerhalb von 0,15 um diesen Wert lautet das Urteil „Unsicher“</translation>
    </message>
    <message>
        <source>AI threshold:</source>
        <translation>KI-Schwelle:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>CUDA GPU (not available)</source>
        <translation>CUDA-GPU (nicht verfügbar)</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>One per core (%1)</source>
        <translation>Einer pro Kern (%1)</translation>
    </message>
    <message>
        <source>Analysis workers:</source>
        <translation>Analyse-Threads:</translation>
    </message>
    <message>
        <source>Audio descriptors (built in)</source>
        <translation>Audio-Deskriptoren (eingebaut)</translation>
    </message>
    <message>
        <source>OpenL3 (needs its weights)</source>
        <translation>OpenL3 (benötigt seine Gewichte)</translation>
    </message>
    <message>
        <source>Similarity embedder:</source>
        <translation>Ähnlichkeitsmodell:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Library location</source>
        <translation>Speicherort der Bibliothek</translation>
    </message>
    <message>
        <source>Library location:</source>
        <translation>Speicherort der Bibliothek:</translation>
    </message>
    <message>
        <source>Tracks that look AI-generated</source>
        <translation>Titel, die KI-generiert wirken</translation>
    </message>
    <message>
        <source>Every track</source>
        <translation>Jeden Titel</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Recommend human tracks for:</source>
        <translation>Menschliche Titel empfehlen für:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>Erscheinungsbild:</translation>
    </message>
    <message>
        <source>Device, workers and language apply the next time HumanEar starts.</source>
        <translation>Gerät, Threads und Sprache gelten ab dem nächsten Start von HumanEar.</translation>
    </message>
</context>
<context>
    <name>SpectrogramView</name>
    <message>
        <source>Ctrl+wheel or +/− zooms, 0 fits the whole track</source>
        <translation>Strg+Mausrad oder +/− zoomt, 0 zeigt den ganzen Titel</translation>
    </message>
    <message>
        <source>Select an analysed track to see its spectrogram</source>
        <translation>Wählen Sie einen analysierten Titel, um sein Spektrogramm zu sehen</translation>
    </message>
    <message>
        <source>The spectrogram of a restored result is not kept — press F5 to analyse again</source>
        <translation>Das Spektrogramm eines wiederhergestellten Ergebnisses wird nicht gespeichert – F5 analysiert erneut</translation>
    </message>
    <message>
        <source>No spectrogram: the file could not be analysed</source>
        <translation>Kein Spektrogramm: Die Datei konnte nicht analysiert werden</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Wird gezeichnet…</translation>
    </message>
    <message>
        <source>No saliency map for this track</source>
        <translation>Keine Relevanzkarte für diesen Titel</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>Likely AI-generated</source>
        <translation>Wahrscheinlich KI-generiert</translation>
    </message>
    <message>
        <source>Likely human-made</source>
        <translation>Wahrscheinlich von Menschen gemacht</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>Unsicher</translation>
    </message>
</context>
</TS>
