#!/bin/sh
# Proof timings for docs/benchmarks.md (section "Proofs"). Usage:
#   bench/proofs.sh [BUILD_DIR]   (default build/proofs)
set -u
b=${1:-build/proofs}/proofs
p="$b/svmcheck-prove"
run() { echo "== $*"; /usr/bin/time -f "%e s wall, %U s user" "$@" 2>&1 | grep -v '^    '; }
run "$p" copy --variant seed_v4 --pages 5 --no-write
for v in folio prefence fixed; do run "$p" copy --variant "$v" --pages 3 --no-write; done
for n in 4 5 6 8; do run timeout 600 "$p" copy --variant fixed --pages "$n" --no-write; done
run "$p" copy --equiv fixed proofs/tests/variants/fixed_refactored.c --pages 3
run "$p" copy --equiv fixed proofs/tests/variants/fixed_off_by_one.c --pages 4
run timeout 1800 "$p" copy --variant seed_v4 --geometry real --pages 2049 --prop COPY-CHUNK --no-write
