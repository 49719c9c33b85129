#!/usr/bin/env bash
# Renders the PNG sizes of the icon from resources/icons/org.bufferlab.BufferLab.svg into
# resources/icons/hicolor/SIZExSIZE/. Run it after changing the SVG and commit the PNGs (the build
# only copies them). Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v rsvg-convert >/dev/null || { echo "error: rsvg-convert not found (apt install librsvg2-bin)" >&2; exit 1; }
svg=resources/icons/org.bufferlab.BufferLab.svg
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "resources/icons/hicolor/${size}x${size}"
    rsvg-convert --width "$size" --height "$size" "$svg" -o "resources/icons/hicolor/${size}x${size}/org.bufferlab.BufferLab.png"
done
echo "rendered $(ls resources/icons/hicolor | wc -l) sizes from $svg"
