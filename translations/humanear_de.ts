<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message><source>HumanEar</source><translation>HumanEar</translation></message>
    <message><source>Drop audio files or folders here, or press Ctrl+O</source><translation>Audiodateien oder Ordner hierher ziehen oder Strg+O drücken</translation></message>
    <message><source>File</source><translation>Datei</translation></message>
    <message><source>Duration</source><translation>Dauer</translation></message>
    <message><source>Format</source><translation>Format</translation></message>
    <message><source>Spectrogram</source><translation>Spektrogramm</translation></message>
    <message><source>State</source><translation>Status</translation></message>
    <message><source>&amp;File</source><translation>&amp;Datei</translation></message>
    <message><source>&amp;Open…</source><translation>Ö&amp;ffnen…</translation></message>
    <message><source>&amp;Cancel analysis</source><translation>Analyse &amp;abbrechen</translation></message>
    <message><source>&amp;Quit</source><translation>&amp;Beenden</translation></message>
    <message><source>Ready — models run on %1</source><translation>Bereit – Modelle laufen auf %1</translation></message>
    <message><source>Analysed %1 of %2</source><translation>%1 von %2 analysiert</translation></message>
    <message><source>Open audio files</source><translation>Audiodateien öffnen</translation></message>
    <message><source>Audio (*.wav *.aif *.aiff *.flac *.ogg *.opus *.mp3 *.m4a *.aac);;All files (*)</source><translation>Audio (*.wav *.aif *.aiff *.flac *.ogg *.opus *.mp3 *.m4a *.aac);;Alle Dateien (*)</translation></message>
    <message><source>Queued</source><translation>Wartet</translation></message>
    <message><source>Analysed</source><translation>Analysiert</translation></message>
</context>
</TS>
