#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Coverage behind 'scripts/svmcheck coverage'.

Builds the 'coverage' preset (clang -fprofile-instr-generate
-fcoverage-mapping), runs the ctest suite (unit, prop and the fuzz-replay
tests, which replay every committed corpus through every variant at both
geometries) with one raw profile per process, merges them with
llvm-profdata-14, and writes an llvm-cov-14 HTML report of src/ plus a table
of line and branch coverage per variant file (and the userspace kernel and
hardware doubles). Files under the acceptance bar (default 95% lines, 90%
branches) get their uncovered lines listed.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, text=True, capture_output=True, **kw)


def build(top, bdir, jobs):
    if not os.path.exists(os.path.join(bdir, "build.ninja")):
        r = run(["cmake", "--preset", "coverage"], cwd=top)
        if r.returncode:
            sys.exit("coverage: configure failed:\n" + r.stdout[-2000:] + r.stderr[-2000:])
    # Keep going past targets this clang cannot build: whatever builds is
    # measured, and what did not is named in the report.
    r = run(["cmake", "--build", bdir, "-j", str(jobs), "--", "-k", "0"])
    failed = sorted({l.split("FAILED: ", 1)[1].strip() for l in r.stdout.splitlines() if l.startswith("FAILED: ")})
    return failed


def objects(bdir):
    """Every executable of the build that carries coverage mapping."""
    out = []
    for root, _dirs, files in os.walk(bdir):
        if "CMakeFiles" in root or "/report" in root:
            continue
        for f in files:
            p = os.path.join(root, f)
            if os.access(p, os.X_OK) and not f.endswith((".sh", ".py", ".so")) and os.path.isfile(p):
                with open(p, "rb") as fh:
                    if fh.read(4) == b"\x7fELF":
                        out.append(p)
    return sorted(out)


def replay_in_process(top, bdir, env):
    """The ctest replays run devmem oracles in a forked child, whose profile
    is never written, and a variant with a declared memory error may end its
    replay. So every corpus file also runs once more through every replay
    program in its own process, oracle in process (SVM_FUZZ_IN_PROCESS=1):
    a crash loses one file's profile, not the rest."""
    manifest = os.path.join(bdir, "fuzzers", "targets.tsv")
    if not os.path.exists(manifest):
        return 0
    env = dict(env, SVM_FUZZ_IN_PROCESS="1")
    n = 0
    for line in open(manifest):
        if line.startswith("#") or not line.strip():
            continue
        target, harness, _variant, _expect, shift = line.rstrip("\n").split("\t")
        replay = os.path.join(bdir, "fuzzers", target + "-replay")
        cdir = os.path.join(top, "corpus", harness)
        if not os.path.exists(replay) or not os.path.isdir(cdir):
            continue
        for name in sorted(os.listdir(cdir)):
            if name.rsplit("-p", 1)[-1].isdigit() and name.rsplit("-p", 1)[-1] != shift:
                continue
            subprocess.run([replay, "--classify", os.path.join(cdir, name)], env=env,
                           capture_output=True, timeout=300)
            n += 1
    return n


def main():
    ap = argparse.ArgumentParser(prog="svmcheck coverage")
    ap.add_argument("--top", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", help="HTML report folder (default BUILD/report)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--lines", type=float, default=95.0)
    ap.add_argument("--branches", type=float, default=90.0)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-tests", action="store_true", help="reuse the profiles of the last run")
    ap.add_argument("--ctest-args", default="", help="extra ctest arguments, e.g. '-L fuzz-replay'")
    args = ap.parse_args()
    top, bdir = os.path.abspath(args.top), os.path.abspath(args.build)
    out = os.path.abspath(args.out or os.path.join(bdir, "report"))
    failed = [] if args.no_build else build(top, bdir, args.jobs)

    profiles = os.path.join(bdir, "profiles")
    shutil.rmtree(profiles, ignore_errors=True)
    os.makedirs(profiles)
    env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(profiles, "%p-%m.profraw"))
    r = subprocess.run(["ctest", "--test-dir", bdir, "-j", str(args.jobs), "--timeout", "900"]
                       + args.ctest_args.split(), env=env, text=True, capture_output=True)
    tail = [l for l in r.stdout.splitlines() if "tests passed" in l or "tests failed" in l]
    print("coverage: ctest: " + (tail[-1] if tail else "no summary") + f" (exit {r.returncode})")
    failed_tests = [l.strip() for l in r.stdout.splitlines() if " - " in l and ("(Failed)" in l or "(Timeout)" in l
                                                                             or "Not Run" in l or "(Subprocess" in l)]
    for l in failed_tests:
        print("  " + l)
    replayed = replay_in_process(top, bdir, env)
    print(f"coverage: {replayed} corpus files replayed in process, one process each")
    raws = glob.glob(os.path.join(profiles, "*.profraw"))
    if not raws:
        sys.exit("coverage: no profile was written")
    merged = os.path.join(bdir, "coverage.profdata")
    r = run(["llvm-profdata-14", "merge", "-sparse", "-o", merged] + raws)
    if r.returncode:
        sys.exit("coverage: llvm-profdata-14 merge failed: " + r.stderr[-1000:])
    objs = objects(bdir)
    obj_args = [objs[0]] + [a for o in objs[1:] for a in ("-object", o)]
    src = os.path.join(top, "src")

    shutil.rmtree(out, ignore_errors=True)
    r = run(["llvm-cov-14", "show", "-format=html", f"-output-dir={out}", f"-instr-profile={merged}",
             "-show-branches=count", "-show-line-counts-or-regions", "-project-title=svmcheck src/"]
            + obj_args + [src])
    if r.returncode:
        sys.exit("coverage: llvm-cov-14 show failed: " + r.stderr[-1000:])
    r = run(["llvm-cov-14", "export", "-summary-only", f"-instr-profile={merged}"] + obj_args + [src])
    data = json.loads(r.stdout)
    rows = []
    for f in data["data"][0]["files"]:
        name = os.path.relpath(f["filename"], top)
        if not name.startswith("src/"):
            continue
        s = f["summary"]
        rows.append((name, s["lines"], s["branches"]))
    rows.sort(key=lambda x: (("/variants/" not in x[0]), x[0]))

    print(f"\n{'FILE':<46} {'LINES':>16} {'BRANCHES':>16}")
    below = []
    for name, lines, br in rows:
        lp = lines["percent"] if lines["count"] else 100.0
        bp = br["percent"] if br["count"] else 100.0
        print(f"{name:<46} {lp:6.1f}% {lines['covered']:>4}/{lines['count']:<4} "
              f"{bp:6.1f}% {br['covered']:>4}/{br['count']:<4}")
        judged = "/variants/" in name
        if judged and (lp < args.lines or bp < args.branches):
            below.append(name)
    for name in below:
        r = run(["llvm-cov-14", "show", f"-instr-profile={merged}"] + obj_args + [os.path.join(top, name)])
        print(f"\nuncovered lines of {name}:")
        for line in r.stdout.splitlines():
            parts = line.split("|", 2)
            if len(parts) == 3 and parts[1].strip() == "0":
                print(f"  {name}:{parts[0].strip()}: {parts[2].strip()}")
    if failed:
        print("\ncoverage: not built with this clang (not measured): " + ", ".join(failed))
    print(f"\ncoverage: HTML report {os.path.join(out, 'index.html')}; "
          f"bar {args.lines:.0f}% lines / {args.branches:.0f}% branches per variant file: "
          + ("all variant files meet it" if not below else f"{len(below)} below it (listed above)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
