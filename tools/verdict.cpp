// SPDX-License-Identifier: MIT
#include "tools/verdict.hpp"

#include <algorithm>

namespace svm {

std::string VariantVerdict::observed_string() const {
  std::vector<Prop> props;
  for (const auto& d : observed) props.push_back(d.prop);
  std::sort(props.begin(), props.end(), [](Prop a, Prop b) { return id(a) < id(b); });
  props.erase(std::unique(props.begin(), props.end()), props.end());
  return verdict_string(props);
}

bool VariantVerdict::matches() const {
  if (!error.empty()) return false;
  // Kernel-tree and review variants declare nothing: the row reports what was observed.
  if (expected == "observed") return true;
  auto want = parse_verdict(expected);
  return want && verdict_string(*want) == observed_string();
}

}  // namespace svm
