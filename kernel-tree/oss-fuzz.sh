#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Kernel-tree variants in OSS-Fuzz / ClusterFuzzLite builds.
#
# projects/svmcheck/build.sh (not in the tree yet) is meant to call this:
#   args=$("$SRC/svmcheck/kernel-tree/oss-fuzz.sh" cmake-args)   # "" or -DSVMCHECK_KERNEL_TREE=$SRC/linux
#   cmake ... $args
# and projects/svmcheck/Dockerfile to fetch just the files kernel-tree mode
# reads, from the kernel's public git, with one line:
#   RUN $SRC/svmcheck/kernel-tree/oss-fuzz.sh fetch \
#       https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git $SRC/linux
#
#   oss-fuzz.sh fetch URL DEST   sparse, blob-less, depth-1 clone of URL with
#                                only the files below checked out
#   oss-fuzz.sh cmake-args       the cmake arguments for $SRC/linux (or
#                                $SVM_KERNEL_TREE): nothing when no tree is
#                                there, or when kernel-tree mode refuses it
#                                (the one-line reason goes to stderr: the
#                                in-tree targets still build)
#   oss-fuzz.sh files            the file list
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

files=(
  drivers/gpu/drm/xe/xe_svm.c
  drivers/gpu/drm/drm_buddy.c include/drm/drm_buddy.h drivers/gpu/drm/tests/drm_buddy_test.c
  drivers/gpu/buddy.c include/linux/gpu_buddy.h drivers/gpu/tests/gpu_buddy_test.c
  drivers/gpu/drm/lib/drm_random.c drivers/gpu/drm/lib/drm_random.h
)

case ${1:-} in
  files)
    printf '%s\n' "${files[@]}" ;;
  fetch)
    url=${2:?usage: oss-fuzz.sh fetch URL DEST}
    dest=${3:?usage: oss-fuzz.sh fetch URL DEST}
    git clone -q --depth 1 --filter=blob:none --sparse "$url" "$dest"
    git -C "$dest" sparse-checkout set --no-cone "${files[@]/#//}" ;;
  cmake-args)
    tree=${SVM_KERNEL_TREE:-${SRC:-/src}/linux}
    [ -d "$tree" ] || exit 0
    incs=()
    for d in src/shim/include src/hw/include src/buddy/include src; do incs+=(-I "$top/$d"); done
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    if python3 "$top/kernel-tree/extract_copy.py" --tree "$tree" --out "$scratch/k.c" "${incs[@]}" >/dev/null &&
       python3 "$top/kernel-tree/buddy_variant.py" --tree "$tree" --out "$scratch/b" "${incs[@]}" >/dev/null; then
      echo "-DSVMCHECK_KERNEL_TREE=$tree"
    else
      echo "oss-fuzz.sh: building without kernel-tree variants" >&2
    fi ;;
  *)
    echo "usage: oss-fuzz.sh fetch URL DEST | cmake-args | files" >&2
    exit 2 ;;
esac
