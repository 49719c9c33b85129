#!/usr/bin/env bash
# Builds the Debian package, build/package/bufferlab_VERSION_ARCH.deb, and checks it: lintian, the
# desktop file and the AppStream metainfo validated, the man page rendered without warnings, and
# the program run from the package unpacked into a temporary root.
# Usage: scripts/package.sh [--install]
#   --install   then installs it with apt (bufferlab on the PATH and in the menu)
set -euo pipefail
cd "$(dirname "$0")/.."

install=0
case "${1:-}" in
"") ;;
--install) install=1 ;;
*) echo "usage: scripts/package.sh [--install]" >&2; exit 2 ;;
esac

./scripts/install-deps.sh dpkg-dev file lintian desktop-file-utils appstream man-db

# Debian's own build flags (hardening: fortify, stack protector, relro, bindnow), without debug
# information: the package is stripped.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP=-g
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
export CXXFLAGS LDFLAGS

cmake --preset package --fresh >/dev/null
cmake --build --preset package
rm -f build/package/bufferlab_*.deb
(cd build/package && cpack -G DEB >/dev/null)
deb=$(ls build/package/bufferlab_*.deb)
echo "built $deb"

echo "--- lintian"
lintian --fail-on error,warning,info --display-info "$deb"

echo "--- unpacked into a temporary root"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/org.bufferlab.BufferLab.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.bufferlab.BufferLab.metainfo.xml"
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
    "$root/usr/share/man/man1/bufferlab.1.gz" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "man page warnings:"; echo "$warnings"; exit 1; }
echo "man page: no warnings"
if readelf -d "$root/usr/bin/bufferlab" | grep -E 'R(UN)?PATH'; then
    echo "error: the installed program has a RUNPATH" >&2
    exit 1
fi
export HOME="$root/home" XDG_DATA_HOME="$root/home/.local/share" XDG_CONFIG_HOME="$root/home/.config"
mkdir -p "$HOME"
"$root/usr/bin/bufferlab" --version
"$root/usr/bin/bufferlab" simulate --students 5 --no-delay
"$root/usr/bin/bufferlab" simulate --scenario "$root/usr/share/bufferlab/scenarios/1-slow-consumers.blscenario" \
    --students 5 --no-delay --json

if [ "$install" = 1 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "./$deb"
    echo "installed: $(command -v bufferlab)"
fi
