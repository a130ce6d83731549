<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AiGauge</name>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="25"/>
        <source>AI probability</source>
        <translation>KI-Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="92"/>
        <source>No track selected</source>
        <translation>Kein Titel ausgewählt</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="93"/>
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="94"/>
        <source>No detector model installed</source>
        <translation>Kein Erkennungsmodell installiert</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="95"/>
        <source>Could not analyse</source>
        <translation>Analyse nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="104"/>
        <source>Select a track in the queue</source>
        <translation>Wählen Sie einen Titel in der Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="107"/>
        <source>Install a detector in the models folder to judge tracks</source>
        <translation>Installieren Sie ein Erkennungsmodell im Ordner „models“, um Titel zu beurteilen</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="115"/>
        <source>Only %1 s of audio: a short excerpt is judged less reliably than a whole track</source>
        <translation>Nur %1 s Audio: ein kurzer Ausschnitt wird weniger verlässlich beurteilt als ein ganzes Stück</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="120"/>
        <source>±%1 % across %2 windows of %3 models · threshold %4 %</source>
        <translation>±%1 % über %2 Abschnitte von %3 Modellen · Schwelle %4 %</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="127"/>
        <source>±%1 % across %2 windows · threshold %3 %</source>
        <translation>±%1 % über %2 Abschnitte · Schwelle %3 %</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="132"/>
        <source>threshold %1 %</source>
        <translation>Schwelle %1 %</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="138"/>
        <source>%1 % AI</source>
        <translation>%1 % KI</translation>
    </message>
    <message>
        <location filename="../ui/ai_gauge.cpp" line="110"/>
        <source>This sounds like %1, not music: HumanEar gives no AI probability for it</source>
        <translation>Erkannt: %1 – keine Musik, daher keine KI-Wahrscheinlichkeit</translation>
    </message>
</context>
<context>
    <name>AiTimeline</name>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="11"/>
        <source>AI probability over time</source>
        <translation>KI-Wahrscheinlichkeit im Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="22"/>
        <source>P(AI) over time</source>
        <translation>P(KI) im Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="24"/>
        <source>P(AI) over time: no detector</source>
        <translation>P(KI) im Zeitverlauf: kein Erkennungsmodell</translation>
    </message>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="26"/>
        <source>Not music: no P(AI) over time</source>
        <translation>Keine Musik: kein P(KI)-Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="35"/>
        <source>P(AI) over time: no windows</source>
        <translation>P(KI) im Zeitverlauf: keine Fenster</translation>
    </message>
    <message>
        <location filename="../ui/ai_timeline.cpp" line="112"/>
        <source>P(AI)</source>
        <translation>P(KI)</translation>
    </message>
</context>
<context>
    <name>Embedders</name>
    <message>
        <location filename="../engine/src/similarity/embedder_catalog.cpp" line="20"/>
        <source>Audio descriptors (built in)</source>
        <translation>Audio-Deskriptoren (eingebaut)</translation>
    </message>
    <message>
        <location filename="../engine/src/similarity/embedder_catalog.cpp" line="22"/>
        <source>Audio descriptors, fast (without musicnn)</source>
        <translation>Audio-Deskriptoren, schnell (ohne musicnn)</translation>
    </message>
    <message>
        <location filename="../engine/src/similarity/embedder_catalog.cpp" line="23"/>
        <source>OpenL3 (needs its weights)</source>
        <translation>OpenL3 (benötigt seine Gewichte)</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <location filename="../ui/library_dialog.cpp" line="16"/>
        <source>Music library</source>
        <translation>Musikbibliothek</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="31"/>
        <source>Folders:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="38"/>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="39"/>
        <source>Remove folder</source>
        <translation>Ordner entfernen</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="40"/>
        <source>Rescan</source>
        <translation>Neu einlesen</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="41"/>
        <source>Add the demo library</source>
        <translation>Demo-Bibliothek hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="42"/>
        <source>Free game soundtracks from Debian (Wesnoth, Warzone 2100, Hedgewars, …)</source>
        <translation>Freie Spiele-Soundtracks aus Debian (Wesnoth, Warzone 2100, Hedgewars, …)</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="43"/>
        <source>Cancel scan</source>
        <translation>Einlesen abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="51"/>
        <source>Add a folder of human-made music</source>
        <translation>Ordner mit von Menschen gemachter Musik hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="69"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="88"/>
        <source>Location: %1
Embedder: %2 %3 · index: %4 · %5 need re-indexing
Genres: %6</source>
        <translation>Speicherort: %1
Einbettung: %2 %3 · Index: %4 · %5 müssen neu indiziert werden
Genres: %6</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="92"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/library_dialog.cpp" line="86"/>
        <source>untagged</source>
        <translation>ohne Genre</translation>
    </message>
</context>
<context>
    <name>LibraryService</name>
    <message>
        <location filename="../ui/library_service.cpp" line="18"/>
        <source>%1 found, %2 added, %3 updated, %4 removed, %5 failed</source>
        <translation>%1 gefunden, %2 hinzugefügt, %3 aktualisiert, %4 entfernt, %5 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="24"/>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="127"/>
        <source>Added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="135"/>
        <source>Removed %1</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="142"/>
        <source>Rescanned</source>
        <translation>Neu eingelesen</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="179"/>
        <source>The demo music script (fetch-demo-music.sh) was not found.</source>
        <translation>Das Skript für die Demo-Musik (fetch-demo-music.sh) wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="184"/>
        <source>Downloading the demo soundtracks…</source>
        <translation>Demo-Soundtracks werden heruntergeladen…</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="196"/>
        <source>Fetching the demo music failed (exit code %1).</source>
        <translation>Das Herunterladen der Demo-Musik ist fehlgeschlagen (Exit-Code %1).</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="204"/>
        <source>Opening the music library…</source>
        <translation>Musikbibliothek wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="205"/>
        <source>The music library is not available: %1</source>
        <translation>Die Musikbibliothek ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="208"/>
        <source>Reading the music library…</source>
        <translation>Musikbibliothek wird gelesen…</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="209"/>
        <source>The music library is empty: add a folder of human-made music, or the demo library.</source>
        <translation>Die Musikbibliothek ist leer: Fügen Sie einen Ordner mit von Menschen gemachter Musik oder die Demo-Bibliothek hinzu.</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="210"/>
        <source>The library&apos;s %1 tracks are not indexed yet: rescan it.</source>
        <translation>Die %1 Titel der Bibliothek sind noch nicht indiziert: Lesen Sie sie neu ein.</translation>
    </message>
    <message>
        <location filename="../ui/library_service.cpp" line="211"/>
        <source>%1 tracks in the library, %2 searchable</source>
        <translation>%1 Titel in der Bibliothek, %2 durchsuchbar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="67"/>
        <source>HumanEar</source>
        <translation>HumanEar</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123"/>
        <source>Drop audio files or folders here, or press Ctrl+O</source>
        <translation>Audiodateien oder Ordner hierher ziehen oder Strg+O drücken</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="235"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="236"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="255"/>
        <source>&amp;Cancel analysis</source>
        <translation>Analyse &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="248"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="113"/>
        <source>Ready — models run on %1</source>
        <translation>Bereit – Modelle laufen auf %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="427"/>
        <source>Analysed %1 of %2</source>
        <translation>%1 von %2 analysiert</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="347"/>
        <source>Open audio files</source>
        <translation>Audiodateien öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="348"/>
        <source>Audio (%1);;All files (*)</source>
        <translation>Audio (%1);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="85"/>
        <source>Done — %n file(s) could not be analysed</source>
        <translation>
            <numerusform>Fertig – %n Datei konnte nicht analysiert werden</numerusform>
            <numerusform>Fertig – %n Dateien konnten nicht analysiert werden</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="85"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="104"/>
        <source>Library repaired</source>
        <translation>Bibliothek repariert</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="199"/>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="230"/>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="238"/>
        <source>Open &amp;folder…</source>
        <translation>O&amp;rdner öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="241"/>
        <source>Export results as &amp;CSV…</source>
        <translation>Ergebnisse als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="243"/>
        <source>Export results as &amp;JSON…</source>
        <translation>Ergebnisse als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="245"/>
        <source>Save spectrogram as &amp;PNG…</source>
        <translation>Spektrogramm als &amp;PNG speichern…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="250"/>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="251"/>
        <location filename="../ui/main_window.cpp" line="434"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="257"/>
        <source>&amp;Analyse selected again</source>
        <translation>Auswahl erneut &amp;analysieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="259"/>
        <source>&amp;Remove from queue</source>
        <translation>Aus Warteschlange &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="261"/>
        <source>C&amp;lear queue</source>
        <translation>Warteschlange &amp;leeren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="269"/>
        <source>Show where the detector &amp;looked</source>
        <translation>Zeigen, wo&amp;hin das Modell gehört hat</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="272"/>
        <source>Overlay the detector&apos;s saliency map on the spectrogram</source>
        <translation>Die Relevanzkarte des Erkennungsmodells über das Spektrogramm legen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="277"/>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="278"/>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279"/>
        <source>&amp;Fit whole track</source>
        <translation>Ganzen &amp;Titel einpassen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="282"/>
        <source>&amp;Listen</source>
        <translation>An&amp;hören</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="283"/>
        <source>&amp;Play or pause preview</source>
        <translation>Hörprobe &amp;abspielen oder anhalten</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="285"/>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="288"/>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="289"/>
        <source>Music &amp;library…</source>
        <translation>Musik&amp;bibliothek…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="291"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="325"/>
        <source>Looking for audio files…</source>
        <translation>Suche nach Audiodateien…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="328"/>
        <source>No audio files were found there.</source>
        <translation>Dort wurden keine Audiodateien gefunden.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="353"/>
        <source>Open a folder of audio files</source>
        <translation>Ordner mit Audiodateien öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="397"/>
        <source>The analysis was cancelled; press F5 to analyse again.</source>
        <translation>Die Analyse wurde abgebrochen; F5 analysiert erneut.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="426"/>
        <source>Paused — %1 of %2 analysed</source>
        <translation>Angehalten – %1 von %2 analysiert</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="434"/>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="435"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="460"/>
        <source>The music library is not open.</source>
        <translation>Die Musikbibliothek ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="461"/>
        <source>Library: not open</source>
        <translation>Bibliothek: nicht geöffnet</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="465"/>
        <source>Library: %n track(s)</source>
        <translation>
            <numerusform>Bibliothek: %n Titel</numerusform>
            <numerusform>Bibliothek: %n Titel</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="466"/>
        <source>Library: not available</source>
        <translation>Bibliothek: nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="485"/>
        <source>Save spectrogram</source>
        <translation>Spektrogramm speichern</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="485"/>
        <source>Select an analysed track first.</source>
        <translation>Wählen Sie zuerst einen analysierten Titel.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="490"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="493"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="493"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="495"/>
        <location filename="../ui/main_window.cpp" line="501"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="500"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="501"/>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../ui/notice_text.cpp" line="21"/>
        <source>No detector is installed, or its files are damaged: this track has no verdict.</source>
        <translation>Es ist kein Erkennungsmodell installiert, oder seine Dateien sind beschädigt: Dieser Titel hat kein Urteil.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="22"/>
        <source>The detector could not judge this track.</source>
        <translation>Das Erkennungsmodell konnte diesen Titel nicht beurteilen.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="23"/>
        <source>There is no map of where the detector listened.</source>
        <translation>Es gibt keine Karte, worauf das Erkennungsmodell gehört hat.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="25"/>
        <source>No recommendations: there is no music library yet. Add a folder of your music in the Library window.</source>
        <translation>Keine Empfehlungen: Es gibt noch keine Musikbibliothek. Fügen Sie im Bibliotheksfenster einen Ordner mit Ihrer Musik hinzu.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="27"/>
        <source>No recommendations: the music library holds no tracks for the chosen embedder. Add a folder of your music, or rescan the library.</source>
        <translation>Keine Empfehlungen: Die Musikbibliothek enthält keine Titel für die gewählte Einbettung. Fügen Sie einen Ordner mit Ihrer Musik hinzu oder lesen Sie die Bibliothek neu ein.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="29"/>
        <source>No recommendations: the music library could not be searched.</source>
        <translation>Keine Empfehlungen: Die Musikbibliothek konnte nicht durchsucht werden.</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="52"/>
        <source>The file is not there</source>
        <translation>Die Datei ist nicht vorhanden</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="53"/>
        <source>The file may not be read</source>
        <translation>Die Datei darf nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="54"/>
        <source>Not an audio file</source>
        <translation>Keine Audiodatei</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="55"/>
        <source>The file is cut short</source>
        <translation>Die Datei ist abgeschnitten</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="56"/>
        <source>The file is empty</source>
        <translation>Die Datei ist leer</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="57"/>
        <source>Too short to judge</source>
        <translation>Zu kurz zum Beurteilen</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="58"/>
        <source>Silent</source>
        <translation>Stille</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="59"/>
        <source>Impossible audio parameters</source>
        <translation>Unmögliche Audioparameter</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="60"/>
        <source>The audio is damaged</source>
        <translation>Der Ton ist beschädigt</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="61"/>
        <source>A model is missing</source>
        <translation>Ein Modell fehlt</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="62"/>
        <source>A model is damaged</source>
        <translation>Ein Modell ist beschädigt</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="63"/>
        <source>A library file is damaged</source>
        <translation>Eine Bibliotheksdatei ist beschädigt</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="64"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="65"/>
        <source>Invalid request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="66"/>
        <source>Read or write error</source>
        <translation>Lese- oder Schreibfehler</translation>
    </message>
    <message>
        <location filename="../ui/notice_text.cpp" line="70"/>
        <source>Could not be analysed</source>
        <translation>Konnte nicht analysiert werden</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../ui/queue_model.cpp" line="38"/>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="39"/>
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="40"/>
        <source>Analysed</source>
        <translation>Analysiert</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="41"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="42"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="83"/>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="99"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="100"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="101"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="102"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="103"/>
        <source>AI %</source>
        <translation>KI %</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="104"/>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <location filename="../ui/queue_model.cpp" line="88"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>RecommendationModel</name>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="48"/>
        <source>Pause preview</source>
        <translation>Hörprobe anhalten</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="48"/>
        <source>Play preview</source>
        <translation>Hörprobe abspielen</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="70"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="71"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="72"/>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="11"/>
        <source>same genre</source>
        <translation>gleiches Genre</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="12"/>
        <source>similar tempo</source>
        <translation>ähnliches Tempo</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="13"/>
        <source>similar timbre</source>
        <translation>ähnliche Klangfarbe</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="14"/>
        <source>similar brightness</source>
        <translation>ähnliche Helligkeit</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="15"/>
        <source>similar harmony</source>
        <translation>ähnliche Harmonik</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="16"/>
        <source>similar rhythm</source>
        <translation>ähnlicher Rhythmus</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="17"/>
        <source>similar loudness</source>
        <translation>ähnliche Lautheit</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="18"/>
        <source>similar timbre movement</source>
        <translation>ähnlich bewegte Klangfarbe</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="19"/>
        <source>similar stereo image</source>
        <translation>ähnliches Stereobild</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="20"/>
        <source>similar style (musicnn)</source>
        <translation>ähnlicher Stil (musicnn)</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="21"/>
        <source>similar overall sound</source>
        <translation>insgesamt ähnlicher Klang</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="38"/>
        <source>Match %1 = similarity %2 + %3 for the same genre (%4)</source>
        <translation>Übereinstimmung %1 = Ähnlichkeit %2 + %3 für das gleiche Genre (%4)</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="43"/>
        <source>Match %1 = similarity</source>
        <translation>Übereinstimmung %1 = Ähnlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="73"/>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <location filename="../ui/recommendation_model.cpp" line="74"/>
        <source>Match</source>
        <translation>Übereinstimmung</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message numerus="yes">
        <location filename="../ui/recommendations_panel.cpp" line="151"/>
        <source>Only %n track(s) are close enough (similarity above %1), at most %2 per artist.</source>
        <translation>
            <numerusform>Nur %n Titel ist nah genug (Ähnlichkeit über %1), höchstens %2 pro Künstler.</numerusform>
            <numerusform>Nur %n Titel sind nah genug (Ähnlichkeit über %1), höchstens %2 pro Künstler.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/recommendations_panel.cpp" line="154"/>
        <source>Only %n track(s) are close enough (similarity above %1).</source>
        <translation>
            <numerusform>Nur %n Titel ist nah genug (Ähnlichkeit über %1).</numerusform>
            <numerusform>Nur %n Titel sind nah genug (Ähnlichkeit über %1).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="27"/>
        <source>&lt;b&gt;Human-made tracks like this one&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ähnliche Titel, von Menschen gemacht&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="59"/>
        <location filename="../ui/recommendations_panel.cpp" line="90"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="60"/>
        <source>Play or pause the selected preview (Space)</source>
        <translation>Ausgewählte Hörprobe abspielen oder anhalten (Leertaste)</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="61"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="63"/>
        <source>Preview position</source>
        <translation>Position der Hörprobe</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="90"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="115"/>
        <source>Select an analysed track to see human-made tracks like it.</source>
        <translation>Wählen Sie einen analysierten Titel, um ähnliche, von Menschen gemachte Titel zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="116"/>
        <source>This file could not be analysed.</source>
        <translation>Diese Datei konnte nicht analysiert werden.</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="118"/>
        <source>Open the library…</source>
        <translation>Bibliothek öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="121"/>
        <source>Nothing in the library is close enough to this track (no similarity above %1), so nothing is offered as like it.</source>
        <translation>Nichts in der Bibliothek ist diesem Titel ähnlich genug (keine Ähnlichkeit über %1), daher wird nichts als ähnlich angeboten.</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="128"/>
        <source>Recommendations are turned off (Settings → Recommend human tracks for).</source>
        <translation>Empfehlungen sind ausgeschaltet (Einstellungen → Menschliche Titel empfehlen für).</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="131"/>
        <source>Likely human: recommendations are shown for tracks that look AI-made (Settings → Recommend human tracks for).</source>
        <translation>Wahrscheinlich von Menschen: Empfehlungen gibt es für Titel, die KI-generiert wirken (Einstellungen → Menschliche Titel empfehlen für).</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="133"/>
        <source>Likely human: recommendations are shown for AI and uncertain tracks (Settings → Recommend human tracks for).</source>
        <translation>Wahrscheinlich von Menschen: Empfehlungen gibt es für KI-generiert wirkende und unsichere Titel (Einstellungen → Menschliche Titel empfehlen für).</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="136"/>
        <source>Uncertain: recommendations are shown for tracks that look AI-made only (Settings → Recommend human tracks for).</source>
        <translation>Unsicher: Empfehlungen gibt es nur für Titel, die KI-generiert wirken (Einstellungen → Menschliche Titel empfehlen für).</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="140"/>
        <source>The track has no verdict yet, so no recommendations were searched.</source>
        <translation>Der Titel hat noch kein Urteil, daher wurde nach keinen Empfehlungen gesucht.</translation>
    </message>
    <message>
        <location filename="../ui/recommendations_panel.cpp" line="141"/>
        <source>No recommendations were searched for this track; analyse it again (F5) to search them.</source>
        <translation>Für diesen Titel wurde nach keinen Empfehlungen gesucht; analysieren Sie ihn erneut (F5), um sie zu suchen.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="21"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="28"/>
        <source>Model&apos;s calibrated threshold</source>
        <translation>Kalibrierte Schwelle des Modells</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="30"/>
        <source>P(AI) at or above which a track is called AI-generated; the model&apos;s &quot;Uncertain&quot; band moves with it</source>
        <translation>P(KI), ab der ein Titel als KI-generiert gilt; der Bereich „Unsicher“ des Modells verschiebt sich mit ihr</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="31"/>
        <source>AI threshold:</source>
        <translation>KI-Schwelle:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="34"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="35"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="36"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="36"/>
        <source>CUDA GPU (not available)</source>
        <translation>CUDA-GPU (nicht verfügbar)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="40"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="44"/>
        <source>One per core (%1)</source>
        <translation>Einer pro Kern (%1)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="46"/>
        <source>Analysis workers:</source>
        <translation>Analyse-Threads:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="52"/>
        <source>Similarity embedder:</source>
        <translation>Ähnlichkeitsmodell:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="57"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="59"/>
        <source>Library location</source>
        <translation>Speicherort der Bibliothek</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="64"/>
        <source>Library location:</source>
        <translation>Speicherort der Bibliothek:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="68"/>
        <source>Tracks that look AI-generated</source>
        <translation>Titel, die KI-generiert wirken</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="69"/>
        <source>Every track</source>
        <translation>Jeden Titel</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="70"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="72"/>
        <source>Recommend human tracks for:</source>
        <translation>Menschliche Titel empfehlen für:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="75"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="79"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="82"/>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="83"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="84"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="86"/>
        <source>Appearance:</source>
        <translation>Erscheinungsbild:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="88"/>
        <source>Device, workers and language apply the next time HumanEar starts.</source>
        <translation>Gerät, Threads und Sprache gelten ab dem nächsten Start von HumanEar.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="67"/>
        <source>Tracks that look AI-generated or uncertain</source>
        <translation>Titel, die KI-generiert oder unsicher wirken</translation>
    </message>
</context>
<context>
    <name>SpectrogramView</name>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="37"/>
        <source>Ctrl+wheel or +/− zooms, 0 fits the whole track</source>
        <translation>Strg+Mausrad oder +/− zoomt, 0 zeigt den ganzen Titel</translation>
    </message>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="178"/>
        <source>Select an analysed track to see its spectrogram</source>
        <translation>Wählen Sie einen analysierten Titel, um sein Spektrogramm zu sehen</translation>
    </message>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="184"/>
        <source>The spectrogram of a restored result is not kept — press F5 to analyse again</source>
        <translation>Das Spektrogramm eines wiederhergestellten Ergebnisses wird nicht gespeichert – F5 analysiert erneut</translation>
    </message>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="185"/>
        <source>No spectrogram: the file could not be analysed</source>
        <translation>Kein Spektrogramm: Die Datei konnte nicht analysiert werden</translation>
    </message>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="191"/>
        <source>Rendering…</source>
        <translation>Wird gezeichnet…</translation>
    </message>
    <message>
        <location filename="../ui/spectrogram_view.cpp" line="238"/>
        <source>No saliency map for this track</source>
        <translation>Keine Relevanzkarte für diesen Titel</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../ui/verdict_text.cpp" line="39"/>
        <source>Likely AI-generated</source>
        <translation>Wahrscheinlich KI-generiert</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="40"/>
        <source>Likely human-made</source>
        <translation>Wahrscheinlich von Menschen gemacht</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="44"/>
        <source>Uncertain</source>
        <translation>Unsicher</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="41"/>
        <source>Not music</source>
        <translation>Keine Musik</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="49"/>
        <source>near silence</source>
        <translation>beinahe Stille</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="50"/>
        <source>a steady tone</source>
        <translation>ein gleichbleibender Ton</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="51"/>
        <source>noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="52"/>
        <source>a click track</source>
        <translation>ein Klick-Track</translation>
    </message>
    <message>
        <location filename="../ui/verdict_text.cpp" line="53"/>
        <source>speech</source>
        <translation>Sprache</translation>
    </message>
</context>
</TS>
