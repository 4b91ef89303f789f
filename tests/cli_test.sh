#!/usr/bin/env bash
# Command-line behaviour of gan-train, gan-bench and the tools: arguments refused with exit code 2
# (numbers checked in full), the book's summary and progress lines, every output file (checked
# before training, written atomically, never a device), resuming, interrupting, and bad checkpoint /
# dataset files. Usage:
#   tests/cli_test.sh BIN_DIR
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_prog PROGRAM CODE PATTERN ARGS... : runs a program of BIN_DIR, checks its exit code and that
# its output matches PATTERN. expect_exit is the same for gan-train.
expect_prog() {
  local prog=$1 code=$2 pattern=$3; shift 3
  local out; out=$("$bin/$prog" "$@" 2>&1); local rc=$?
  if [ "$rc" != "$code" ]; then bad "$prog $* exited $rc, expected $code: $out"; return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then bad "$prog $*: output lacks /$pattern/: $out"; return; fi
  ok
}
expect_exit() { expect_prog gan-train "$@"; }
assets=${GAN_ASSETS:-$(dirname "$0")/../assets}

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
head -c 5000 "$assets/digits.gds" > "$tmp/trunc.gds"
expect_exit 1 "truncated" --data "$tmp/trunc.gds"
: > "$tmp/empty.gds"
expect_exit 1 "empty" --data "$tmp/empty.gds"
expect_exit 1 "cannot create" --iterations 1 --save /nonexistent/dir/x.ckpt
expect_exit 0 "^judge @     10: classes" --iterations 10 --judge-every 10
expect_exit 1 "judge file rejected" --iterations 1 --judge "$tmp/a.ckpt"
expect_exit 1 "a judge for 'digits', not for 'fashion'" --iterations 1 --dataset fashion --judge "$assets/digits.gjd"

# Numbers are checked in full: no exponent, NaN, infinity, sign, trailing garbage or overflow.
for v in 1e99 nan inf -3 12abc 99999999999999999999 9223372036854775808 "" " 5" 0x10 2.5; do
  expect_exit 2 "^gan-train: --iterations needs a whole number in \[0, 1000000000\], not '" --iterations "$v"
done
expect_exit 2 "--seed needs a whole number" --seed 9007199254740993
expect_exit 2 "--threads needs a whole number" --threads 0
expect_exit 2 "--samples-count needs a whole number" --samples-count 1e3
expect_exit 2 "--iterations needs a value" --iterations
expect_exit 2 "d_lr needs a finite number, not 'nan'" --set d_lr=nan
expect_exit 2 "g_lr needs a finite number, not 'inf'" --g_lr inf
expect_exit 2 "batch needs a finite number, not '10x'" --set batch=10x
expect_exit 2 "batch = 2.5 is out of range .*whole number" --set batch=2.5
expect_exit 2 "unknown argument '--wobble'" --wobble 1
expect_exit 2 "name the same file" --grid "$tmp/same" --save "$tmp/same"
expect_exit 2 "--save-every needs --save" --save-every 5

# Outputs: devices and folders are never replaced, and a bad output is refused before training.
expect_exit 1 "cannot create '/dev/null': it exists and is not a regular file" --iterations 1 --save /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a character device"
expect_exit 1 "cannot create '/dev/full'" --iterations 1 --grid /dev/full
expect_exit 1 "cannot create '/dev/full'" --iterations 1 --samples /dev/full
expect_exit 1 "not a regular file \(a folder\)" --iterations 1 --losses "$tmp"
out=$("$bin/gan-train" --epochs 1 --losses "$tmp/missing/l.csv" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "the folder '$tmp/missing' does not exist" <<<"$out" && ! grep -q "^epoch:" <<<"$out" \
  && ok || bad "a missing output folder was not refused before training ($rc): $out"
expect_exit 1 "cannot create '$tmp/missing/model.json': the folder '$tmp/missing' does not exist" --iterations 1 --export-tfjs "$tmp/missing"
expect_exit 2 "--generate-from and --generate-out go together" --generate-out "$tmp/img.f32"
expect_exit 1 "needs whole noise vectors of 256 float32" --iterations 0 --generate-from "$tmp/a.ckpt" --generate-out "$tmp/img.f32"
# --iterations 0 trains nothing: the TF.js export of a checkpoint as it is (run by the real TF.js in
# web/tests/tfjs.test.mjs).
mkdir "$tmp/tfjs"
expect_exit 0 "resumed" --load "$tmp/a.ckpt" --iterations 0 --export-tfjs "$tmp/tfjs" --save "$tmp/same.ckpt"
cmp -s "$tmp/a.ckpt" "$tmp/same.ckpt" && [ "$(stat -c %s "$tmp/tfjs/weights.bin")" = $((4 * 1526288)) ] \
  && grep -q '"format":"layers-model"' "$tmp/tfjs/model.json" && ok || bad "--iterations 0 --export-tfjs"
printf 'old' > "$tmp/keep.ckpt"; printf 'stale' > "$tmp/keep.ckpt.part"
expect_exit 0 "" --iterations 2 --save "$tmp/keep.ckpt"
expect_exit 0 "resumed" --load "$tmp/keep.ckpt" --iterations 1
[ ! -e "$tmp/keep.ckpt.part" ] && [ -z "$(ls "$tmp" | grep -E '\.[0-9]+\.[0-9]+\.part$')" ] && ok || bad "temporary files left: $(ls "$tmp")"
ln -s "$tmp/victim" "$tmp/link.part"; printf 'precious' > "$tmp/victim"
expect_exit 0 "" --iterations 1 --grid "$tmp/link"
[ "$(cat "$tmp/victim")" = precious ] && ok || bad "a symlink at the old temporary name was followed"

# Text from files and arguments reaches the terminal escaped.
out=$("$bin/gan-train" --data "$tmp/"$'\e]0;owned\a\e[31mred' 2>&1)
! grep -q $'\e' <<<"$out" && grep -qF '\x1b]0;owned\x07\x1b[31mred' <<<"$out" && ok || bad "control characters printed raw: $out"
expect_exit 1 "not a regular file" --data /dev/zero
expect_exit 1 "not a regular file" --load /dev/zero

# A dataset built with make_dataset: 20 images of 2 classes, named "cats". Its name never becomes a
# path: no bundled judge, a note, training goes on.
{ printf '\x00\x00\x08\x03\x00\x00\x00\x14\x00\x00\x00\x1c\x00\x00\x00\x1c'; head -c $((20 * 784)) /dev/zero | tr '\0' '\100'; } > "$tmp/img.idx"
{ printf '\x00\x00\x08\x01\x00\x00\x00\x14'; for i in $(seq 10); do printf '\x00\x01'; done; } > "$tmp/lab.idx"
idx=(--idx-images "$tmp/img.idx" --idx-labels "$tmp/lab.idx" --classes "a|b")
expect_prog make_dataset 0 "20 images" "${idx[@]}" --take 20 --name cats --out "$tmp/tiny.gds"
expect_prog make_dataset 2 "--take needs a whole number" "${idx[@]}" --take 20x --name cats --out "$tmp/x.gds"
expect_prog make_dataset 2 "--name must be" "${idx[@]}" --take 20 --name ../cats --out "$tmp/x.gds"
expect_prog make_dataset 1 "cannot create '/dev/full'" "${idx[@]}" --take 20 --name cats --out /dev/full
expect_exit 0 "no bundled judge for the dataset 'cats'" --data "$tmp/tiny.gds" --batch 10 --iterations 2
expect_exit 1 "batch 100 is larger than the dataset \(20 images\)" --data "$tmp/tiny.gds" --iterations 1
expect_exit 1 "a judge for 'digits', not for 'cats'" --data "$tmp/tiny.gds" --batch 10 --iterations 1 --judge "$assets/digits.gjd"
expect_prog make_dataset 0 "20 images" "${idx[@]}" --take 20 --name digits --out "$tmp/not-digits.gds"
expect_exit 0 "the bundled judge does not fit this data" --data "$tmp/not-digits.gds" --batch 10 --iterations 1
expect_exit 1 "looks at 784 pixels and 10 classes" --data "$tmp/not-digits.gds" --batch 10 --iterations 1 --judge "$assets/digits.gjd"
expect_prog train_judge 1 "needs at least 1100" --data "$tmp/tiny.gds" --out "$tmp/j.gjd"
expect_prog train_judge 2 "--epochs needs a whole number" --data "$tmp/tiny.gds" --out "$tmp/j.gjd" --epochs nan
expect_prog train_judge 1 "cannot create '/dev/null'" --data "$assets/digits.gds" --out /dev/null

# gan-bench: the same checks, --preset like gan-train, and a message (not a crash) for a dataset
# smaller than one batch.
bench=(--iterations 2 --reps 1 --warmup 1 --threads 1)
expect_prog gan-bench 0 '^\{"preset":"clean","threads":1,' --preset clean "${bench[@]}"
expect_prog gan-bench 0 '"preset":"fast"' --presets book,fast "${bench[@]}"
expect_prog gan-bench 1 "batch 100 is larger than the dataset" --data "$tmp/tiny.gds" "${bench[@]}"
expect_prog gan-bench 2 "unknown preset 'nope'" --preset nope
expect_prog gan-bench 2 "--reps needs a whole number in \[1, 100\]" --reps 101
expect_prog gan-bench 2 "--iterations needs a whole number in \[1, 1000000\]" --iterations 1e99
expect_prog gan-bench 2 "--threads needs whole numbers" --threads 1,x
expect_prog gan-bench 0 "usage: gan-bench" --help
expect_prog gan-trace 2 "--iterations needs a whole number" --iterations nan

# Ctrl-C stops after an iteration and saves; resuming from there equals the straight run. --save-every
# leaves a loadable checkpoint even when the process is killed outright.
"$bin/gan-train" --iterations 100000 --seed 5 --save "$tmp/int.ckpt" >"$tmp/int.out" 2>&1 & pid=$!
sleep 4; kill -INT "$pid"; wait "$pid"; rc=$?
k=$(sed -n 's/.*interrupted at iteration \([0-9]*\);.*/\1/p' "$tmp/int.out")
if [ "$rc" = 130 ] && [ -n "$k" ]; then
  ok
  expect_exit 0 "resumed" --load "$tmp/int.ckpt" --iterations 3 --save "$tmp/int2.ckpt"
  expect_exit 0 "" --iterations $((k + 3)) --seed 5 --save "$tmp/int-straight.ckpt"
  cmp -s "$tmp/int2.ckpt" "$tmp/int-straight.ckpt" && ok || bad "resuming after Ctrl-C differs from the straight run"
else
  bad "Ctrl-C: exit $rc, output: $(cat "$tmp/int.out")"
fi
"$bin/gan-train" --iterations 100000 --save "$tmp/every.ckpt" --save-every 10 >/dev/null 2>&1 & pid=$!
# Killed once the first periodic save exists (however slow the build, e.g. under ASan), not after a fixed time.
for _ in $(seq 600); do [ -f "$tmp/every.ckpt" ] && break; sleep 0.2; done
kill -KILL "$pid"; wait "$pid" 2>/dev/null
expect_exit 0 "resumed '.*every.ckpt' at iteration [1-9][0-9]*0 " --load "$tmp/every.ckpt" --iterations 1

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
