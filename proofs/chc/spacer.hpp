// SPDX-License-Identifier: MIT
// Unbounded proof attempt: the copy loop as constrained Horn clauses, from
// the same IR, solved by Z3's Spacer for every npages and every CHUNK >= 1.
#pragma once

#include <string>

namespace svm::proof {

struct SpacerResult {
  std::string text;  // what was encoded, what Spacer said, how long it took
  int exit_code;     // 0 proved, 1 refuted, 3 unknown/timeout, 2 not encodable
};

SpacerResult spacer_copy(const std::string& variant, const std::string& work_dir, unsigned timeout_ms);

}  // namespace svm::proof
