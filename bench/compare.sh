#!/usr/bin/env bash
# Side-by-side training throughput: gan-bench against the same iteration in PyTorch (Debian's
# python3-torch, installed here if missing), alternating runs so both see the same machine load,
# and prints the ratios. Needs the native build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q "install ok installed" ||
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch; } >&2
for threads in 1 2; do
  ours=$("$root/build/native/bin/gan-bench" --threads "$threads" --reps 7)
  # PyTorch's own pools and OpenBLAS's are both held to the same thread count.
  theirs=$(OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$root/bench/torch_gan.py" --threads "$threads" --reps 7)
  echo "$ours"
  echo "$theirs"
  /usr/bin/python3 - "$ours" "$theirs" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"threads {a['threads']}: gan-bench / PyTorch = {a['its_per_s'] / b['its_per_s']:.2f}")
PY
done
