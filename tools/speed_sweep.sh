#!/usr/bin/env bash
# Which recipe shows digits soonest in wall-clock time? For each candidate (the book's generator
# always; D, batch and optimizer settings vary) and seed, trains with the judge scoring 1,000 images
# every 100 iterations and reports the first iteration where FD ≤ 30 and IS ≥ 5.5 (the level where a
# person reads most of the grid as digits), and that count times the iteration's FLOPs: the browser's
# packed kernel runs every product shape at about the same GFLOP/s, so FLOPs to digits ranks the
# recipes by seconds to digits in the page. Needs the native build.
#   tools/speed_sweep.sh [MAX_ITERATIONS]        (default 3000; a table on stdout)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/native/bin"
max=${1:-3000}
[ -x "$bin/gan-train" ] || { echo "build first: cmake --preset native && cmake --build --preset native" >&2; exit 1; }

# name | gan-train settings (on top of the clean preset)
candidates=(
  "clean|"
  "d512|--set d_hidden=512"
  "d256|--set d_hidden=256"
  "d512-b50|--set d_hidden=512 --set batch=50"
  "d1024-b50|--set batch=50"
  "d512-b50-lr6e-4|--set d_hidden=512 --set batch=50 --set d_lr=6e-4 --set g_lr=6e-4"
  "d512-b32-lr3e-4|--set d_hidden=512 --set batch=32 --set d_lr=3e-4 --set g_lr=3e-4"
  "d512-ema0.995|--set d_hidden=512 --set g_ema=0.995"
)

# FLOPs of one iteration (2·M·N·K over every product) for the clean layout with these settings.
flops() {  # d_hidden batch
  python3 - "$@" <<'PY'
import sys
h, B = int(sys.argv[1]), int(sys.argv[2])
G = [(256, 256), (256, 512), (512, 1024), (1024, 784)]
D = [(784, h), (h, h // 2), (h // 2, 1)]
mac = lambda layers, n: sum(i * o for i, o in layers) * n
f = mac(G, 2 * B)          # G forward: one batch for the D step, one for the G step
f += 2 * mac(G, B)         # G backward (weights and inputs)
f += 3 * mac(D, 2 * B)     # D step: forward + two backward products on real+fake
f += 2 * mac(D, B)         # G step through the frozen D: forward and input gradient only
print(2 * f)
PY
}

printf '| recipe | seed | iterations to digits | GFLOP to digits | last FD | last IS |\n|---|---|---|---|---|---|\n'
for c in "${candidates[@]}"; do
  name=${c%%|*}; sets=${c#*|}
  hidden=$(sed -nE 's/.*d_hidden=([0-9]+).*/\1/p' <<<"$sets"); hidden=${hidden:-1024}
  batch=$(sed -nE 's/.*batch=([0-9]+).*/\1/p' <<<"$sets"); batch=${batch:-100}
  f=$(flops "$hidden" "$batch")
  for seed in 1 2; do
    # shellcheck disable=SC2086
    lines=$("$bin/gan-train" --preset clean --seed "$seed" $sets --iterations "$max" --judge-every 100 --threads 1 | grep '^judge @' || true)
    hit=$(awk '{for(i=1;i<=NF;i++){if($i=="IS")is=$(i+1);if($i=="FD")fd=$(i+1)} it=$3; sub(":","",it); if(fd<=30 && is>=5.5){print it; exit}}' <<<"$lines")
    last=$(tail -n 1 <<<"$lines")
    lfd=$(awk '{for(i=1;i<=NF;i++) if($i=="FD") print $(i+1)}' <<<"$last"); lis=$(awk '{for(i=1;i<=NF;i++) if($i=="IS") print $(i+1)}' <<<"$last")
    if [ -n "$hit" ]; then g=$(python3 -c "print(round($hit*$f/1e9))"); else hit=">$max"; g="-"; fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$seed" "$hit" "$g" "$lfd" "$lis"
  done
done
