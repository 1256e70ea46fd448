#!/usr/bin/env python3
"""Prints the verdict table from the engines' TSV rows; exit 1 on a mismatch."""
import os
import sys

FIELDS = ["algo", "variant", "api", "geometry", "expected", "observed", "status", "repro", "advisory", "error"]


def short(path, top):
    return os.path.relpath(path, top) if path.startswith("/") else path


def main():
    rows_file, top = sys.argv[1], sys.argv[2]
    rows = []
    with open(rows_file) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(FIELDS):
                print(f"svmcheck: malformed verdict row: {line.strip()}", file=sys.stderr)
                return 1
            rows.append(dict(zip(FIELDS, parts)))
    head = ["ALGO", "VARIANT", "API", "GEOMETRY", "EXPECTED", "OBSERVED", "VERDICT"]
    table = []
    for r in rows:
        verdict = "ok" if r["status"] == "ok" else "MISMATCH"
        if r["expected"] == "observed" and r["status"] == "ok":
            verdict = "info"  # kernel-tree / review variant: nothing declared, shown as observed
        table.append([r["algo"], r["variant"], r["api"], r["geometry"].replace("PAGE_SHIFT=", "p"),
                      r["expected"], r["observed"], verdict])
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    print(fmt.format(*head))
    for t in table:
        print(fmt.format(*t))
    print()
    print("Reproducers (replay: scripts/svmcheck replay FILE --variant V):")
    for r in rows:
        for item in ([] if r["repro"] == "-" else r["repro"].split(";")):
            prop, _, path = item.partition("=")
            print(f"  {r['variant']:<10} {r['geometry'].replace('PAGE_SHIFT=', 'p'):<4} {prop:<15} {short(path, top)}")
    adv = [(r, a) for r in rows if r["advisory"] != "-" for a in r["advisory"].split(";")]
    if adv:
        print("Advisory (not part of any verdict):")
        for r, item in adv:
            prop, _, path = item.partition("=")
            print(f"  {r['variant']:<10} {r['geometry'].replace('PAGE_SHIFT=', 'p'):<4} {prop:<15} {short(path, top)}")
    errors = [r for r in rows if r["error"] != "-"]
    for r in errors:
        print(f"svmcheck: {r['algo']} {r['variant']}: {r['error']}", file=sys.stderr)
    bad = [r for r in rows if r["status"] != "ok"]
    print()
    print(f"{len(rows) - len(bad)} of {len(rows)} verdicts as declared" + ("" if not bad else f"; {len(bad)} MISMATCH"))
    return 1 if bad or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
