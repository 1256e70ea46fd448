// SPDX-License-Identifier: MIT
// The identity of one fuzz binary, from the definitions fuzz/CMakeLists.txt
// gives each target's sources (this file is compiled per target).
#include "abi/svm_copy_abi.h"
#include "fuzz/support/fuzz_target.hpp"

namespace svm::fuzz {

const TargetInfo& target_info() {
  static const TargetInfo t{SVM_FUZZ_TARGET, SVM_FUZZ_HARNESS, SVM_FUZZ_VARIANT, SVM_FUZZ_EXPECT, svm_page_shift()};
  return t;
}

}  // namespace svm::fuzz
