// SPDX-License-Identifier: MIT
// The copy properties as RapidCheck properties over generated layouts
// (copy_layout_gen.hpp), for the per-geometry test binaries and for the
// meta-test that shows the declared-verdict checks can fail.
#pragma once

#include <string>
#include <vector>

#include "abi/svm_copy_abi.h"
#include "model/copy_oracle.hpp"
#include "tests/prop/prop_support.hpp"

namespace svm::prop {

// "p12", "p21": the geometry of this binary.
std::string geometry_tag();

struct CopyOutcome {
  CopyInput in;
  CopyRun run;
  std::vector<Finding> findings;
};

// The variant's findings on every generated layout never show `shows`
// (shows_undeclared: nothing outside the declared set; shows_prop: never
// violates that ID). Classifies the cases.
rc::detail::Property copy_property(const svm_copy_variant& v, Shows shows);

// The verdict checks' view of a copy variant at this geometry.
VariantUnderTest copy_under_test(const svm_copy_variant& v);

// Explains a shrunk copy counterexample: RapidCheck's layout, the model's
// delta-debugged minimum, corpus bytes (written to counterexamples/<file_name>),
// findings and the diagram.
Explain explain_copy(const svm_copy_variant& v, std::string file_name, Shows shows);

}  // namespace svm::prop
