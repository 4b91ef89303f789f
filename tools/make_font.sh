#!/usr/bin/env bash
# Regenerates assets/ui-font.ttf, the dashboard's font: Debian's DejaVu Sans (fonts-dejavu-core,
# Bitstream Vera licence) cut down to what the overlay draws (Basic Latin, Latin-1 and a few
# punctuation and maths signs), so the page downloads 25 KB instead of 0.75 MB. Needs Debian's
# fonts-dejavu-core and python3-fonttools (`scripts/setup.sh font-tools`). The result is
# committed; nothing runs this during a build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$src" ] || { echo "needs $src: apt-get install -y fonts-dejavu-core" >&2; exit 1; }
# Debian's module, whichever python3 comes first on PATH (a pyenv one does not see it).
if command -v pyftsubset >/dev/null; then subset=(pyftsubset); else subset=(/usr/bin/python3 -m fontTools.subset); fi
# – — ‘ ’ “ ” • … → ← − ≈ ≤ ≥ beyond Latin-1 (× ± · ² are in it): text from core messages and notices.
symbols=U+2013,U+2014,U+2018,U+2019,U+201C,U+201D,U+2022,U+2026,U+2190,U+2192,U+2212,U+2248,U+2264,U+2265
# Hinting, kerning and maths tables are dropped (ImGui uses none of them); the copyright and
# licence names (IDs 0 and 13) stay in the file, as the licence asks of every copy.
"${subset[@]}" "$src" --unicodes="U+0020-007E,U+00A0-00FF,$symbols" --output-file="$root/assets/ui-font.ttf" \
  --no-hinting --desubroutinize --layout-features= --drop-tables+=MATH,FFTM,GDEF,GPOS,GSUB \
  --name-IDs=0,1,2,3,4,5,6,13,14 --name-languages=0x409
ls -l "$root/assets/ui-font.ttf"
