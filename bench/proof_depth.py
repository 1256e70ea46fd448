#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Proof time versus page count (docs/benchmarks.md, "Proof depth").

Runs `svmcheck-prove copy --variant V --pages MAX --verbose` once per variant
under a wall-clock limit and turns its per-page-count report (formula size,
translation time, each property's query time and result) into a Markdown
table: for every N, what was proved and how long N took on its own and
cumulatively from 0. A property whose query times out stops there (the
others go on); the run stops at the wall limit.

    bench/proof_depth.py [--build build/proofs] [--max 32] [--timeout 60]
                         [--limit 900] [--variant fixed ...]
"""
import argparse
import re
import subprocess
import sys
import time

N_LINE = re.compile(r"^n=(\d+): (\d+) block instances, (\d+) loop iterations pruned, (\d+) call slots, "
                    r"(\d+) definitions, ([\d.]+)s")
Q_LINE = re.compile(r"^  ([A-Z][A-Z-]+) +(sat|unsat|unknown) ([\d.]+)s")
AUX_LINE = re.compile(r"^  (unwinding check|memory events \(\d+\)) ([\d.]+)s")


def run(prove, variant, max_pages, timeout, limit):
    cmd = [prove, "copy", "--variant", variant, "--pages", str(max_pages), "--timeout", str(timeout),
           "--no-write", "--verbose"]
    rows, cur = [], None
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stopped = False
    try:
        for line in proc.stdout:
            m = N_LINE.match(line)
            if m:
                cur = {"n": int(m[1]), "slots": int(m[4]), "defs": int(m[5]), "translate": float(m[6]),
                       "aux": 0.0, "queries": {}, "done_at": None}
                rows.append(cur)
                continue
            if cur is None:
                continue
            m = AUX_LINE.match(line)
            if m:
                cur["aux"] += float(m[2])
                continue
            m = Q_LINE.match(line)
            if m:
                cur["queries"][m[1]] = (m[2], float(m[3]))
                cur["done_at"] = time.monotonic() - start
            if time.monotonic() - start > limit:
                stopped = True
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return rows, stopped, time.monotonic() - start


def table(variant, rows, stopped, wall, limit):
    out = [f"### {variant}", "",
           "| N | call slots | definitions | translation s | queries s (slowest) | N alone s | from 0 s | result |",
           "|---|---|---|---|---|---|---|---|"]
    total = 0.0
    for r in rows:
        if not r["queries"]:
            break
        q = sum(t for _, t in r["queries"].values())
        slow = max(r["queries"].items(), key=lambda kv: kv[1][1])
        alone = r["translate"] + r["aux"] + q
        total += alone
        refuted = [p for p, (res, _) in r["queries"].items() if res == "sat"]
        unknown = [p for p, (res, _) in r["queries"].items() if res == "unknown"]
        held = [p for p, (res, _) in r["queries"].items() if res == "unsat"]
        parts = []
        if held:
            parts.append(f"{len(held)} proved")
        if refuted:
            parts.append("refuted " + ", ".join(refuted))
        if unknown:
            parts.append("timed out " + ", ".join(unknown))
        out.append(f"| {r['n']} | {r['slots']} | {r['defs']} | {r['translate']:.2f} | {q:.2f} ({slow[0]} "
                   f"{slow[1][1]:.2f}) | {alone:.2f} | {total:.2f} | {'; '.join(parts)} |")
    out.append("")
    last = rows[-1]["n"] if rows else -1
    why = f"wall limit of {limit} s reached during N={last}" if stopped else f"finished in {wall:.0f} s"
    out.append(f"Run: {why}.")
    out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/proofs")
    ap.add_argument("--max", type=int, default=32)
    ap.add_argument("--timeout", type=int, default=60, help="per solver query, seconds")
    ap.add_argument("--limit", type=int, default=900, help="wall clock per variant, seconds")
    ap.add_argument("--variant", action="append")
    a = ap.parse_args()
    prove = a.build.rstrip("/") + "/proofs/svmcheck-prove"
    for v in a.variant or ["fixed"]:
        rows, stopped, wall = run(prove, v, a.max, a.timeout, a.limit)
        print(table(v, rows, stopped, wall, a.limit))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
