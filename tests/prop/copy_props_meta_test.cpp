// SPDX-License-Identifier: MIT
// The declared-verdict checks of copy_props_test.cpp can fail, in both
// directions, shown on the deliberately broken variant of tests/copy/meta
// ('broken_skip': claims pass, never copies the last page):
//  - a violated property the variant does not declare is found, and named;
//  - a declared property the variant never violates is reported as not
//    demonstrated (the search holds instead of failing).
#include <gtest/gtest.h>

#include "tests/prop/copy_props.hpp"

namespace svm::prop {
namespace {

const svm_copy_variant& broken() {
  const svm_copy_variant* v = svm_copy_variant_find("broken_skip");
  if (!v) throw std::runtime_error("the meta registry lacks broken_skip");
  return *v;
}

TEST(CopyPropMeta, a_variant_that_claims_pass_but_skips_a_page_is_caught_naming_copy_once) {
  const auto& v = broken();
  ASSERT_EQ(std::string(v.expect), "pass");
  auto r = run_property("broken_skip violates no property outside 'pass'", Mode::HoldsFixedSeed,
                        "meta/broken_skip/undeclared/" + geometry_tag(), copy_property(v, shows_undeclared({})));
  ASSERT_TRUE(r.is<rc::detail::FailureResult>()) << "the undeclared-property check let a skipped page pass";
  const auto& f = r.get<rc::detail::FailureResult>();
  EXPECT_NE(f.description.find("COPY-ONCE"), std::string::npos) << f.description;
  std::string why = explain_copy(v, "meta-broken_skip-undeclared-" + geometry_tag(), shows_undeclared({}))(f.counterExample);
  EXPECT_NE(why.find("COPY-ONCE"), std::string::npos) << why;
  std::cout << why;
}

TEST(CopyPropMeta, a_declared_property_the_variant_never_violates_is_reported_as_not_demonstrated) {
  // One page per call: broken_skip can never break COPY-CHUNK, so a claim
  // that it does must not be confirmed by the search.
  const auto& v = broken();
  auto r = run_property("broken_skip never violates COPY-CHUNK", Mode::Search, "meta/broken_skip/COPY-CHUNK/" + geometry_tag(),
                        copy_property(v, shows_prop(Prop::CopyChunk)));
  EXPECT_TRUE(r.is<rc::detail::SuccessResult>()) << "a search 'found' a property the variant cannot violate";
}

}  // namespace
}  // namespace svm::prop
