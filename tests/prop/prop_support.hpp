// SPDX-License-Identifier: MIT
// What every RapidCheck property binary of tests/prop shares: case counts
// and seeds (configurable, always printed, replayable with
// RC_PARAMS="seed=..."), and the two ways a property is used against a
// variant's declared verdict:
//
//   expect_holds   the property holds over N cases (a pass variant, or "no
//                  undeclared property" on a failing one);
//   expect_found   a bounded search with a fixed seed per property ID must
//                  falsify the property, and the shrunk counterexample is
//                  printed with a diagram (a declared failure is demonstrated,
//                  never just tolerated).
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/properties.hpp"

namespace svm::prop {

enum class Mode {
  // A correctness claim over random cases: RapidCheck's configured seed
  // (random per process unless RC_PARAMS sets it).
  Holds,
  // The same claim where the verdict must be reproducible (a failing
  // variant's "nothing undeclared"): a fixed seed per key.
  HoldsFixedSeed,
  // A search that must falsify the property (a declared failure): a fixed
  // seed per key, so it is found the same way every run.
  Search,
};

// Cases per property: RC_PARAMS max_success wins, then SVM_PROP_CASES
// (Holds*) / SVM_PROP_SEARCH_CASES (Search), default 1000 for both.
int cases(Mode mode);

// The seed of one property run: RC_PARAMS seed when given, else for Search a
// hash of `key` (variant, property, geometry), else RapidCheck's seed.
uint64_t seed(Mode mode, std::string_view key);

rc::detail::TestParams params(Mode mode, std::string_view key);

// Turns a shrunk counterexample (RapidCheck's shown values) into the
// explanation a reader needs: the input as text and bytes, the findings and
// a diagram. Returns "" when it cannot rebuild the input.
using Explain = std::function<std::string(const rc::detail::Example&)>;

// The full name of the running gtest: metadata id, replay hint.
std::string current_test_name();

// One property run with params(mode, key); prints seed, case count and how
// to replay, then returns the result.
rc::detail::TestResult run_property(const std::string& sentence, Mode mode, std::string_view key,
                                    const rc::detail::Property& property);

// gtest assertion: the property held for every case.
void expect_holds(const std::string& sentence, Mode mode, std::string_view key,
                  const rc::detail::Property& property, const Explain& explain);

// gtest assertion: the search falsified the property (the declared `prop`
// was demonstrated); prints the minimal counterexample with `explain`.
void expect_found(Prop prop, const std::string& sentence, std::string_view key,
                  const rc::detail::Property& property, const Explain& explain);

// Whether a run's findings show what a counterexample must keep showing
// (used to shrink further and to explain).
using Shows = std::function<bool(const std::vector<Finding>&)>;
Shows shows_prop(Prop p);
Shows shows_undeclared(std::vector<Prop> declared);

// Property IDs of findings that are not advisory and not in `declared`.
std::vector<Prop> undeclared(const std::vector<Finding>& findings, const std::vector<Prop>& declared);

// "  COPY-CHUNK: call #2 ...\n" for each finding.
std::string describe_findings(const std::vector<Finding>& findings);

// The declared verdict of a variant ('Expect:'), parsed; a bad word fails
// the calling test.
std::vector<Prop> declared_props(const char* expect);

// A gtest-safe parameter name: "seed_v4__COPY_CHUNK".
std::string param_name(std::string_view variant, std::string_view id = {});

// Writes `bytes` to counterexamples/<name> under the working directory
// (the test's build folder) and returns the path ("" on failure).
std::string write_counterexample(const std::string& name, const std::vector<uint8_t>& bytes);

std::string hex(const std::vector<uint8_t>& bytes);

// ---- declared verdicts, the same way for every algorithm -----------------

// One variant as the verdict checks see it.
struct VariantUnderTest {
  std::string algo;     // "copy", "buddy", "devmem"
  std::string name;     // the variant
  const char* expect;   // its 'Expect:'
  std::string inputs;   // what is generated: "layout", "call sequence", ...
  std::string geometry; // "p12"
  // The property over generated inputs that fails when `shows` holds.
  std::function<rc::detail::Property(Shows)> property;
  // How a failure is explained; counterexample files are named file_name.
  std::function<Explain(std::string file_name, Shows)> explain;
};

// The variant violates no property outside its declared set over the cases
// (a pass variant: every property holds; its seed is RapidCheck's, a
// failing variant's is fixed).
void check_nothing_undeclared(const VariantUnderTest& v);

// A search with a fixed seed for (variant, prop, geometry) demonstrates the
// declared `prop`.
void check_declared_found(const VariantUnderTest& v, Prop prop);

// An Explain for stateful tests, whose failing case is kept by the property
// itself: its text, and its corpus bytes written to counterexamples/.
Explain explain_kept(std::function<std::string()> text, std::function<std::vector<uint8_t>()> corpus,
                     std::string file_name);

// A registry as a list, and the (variant, declared ID) pairs of a list.
template <typename V>
std::vector<const V*> registry(const V* (*list)(size_t*)) {
  size_t n = 0;
  const V* vs = list(&n);
  std::vector<const V*> out;
  for (size_t i = 0; i < n; i++) out.push_back(&vs[i]);
  return out;
}

// gtest parameters, printed by name (not as a pointer or raw bytes, which
// would change the ctest names from one run to the next).
template <typename V>
struct Variant {
  const V* variant;
};
template <typename V>
struct Declared {
  const V* variant;
  Prop prop;
};
template <typename V>
void PrintTo(const Variant<V>& p, std::ostream* os) {
  *os << p.variant->name;
}
template <typename V>
void PrintTo(const Declared<V>& p, std::ostream* os) {
  *os << p.variant->name << " " << id(p.prop);
}

template <typename V>
std::vector<Variant<V>> variant_params(const std::vector<const V*>& variants) {
  std::vector<Variant<V>> out;
  for (const V* v : variants) out.push_back({v});
  return out;
}

// A variant whose 'Expect:' does not parse has no entry here; its
// check_nothing_undeclared test reports the bad word.
template <typename V>
std::vector<Declared<V>> declared_pairs(const std::vector<const V*>& variants) {
  std::vector<Declared<V>> out;
  for (const V* v : variants)
    if (auto props = parse_verdict(v->expect))
      for (Prop p : *props) out.push_back({v, p});
  return out;
}

}  // namespace svm::prop

// The two parameterised verdict suites of one algorithm, over every variant
// of `list_fn` (a registry function), each turned into a VariantUnderTest by
// `under_test` (a function of `const Type&`):
//   Variants/<Algo>Verdict.satisfies_every_property_it_does_not_declare/<v>
//   Declared/<Algo>Declared.property_search_demonstrates_the_declared_violation/<v>__<ID>
#define SVM_PROP_VERDICT_SUITES(Algo, Type, list_fn, under_test)                                         \
  const auto Algo##_variants = ::svm::prop::registry(&list_fn);                                            \
  class Algo##Verdict : public ::testing::TestWithParam<::svm::prop::Variant<Type>> {};                  \
  TEST_P(Algo##Verdict, satisfies_every_property_it_does_not_declare) {                                   \
    ::svm::prop::check_nothing_undeclared(under_test(*GetParam().variant));                               \
  }                                                                                                       \
  INSTANTIATE_TEST_SUITE_P(Variants, Algo##Verdict,                                                       \
                           ::testing::ValuesIn(::svm::prop::variant_params(Algo##_variants)),            \
                           [](const auto& p) { return ::svm::prop::param_name(p.param.variant->name); }); \
  class Algo##Declared : public ::testing::TestWithParam<::svm::prop::Declared<Type>> {};                 \
  TEST_P(Algo##Declared, property_search_demonstrates_the_declared_violation) {                           \
    ::svm::prop::check_declared_found(under_test(*GetParam().variant), GetParam().prop);                  \
  }                                                                                                       \
  GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Algo##Declared);                                          \
  INSTANTIATE_TEST_SUITE_P(Declared, Algo##Declared,                                                      \
                           ::testing::ValuesIn(::svm::prop::declared_pairs(Algo##_variants)),            \
                           [](const auto& p) {                                                            \
                             return ::svm::prop::param_name(p.param.variant->name, ::svm::id(p.param.prop)); \
                           })
