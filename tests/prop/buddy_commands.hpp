// SPDX-License-Identifier: MIT
// RapidCheck stateful test of a buddy variant: a plain model struct plus
// one command class per API call (init, init with invalid arguments,
// alloc_blocks, free_block, free_list, block_trim, reset_clear, fini), each
// with checkPreconditions / apply / run / show. Slab failure injection
// (fail the n-th allocation of the call) rides on init, alloc and trim.
//
// run() executes the call through model/buddy_runner.hpp, which after every
// call compares the allocator with the reference model (BUDDY-ERRNO,
// -RESULT, -ATOMIC, -CLEAR) and checks the invariants (BUDDY-SHAPE,
// -PARTITION, -ACCOUNT, -MERGED) and the shim's reports; the command fails
// as soon as the findings show what the property looks for.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "abi/svm_buddy_abi.h"
#include "model/buddy_model.hpp"
#include "model/buddy_runner.hpp"
#include "tests/prop/prop_support.hpp"

namespace svm::prop {

// The allocator a sequence works on: init's arguments when valid.
struct BuddyConfig {
  uint64_t chunk = 4096;
  uint64_t size = 16 * 4096;  // may carry half a chunk, which init rounds down
};

void showValue(const BuddyConfig& c, std::ostream& os);

// What command generation needs to know; nothing the allocator chooses.
struct BuddyModelState {
  BuddyConfig cfg;
  bool initialised = false;
  uint64_t mm_chunks() const { return cfg.size / cfg.chunk; }
};

// The system under test: a runner (variant + reference model), the calls
// actually made, and a picture of the space after each of them.
class BuddySut {
 public:
  BuddySut(const svm_buddy_ops& ops, Shows shows) : runner_(ops), shows_(std::move(shows)) {}
  // Makes the call, records it, and fails the case (RC_FAIL) when the
  // findings so far show what the property looks for.
  void call(BuddyOp op);
  // Teardown: every list freed, fini, leak check; then the same test.
  void finish();
  BuddyRunner& runner() { return runner_; }
  const std::vector<BuddyOp>& ops() const { return ops_; }

 private:
  void check(const std::string& when);
  BuddyRunner runner_;
  Shows shows_;
  std::vector<BuddyOp> ops_;
  std::vector<std::string> rows_;  // diagram rows, one pair per call
};

using BuddyCommand = rc::state::Command<BuddyModelState, BuddySut>;

rc::Gen<BuddyConfig> gen_buddy_config();
// The next command for the model's state (only commands that apply).
rc::Gen<std::shared_ptr<const BuddyCommand>> gen_buddy_command(const BuddyModelState& s);

// The property: a generated call sequence, then teardown, on `ops`; fails
// when `shows` holds for the runner's findings. The failing sequence, its
// corpus bytes and a diagram are kept for last_buddy_explanation().
rc::detail::Property buddy_sequence_property(const svm_buddy_ops& ops, Shows shows);

// The explanation of the last failing case (the shrunk one when RapidCheck
// is done: shrinking keeps the last case that still fails).
std::string last_buddy_explanation();
// Its corpus bytes (empty when the sequence is not expressible).
std::vector<uint8_t> last_buddy_corpus();
// Called before a property run, so no stale case is explained.
void forget_last_buddy_failure();

// Two rows per state: one character per chunk (list digit for an allocated
// block on that caller list, '!' allocated but on no list, '.' free dirty,
// 'c' free clear), then '|' at the start of every block.
std::string buddy_space_rows(const BuddySnapshot& s, const std::vector<std::vector<ModelBlock>>& lists);

}  // namespace svm::prop
