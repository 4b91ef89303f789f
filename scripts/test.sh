#!/usr/bin/env bash
# Runs every test: installs what is missing (Debian packages, npm playwright-core, SDL2 for wasm),
# then builds and tests natively, with AddressSanitizer + UBSan, and in WebAssembly (the core suite
# under Node, native-vs-wasm losses, and the page in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
jobs=$(nproc)

scripts/setup.sh all

stages_passed=0 stages_failed=0
stage() {
  local name=$1; shift
  echo "=== $name"
  if "$@"; then stages_passed=$((stages_passed + 1)); else stages_failed=$((stages_failed + 1)); echo "=== $name FAILED"; fi
}
native() { cmake --preset native -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset native -j "$jobs" && ctest --preset native -j 2; }
sanitized() { cmake --preset asan -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset asan -j "$jobs" && ctest --preset asan -j 2; }
web() { emcmake cmake --preset web -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset web -j "$jobs" && ctest --preset web; }

stage "native build and tests" native
stage "AddressSanitizer + UBSan build and tests" sanitized
stage "WebAssembly build, wasm tests and browser tests" web
echo "test.sh: $stages_passed passed, $stages_failed failed"
[ "$stages_failed" = 0 ]
