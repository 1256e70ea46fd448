// SPDX-License-Identifier: MIT
// Every device-memory scenario on every variant. A variant declared 'pass'
// must pass each one; a variant declared to fail may only fail properties
// it declares (no surprise finding, no harness error).
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "model/devmem_oracle.hpp"
#include "model/devmem_scenarios.hpp"

namespace svm {
namespace {

std::string describe(const DevmemOutcome& o) {
  std::string s;
  for (const auto& f : o.findings) s += "\n  " + std::string(id(f.prop)) + ": " + f.detail;
  if (!o.error.empty()) s += "\n  harness error: " + o.error;
  return s.empty() ? " none" : s;
}

class DevmemScenarioTest : public ::testing::TestWithParam<std::tuple<std::string, size_t>> {};

TEST_P(DevmemScenarioTest, VariantMeetsItsDeclaredVerdict) {
  const auto& [name, index] = GetParam();
  const svm_devmem_variant* v = devmem_variant(name);
  ASSERT_NE(v, nullptr) << name;
  const DevmemScenario s = devmem_scenarios().at(index);
  auto expected = parse_verdict(v->expect);
  ASSERT_TRUE(expected) << v->file << ": bad Expect: " << v->expect;

  DevmemOutcome o = run_devmem(*v, s.program);
  ASSERT_TRUE(o.error.empty()) << o.error;
  SCOPED_TRACE(format_devmem_program(s.program));
  if (expected->empty()) {
    EXPECT_TRUE(o.findings.empty()) << name << " declares 'pass' but:" << describe(o);
  } else {
    for (const auto& f : o.findings)
      EXPECT_NE(std::find(expected->begin(), expected->end(), f.prop), expected->end())
          << name << " fails " << id(f.prop) << ", which its Expect: line does not declare: " << f.detail;
  }
}

std::vector<std::tuple<std::string, size_t>> all_cases() {
  std::vector<std::tuple<std::string, size_t>> out;
  size_t n = devmem_scenarios().size();
  for (const auto* v : devmem_variants())
    for (size_t i = 0; i < n; i++) out.emplace_back(v->name, i);
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllVariants, DevmemScenarioTest, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "__" + devmem_scenarios().at(std::get<1>(info.param)).name;
                         });

TEST(DevmemVariants, RegistryHoldsTheInTreeVariants) {
  EXPECT_NE(devmem_variant("seed_v2"), nullptr);
  EXPECT_NE(devmem_variant("fixed"), nullptr);
}

}  // namespace
}  // namespace svm
