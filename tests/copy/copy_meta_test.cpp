// SPDX-License-Identifier: MIT
// The harness checks itself: a variant that declares 'Expect: pass' but
// never copies the last page must be rejected, naming COPY-ONCE.
#include <gtest/gtest.h>

#include "tools/verdict.hpp"

namespace svm {
namespace {

TEST(CopyMeta, a_variant_that_skips_a_page_but_claims_pass_is_rejected_for_copy_once) {
  VerdictOptions opt;
  opt.write_reproducers = false;
  opt.budget_seconds = 1;
  auto rows = copy_verdicts(opt);
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(r.variant, "broken_skip");
  EXPECT_EQ(r.expected, "pass");
  EXPECT_FALSE(r.matches());
  bool once = false;
  for (const auto& d : r.observed) once = once || d.prop == Prop::CopyOnce;
  EXPECT_TRUE(once) << "observed: " << r.observed_string();
}

}  // namespace
}  // namespace svm
