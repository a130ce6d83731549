<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<!-- English needs only its plural forms: every other string is shown as written
     in the source. (update_translations adds the rest here as unfinished, which
     lrelease leaves out.) -->
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Done — %n file(s) could not be analysed</source>
        <translation>
            <numerusform>Done — %n file could not be analysed</numerusform>
            <numerusform>Done — %n files could not be analysed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Library: %n track(s)</source>
        <translation>
            <numerusform>Library: %n track</numerusform>
            <numerusform>Library: %n tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message numerus="yes">
        <source>Only %n track(s) are close enough (similarity above %1), at most %2 per artist.</source>
        <translation>
            <numerusform>Only %n track is close enough (similarity above %1), at most %2 per artist.</numerusform>
            <numerusform>Only %n tracks are close enough (similarity above %1), at most %2 per artist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only %n track(s) are close enough (similarity above %1).</source>
        <translation>
            <numerusform>Only %n track is close enough (similarity above %1).</numerusform>
            <numerusform>Only %n tracks are close enough (similarity above %1).</numerusform>
        </translation>
    </message>
</context>
</TS>
