#!/usr/bin/env bash
# Installs what the project needs on a Debian bookworm machine (run as root, or with sudo available).
#   scripts/setup.sh native   compilers, Eigen, Catch2, SDL2, stb, Dear ImGui 1.86 sources
#   scripts/setup.sh web      + Debian's Emscripten and SDL2 2.26.5 built for WebAssembly
#   scripts/setup.sh browser  + Debian's Chromium, Xvfb and npm playwright-core for end-to-end tests
#   scripts/setup.sh all      everything (the default)
# Everything comes from Debian's archive or the npm registry. Built third-party pieces live outside
# the repository in $GAN_DEPS_DIR (default ~/.cache/mnist-gan-deps) and are reused once built.
set -euo pipefail

what=${1:-all}
root_dir=$(cd "$(dirname "$0")/.." && pwd)
. "$root_dir/scripts/env.sh"
deps_dir=$GAN_DEPS_DIR
sdl_version=2.26.5
imgui_version=1.86
mkdir -p "$deps_dir"

log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then as_root apt-get update -q >&2; apt_updated=1; fi
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

ensure_deb_src() {
  if ! grep -rqs "^Types: deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
    log "adding a deb-src entry for bookworm main"
    as_root tee /etc/apt/sources.list.d/mnist-gan-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  if [ $apt_updated = 0 ]; then as_root apt-get update -q >&2; apt_updated=1; fi
}

# Debian source package $1 at version prefix $2 unpacked into $3.
fetch_source() {
  local pkg=$1 version=$2 dest=$3
  [ -d "$dest" ] && return 0
  apt_install dpkg-dev
  ensure_deb_src
  local tmp; tmp=$(mktemp -d "$deps_dir/src.XXXXXX")
  log "fetching Debian source of $pkg"
  (cd "$tmp" && apt-get source -q "$pkg" >&2)
  local dir; dir=$(find "$tmp" -maxdepth 1 -mindepth 1 -type d -name "${pkg}-${version}*" | head -n1)
  [ -n "$dir" ] || { log "source of $pkg $version not found"; exit 1; }
  mv "$dir" "$dest"
  rm -rf "$tmp"
}

setup_native() {
  # libdbus-1-dev comes with libsdl2-dev anyway; it is named because the build's OpenGL include
  # directory (/usr/include, from CMake's FindOpenGL) is the first thing dpkg attributes to it.
  apt_install build-essential cmake ninja-build pkg-config libeigen3-dev catch2 libsdl2-dev libstb-dev \
    clang libclang-rt-14-dev libdbus-1-dev
  fetch_source imgui "$imgui_version" "$deps_dir/imgui-$imgui_version"
}

setup_web() {
  apt_install emscripten nodejs
  fetch_source libsdl2 "$sdl_version" "$deps_dir/sdl2-src-$sdl_version"
  local prefix="$deps_dir/sdl2-wasm-$sdl_version"
  if [ ! -f "$prefix/.complete" ]; then
    log "building SDL2 $sdl_version for WebAssembly (once; a few minutes)"
    rm -rf "$deps_dir/sdl2-wasm-build" "$prefix"
    NODE_PATH=/usr/share/nodejs emcmake cmake -S "$deps_dir/sdl2-src-$sdl_version" \
      -B "$deps_dir/sdl2-wasm-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >&2
    NODE_PATH=/usr/share/nodejs cmake --build "$deps_dir/sdl2-wasm-build" --target install >&2
    touch "$prefix/.complete"
    rm -rf "$deps_dir/sdl2-wasm-build"
  fi
}

setup_browser() {
  apt_install chromium xvfb xauth
  local modules="$root_dir/web/tests/node_modules"
  if [ ! -d "$modules/playwright-core" ] || [ ! -d "$modules/@tensorflow/tfjs" ] || [ ! -d "$modules/@tensorflow/tfjs-backend-wasm" ]; then
    log "installing playwright-core and @tensorflow/tfjs (with its wasm backend, for bench/tfjs.sh) from npm (no browser download)"
    (cd "$root_dir/web/tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2)
  fi
}

case "$what" in
  native) setup_native ;;
  web) setup_native; setup_web ;;
  browser) setup_native; setup_web; setup_browser ;;
  all) setup_native; setup_web; setup_browser ;;
  fashion-data) apt_install dataset-fashion-mnist ;;  # only to regenerate assets/fashion.gds
  font-tools) apt_install python3-fonttools ;;      # only to regenerate assets/ui-font.ttf (tools/make_font.sh)
  *) echo "usage: $0 [native|web|browser|all]" >&2; exit 2 ;;
esac
log "done ($what); third-party builds in $deps_dir"
