// SPDX-License-Identifier: MIT
// The state of a buddy allocator as its variant's walker reports it, and
// the structural invariants over it (../shared/spec/buddy.md):
// BUDDY-SHAPE, BUDDY-PARTITION, BUDDY-ACCOUNT, BUDDY-MERGED. Geometry
// independent; it sees the C world only through src/abi/svm_buddy_abi.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/svm_buddy_abi.h"
#include "model/properties.hpp"

namespace svm {

struct BuddySnapshot {
  svm_buddy_mm_info mm{};
  std::vector<svm_buddy_node> nodes;       // pre-order, roots in order
  std::vector<svm_buddy_free_entry> free;  // every free-list entry
  std::string walk_error;                  // non-empty: the walker gave up

  // Leaves (non-split nodes) sorted by offset.
  std::vector<svm_buddy_blk_info> leaves() const;
};

// Reads the allocator through the variant's walker (growing its arrays as
// needed).
BuddySnapshot take_buddy_snapshot(const svm_buddy_ops& ops, svm_buddy_mm* mm);

struct InvariantOptions {
  // BUDDY-MERGED is checked unless the caller knows a force-merge is under
  // way (never, between API calls).
  bool check_merged = true;
};

// Every violated invariant, one finding per kind of violation (the first
// place that shows it).
std::vector<Finding> check_buddy_invariants(const BuddySnapshot& s, const InvariantOptions& opt = {});

// Printable one-line summary of a snapshot (for logs).
std::string describe(const BuddySnapshot& s);

}  // namespace svm
