#!/usr/bin/env bash
# The German catalogue is in step with the code: lupdate, run over the sources onto a
# copy of translations/humanear_de.ts, must find no string that is new, unfinished or
# gone. It fails when a tr() string is added or changed without its translation, and
# when lupdate would file a string under another context than the one the code looks
# it up in (the running app would then show it in English).
#   check-translations.sh LUPDATE SOURCE_ROOT
set -euo pipefail
lupdate="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/translations/humanear_de.ts" "$work/humanear_de.ts"
(cd "$root" && "$lupdate" -no-obsolete -locations none app ui engine -ts "$work/humanear_de.ts") >"$work/log" 2>&1 || {
  cat "$work/log"; echo "lupdate failed"; exit 1; }
cat "$work/log"
new="$(sed -n 's/.*(\([0-9]*\) new and.*/\1/p' "$work/log")"
removed="$(sed -n 's/.*Removed \([0-9]*\) obsolete.*/\1/p' "$work/log")"
unfinished="$(grep -c 'type="unfinished"' "$work/humanear_de.ts" || true)"
if [ -z "$new" ]; then echo "could not read lupdate's summary"; exit 1; fi
if [ "$new" != 0 ] || [ "${removed:-0}" != 0 ] || [ "$unfinished" != 0 ]; then
  echo "translations/humanear_de.ts is out of step with the code: $new new, ${removed:-0} gone, $unfinished unfinished."
  echo "Untranslated (context: source):"
  awk '/<name>/ {gsub(/.*<name>|<\/name>.*/, ""); ctx=$0}
       /<source>/ {src=$0; gsub(/.*<source>|<\/source>.*/, "", src)}
       /type="unfinished"/ {print "  " ctx ": " src}' "$work/humanear_de.ts"
  echo "Run 'lupdate -no-obsolete app ui engine -ts translations/humanear_de.ts' (Qt's, e.g. /usr/lib/qt6/bin/lupdate)"
  echo "from the checkout and translate what it marks unfinished."
  exit 1
fi
echo "translations/humanear_de.ts: every string translated, under the context the code uses"
