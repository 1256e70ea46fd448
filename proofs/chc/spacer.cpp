// SPDX-License-Identifier: MIT
#include "proofs/chc/spacer.hpp"

namespace svm::proof {

SpacerResult spacer_copy(const std::string& variant, const std::string&, unsigned) {
  return {"spacer: the Horn encoding of " + variant + " is not written yet\n", 2};
}

}  // namespace svm::proof
