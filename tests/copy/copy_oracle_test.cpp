// SPDX-License-Identifier: MIT
// Every property check of the copy oracle can fail: each oracle_* variant
// (tests/copy/oracle_variants/) plants one defect and declares the property
// it breaks; the verdict search must observe exactly the declared set.
#include <gtest/gtest.h>

#include <set>

#include "tools/verdict.hpp"

namespace svm {
namespace {

// The search is the expensive part: run it once for both tests.
const std::vector<VariantVerdict>& verdicts() {
  static const std::vector<VariantVerdict> rows = [] {
    VerdictOptions opt;
    opt.write_reproducers = false;
    opt.budget_seconds = 0.5;
    return copy_verdicts(opt);
  }();
  return rows;
}

TEST(CopyOracle, each_planted_defect_is_reported_as_exactly_its_declared_property) {
  for (const auto& r : verdicts()) {
    std::string why;
    for (const auto& d : r.observed) why += "  " + std::string(id(d.prop)) + ": " + d.detail + " [" + d.reproducer + "]\n";
    EXPECT_TRUE(r.matches()) << r.variant << ": declared " << r.expected << ", observed " << r.observed_string()
                             << "\n" << why;
  }
}

TEST(CopyOracle, every_copy_property_check_is_shown_to_fail_by_some_variant) {
  std::set<Prop> seen;
  for (const auto& r : verdicts())
    for (const auto& d : r.observed) seen.insert(d.prop);
  for (Prop p : {Prop::CopyOnce, Prop::CopyEmpty, Prop::CopyContig, Prop::CopyData, Prop::CopyWait, Prop::CopyErr,
                 Prop::CopyFence, Prop::CopyPrefence, Prop::KernelWarn})
    EXPECT_TRUE(seen.count(p)) << id(p) << " is never reported by the planted defects";
}

}  // namespace
}  // namespace svm
