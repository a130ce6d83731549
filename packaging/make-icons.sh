#!/usr/bin/env bash
# Renders the application icon (resources/humanear.svg) to the PNG sizes the .deb
# installs into the hicolor theme (packaging/icons/NxN.png, kept in git). Run again
# after changing the SVG. Needs rsvg-convert (apt-get install librsvg2-bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" "$root/resources/humanear.svg" -o "$root/packaging/icons/${size}x${size}.png"
done
ls -l "$root/packaging/icons"
