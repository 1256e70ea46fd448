#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# OSS-Fuzz / ClusterFuzzLite build of every svmcheck fuzz target: each
# harness (fuzz/<harness>.cpp) for every variant of its algorithm at every
# geometry, compiled with $CC $CXX $CFLAGS $CXXFLAGS and linked with
# $LIB_FUZZING_ENGINE into $OUT, with <target>.dict, <target>.options and
# <target>_seed_corpus.zip (the committed corpus/<harness>/ files of the
# target's geometry).
#
# Targets of variants declared failing (*_xfail) are built with
# SVM_FUZZ_TOLERATE_DECLARED: the defects their variant file declares are
# known and do not crash them; anything else does. A memory error is a crash
# whatever the declaration (the sanitizer stops the process).
#
# Outside the OSS-Fuzz image: SVM_SRC (default $SRC/svmcheck) and WORK
# (default /tmp) say where the tree and the build go; see
# scripts/check-ossfuzz-build.
src=${SVM_SRC:-$SRC/svmcheck}
build=${WORK:-/tmp}/svmcheck-build
shifts=${SVM_PAGE_SHIFTS:-12;21}

# A Linux tree in $SRC/linux (see Dockerfile) adds its copy path and buddy
# allocator as 'kernel_tree' variants, fuzzed like ours.
ktree_args=
if [ -x "$src/kernel-tree/oss-fuzz.sh" ]; then
  ktree_args=$("$src/kernel-tree/oss-fuzz.sh" cmake-args)
fi

cmake -S "$src" -B "$build" -G Ninja $ktree_args \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DSVM_PAGE_SHIFTS="$shifts" -DSVM_TESTS=OFF -DSVM_PROOFS=OFF \
  -DSVM_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DSVM_FUZZ_TOLERATE_DECLARED=ON
cmake --build "$build" --target svm_fuzzers -j "$(nproc)"

fuzzers=$build/fuzzers
grep -v '^#' "$fuzzers/targets.tsv" | while IFS=$'\t' read -r target harness _variant _expect shift; do
  cp "$fuzzers/$target" "$fuzzers/$target.dict" "$fuzzers/$target.options" "$OUT/"
  seeds=$(mktemp -d)
  for f in "$src/corpus/$harness"/*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    # A -p<N> suffix ties a file to one geometry.
    if [[ $name =~ -p([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" != "$shift" ]; then continue; fi
    cp "$f" "$seeds/"
  done
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$seeds" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  rm -rf "$seeds"
done
