// SPDX-License-Identifier: MIT
// The copy properties of ../shared/spec/copy.md as SMT formulas over a
// SymTrace, each stated once and used twice: on the translator's symbolic
// trace (proofs) and on a concrete trace (a second oracle, cross-checked
// against model/copy_oracle). "P is violated" is an existential over a
// symbolic witness (an index or a call slot); P holds when that is unsat.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "model/properties.hpp"
#include "proofs/copy/trace.hpp"

namespace svm::proof {

// The input contract of copy_contract_violation(), as a formula.
Expr in_contract(const SymInput& in, const GeometryFacts& g);
// Indices that must be copied (copy_populated()).
std::vector<Expr> populated(const SymInput& in, const GeometryFacts& g);

struct Violation {
  Expr holds_not;               // Bool: the property fails on this trace
  std::vector<Expr> witnesses;  // free variables naming where
};

// The properties this module states; others (COPY-DATA, COPY-MINIMAL,
// KERNEL-BUG, ...) are not expressed here and never reported by the prover.
std::vector<Prop> stated_props(int api_gen);
bool is_stated(Prop p, int api_gen);
// p reads job-fence reference counts, completions or waits (the trace's
// completed_at_return / fence_refs_at_end / prefence_signaled_at_return).
bool fences_matter(Prop p);
// Call c's system range holds index w.
Expr call_covers(const SymCall& c, const Expr& w);
// COPY-ONCE at witness index w of n: cover successful calls hold w, pop: w is
// populated; nothing is violated after a failed submission or a BUG().
Expr once_violated(const Expr& w, const Expr& n, const Expr& pop, const Expr& cover, const Expr& any_failed,
                   const Expr& bugged);
// The DPA of device page `page` (BV32) of region `region` (BV32).
Expr dpa_of(const Expr& region, const Expr& page, const GeometryFacts& g);
// COPY-CONTIG for call c at witness k (a page offset into the call, and an
// index of the input), over n entries given by accessors: has(i) a device
// page, dpa(i) its DPA, region(i) its region (SVM_NO_REGION without one).
struct Column {
  std::function<Expr(const Expr&)> has, dpa, region;
};
Expr contig_violated(const SymCall& c, const Expr& k, const Expr& n, const Column& col, const GeometryFacts& g);
// Violation of p on t (outside the contract nothing is violated: callers
// conjoin in_contract()).
Violation violation(Prop p, const SymTrace& t, const GeometryFacts& g);

// The second oracle: every stated property evaluated on a concrete run.
std::vector<Prop> z3_verdict(const CopyInput& in, const CopyRun& run, const GeometryFacts& g);

}  // namespace svm::proof
