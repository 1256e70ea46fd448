// SPDX-License-Identifier: MIT
// RapidCheck stateful properties of every buddy variant (devmem_commands.hpp):
// random API call sequences with slab failure injection, the reference
// model and the invariants checked after every call, teardown checked for
// leaks. Declared verdicts are checked as for copy: nothing undeclared over
// the cases, and a fixed-seed search demonstrates each declared ID.
#include <gtest/gtest.h>

#include "tests/prop/devmem_commands.hpp"

namespace svm::prop {
namespace {

VariantUnderTest devmem_under_test(const svm_devmem_variant& v) {
  forget_last_devmem_failure();
  return {"devmem",
          v.name,
          v.expect,
          "lifecycle",
          "p" + std::to_string(SVM_PROP_PAGE_SHIFT),
          [&v](Shows shows) { return devmem_lifecycle_property(v, std::move(shows)); },
          [&v](std::string file_name, Shows) {
            return explain_kept([&v] { return last_devmem_explanation(v); }, &last_devmem_corpus, std::move(file_name));
          }};
}

SVM_PROP_VERDICT_SUITES(Devmem, svm_devmem_variant, svm_devmem_variants, devmem_under_test);

}  // namespace
}  // namespace svm::prop
