// SPDX-License-Identifier: MIT
// Which findings stop a fuzz run, how a finding is announced, and how
// corpus file names say what they reproduce. Shared by the libFuzzer entry,
// the replay program and scripts/svmcheck fuzz (through the replay program).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/support/fuzz_target.hpp"

namespace svm::fuzz {

// Environment of a fuzz binary:
//   SVM_FUZZ_ONLY=ID[,ID...]     only these properties abort (per-property
//                                time-to-find, minimisation keeping one ID)
//   SVM_FUZZ_DECLARED=abort      every non-advisory finding aborts (default of
//                                local builds: campaigns must find declared IDs)
//   SVM_FUZZ_DECLARED=tolerate   the variant's declared IDs are expected and do
//                                not abort; anything else does (default of the
//                                OSS-Fuzz/ClusterFuzzLite build, compiled in
//                                with SVM_FUZZ_TOLERATE_DECLARED)
//   SVM_FUZZ_BARE=1              run the variant without its oracle (bench)
struct Policy {
  std::vector<Prop> only;  // empty: every property
  bool tolerate_declared = false;
  bool bare = false;
};

// Reads the environment; a malformed value is a one-line error and exit(2).
Policy policy_from_env();
std::vector<Prop> declared_props(const TargetInfo& t);
bool declared_pass(const TargetInfo& t);

// The first non-advisory finding the policy lets abort the run.
std::optional<Finding> armed_finding(const Outcome& o, const TargetInfo& t, const Policy& p);
// "FINDING COPY-CHUNK variant=seed_v4 target=copy_vs_model_seed_v4_p12_xfail: <detail>"
std::string finding_line(const Finding& f, const TargetInfo& t);

// regress-<variant>-<PROPERTY-ID>[.<n>][-p<PAGE_SHIFT>]
struct RegressName {
  std::string variant;
  Prop prop;
  std::optional<uint32_t> page_shift;
};
std::optional<RegressName> parse_regress_name(std::string_view file_name);
// Files ending in -p<N> belong to geometry N only; others to every geometry.
bool file_for_geometry(std::string_view file_name, uint32_t page_shift);

}  // namespace svm::fuzz
