#!/usr/bin/env bash
# Which recipe shows digits soonest in wall-clock time, and is it still as good as clean later? For
# each candidate (the book's generator always; D, batch and optimizer settings vary) and seed, trains
# with the judge scoring 1,000 images every 100 iterations and reports the first iteration where
# FD ≤ 30 and IS ≥ 5.5 (the level where a person reads most of the grid as digits), that count times
# the iteration's FLOPs, and the judge's scores at the last iteration. The browser's packed kernel
# runs every product shape at about the same GFLOP/s, so FLOPs to digits ranks the recipes by
# seconds to digits in the page. A new default must also match clean at 10,000 iterations (FD ≤ 12,
# 10/10 classes, IS ≥ 7.4 for seeds 1 and 2), hence the default length. Needs the native build.
#   tools/speed_sweep.sh [MAX_ITERATIONS] [NAME...]   (default 10000, every candidate; a table on stdout)
#   GAN_BUILD_DIR=build/other tools/speed_sweep.sh    (another build tree; default build/native)
#   SEEDS="1 2 3 4 5" tools/speed_sweep.sh 3000 swift  (other seeds; default 1 and 2)
# One run at a time, one thread each: each 10,000-iteration run takes a few minutes natively.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GAN_BUILD_DIR:-build/native}
case $build in /*) ;; *) build="$root/$build" ;; esac
bin="$build/bin"
max=${1:-10000}
shift || true
[ -x "$bin/gan-train" ] || { echo "build first: cmake --preset native && cmake --build --preset native" >&2; exit 1; }

# name | gan-train settings (on top of the preset named in the first word: clean, quick or swift)
candidates=(
  "clean|clean"
  "quick|quick"
  "d512|clean --set d_hidden=512"
  "d256|clean --set d_hidden=256"
  "d512-b50|clean --set d_hidden=512 --set batch=50"
  "d512-b64|clean --set d_hidden=512 --set batch=64"
  "d512-b50-lr5e-4|clean --set d_hidden=512 --set batch=50 --set d_lr=5e-4 --set g_lr=5e-4"
  "d512-b64-lr5e-4|clean --set d_hidden=512 --set batch=64 --set d_lr=5e-4 --set g_lr=5e-4"
  "d512-b50-ema0.995|clean --set d_hidden=512 --set batch=50 --set g_ema=0.995"
  "d768-b50|clean --set d_hidden=768 --set batch=50"
  "d768-b64|clean --set d_hidden=768 --set batch=64"
  # 2026-11-28, from quick (D 512-256): higher learning rates, smaller batches
  "swift|swift"
  "quick-lr8e-4|quick --set d_lr=8e-4 --set g_lr=8e-4"
  "quick-b48-lr5e-4|quick --set batch=48 --set d_lr=5e-4 --set g_lr=5e-4"
  "quick-b48-lr6e-4|quick --set batch=48 --set d_lr=6e-4 --set g_lr=6e-4"
  "quick-b32|quick --set batch=32"
  "quick-b32-lr6e-4|quick --set batch=32 --set d_lr=6e-4 --set g_lr=6e-4"
  "quick-b32-lr8e-4|quick --set batch=32 --set d_lr=8e-4 --set g_lr=8e-4"
  "swift-dlr8e-4|swift --set d_lr=8e-4"
  # 2026-11-28: the G step on the D step's fakes (one G forward fewer)
  "swift-reuse|swift --set reuse_fakes=1"
  # 2026-11-28 (night): smaller batches for the first 3,000 iterations (swift since then: 32)
  "swift-b64|swift --set early_batch=0"
  "swift-early48|swift --set early_batch=48"
  "swift-early40|swift --set early_batch=40"
)
if [ $# -gt 0 ]; then  # only the named candidates
  wanted=" $* "
  keep=()
  for c in "${candidates[@]}"; do [[ $wanted == *" ${c%%|*} "* ]] && keep+=("$c"); done
  candidates=("${keep[@]}")
fi

# FLOPs of one iteration (2·M·N·K over every product) for the clean layout (two D layers) with
# these settings.
flops() {  # d_hidden batch reuse_fakes
  python3 - "$@" <<'PY'
import sys
h, B, reuse = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
G = [(256, 256), (256, 512), (512, 1024), (1024, 784)]
D = [(784, h), (h, h // 2), (h // 2, 1)]
mac = lambda layers, n: sum(i * o for i, o in layers) * n
f = mac(G, (1 if reuse else 2) * B)  # G forward: one batch for the D step, one for the G step (unless reused)
f += 2 * mac(G, B)         # G backward (weights and inputs)
f += 3 * mac(D, 2 * B)     # D step: forward + two backward products on real+fake
f += 2 * mac(D, B)         # G step through the frozen D: forward and input gradient only
print(2 * f)
PY
}

# The value of a setting: --set NAME=V in the candidate, else the preset's (gan-train --summary
# does not print it, so the presets' D widths and batches are spelled out here).
setting() {  # name sets default
  local v
  v=$(sed -nE "s/.*(^| )$1=([0-9]+).*/\2/p" <<<"$2")
  echo "${v:-$3}"
}

printf '| recipe | seed | iterations to digits | GFLOP to digits | iterations run | classes | IS | FD |\n|---|---|---|---|---|---|---|---|\n'
for c in "${candidates[@]}"; do
  name=${c%%|*}; rest=${c#*|}
  preset=${rest%% *}; sets=${rest#"$preset"}
  case $preset in clean) dh=1024 db=100 eb=0 ;; quick) dh=512 db=64 eb=0 ;; swift) dh=512 db=64 eb=32 ;; *) echo "unknown preset $preset" >&2; exit 1 ;; esac
  # no preset reuses fakes: only --set reuse_fakes=1 does; swift's early batch lasts 3,000 iterations
  hidden=$(setting d_hidden "$sets" $dh); batch=$(setting batch "$sets" $db); reuse=$(setting reuse_fakes "$sets" 0)
  early=$(setting early_batch "$sets" $eb); early_its=$(setting early_iterations "$sets" 3000)
  f=$(flops "$hidden" "$batch" "$reuse")
  if [ "$early" -gt 0 ] && [ "$early" -lt "$batch" ]; then fe=$(flops "$hidden" "$early" "$reuse"); else fe=$f early_its=0; fi
  for seed in ${SEEDS:-1 2}; do
    # shellcheck disable=SC2086
    lines=$("$bin/gan-train" --preset "$preset" --seed "$seed" $sets --iterations "$max" --judge-every 100 --threads 1 | grep '^judge @' || true)
    # judge @   3000: classes 10/10  confidence 0.875  IS 6.69  FD 15.11
    hit=$(awk '{for(i=1;i<=NF;i++){if($i=="IS")is=$(i+1);if($i=="FD")fd=$(i+1)} it=$3; sub(":","",it); if(fd<=30 && is>=5.5){print it; exit}}' <<<"$lines")
    last=$(tail -n 1 <<<"$lines")
    read -r lit lcl lis lfd < <(sed -E 's/judge @ +([0-9]+): classes +([0-9]+\/[0-9]+) .* IS ([0-9.]+) +FD ([0-9.]+).*/\1 \2 \3 \4/' <<<"$last")
    if [ -n "$hit" ]; then g=$(python3 -c "print(round((min($hit, $early_its)*$fe + max(0, $hit - $early_its)*$f)/1e9))"); else hit=">$max"; g="-"; fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$seed" "$hit" "$g" "$lit" "$lcl" "$lis" "$lfd"
  done
done
