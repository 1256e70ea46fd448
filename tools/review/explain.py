#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/svmcheck explain FILE [--variant V]... [--svg OUT] [--build DIR]

Decodes a corpus or regress file and shows what it means. A copy input
(corpus/copy_vs_model/, or any file the copy codec reads): its page layout,
the device addresses, and the calls each variant issues with the properties
they break, as text, and with --svg as a picture. The geometry comes from
the name (-p12 / -p21; scaled when the name does not say). Buddy and devmem
inputs (corpus/buddy_random_walk/, corpus/devmem_lifecycle/) are decoded by
their own codecs through the fuzz replay programs (--describe), when built.
Exit 0; 2 when the file cannot be read or the tools are not built.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import copy_draw  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fail(msg):
    print(f"svmcheck: explain: {msg}", file=sys.stderr)
    sys.exit(2)


def geometry_of(path):
    m = re.search(r"-p(\d+)(?:\.\d+)?$", os.path.basename(path))
    return m.group(1) if m else "21"


def dump(build, path, shift, variants, layout=None):
    exe = os.path.join(build, "tools", "review", f"svmcheck-dump_p{shift}")
    if not os.access(exe, os.X_OK):
        fail(f"{os.path.relpath(exe, TOP)} is not built")
    cmd = [exe] + (["--layout", layout] if layout else [path])
    for v in variants or []:
        cmd += ["--variant", v]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"{exe} failed")
    return json.loads(r.stdout)


def harness_of(path):
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    for h in ("buddy_random_walk", "devmem_lifecycle"):
        if parent == h or os.path.basename(path).startswith(h):
            return h
    return "copy_vs_model"


def describe_other(build, harness, path, shift):
    pattern = os.path.join(build, "fuzzers", f"{harness}_*_p{shift}*-replay")
    exes = sorted(glob.glob(pattern))
    if not exes:
        fail(f"no {harness} replay program is built (looked for {os.path.relpath(pattern, TOP)})")
    r = subprocess.run([exes[0], "--describe", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail(r.stderr.strip() or f"{exes[0]} --describe failed")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(prog="scripts/svmcheck explain", description=__doc__.split("\n")[2])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--layout", help="a text layout instead of a file, e.g. '| P5 H1 P2'")
    ap.add_argument("--variant", action="append")
    ap.add_argument("--svg", help="write the picture here")
    ap.add_argument("--json", help="write the decoded run here")
    ap.add_argument("--geometry", choices=["12", "21", "real", "scaled"])
    ap.add_argument("--build", default=os.path.join(TOP, "build", "dev"))
    a = ap.parse_args()
    if bool(a.file) == bool(a.layout):
        fail("give one corpus file or --layout TEXT")
    if a.file and not os.path.isfile(a.file):
        fail(f"{a.file}: no such file")
    shift = {"real": "12", "scaled": "21"}.get(a.geometry, a.geometry) or (geometry_of(a.file) if a.file else "21")
    harness = harness_of(a.file) if a.file else "copy_vs_model"
    if harness != "copy_vs_model":
        sys.stdout.write(describe_other(a.build, harness, a.file, shift))
        if a.svg:
            fail(f"--svg draws copy inputs only; {harness} inputs are described as text")
        return 0
    d = dump(a.build, a.file, shift, a.variant, a.layout)
    sys.stdout.write(copy_draw.text(d))
    if a.svg:
        with open(a.svg, "w") as f:
            f.write(copy_draw.svg(d, title=f"{os.path.basename(a.file) if a.file else 'layout'}: {d['layout']}"))
        print(f"\nSVG: {a.svg}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(d, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
