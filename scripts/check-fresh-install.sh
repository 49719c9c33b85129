#!/usr/bin/env bash
# Installs a BufferLab package the way a user would, on a fresh, minimal Debian 12 made for the
# purpose (mmdebstrap into a temporary directory, packages from Debian's registry), then checks
# that `bufferlab` is on the PATH and runs, that the window starts, that the menu entry, icon, MIME
# type, metainfo and man page are in place, and that removing and purging the package leaves
# nothing behind. Needs root (for the chroot) and Debian's package registry.
# Usage: scripts/check-fresh-install.sh [build/package/bufferlab_VERSION_ARCH.deb]
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls build/package/bufferlab_*.deb 2>/dev/null | tail -n 1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "usage: scripts/check-fresh-install.sh PACKAGE.deb (build one with scripts/package.sh)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "error: run as root (the check builds a chroot)" >&2; exit 2; }
./scripts/install-deps.sh mmdebstrap

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$deb" "$work/bufferlab.deb"

# Every step runs inside the new system, as root there, with /proc and /dev mounted by mmdebstrap.
cat >"$work/check.sh" <<'CHECK'
set -eu
export DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen
step() { echo "--- $*"; }

step "apt install ./bufferlab.deb"
cd /tmp
apt-get install -y -qq ./bufferlab.deb >/tmp/apt.log || { cat /tmp/apt.log; exit 1; }
echo "installed with $(grep -c '^Setting up' /tmp/apt.log) packages set up"
step "on the PATH: $(command -v bufferlab)"
bufferlab --version
step "a headless run as a user"
useradd --create-home student
su student -c "QT_QPA_PLATFORM=offscreen bufferlab simulate --students 20 --no-delay --json" >/tmp/run.json
grep -q '"lost":0' /tmp/run.json && grep -q '"produced":20' /tmp/run.json && grep -q '"consumed":20' /tmp/run.json
su student -c "bufferlab simulate --scenario /usr/share/bufferlab/scenarios/1-slow-consumers.blscenario --students 5 --no-delay --quiet"
step "the window starts (offscreen platform) and runs until stopped"
rc=0
su student -c "QT_QPA_PLATFORM=offscreen timeout -s TERM 3 bufferlab /usr/share/bufferlab/scenarios/2-no-lock-at-all.blscenario" >/tmp/gui.log 2>&1 || rc=$?
cat /tmp/gui.log
[ "$rc" -eq 124 ] || { echo "the window ended by itself with exit code $rc"; exit 1; }
step "desktop integration in place"
for f in /usr/share/applications/org.bufferlab.BufferLab.desktop \
         /usr/share/metainfo/org.bufferlab.BufferLab.metainfo.xml \
         /usr/share/mime/packages/org.bufferlab.BufferLab.xml \
         /usr/share/icons/hicolor/scalable/apps/org.bufferlab.BufferLab.svg \
         /usr/share/icons/hicolor/48x48/apps/org.bufferlab.BufferLab.png \
         /usr/share/man/man1/bufferlab.1.gz \
         /usr/share/doc/bufferlab/copyright; do
    [ -f "$f" ] || { echo "missing: $f"; exit 1; }
done
echo "all in place"
step "a double click on a scenario opens BufferLab, once the desktop's databases are there"
apt-get install -y -qq --no-install-recommends shared-mime-info desktop-file-utils >/dev/null
grep -q 'application/x-bufferlab-scenario:\*\.blscenario' /usr/share/mime/globs2
echo "*.blscenario is application/x-bufferlab-scenario"
grep -q '^application/x-bufferlab-scenario=org.bufferlab.BufferLab.desktop' /usr/share/applications/mimeinfo.cache
echo "application/x-bufferlab-scenario opens with org.bufferlab.BufferLab.desktop"
step "apt remove --purge bufferlab"
apt-get remove --purge -y -qq bufferlab >/dev/null
hash -r
if command -v bufferlab; then echo "still on the PATH"; exit 1; fi
left=$(find / -xdev \( -path /tmp -o -path /home -o -path /proc \) -prune -o -iname '*bufferlab*' -print)
[ -z "$left" ] || { echo "left behind after purge:"; echo "$left"; exit 1; }
if grep -l bufferlab /usr/share/mime/globs2 /usr/share/applications/mimeinfo.cache; then
    echo "the desktop's databases still name BufferLab after the purge"; exit 1
fi
echo "nothing left behind, and the desktop's databases forgot it"
CHECK

echo "=== a fresh Debian 12 (a temporary chroot, deleted afterwards by mmdebstrap)"
mmdebstrap --variant=apt --quiet --format=null bookworm /dev/null \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main" \
    --customize-hook='copy-in "'"$work"'/bufferlab.deb" "'"$work"'/check.sh" /tmp' \
    --customize-hook='chroot "$1" sh -e /tmp/check.sh'
echo "=== fresh install, run and purge: passed"
