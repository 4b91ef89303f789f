#!/usr/bin/env bash
# The page's training speed beside TensorFlow.js training the same GAN in the same browser (see
# bench/tfjs.mjs); builds nothing: run scripts/test.sh (or the web preset) first.   bench/tfjs.sh [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/tfjs.mjs --site build/web/site "$@"
