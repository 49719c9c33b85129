#!/usr/bin/env bash
# Installs what is missing, builds BufferLab (release) and starts it. Arguments go to the app:
#   ./scripts/run.sh                          opens the window
#   ./scripts/run.sh simulate --students 50   runs a headless command
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: the window needs X11 or Wayland (try: xvfb-run -a ./scripts/run.sh)," >&2
    echo "or run a headless command, e.g. ./scripts/run.sh simulate --students 50" >&2
    exit 2
fi
exec ./build/release/app/bufferlab "$@"
