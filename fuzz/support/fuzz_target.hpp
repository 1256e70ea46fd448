// SPDX-License-Identifier: MIT
// What a fuzz target file provides, and what the two drivers built around
// it do with it. Each target file (fuzz/<target>.cpp) is compiled once per
// variant and geometry with SVM_FUZZ_TARGET, SVM_FUZZ_VARIANT and
// SVM_FUZZ_EXPECT defined by fuzz/CMakeLists.txt, and linked either with
// fuzz/support/libfuzzer_entry.cpp (clang, -fsanitize=fuzzer: the fuzzer)
// or with fuzz/support/replay_main.cpp (any compiler: the corpus replay
// program ctest runs under the label fuzz-replay).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/properties.hpp"

namespace svm::fuzz {

// The build-time identity of one fuzz binary.
struct TargetInfo {
  std::string_view target;   // "copy_vs_model_seed_v4_p12_xfail": the binary's name
  std::string_view harness;  // "copy_vs_model": the file, and the corpus folder
  std::string_view variant;  // "seed_v4"
  std::string_view expect;   // the variant's 'Expect:' line, "pass" or IDs
  uint32_t page_shift;       // geometry of the linked C world
};

// What one input did to the variant.
struct Outcome {
  bool in_contract = true;
  std::string contract;           // why not, when !in_contract
  std::vector<Finding> findings;  // every violated property, advisory included
};

// How to run an input.
struct RunMode {
  bool bare = false;     // the variant only, no oracle (throughput baseline for bench/)
  bool isolate = false;  // where the oracle can, run in a child so a crash is a
                         // finding (replay); the fuzzer runs in process so the
                         // engine sees coverage and catches crashes itself
};

// Provided by the target file.
const TargetInfo& target_info();
// Runs one input through the variant and its oracle.
Outcome run_input(std::span<const uint8_t> data, const RunMode& mode = {});
// The canonical encoding of the input the bytes decode to: what a saved
// reproducer holds, so that every tool decodes it to the same input.
std::vector<uint8_t> canonical_bytes(std::span<const uint8_t> data);
// A one-line human description of the decoded input (reports, triage).
std::string describe_input(std::span<const uint8_t> data);
// Encodes a hand-written seed from the target's text form, or nullopt
// (with *error) when the text does not parse; targets without a text form
// return nullopt.
std::optional<std::vector<uint8_t>> seed_from_text(std::string_view text, std::string* error);

// The registry entry of the variant a binary was built for; a missing one
// (a registry out of step with the build) ends the program with one line.
template <class Variant>
const Variant& require_variant(const Variant* found, const char* harness, const char* name) {
  if (!found) {
    std::fprintf(stderr, "%s: variant '%s' is not in the registry\n", harness, name);
    std::exit(2);
  }
  return *found;
}

}  // namespace svm::fuzz
