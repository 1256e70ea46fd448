#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fuzzing benchmarks (results in docs/benchmarks.md, section "Fuzzing").

  throughput   exec/s of every libFuzzer target over its seed corpus
               (single process, -max_total_time=S), with the full oracle
               and bare (SVM_FUZZ_BARE=1: the variant runs, nothing is
               checked); declared IDs tolerated so the run does not stop.
  ttf          time to the first finding of each declared ID of each
               failing variant (SVM_FUZZ_ONLY=<ID>: only that property
               stops the run), N runs (seeds 1..N), from an empty corpus and
               from the hand-written seeds (seed-* files of the geometry);
               median and spread. Engine libFuzzer (build/fuzz) or AFL++
               (--engine afl, binaries of scripts/check-ossfuzz-build --afl).

Prints Markdown tables and writes the raw runs as JSON (--json).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
from fuzz_campaign import classify_all, for_geometry, options_flags, read_manifest  # noqa: E402


def corpus_files(top, t, seeds_only):
    d = os.path.join(top, "corpus", t["harness"])
    return [os.path.join(d, n) for n in sorted(os.listdir(d))
            if for_geometry(n, t["shift"]) and (n.startswith("seed-") or not seeds_only)]


def options(binary):
    flags = options_flags(binary + ".options")
    if os.path.exists(binary + ".dict"):
        flags.append(f"-dict={binary}.dict")
    return flags


def throughput(args, t):
    binary = os.path.join(args.fuzzers, t["target"])
    res = {}
    for mode in ("oracle", "bare"):
        with tempfile.TemporaryDirectory() as d:
            for f in corpus_files(args.top, t, seeds_only=False):
                shutil.copy(f, d)
            env = dict(os.environ, SVM_FUZZ_DECLARED="tolerate")
            if mode == "bare":
                env["SVM_FUZZ_BARE"] = "1"
            r = subprocess.run([binary, f"-max_total_time={args.seconds}", "-print_final_stats=1", "-seed=1",
                                f"-artifact_prefix={d}/"] + options(binary) + [d],
                               env=env, capture_output=True, text=True, cwd=d)
            m = re.search(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
            e = re.search(r"stat::average_exec_per_sec:\s*(\d+)", r.stderr)
            crashed = "FINDING" in r.stderr or "ERROR: AddressSanitizer" in r.stderr
            res[mode] = dict(runs=int(m.group(1)) if m else 0, exec_per_sec=int(e.group(1)) if e else 0,
                             crashed=crashed)
    return res


def one_ttf_libfuzzer(args, t, prop, seed, start_files):
    binary = os.path.join(args.fuzzers, t["target"])
    with tempfile.TemporaryDirectory() as d:
        cdir = os.path.join(d, "corpus")
        os.makedirs(cdir)
        for f in start_files:
            shutil.copy(f, cdir)
        env = dict(os.environ, SVM_FUZZ_ONLY=prop, SVM_FUZZ_DECLARED="abort")
        t0 = time.time()
        r = subprocess.run([binary, f"-max_total_time={args.cap}", f"-seed={seed}", f"-artifact_prefix={d}/"]
                           + options(binary) + [cdir], env=env, capture_output=True, text=True, cwd=d)
        dt = time.time() - t0
        found = f"FINDING {prop} " in r.stderr
        if not found:
            # A sanitizer report ends the run without a FINDING line (a
            # declared MEM-SAFETY defect fires first): the crashing input
            # counts when the replay, oracle in a child, shows the property.
            crashes = [os.path.join(d, n) for n in os.listdir(d) if n.startswith("crash-")]
            if crashes:
                shown = classify_all(os.path.join(args.replays, t["target"] + "-replay"), crashes)
                found = any(prop in ids for _armed, ids in shown.values())
                if not found:
                    return -dt  # ended early by a crash that does not show prop
        return dt if found else None


def one_ttf_afl(args, t, prop, seed, start_files):
    binary = os.path.join(args.afl_out, t["target"])
    with tempfile.TemporaryDirectory() as d:
        idir, odir = os.path.join(d, "in"), os.path.join(d, "out")
        os.makedirs(idir)
        if start_files:
            for f in start_files:
                shutil.copy(f, idir)
        else:
            # AFL++ needs one input: the empty corpus is one all-zero header.
            with open(os.path.join(idir, "empty"), "wb") as f:
                f.write(b"\0\0\0")
        env = dict(os.environ, SVM_FUZZ_ONLY=prop, SVM_FUZZ_DECLARED="abort", AFL_BENCH_UNTIL_CRASH="1",
                   AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                   AFL_NO_AFFINITY="1", AFL_SKIP_CRASHES="1", AFL_QUIET="1")
        cmd = ["afl-fuzz", "-i", idir, "-o", odir, "-m", "none", "-t", "5000", "-V", str(args.cap),
               "-s", str(seed)]
        if os.path.exists(binary + ".dict"):
            cmd += ["-x", binary + ".dict"]
        cmd += ["--", binary]
        t0 = time.time()
        subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=d)
        dt = time.time() - t0
        crashes = [c for c in os.listdir(os.path.join(odir, "default", "crashes"))
                   if c.startswith("id:")] if os.path.isdir(os.path.join(odir, "default", "crashes")) else []
        return dt if crashes else None


def summarise(times, cap):
    """times: seconds to the finding, None when the cap was reached, a
    negative number when another crash ended the run first (not a find)."""
    found = [x for x in times if x is not None and x >= 0]
    other = sum(1 for x in times if x is not None and x < 0)
    ranked = sorted(x if x is not None and x >= 0 else float("inf") for x in times)
    med = statistics.median(ranked)
    med_s = f"{med:.2f}" if med != float("inf") else (f"> {cap}" if not other else "not found")
    spread = f"{min(found):.2f}-{max(found):.2f}" if found else "-"
    note = f" ({other} ended by another crash)" if other else ""
    return med_s, spread, f"{len(found)}/{len(times)}{note}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["throughput", "ttf"])
    ap.add_argument("--top", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--fuzzers", help="build/fuzz/fuzzers (libFuzzer binaries and targets.tsv)")
    ap.add_argument("--replays", help="replay programs that classify crashes (default: --fuzzers)")
    ap.add_argument("--engine", choices=["libfuzzer", "afl"], default="libfuzzer")
    ap.add_argument("--afl-out", help="AFL++ binaries (build/ossfuzz/out-afl)")
    ap.add_argument("--target", action="append", default=[], help="substring of target names")
    ap.add_argument("--seconds", type=int, default=10, help="throughput: seconds per run")
    ap.add_argument("--runs", type=int, default=5, help="ttf: runs per cell")
    ap.add_argument("--cap", type=int, default=60, help="ttf: give up after this many seconds")
    ap.add_argument("--json")
    args = ap.parse_args()
    args.top = os.path.abspath(args.top)
    args.fuzzers = os.path.abspath(args.fuzzers or os.path.join(args.top, "build", "fuzz", "fuzzers"))
    args.replays = os.path.abspath(args.replays or args.fuzzers)
    args.afl_out = os.path.abspath(args.afl_out or os.path.join(args.top, "build", "ossfuzz", "out-afl"))
    targets = read_manifest(args.fuzzers)
    if args.target:
        targets = [t for t in targets if any(s in t["target"] for s in args.target)]
    raw = []
    if args.what == "throughput":
        print("| target | exec/s full oracle | exec/s bare variant | oracle overhead |")
        print("|---|---:|---:|---:|")
        for t in targets:
            r = throughput(args, t)
            o, b = r["oracle"]["exec_per_sec"], r["bare"]["exec_per_sec"]
            ratio = f"{b / o:.1f}x" if o else "-"
            print(f"| `{t['target']}` | {o:,} | {b:,} | {ratio} |", flush=True)
            raw.append(dict(target=t["target"], **r))
    else:
        one = one_ttf_afl if args.engine == "afl" else one_ttf_libfuzzer
        print(f"| target | property | start | median s | spread s | found |")
        print("|---|---|---|---:|---:|---:|")
        for t in targets:
            for prop in t["declared"]:
                for start in ("empty", "seeds"):
                    files = corpus_files(args.top, t, seeds_only=True) if start == "seeds" else []
                    times = [one(args, t, prop, seed, files) for seed in range(1, args.runs + 1)]
                    med, spread, found = summarise(times, args.cap)
                    print(f"| `{t['target']}` | {prop} | {start} | {med} | {spread} | {found} |", flush=True)
                    raw.append(dict(target=t["target"], prop=prop, start=start, engine=args.engine, times=times))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
