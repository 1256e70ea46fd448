#!/usr/bin/env bash
# check_fixtures.sh SCRATCH: kernel-tree mode on every fixture tree.
#  g1, g2, g3: the copy path is extracted with the right API generation, the
#    buddy allocator is found in its layout (g3: the 2026 gpu_buddy one);
#  missing_file, missing_symbol, unknown_gen: refused with exactly one line
#    on stderr that names what is missing, and a non-zero exit, by the
#    extractor and by the configure step.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${1:?usage: check_fixtures.sh SCRATCH}
rm -rf "$scratch"
mkdir -p "$scratch"
incs=(-I "$top/src/shim/include" -I "$top/src/hw/include" -I "$top/src/buddy/include" -I "$top/src")
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for g in g1 g2 g3; do
  tree=$("$top/tests/kernel-tree/mktree" "$g" "$scratch/$g")
  out=$(python3 "$top/kernel-tree/extract_copy.py" --tree "$tree" --out "$scratch/$g.c" --meta "$scratch/$g.json" \
        --check-glue "$top/src/copy/glue_copy.c" "${incs[@]}" 2>&1) || bad "$g: extraction failed: $out"
  want=G${g#g}
  grep -q "^ \* Api: $want\$" "$scratch/$g.c" 2>/dev/null || bad "$g: generated variant does not say Api: $want"
  grep -q "^ \* Expect: observed\$" "$scratch/$g.c" 2>/dev/null || bad "$g: generated variant does not say Expect: observed"
  grep -q "git describe: svmcheck-fixture-$g" "$scratch/$g.c" 2>/dev/null || bad "$g: Source has no git describe"
  for fn in xe_svm_copy xe_svm_copy_to_devmem xe_svm_copy_to_ram; do
    grep -q "\"$fn\"" "$scratch/$g.json" 2>/dev/null || bad "$g: $fn not extracted"
  done
  grep -q "xe_svm_garbage_collector\|xe_svm_populate_devmem_pfn\|range_to_vm" "$scratch/$g.c" &&
    bad "$g: code outside the copy path was extracted"
  out=$(python3 "$top/kernel-tree/buddy_variant.py" --tree "$tree" --out "$scratch/$g-buddy" "${incs[@]}" 2>&1) ||
    bad "$g: buddy variant failed: $out"
  layout=drm_buddy; [ "$g" = g3 ] && layout=gpu_buddy
  grep -q "\"layout\": \"$layout\"" "$scratch/$g-buddy/buddy.json" 2>/dev/null || bad "$g: buddy layout is not $layout"
  echo "ok: $g -> $want, $layout"
done

refuse() { # refuse FIXTURE TOOL EXPECTED-TEXT
  local tree err rc
  tree=$("$top/tests/kernel-tree/mktree" "$1" "$scratch/$1")
  err=$(python3 "$top/kernel-tree/$2" --tree "$tree" --out "$scratch/$1.out" "${incs[@]}" 2>&1 >/dev/null)
  rc=$?
  [ $rc -ne 0 ] || bad "$1: $2 accepted the tree"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || bad "$1: $2 printed more than one line: $err"
  [[ $err == *"$3"* ]] || bad "$1: $2 said '$err', not '$3'"
  echo "ok: $1 refused by $2: $err"
}
refuse missing_file extract_copy.py "missing drivers/gpu/drm/xe/xe_svm.c"
refuse missing_file buddy_variant.py "missing drivers/gpu/drm/drm_buddy.c"
refuse missing_symbol extract_copy.py "has no .copy_to_ram callback"
refuse unknown_gen extract_copy.py "unknown copy API generation"

# The configure step gives the same one line and fails.
for f in missing_symbol unknown_gen; do
  log=$(cmake -S "$top" -B "$scratch/configure-$f" -G Ninja -DSVM_TESTS=OFF \
        -DSVMCHECK_KERNEL_TREE="$scratch/$f" 2>&1) && bad "$f: cmake configure accepted the tree"
  line=$(printf '%s\n' "$log" | grep '^svmcheck: ' | grep -v '^svmcheck: kernel_tree')
  [ "$(printf '%s\n' "$line" | grep -c .)" -eq 1 ] || bad "$f: configure did not print exactly one svmcheck: line: $log"
  echo "ok: configure refuses $f: $line"
done
exit $fail
