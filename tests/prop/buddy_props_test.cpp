// SPDX-License-Identifier: MIT
// RapidCheck stateful properties of every buddy variant (buddy_commands.hpp):
// random API call sequences with slab failure injection, the reference
// model and the invariants checked after every call, teardown checked for
// leaks. Declared verdicts are checked as for copy: nothing undeclared over
// the cases, and a fixed-seed search demonstrates each declared ID.
#include <gtest/gtest.h>

#include "tests/prop/buddy_commands.hpp"

namespace svm::prop {
namespace {

VariantUnderTest buddy_under_test(const svm_buddy_variant& v) {
  forget_last_buddy_failure();
  return {"buddy",
          v.name,
          v.expect,
          "call sequence",
          "p" + std::to_string(SVM_PROP_PAGE_SHIFT),
          [&v](Shows shows) { return buddy_sequence_property(*v.ops, std::move(shows)); },
          [](std::string file_name, Shows) {
            return explain_kept([] { return last_buddy_explanation(); }, &last_buddy_corpus, std::move(file_name));
          }};
}

SVM_PROP_VERDICT_SUITES(Buddy, svm_buddy_variant, svm_buddy_variants, buddy_under_test);

}  // namespace
}  // namespace svm::prop
