#!/usr/bin/env bash
# Builds the .deb with CPack, installs it with apt as a user would, checks what it
# installed and runs it on the bundled sample, then removes it again:
#   bash packaging/test-deb.sh
# DEB_BUILD_DIR (default build-deb: Release, prefix /usr, no tests) may name an
# existing build instead, e.g. CI's `build`, which is then only built and packaged.
# The package ends up in $DEB_BUILD_DIR/humanear_<version>_<arch>.deb.
# Refuses to run when a humanear package is already installed (it would remove it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${DEB_BUILD_DIR:-build-deb}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

if dpkg-query -W -f='${Status}' humanear 2>/dev/null | grep -q "ok installed"; then
  echo "test-deb: a humanear package is installed already; remove it first (apt-get remove humanear)" >&2
  exit 2
fi

bash packaging/install-deps.sh
# dpkg-shlibdeps (Depends), validators for the desktop entry and the AppStream file.
source packaging/apt-install-missing.sh
apt_install_missing dpkg-dev desktop-file-utils appstream

if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DHUMANEAR_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target humanear humanear-cli
rm -f "$build"/humanear_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(cd "$build" && ls "$PWD"/humanear_*.deb)"
version="$(dpkg-deb -f "$deb" Version)"
echo "test-deb: built $deb"
dpkg-deb -f "$deb" Depends

desktop-file-validate packaging/io.github.humanear.HumanEar.desktop
appstreamcli validate --no-net "$build/io.github.humanear.HumanEar.metainfo.xml"

scratch="$(mktemp -d)"
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    $SUDO apt-get remove -y -qq humanear >/dev/null || echo "test-deb: could not remove humanear; run apt-get remove humanear" >&2
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

$SUDO apt-get install -y -qq "$deb" >/dev/null
installed=1
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

# The installed files, where a desktop expects them.
for f in /usr/bin/humanear /usr/bin/humanear-cli \
         /usr/share/applications/io.github.humanear.HumanEar.desktop \
         /usr/share/metainfo/io.github.humanear.HumanEar.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/humanear.svg /usr/share/icons/hicolor/256x256/apps/humanear.png \
         /usr/share/humanear/samples/humanear-sample.ogg /usr/share/humanear/fetch-demo-music.sh; do
  [ -e "$f" ] || fail "$f is missing"
done
for b in /usr/bin/humanear /usr/bin/humanear-cli; do
  if ldd "$b" | grep -q "not found"; then ldd "$b" | grep "not found" >&2; fail "$b lacks a library"; fi
done
[ "$(command -v humanear-cli)" = /usr/bin/humanear-cli ] || fail "humanear-cli is not the installed one"
# No binary carries a path of the checkout it was built in (they look beside themselves).
# Qt string literals are UTF-16: look for the paths in both encodings.
for b in /usr/bin/humanear /usr/bin/humanear-cli; do
  if { strings -a "$b"; strings -a -e l "$b"; } | grep -qE "^$root/(models|data|packaging)"; then
    fail "$b names the checkout $root"
  fi
done

# Run as a fresh user would: an empty home, so nothing of this machine's data is read or written.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share" \
       XDG_CACHE_HOME="$scratch/home/.cache" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"
out="$(humanear-cli --version)"
echo "test-deb: $out"
[ "$out" = "humanear-cli $version" ] || fail "humanear-cli --version says '$out', the package is $version"

humanear-cli analyze --json /usr/share/humanear/samples/humanear-sample.ogg > "$scratch/analysis.json"
python3 - "$scratch/analysis.json" <<'PY'
import json, sys
line = [l for l in open(sys.argv[1]) if l.strip()][-1]
r = json.loads(line)
print("test-deb: analyze:", json.dumps({k: r.get(k) for k in ("ok", "duration_s", "sample_rate", "codec", "spectrogram", "p_ai", "verdict", "note")}))
assert r["ok"] is True, r
assert abs(r["duration_s"] - 12.0) < 0.05, r["duration_s"]
assert r["sample_rate"] == 44100 and r["codec"] == "vorbis", r
PY

# The default embedder runs musicnn from the package's models: the sample indexes.
humanear-cli library add /usr/share/humanear/samples --library "$scratch/library" > "$scratch/library.txt" 2>&1 ||
  { cat "$scratch/library.txt"; fail "humanear-cli library add failed on the sample"; }
grep -q "1 added" "$scratch/library.txt" || { cat "$scratch/library.txt"; fail "the sample was not indexed"; }
echo "test-deb: library add: $(grep -o '[0-9]* audio files found.*' "$scratch/library.txt")"

# The desktop application starts from the package and analyses the sample too.
humanear --version | grep -q "$version" || fail "humanear --version"
humanear --screenshot "$scratch/window.png" /usr/share/humanear/samples/humanear-sample.ogg
[ -s "$scratch/window.png" ] || fail "humanear --screenshot wrote nothing"
echo "test-deb: humanear --screenshot wrote $(stat -c %s "$scratch/window.png") bytes"

# Uninstall: nothing of the package may stay behind.
$SUDO apt-get remove -y -qq humanear >/dev/null
installed=0
! dpkg-query -W -f='${Status}' humanear 2>/dev/null | grep -q "ok installed" || fail "humanear is still installed"
for f in /usr/bin/humanear /usr/bin/humanear-cli /usr/share/humanear /usr/share/applications/io.github.humanear.HumanEar.desktop; do
  [ ! -e "$f" ] || fail "$f is left after apt-get remove"
done
echo "test-deb: PASS ($deb installed, ran, removed)"
