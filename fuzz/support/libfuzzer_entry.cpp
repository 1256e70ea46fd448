// SPDX-License-Identifier: MIT
// libFuzzer (and AFL++ libAFLDriver) entry points around a target file: an
// in-contract input whose oracle reports an armed, non-advisory finding
// prints one line "FINDING <PROPERTY-ID> variant=<v> ..." and aborts, so the
// engine saves the input. Inputs outside the contract are ignored: the
// decoders accept any byte string, never crash on it, and the contract check
// keeps the oracle honest.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "fuzz/support/fuzz_target.hpp"
#include "fuzz/support/policy.hpp"

namespace {

svm::fuzz::Policy g_policy;
// A declared memory error cannot be tolerated in process (the sanitizer
// ends it): a target that tolerates one runs its oracle in a child, where
// the crash is classified, at the price of coverage feedback.
bool g_isolate = false;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace svm::fuzz;
  g_policy = policy_from_env();
  const TargetInfo& t = target_info();
  auto declared = declared_props(t);
  g_isolate = g_policy.tolerate_declared &&
              std::find(declared.begin(), declared.end(), svm::Prop::MemSafety) != declared.end();
  std::fprintf(stderr, "svm-fuzz: target %.*s, variant %.*s (Expect: %.*s), PAGE_SHIFT %u, declared IDs %s%s\n",
               static_cast<int>(t.target.size()), t.target.data(), static_cast<int>(t.variant.size()),
               t.variant.data(), static_cast<int>(t.expect.size()), t.expect.data(), t.page_shift,
               g_policy.tolerate_declared ? "tolerated" : "abort",
               g_policy.bare ? ", bare (no oracle)" : g_isolate ? ", oracle in a child (declared MEM-SAFETY)" : "");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace svm::fuzz;
  Outcome o = run_input({data, size}, RunMode{g_policy.bare, g_isolate});
  if (auto f = armed_finding(o, target_info(), g_policy)) {
    std::fprintf(stderr, "%s\n", finding_line(*f, target_info()).c_str());
    std::fflush(stderr);
    std::abort();
  }
  return 0;
}
