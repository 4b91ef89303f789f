#!/usr/bin/env bash
# Runs every test: installs what is missing (Debian packages, npm playwright-core, SDL2 for wasm),
# then builds and tests natively, with AddressSanitizer + UBSan, every file loader under libFuzzer
# (FUZZ_SECONDS each, default 20), and in WebAssembly (the core suite under Node, native-vs-wasm
# losses, and the page in headless Chromium). Ends with a line "test.sh: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
jobs=$(nproc)

scripts/setup.sh all
echo "=== setup: $SECONDS s"

stages_passed=0 stages_failed=0
stage() {
  local name=$1; shift
  local began=$SECONDS
  echo "=== $name"
  if "$@"; then stages_passed=$((stages_passed + 1)); else stages_failed=$((stages_failed + 1)); echo "=== $name FAILED"; fi
  echo "=== $name: $((SECONDS - began)) s"
}
native() { cmake --preset native -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset native -j "$jobs" && ctest --preset native -j 2; }
sanitized() { cmake --preset asan -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset asan -j "$jobs" && ctest --preset asan -j 2; }
fuzz() { scripts/fuzz.sh; }
# For the record: every system path the builds cached, traced to its Debian package, must come from
# the machine image or scripts/setup.sh (the shared checker beside the project, where there is one).
# It reports but does not fail the run: a folder such as /usr/include belongs to dozens of packages
# and the checker names whichever one dpkg lists first, often a dependency that setup.sh installs
# without naming it. A package truly missing fails the build stages above on a fresh machine.
fresh_deps() {
  if [ -x ../shared/tools/fresh-deps-check ]; then ../shared/tools/fresh-deps-check || echo "(reported above; see the note in scripts/test.sh)"
  else echo "no ../shared/tools/fresh-deps-check; skipped"; fi
}
web() { emcmake cmake --preset web -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null && cmake --build --preset web -j "$jobs" && ctest --preset web; }

stage "native build and tests" native
stage "AddressSanitizer + UBSan build and tests" sanitized
stage "libFuzzer targets under AddressSanitizer + UBSan" fuzz
stage "WebAssembly build, wasm tests and browser tests" web
echo "=== dependencies the builds used (informational)"
fresh_deps
echo "test.sh: $stages_passed passed, $stages_failed failed in $SECONDS s"
[ "$stages_failed" = 0 ]
