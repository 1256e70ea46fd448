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

}  // namespace svm::prop
