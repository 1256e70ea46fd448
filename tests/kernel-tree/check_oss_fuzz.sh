#!/usr/bin/env bash
# check_oss_fuzz.sh SCRATCH: the OSS-Fuzz addition (kernel-tree/oss-fuzz.sh)
# on a local fixture "upstream": the sparse fetch checks out only the files
# kernel-tree mode reads, cmake-args names the fetched tree, and a tree that
# kernel-tree mode refuses gives no arguments (the in-tree build goes on).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
s=${1:?usage: check_oss_fuzz.sh SCRATCH}
rm -rf "$s" && mkdir -p "$s"
fail=0
"$top/tests/kernel-tree/mktree" g2 "$s/upstream" >/dev/null
echo "unrelated" >"$s/upstream/README" && git -C "$s/upstream" add README &&
  git -C "$s/upstream" -c user.name=t -c user.email=t@invalid commit -qm readme
"$top/kernel-tree/oss-fuzz.sh" fetch "file://$s/upstream" "$s/src/linux" 2>/dev/null || { echo "FAIL: fetch"; fail=1; }
[ -f "$s/src/linux/drivers/gpu/drm/xe/xe_svm.c" ] || { echo "FAIL: xe_svm.c not fetched"; fail=1; }
[ ! -e "$s/src/linux/README" ] || { echo "FAIL: the sparse checkout fetched README"; fail=1; }
args=$(SRC="$s/src" "$top/kernel-tree/oss-fuzz.sh" cmake-args)
[ "$args" = "-DSVMCHECK_KERNEL_TREE=$s/src/linux" ] || { echo "FAIL: cmake-args gave '$args'"; fail=1; }
"$top/tests/kernel-tree/mktree" unknown_gen "$s/bad/linux" >/dev/null
args=$(SRC="$s/bad" "$top/kernel-tree/oss-fuzz.sh" cmake-args 2>/dev/null)
[ -z "$args" ] || { echo "FAIL: a refused tree gave '$args'"; fail=1; }
[ $fail = 0 ] && echo "ok: fetch, cmake-args, refusal"
exit $fail
