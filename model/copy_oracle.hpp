// SPDX-License-Identifier: MIT
// The copy oracle, written from ../shared/spec/copy.md: given an input and
// what the hardware doubles recorded, it reports every violated property.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/copy_input.hpp"
#include "model/properties.hpp"

namespace svm {

struct CopyReport {
  int kind;  // enum shim_report_kind
  std::string file;
  int line;
  std::string what;
};

struct CopyRun {
  int ret = 0;
  bool bugged = false;
  std::vector<svm_copy_call> calls;
  std::vector<CopyReport> reports;
  std::vector<svm_copy_change> changes;
  bool prefence_signaled_at_return = true;
  int prefence_refs_at_end = 1;
};

// Runs the variant on the input through svm_copy_run().
CopyRun run_copy(const svm_copy_variant& v, const CopyInput& in);

// Why the input is outside the copy function's contract, or nullopt.
std::optional<std::string> copy_contract_violation(const CopyInput& in, int api_gen,
                                                   const Geometry& g);

// Which indices must be copied, per copy.md ("populated index").
std::vector<bool> copy_populated(const CopyInput& in, int api_gen);
// System page backing index i (tails of a G2+ folio head included), 0 if none.
uint64_t copy_sys_page(const CopyInput& in, int api_gen, uint32_t i);

// Every violated property (advisory ones included, flagged in the table).
// Inputs outside the contract yield no finding.
std::vector<Finding> check_copy(const CopyInput& in, int api_gen, const CopyRun& run,
                                const Geometry& g);

// The calls a correct implementation issues: maximal DPA-contiguous runs of
// populated indices, each cut into CHUNK-sized calls from its start.
struct ExpectedCall {
  uint32_t start;
  uint64_t npages;
  bool operator==(const ExpectedCall&) const = default;
};
std::vector<ExpectedCall> minimal_calls(const CopyInput& in, int api_gen, const Geometry& g);

// ASCII picture of an input and the calls of a run: one row per index with
// the device page DPA, the system address and a bar per call.
std::string copy_diagram(const CopyInput& in, int api_gen, const CopyRun& run, const Geometry& g);

}  // namespace svm
