#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# ClusterFuzzLite builds exactly what OSS-Fuzz builds.
exec "${SVM_SRC:-$SRC/svmcheck}/projects/svmcheck/build.sh" "$@"
