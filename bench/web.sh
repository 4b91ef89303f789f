#!/usr/bin/env bash
# The page's speed beside native in one run (see bench/web.mjs); builds nothing: run scripts/test.sh
# (or the native and web presets) first.   bench/web.sh [--digits] [--cap SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/web.mjs --site build/web/site --native build/native/bin "$@"
