#!/usr/bin/env bash
# Command-line behaviour of gan-train: arguments refused with exit code 2, the book's summary and
# progress lines, every output file, resuming, and bad checkpoint / dataset files. Usage:
#   tests/cli_test.sh BIN_DIR
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_exit CODE PATTERN ARGS... : runs gan-train, checks exit code and that output matches PATTERN.
expect_exit() {
  local code=$1 pattern=$2; shift 2
  local out; out=$("$bin/gan-train" "$@" 2>&1); local rc=$?
  if [ "$rc" != "$code" ]; then bad "gan-train $* exited $rc, expected $code: $out"; return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then bad "gan-train $*: output lacks /$pattern/: $out"; return; fi
  ok
}

expect_exit 2 "unknown argument" bogus
expect_exit 2 "needs a whole number" --epochs 0
expect_exit 2 "needs a whole number" --seed abc
expect_exit 2 "unknown preset 'nope'" --preset nope
expect_exit 2 "d_lr = -1 is out of range" --set d_lr=-1
expect_exit 2 "real_label = 2 is out of range" --real_label 2
expect_exit 2 "unknown parameter" --set wobble=1
expect_exit 2 "not both" --epochs 1 --iterations 5
expect_exit 2 "digits or fashion" --dataset cats
expect_exit 0 "Total params: 1,526,288" --summary
expect_exit 0 "Total params: 201,217" --summary
expect_exit 0 "Non-trainable params: 201,217" --summary
expect_exit 0 "d_lr" --list-params
expect_exit 0 "^epoch: 0001   d_loss = [0-9]+\.[0-9]{6}  g_loss = [0-9]+\.[0-9]{6}$" --epochs 1 --preset fast

# --seed and parameters hold whatever their order relative to --preset.
a=$("$bin/gan-train" --seed 9 --preset fast --iterations 3 --losses "$tmp/o1.csv" >/dev/null 2>&1; tail -n 1 "$tmp/o1.csv")
b=$("$bin/gan-train" --preset fast --seed 9 --iterations 3 --losses "$tmp/o2.csv" >/dev/null 2>&1; tail -n 1 "$tmp/o2.csv")
c=$("$bin/gan-train" --preset fast --seed 1 --iterations 3 --losses "$tmp/o3.csv" >/dev/null 2>&1; tail -n 1 "$tmp/o3.csv")
[ "$a" = "$b" ] && [ "$a" != "$c" ] && ok || bad "--seed before --preset was lost: '$a' / '$b' / '$c'"

# A short run writing every output.
expect_exit 0 "" --iterations 20 --seed 3 --grid "$tmp/grid.png" --samples "$tmp/s.idx" --samples-count 7 \
  --losses "$tmp/l.csv" --save "$tmp/a.ckpt"
[ "$(head -c 8 "$tmp/grid.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && ok || bad "grid is not a PNG"
[ "$(head -c 16 "$tmp/s.idx" | od -An -tx1 | tr -d ' \n')" = "00000803000000070000001c0000001c" ] && ok || bad "bad IDX header"
[ "$(stat -c %s "$tmp/s.idx")" = $((16 + 7 * 784)) ] && ok || bad "bad IDX size"
grep -q "^epoch,iteration,d_loss,g_loss,d_real,d_fake,classes_present,confidence,inception_score,frechet$" "$tmp/l.csv" && ok || bad "bad CSV header"

# Resuming: 20 + 10 iterations equal 30 straight (same CSV last row).
expect_exit 0 "resumed" --load "$tmp/a.ckpt" --iterations 10 --losses "$tmp/resumed.csv" --save "$tmp/b.ckpt"
expect_exit 0 "" --iterations 30 --seed 3 --save "$tmp/straight.ckpt"
cmp -s "$tmp/b.ckpt" "$tmp/straight.ckpt" && ok || bad "resumed checkpoint differs from the straight run"

# Bad files: clear messages, exit code 1.
head -c 1000 "$tmp/a.ckpt" > "$tmp/trunc.ckpt"
expect_exit 1 "checkpoint rejected: checksum mismatch" --load "$tmp/trunc.ckpt"
printf 'hello' > "$tmp/foreign.ckpt"
expect_exit 1 "checkpoint rejected" --load "$tmp/foreign.ckpt"
expect_exit 1 "cannot open" --load "$tmp/missing.ckpt"
expect_exit 2 "do not combine" --load "$tmp/a.ckpt" --seed 4
expect_exit 1 "checkpoint rejected: it was trained on the dataset 'digits'" --load "$tmp/a.ckpt" --dataset fashion
head -c 5000 "${GAN_ASSETS:-$(dirname "$0")/../assets}/digits.gds" > "$tmp/trunc.gds"
expect_exit 1 "truncated" --data "$tmp/trunc.gds"
: > "$tmp/empty.gds"
expect_exit 1 "empty" --data "$tmp/empty.gds"
expect_exit 1 "cannot create" --iterations 1 --save /nonexistent/dir/x.ckpt
expect_exit 0 "^judge @     10: classes" --iterations 10 --judge-every 10
expect_exit 1 "judge file rejected" --iterations 1 --judge "$tmp/a.ckpt"
expect_exit 1 "a judge for 'digits', not for 'fashion'" --iterations 1 --dataset fashion --judge "${GAN_ASSETS:-$(dirname "$0")/../assets}/digits.gjd"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
