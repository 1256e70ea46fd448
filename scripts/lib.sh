# Shared by scripts/svmcheck and scripts/test: set-up, configure, build.
# shellcheck shell=bash
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${SVM_JOBS:-$(nproc)}

svm_setup() {
  "$top/scripts/setup"
}

# svm_build PRESET [targets...]: configure once, then build.
svm_build() {
  local preset=$1
  shift
  local dir="$top/build/$preset"
  mkdir -p "$top/build"
  if [ ! -f "$dir/build.ninja" ]; then
    (cd "$top" && cmake --preset "$preset" ${SVM_CMAKE_ARGS:-}) >"$top/build/configure-$preset.log" 2>&1 || {
      grep -E "CMake Error|error:" -A2 "$top/build/configure-$preset.log" | head -5 >&2
      echo "svmcheck: configuring preset '$preset' failed (log: build/configure-$preset.log)" >&2
      return 1
    }
  fi
  if [ $# -gt 0 ]; then
    cmake --build "$dir" -j "$jobs" --target "$@"
  else
    cmake --build "$dir" -j "$jobs"
  fi
}
