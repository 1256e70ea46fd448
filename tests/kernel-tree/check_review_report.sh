#!/usr/bin/env bash
# check_review_report.sh SCRATCH: 'scripts/svmcheck review' on the fixture
# patch that makes the corrected copy loop skip the page after a folio.
# The review must exit 1 (findings), report COPY-ONCE as a NEW counterexample
# with a diagram and a replay command that reproduces it, and its HTML page
# must render in headless Chromium with the diagrams visible (screenshot
# SCRATCH/report.png, checked to hold more than a blank page).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
s=${1:?usage: check_review_report.sh SCRATCH}
mkdir -p "$s"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
SVM_JOBS=${SVM_JOBS:-2} python3 "$top/tools/review/review.py" \
  "$top/tests/kernel-tree/patches/fixed-skips-page-after-folio.patch" \
  --out "$s/out" --build "$s/build" --fuzz 0 --no-proofs >"$s/review.out" 2>&1
rc=$?
cat "$s/review.out"
[ $rc -eq 1 ] || bad "review exited $rc, not 1 (findings)"
md="$s/out/REPORT.md" page="$s/out/REPORT.html"
grep -q '^| COPY-ONCE | NEW counterexample' "$md" || bad "REPORT.md has no new COPY-ONCE counterexample"
replay=$(grep '^| COPY-ONCE |' "$md" | sed -E 's/.*replay: `([^`]*)`.*/\1/')
[ -n "$replay" ] && $replay | grep -q 'COPY-ONCE' || bad "the replay command does not show COPY-ONCE: $replay"
grep -q "<figure id='COPY-ONCE'>.*<svg" "$page" || bad "REPORT.html has no COPY-ONCE diagram"
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "FAIL: chromium is not installed (scripts/setup installs it)"; exit 1; }
rm -rf "$s/profile" "$s/report.png"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$s/profile" \
  --window-size=1280,2400 --screenshot="$s/report.png" "file://$page" >"$s/chromium.log" 2>&1
[ -s "$s/report.png" ] || bad "no screenshot (log: $s/chromium.log)"
# A rendered diagram paints the call bars and the red 'copied 0 times' cells.
python3 - "$s/report.png" <<'PY' || fail=1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w, h, ct = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ct = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 4 if ct == 6 else 3
stride = w * bpp + 1
prev = bytearray(w * bpp)
colors = set()
for y in range(h):
    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for x in range(len(line)):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, w * bpp, bpp * 4):
            colors.add(bytes(line[x:x + 3]))
want = {"call bar": (0xb9, 0xc8, 0xf5), "copied 0 times": (0xff, 0x66, 0x66), "device page": (0xcf, 0xe3, 0xff)}
missing = [k for k, rgb in want.items() if bytes(rgb) not in colors]
if missing:
    print(f"FAIL: the screenshot shows no {', '.join(missing)} colour: the diagrams did not render")
    sys.exit(1)
print(f"ok: screenshot {w}x{h} shows the diagrams ({len(colors)} colours sampled)")
PY
[ $fail = 0 ] && echo "ok: review reports COPY-ONCE with a diagram and a replay command; the page renders"
exit $fail
