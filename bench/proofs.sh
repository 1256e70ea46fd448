#!/bin/sh
# Proof timings for docs/benchmarks.md (section "Proofs"). Usage:
#   bench/proofs.sh [BUILD_DIR]   (default build/proofs)
# Proof time versus N (4..32 pages) is bench/proof_depth.py.
set -u
b=${1:-build/proofs}/proofs
p="$b/svmcheck-prove"
run() { echo "== $*"; /usr/bin/time -f "%e s wall, %U s user, %M KB" "$@" 2>&1 | grep -v '^    '; }
# The seed's counterexample at the scaled geometry: the COPY-CHUNK query alone, then every property.
run "$p" copy --variant seed_v4 --pages 5 --prop COPY-CHUNK --no-write
for v in seed_v4 folio prefence; do run "$p" copy --variant "$v" --pages 6 --no-write; done
run "$p" copy --variant fixed --pages 6 --no-write
run "$p" copy --equiv fixed proofs/tests/variants/fixed_refactored.c --pages 3
run "$p" copy --equiv fixed proofs/tests/variants/fixed_off_by_one.c --pages 4
# Unbounded (Horn clauses, Spacer): every npages, 60 s per attempt (a
# property may take two: contents abstracted, then exact); 'fixed' with
# 300 s per attempt (COPY-WAIT took 29-120 s with the contents abstracted).
for v in seed_v4 folio prefence; do run "$p" copy --spacer --variant "$v" --timeout 60; done
run "$p" copy --spacer --variant fixed --timeout 300
# The portfolio against one run: the slowest of fixed's proofs, alone (so
# that the two children have the two cores).
for j in 1 2; do run "$p" copy --spacer --variant fixed --prop COPY-WAIT --prop COPY-ERR --jobs "$j" --timeout 300; done
# fixed's COPY-ONCE and -CONTIG past the bounded run above, bounded (Spacer
# alone does not prove them; the given candidates below do): one page
# count at a time.
run "$p" copy --variant fixed --from 8 --pages 10 --prop COPY-ONCE --no-write --timeout 3000
# (13 and 14 pages: 23 and 71 min, 2.9 GB; by hand)
# run "$p" copy --variant fixed --from 13 --pages 14 --prop COPY-ONCE --no-write --timeout 7000 --verbose
# Given candidate invariants (--invariants): fixed's run adjacency and CHUNK
# bound prove COPY-CHUNK and KERNEL-ASSERT without Spacer.
run "$p" copy --spacer --variant fixed --prop COPY-CHUNK --prop KERNEL-ASSERT --verbose \
  --invariants proofs/tests/invariants/fixed_run.smt2
# COPY-CONTIG and COPY-ONCE for every npages: the given candidates, kept by
# Houdini, exclude the violation (about 30 s and 43 s). The monitors with
# their candidates (about 1.5 s each). Then every property of fixed with the
# four files: all proved for every npages, the goal "N = 14 in under 60 s":
# 38-47 s with --parallel 2 (the two cores), 78 s in one process.
run "$p" copy --spacer --variant fixed --prop COPY-CONTIG --verbose --invariants docs/invariants/fixed-copy-contig.smt2
run "$p" copy --spacer --variant fixed --prop COPY-ONCE --verbose --invariants docs/invariants/fixed-copy-once.smt2
inv="--invariants docs/invariants/fixed-copy-contig.smt2 --invariants docs/invariants/fixed-copy-once.smt2
  --invariants docs/invariants/fixed-copy-witness.smt2 --invariants docs/invariants/fixed-copy-prefence.smt2"
# shellcheck disable=SC2086 # $inv is four options
run "$p" copy --spacer --variant fixed --prop COPY-WAIT --prop COPY-ERR --prop COPY-FENCE --prop COPY-PREFENCE $inv
for j in 2 1; do
  # shellcheck disable=SC2086
  run "$p" copy --spacer --variant fixed --timeout 60 --parallel "$j" $inv
done
# COPY-CONTIG alone, bounded: the system addresses abstracted first (44 s at 8 pages).
run "$p" copy --variant fixed --from 8 --pages 10 --prop COPY-CONTIG --no-write --timeout 3000
# (11 and 12 pages: 58 min; by hand)
# run "$p" copy --variant fixed --from 11 --pages 12 --prop COPY-CONTIG --no-write --timeout 3000 --verbose
# Every CHUNK >= 1 (SZ_8M unknown, contents abstracted).
for v in fixed prefence; do
  run "$p" copy --spacer --chunk any --variant "$v" --prop COPY-CHUNK --prop COPY-EMPTY --prop COPY-WAIT \
    --prop COPY-ERR --prop COPY-FENCE --prop COPY-PREFENCE --prop KERNEL-WARN --prop KERNEL-ASSERT --timeout 300
done
# The monitors and COPY-CONTIG can fail: each planted defect refuted and replayed.
for d in contig wait err fence prefence; do
  id=$(echo "COPY-$d" | tr a-z A-Z)
  run "$b/tests/svmcheck-prove-oracle" copy --spacer --variant "tests/copy/oracle_variants/oracle_$d.c" --prop "$id" --timeout 120
done
# Real geometry: the one formula of 2049 pages that holds the seed's COPY-CHUNK counterexample.
run timeout 1500 "$p" copy --variant seed_v4 --geometry real --from 2049 --pages 2049 --prop COPY-CHUNK --no-write --verbose
