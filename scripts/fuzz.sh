#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UBSan) and runs each one on its committed
# seed corpus for FUZZ_SECONDS seconds (default 20). New inputs go to a scratch corpus, not the repo.
# A crash fails the run and leaves the input in build/fuzz/crashes/ (make it a regression test).
#   scripts/fuzz.sh                 every target, 20 s each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh checkpoint    one target for an hour
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
seconds=${FUZZ_SECONDS:-20}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dataset pixel_codec checkpoint judge app_options)
mkdir -p build/fuzz/crashes
failed=0 passed=0
for t in "${targets[@]}"; do
  bin=build/fuzz/bin/fuzz_$t
  [ -x "$bin" ] || { echo "fuzz: no target $t"; failed=$((failed + 1)); continue; }
  scratch=build/fuzz/corpus-$t
  mkdir -p "$scratch"
  log=build/fuzz/$t.log
  if "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix=build/fuzz/crashes/$t- "$scratch" "fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $t: $runs executions in ${seconds} s, no crash"
    passed=$((passed + 1))
  else
    echo "fuzz $t: FAILED (see $log and build/fuzz/crashes/)"; tail -n 30 "$log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
