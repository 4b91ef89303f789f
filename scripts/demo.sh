#!/usr/bin/env bash
# Builds the web page (installing what is missing) and serves it on http://127.0.0.1:${PORT:-8000}/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh web
emcmake cmake --preset web -DGAN_DEPS_DIR="$GAN_DEPS_DIR" >/dev/null
cmake --build --preset web -j "$(nproc)" --target site
echo "The page is in build/web/site (a static folder: host it anywhere)."
exec node web/serve.mjs --dir build/web/site --port "${PORT:-8000}"
