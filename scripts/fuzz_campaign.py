#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fuzz campaigns behind 'scripts/svmcheck fuzz'.

For every selected target of build/<preset>/fuzzers/targets.tsv: a libFuzzer
run with -fork over all cores on a work copy of the committed corpus (the
files of the target's geometry), a progress line, then triage of every
crashing input by property ID (the target's replay program classifies it),
minimisation per property (SVM_FUZZ_ONLY keeps the property while libFuzzer
shrinks), new findings saved as corpus/<harness>/regress-<variant>-<ID>-p<shift>
(an existing reproducer is kept, never overwritten), and the new corpus
merged into corpus/<harness>/ with -merge=1 (new files only).

Exit status: 0 when no target found anything it does not declare; 1 when a
finding is new (any finding on a pass variant, an undeclared ID on a failing
one); 2 on a harness problem.
"""
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time

STATS = re.compile(r"#(\d+):?\s+.*?cov: (\d+).*?corp: (\d+).*?exec/s:? (\d+)"
                   r"(?:.*?oom/timeout/crash: (\d+)/(\d+)/(\d+))?")


def read_manifest(fuzzers):
    rows = []
    with open(os.path.join(fuzzers, "targets.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            target, harness, variant, expect, shift = line.rstrip("\n").split("\t")
            rows.append(dict(target=target, harness=harness, variant=variant, expect=expect,
                             shift=int(shift), declared=[] if expect == "pass" else expect.split(",")))
    return rows


def options_flags(path):
    """The [libfuzzer] section of a .options file as -key=value flags."""
    flags, section = [], None
    if not os.path.exists(path):
        return flags
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("["):
                section = line.strip("[]")
            elif "=" in line and section == "libfuzzer":
                k, v = (x.strip() for x in line.split("=", 1))
                flags.append(f"-{k}={v}")
    return flags


def for_geometry(name, shift):
    m = re.search(r"-p(\d{1,3})$", name)
    return not m or int(m.group(1)) == shift


def regress_name(name):
    """(variant, ID) of regress-<variant>-<ID>[.n][-p<shift>], else None."""
    m = re.match(r"^regress-([a-z0-9_]+)-([A-Z]+-[A-Z]+)(?:\.\d+)?(?:-p\d{1,3})?$", name)
    return (m.group(1), m.group(2)) if m else None


def classify_all(replay, paths, only=None):
    """{path: (armed, shown)}: the property the fuzzer would abort with (an
    ID, 'clean' or 'out-of-contract') and every non-advisory ID the input
    shows. An input on which the (sanitized) replay itself dies is
    ('MEM-SAFETY', ['MEM-SAFETY'])."""
    env = dict(os.environ, SVM_FUZZ_DECLARED="abort")
    if only:
        env["SVM_FUZZ_ONLY"] = only
    out = {}
    for path in paths:
        r = subprocess.run([replay, "--classify", path], env=env, capture_output=True, text=True, timeout=300)
        words = r.stdout.split()
        if r.returncode != 0 or len(words) < 3:
            out[path] = ("MEM-SAFETY", ["MEM-SAFETY"])
        else:
            out[path] = (words[-2], [] if words[-1] == "none" else words[-1].split(","))
    return out


def classify(replay, path, only=None):
    return classify_all(replay, [path], only)[path][0]


class Progress:
    def __init__(self, label, seconds):
        self.label, self.seconds, self.start = label, seconds, time.time()
        self.tty = sys.stdout.isatty()
        self.last_print = 0

    def update(self, stats, final=False):
        now = time.time()
        if not final and not self.tty and now - self.last_print < 15:
            return
        self.last_print = now
        runs, cov, corp, eps, oom, tmo, crash = stats
        line = (f"  {self.label:<40} {min(now - self.start, self.seconds):5.0f}/{self.seconds}s "
                f"runs {runs:>9} cov {cov:>5} corpus {corp:>5} exec/s {eps:>6} crashes {crash}")
        if self.tty:
            print("\r" + line, end="\n" if final else "", flush=True)
        else:
            print(line, flush=True)


def run_campaign(t, args, fuzzers, work):
    binary = os.path.join(fuzzers, t["target"])
    corpus_src = os.path.join(args.top, "corpus", t["harness"])
    cdir, adir = os.path.join(work, "corpus"), os.path.join(work, "artifacts")
    os.makedirs(cdir, exist_ok=True)
    os.makedirs(adir, exist_ok=True)
    files = []
    if os.path.isdir(corpus_src):
        files = [os.path.join(corpus_src, n) for n in sorted(os.listdir(corpus_src))
                 if os.path.isfile(os.path.join(corpus_src, n)) and for_geometry(n, t["shift"])]
    if t["declared"] and files:
        # Inputs that already show a declared ID would end every fork job at
        # once: they stay in the committed corpus, not in the work copy.
        verdict = classify_all(os.path.join(args.replay_dir, t["target"] + "-replay"), files)
        files = [f for f in files if verdict[f][0] in ("clean", "out-of-contract")]
    for src in files:
        shutil.copy(src, os.path.join(cdir, os.path.basename(src)))
    started = time.time()
    cmd = [binary, f"-fork={args.jobs}", "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1",
           f"-max_total_time={args.seconds}", f"-artifact_prefix={adir}/", "-print_final_stats=1",
           f"-seed={args.seed}"]
    cmd += options_flags(binary + ".options")
    if os.path.exists(binary + ".dict"):
        cmd.append(f"-dict={binary}.dict")
    cmd.append(cdir)
    log_path = os.path.join(work, "fuzz.log")
    env = dict(os.environ, SVM_FUZZ_DECLARED="tolerate" if args.hunt_new else "abort")
    stats = (0, 0, 0, 0, 0, 0, 0)
    progress = Progress(t["target"], args.seconds)
    with open(log_path, "w") as log:
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
        with open(log_path) as tail:
            while True:
                done = p.poll() is not None
                for line in tail.readlines():
                    m = STATS.search(line)
                    if m:
                        stats = tuple(int(x or 0) for x in m.groups())
                        progress.update(stats)
                if done:
                    break
                time.sleep(1)
    elapsed = max(1e-9, time.time() - started)
    stats = stats[:3] + (int(stats[0] / elapsed),) + stats[4:]
    progress.update(stats, final=True)
    return stats, p.returncode


def save_reproducer(t, prop, path, args):
    """corpus/<harness>/regress-<variant>-<prop>[.n]-p<shift>: an existing file
    that still reproduces is kept (returns it, new=False); one that does not
    is kept too, and the new one gets the next .n."""
    replay = os.path.join(args.replay_dir, t["target"] + "-replay")
    cdir = os.path.join(args.top, "corpus", t["harness"])
    os.makedirs(cdir, exist_ok=True)
    # Any reproducer of this property for this variant and geometry (with or
    # without a -p suffix, any .n) that still reproduces makes a new one moot.
    for name in sorted(os.listdir(cdir)):
        if regress_name(name) == (t["variant"], prop) and for_geometry(name, t["shift"]):
            if classify(replay, os.path.join(cdir, name), only=prop) == prop:
                return os.path.join(cdir, name), False
    for n in range(100):
        name = f"regress-{t['variant']}-{prop}{'.' + str(n) if n else ''}-p{t['shift']}"
        dest = os.path.join(cdir, name)
        if os.path.exists(dest):
            if classify(replay, dest, only=prop) == prop:
                return dest, False
            continue
        tmp = dest + ".tmp"
        shutil.copy(path, tmp)
        os.replace(tmp, dest)
        return dest, True
    raise RuntimeError(f"too many stale reproducers of {prop} for {t['variant']}")


def triage(t, args, fuzzers, work):
    """Groups the saved crashing inputs by property, minimises one per
    property and saves it. Returns [(prop, status, path)]."""
    binary = os.path.join(fuzzers, t["target"])
    replay = os.path.join(args.replay_dir, t["target"] + "-replay")
    adir = os.path.join(work, "artifacts")
    by_prop = {}
    paths = [os.path.join(adir, n) for n in sorted(os.listdir(adir))
             if os.path.isfile(os.path.join(adir, n)) and not n.endswith(".tmp")]
    for path, (armed, shown) in classify_all(replay, paths).items():
        if armed in ("clean", "out-of-contract"):
            # libFuzzer saw a timeout, an OOM or a crash the replay does not
            # reproduce: kept in the campaign folder, listed, never dropped.
            by_prop.setdefault("UNREPRODUCED:" + os.path.basename(path).split("-")[0], []).append(path)
            continue
        # An input that shows several IDs demonstrates each of them.
        for prop in shown or [armed]:
            by_prop.setdefault(prop, []).append(path)
    results = []
    for prop, paths in sorted(by_prop.items()):
        if prop.startswith("UNREPRODUCED"):
            results.append((prop, f"{len(paths)} input(s) kept", paths[0]))
            continue
        smallest = min(paths, key=os.path.getsize)
        minimised = os.path.join(work, f"min-{prop}")
        env = dict(os.environ, SVM_FUZZ_ONLY=prop, SVM_FUZZ_DECLARED="abort")
        subprocess.run([binary, "-minimize_crash=1", f"-max_total_time={args.minimize_seconds}",
                        f"-exact_artifact_path={minimised}", smallest],
                       env=env, cwd=work, capture_output=True, timeout=args.minimize_seconds + 120)
        candidate = minimised if os.path.exists(minimised) and classify(replay, minimised, prop) == prop else smallest
        canonical = os.path.join(work, f"canonical-{prop}")
        if os.path.exists(canonical):
            os.remove(canonical)
        subprocess.run([replay, "--canonical", candidate, canonical], capture_output=True)
        if os.path.exists(canonical) and classify(replay, canonical, prop) == prop:
            candidate = canonical
        declared = prop in t["declared"]
        dest, new = save_reproducer(t, prop, candidate, args)
        status = ("declared" if declared else "NEW FINDING") + (", reproducer saved" if new else ", reproducer exists")
        results.append((prop, status, dest))
    return results


def merge(t, args, fuzzers, work):
    """New inputs of the campaign into corpus/<harness>/ (libFuzzer names
    them by content hash; existing files are never touched)."""
    binary = os.path.join(fuzzers, t["target"])
    dest = os.path.join(args.top, "corpus", t["harness"])
    before = set(os.listdir(dest)) if os.path.isdir(dest) else set()
    os.makedirs(dest, exist_ok=True)
    env = dict(os.environ, SVM_FUZZ_DECLARED="abort")
    r = subprocess.run([binary, "-merge=1", f"-merge_control_file={work}/merge.ctl", dest,
                        os.path.join(work, "corpus")],
                       env=env, cwd=work, capture_output=True, text=True)
    with open(os.path.join(work, "merge.log"), "w") as f:
        f.write(r.stdout + r.stderr)
    return len(set(os.listdir(dest)) - before), r.returncode


def main():
    ap = argparse.ArgumentParser(prog="svmcheck fuzz")
    ap.add_argument("--top", required=True)
    ap.add_argument("--fuzzers", required=True, help="build/<preset>/fuzzers")
    ap.add_argument("--replays", help="replay programs that classify crashes (default: --fuzzers); the gcc ones "
                    "of build/dev classify past a sanitizer report, as the userspace kernel's own checks see it")
    ap.add_argument("--time", type=float, default=60, help="total budget in seconds, split over the targets")
    ap.add_argument("--per-target", type=float, help="seconds per target instead of --time")
    ap.add_argument("--target", action="append", default=[], help="glob over target names (repeatable)")
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--pass-only", action="store_true", help="only targets of variants declared 'pass'")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--minimize-seconds", type=int, default=20)
    ap.add_argument("--no-merge", action="store_true")
    ap.add_argument("--hunt-new", action="store_true",
                    help="declared IDs of failing variants do not stop a run: look for undeclared ones only")
    ap.add_argument("--work", help="campaign folder (default build/fuzz/campaigns/<time>)")
    args = ap.parse_args()
    args.top, args.fuzzers = os.path.abspath(args.top), os.path.abspath(args.fuzzers)
    args.replay_dir = os.path.abspath(args.replays) if args.replays else args.fuzzers
    targets = read_manifest(args.fuzzers)
    if args.target:
        targets = [t for t in targets if any(fnmatch.fnmatch(t["target"], g) for g in args.target)]
    if args.variant:
        targets = [t for t in targets if t["variant"] in args.variant]
    if args.pass_only:
        targets = [t for t in targets if not t["declared"]]
    if not targets:
        print("svmcheck fuzz: no target matches", file=sys.stderr)
        return 2
    args.seconds = max(1, int(args.per_target if args.per_target else args.time / len(targets)))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    root = args.work or os.path.join(os.path.dirname(args.fuzzers), "campaigns", stamp)
    print(f"svmcheck fuzz: {len(targets)} target(s), {args.seconds}s each, -fork={args.jobs}, seed {args.seed}; "
          f"work in {root}")
    status, summary = 0, []
    for t in targets:
        work = os.path.join(root, t["target"])
        stats, rc = run_campaign(t, args, args.fuzzers, work)
        results = triage(t, args, args.fuzzers, work)
        merged, mrc = (0, 0) if args.no_merge else merge(t, args, args.fuzzers, work)
        for prop, st, path in results:
            if not st.startswith("declared"):
                status = 1
            print(f"    {prop:<16} {st}: {os.path.relpath(path, args.top)}")
        missing = [p for p in t["declared"] if p not in {r[0] for r in results}]
        summary.append((t, stats, results, merged, missing))
    print("\nTARGET                                    RUNS       EXEC/S  NEW-CORPUS  FINDINGS")
    for t, stats, results, merged, missing in summary:
        found = ",".join(sorted(r[0] for r in results)) or "none"
        print(f"{t['target']:<40} {stats[0]:>10} {stats[3]:>8} {merged:>10}  {found}"
              + (f"  (declared, not hit this run: {','.join(missing)})" if missing else ""))
    print("svmcheck fuzz: " + ("no new finding" if status == 0 else "NEW FINDINGS (see above)")
          + f"; logs in {root}")
    return status


if __name__ == "__main__":
    sys.exit(main())
