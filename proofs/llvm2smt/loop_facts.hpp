// SPDX-License-Identifier: MIT
// Candidate loop invariants read off the compiled code by LLVM's own
// analyses, for the Horn encoding (proofs/chc). They are guesses: nothing
// here is trusted, the caller keeps only the candidates Z3 proves
// inductive over the clauses (a Houdini fixpoint).
#pragma once

#include <string>
#include <vector>

#include "proofs/llvm2smt/translate.hpp"

namespace l2s {

struct LoopCandidate {
  smt::Expr fact;   // over LoopFacts::slots and the entry's integer arguments
  std::string why;  // where it comes from, for reports
  // Facts that hold of every input the caller allows, over the same
  // variables (the input contract at the entries the candidate reads),
  // assumed wherever the candidate is; none is true.
  smt::Expr given_facts;
};

struct LoopFacts {
  // Per variable of the cut point (CutPoint::vars): a placeholder for an
  // integer variable, an empty Expr for a pointer or a Bool.
  std::vector<smt::Expr> slots;
  // Per variable: its source name from the debug info ("i", or "c.len" for
  // a field of a struct the optimiser split into scalars), or "".
  std::vector<std::string> names;
  std::vector<LoopCandidate> candidates;
};

// Per cut point of cut_points(f), candidates of four kinds:
// - scalar evolution: an affine counter {S,+,1} of the loop stays within
//   S + its backedge-taken count; a value live into the loop equals its
//   scalar-evolution expression, and one that is a minimum (maximum) is
//   at most (at least) each operand;
// - the condition of a branch above the header whose one edge every path
//   into the loop takes;
// - the condition of a loop latch, on the header's phis (the guard of
//   the back edge, as it would hold at the header);
// - an enclosing loop's candidates over values live into this loop.
// args: the entry's arguments as the world gives them (integers map to
// their expressions).
std::vector<LoopFacts> loop_facts(llvm::Function& f, const std::vector<CutPoint>& cuts,
                                  const std::vector<Value>& args);

}  // namespace l2s
