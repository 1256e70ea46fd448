// SPDX-License-Identifier: MIT
// Unbounded proofs: the compiled copy loop as constrained Horn clauses,
// solved by Z3's Spacer for every npages at once.
//
// The entry function is cut at its loop headers (l2s::translate_segment):
// each header is a relation over the input (npages, the per-index columns
// as arrays, the scalar inputs), the world's cells (submission counter,
// pre-fence references, the address array) and the header's variables;
// each segment between headers is a clause. The properties that are about
// single events (a call, a shim report, a memory event) are error clauses
// of the segment where the event happens, stated with the same formulas as
// the bounded prover (props.hpp) over that segment's events. COPY-ONCE,
// -WAIT, -ERR, -FENCE and -PREFENCE are decided at the return, from ghost
// cells the world keeps along the way (a witness index or call, counts and
// flags; see HornWorld::at_return).
#pragma once

#include <string>
#include <vector>

#include "model/properties.hpp"

namespace svm::proof {

struct SpacerOptions {
  std::string variant = "fixed";
  std::string work_dir;
  unsigned timeout_ms = 60000;  // per property
  std::vector<Prop> only;       // empty: every property the encoding states
  bool verbose = false;         // print the invariants Spacer found
  bool chunk_any = false;       // every CHUNK >= 1: SZ_8M unknown, contents abstracted
  unsigned jobs = 1;            // > 1: a portfolio of Spacer runs per query, one per random seed
  unsigned parallel = 1;        // > 1: up to this many properties (by encoding) at once, each in a child process
  std::vector<std::string> invariants;  // files of candidate loop invariants (SMT-LIB)
};

struct SpacerResult {
  std::string text;  // what was encoded, what Spacer said, how long it took
  int exit_code;     // 0 proved, 1 refuted, 3 unknown/timeout, 2 not encodable
};

// The properties the Horn encoding states for an API generation: every
// property the bounded prover states, and MEM-SAFETY.
std::vector<Prop> spacer_props(int api_gen);

SpacerResult spacer_copy(const SpacerOptions& opt);

}  // namespace svm::proof
