// SPDX-License-Identifier: MIT
// A copy run as SMT terms: the input, the migrate calls (each a guarded slot
// of the unrolled program), the shim reports and the fence bookkeeping. The
// translator fills it with symbolic terms; a concrete CopyRun fills it with
// constants. The properties (props.hpp) are written once, over this type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/copy_input.hpp"
#include "model/copy_oracle.hpp"
#include "proofs/smt/smt.hpp"

namespace svm::proof {

using smt::Expr;

struct GeometryFacts {
  unsigned page_shift = 0;
  uint64_t chunk = 0;
  // Or CHUNK an unknown constant >= 1 (svmcheck-prove --chunk any): a
  // bit-vector of 64 - page_shift bits, so that SZ_8M = CHUNK << page_shift
  // fits in 64 bits.
  Expr chunk_any;
  Expr chunk_pages() const { return chunk_any.valid() ? chunk_any.zext(64) : Expr::bv(chunk, 64); }
  uint64_t region_pages = 0;
  uint64_t dpa_base[SVM_MAX_REGIONS] = {};
  int api_gen = 1;
  uint64_t page_size() const { return uint64_t{1} << page_shift; }
};

struct SymEntry {
  Expr region;    // BV32, SVM_NO_REGION (-1): no device page
  Expr page;      // BV32
  Expr sys_page;  // BV64, 0: no system page
  Expr order;     // BV8
};

struct SymInput {
  std::vector<SymEntry> e;
  Expr dir;         // BV32
  Expr fail_at;     // BV32
  Expr fail_errno;  // BV32
  Expr prefence;    // BV32 (enum svm_prefence)
  unsigned n() const { return static_cast<unsigned>(e.size()); }
};

struct SymCall {
  Expr issued;  // Bool: the submission happened
  Expr seq;     // BV32, 1-based
  Expr engine;  // BV32
  Expr base;    // BV64
  Expr npages;  // BV64
  Expr sys_index;  // BV64, two's complement, -1: outside the array
  Expr result;     // BV32, 0 or a negative errno
  Expr dep_prefence;         // Bool
  Expr completed_at_return;  // Bool
  Expr fence_refs_at_end;    // BV32
};

struct SymReport {
  Expr fired;  // Bool
  int kind;    // enum shim_report_kind
  std::string where;
};

struct SymTrace {
  SymInput in;
  std::vector<SymCall> calls;
  std::vector<SymReport> reports;
  Expr ret;     // BV32
  Expr bugged;  // Bool
  Expr prefence_signaled_at_return;  // Bool
  Expr prefence_refs_at_end;         // BV32
};

// Constants for a concrete input, and for what run_copy() recorded.
SymInput concrete_input(const CopyInput& in);
SymTrace concrete_trace(const CopyInput& in, const CopyRun& run);

}  // namespace svm::proof
