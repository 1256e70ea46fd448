// SPDX-License-Identifier: MIT
// Reference model of a drm_buddy allocator's free space, written from
// ../shared/spec/buddy.md (not from any implementation): which argument
// errors each call must report, what a successful call may return, and
// what every call must leave behind. It decides BUDDY-ERRNO, BUDDY-RESULT,
// BUDDY-ATOMIC, BUDDY-CLEAR and the advisory BUDDY-FIT.
//
// The model knows bytes, not trees: each byte of [0, size) is allocated,
// free-dirty or free-clear. Where the spec lets the allocator choose
// (placement, splitting, force-merge turning clear bytes dirty) the model
// accepts any choice the spec allows and then adopts what it observed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "abi/svm_buddy_abi.h"
#include "model/buddy_snapshot.hpp"
#include "model/properties.hpp"

namespace svm {

// One API call of a buddy scenario. Block lists are the glue's caller lists
// (0 .. SVM_BUDDY_LISTS-1); blocks are named by list and index.
enum class BuddyOpKind : uint8_t {
  Init,        // size, min_block = chunk_size
  Alloc,       // start, end, size, min_block, list, flags
  FreeBlock,   // list, index
  FreeList,    // list, flags (SVM_BUDDY_CLEARED)
  Trim,        // list, has_start/start, size = new size
  ResetClear,  // is_clear
  Fini,
  Count_,
};

struct BuddyOp {
  BuddyOpKind kind = BuddyOpKind::Alloc;
  uint64_t start = 0;
  uint64_t end = 0;
  uint64_t size = 0;
  uint64_t min_block = 0;
  uint32_t list = 0;
  uint32_t index = 0;
  uint32_t flags = 0;
  bool has_start = false;
  bool is_clear = false;
  // 0: no injection; n: the n-th slab allocation of this call fails.
  uint32_t fail_at = 0;

  bool operator==(const BuddyOp&) const = default;
};

std::string to_string(const BuddyOp& op);

// What each byte is.
enum class ByteState : uint8_t { Allocated, FreeDirty, FreeClear };

// [0, size) as maximal runs of one state.
class BuddySpace {
 public:
  BuddySpace() = default;
  explicit BuddySpace(uint64_t size);
  static BuddySpace from_snapshot(const BuddySnapshot& s);

  uint64_t size() const { return size_; }
  void set(uint64_t off, uint64_t len, ByteState st);
  bool all(uint64_t off, uint64_t len, ByteState st) const;
  bool all_free(uint64_t off, uint64_t len) const;
  uint64_t count(ByteState st) const;
  // Number of free `align`-aligned slots of `align` bytes inside [lo, hi).
  uint64_t free_slots(uint64_t lo, uint64_t hi, uint64_t align) const;
  // The first place where the states differ, if any.
  std::optional<uint64_t> first_difference(const BuddySpace& o) const;
  const std::map<uint64_t, std::pair<uint64_t, ByteState>>& runs() const { return runs_; }
  bool operator==(const BuddySpace& o) const { return size_ == o.size_ && runs_ == o.runs_; }

 private:
  void split_at(uint64_t off);
  void coalesce();
  uint64_t size_ = 0;
  std::map<uint64_t, std::pair<uint64_t, ByteState>> runs_;  // start -> (end, state)
};

struct ModelBlock {
  uint64_t id = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  bool clear = false;
  bool operator==(const ModelBlock&) const = default;
};

// Outcome of one call as observed through the ABI.
struct BuddyObserved {
  int ret = 0;
  bool injected = false;                             // the armed slab failure fired
  BuddySnapshot before, after;                       // walker state around the call
  std::vector<std::vector<ModelBlock>> lists_after;  // the caller lists afterwards
};

// The reference model: expected state plus the caller lists.
class BuddyModel {
 public:
  bool initialised() const { return init_; }
  uint64_t size() const { return size_; }
  uint64_t chunk() const { return chunk_; }
  const BuddySpace& space() const { return space_; }
  const std::vector<ModelBlock>& list(uint32_t l) const { return lists_[l % SVM_BUDDY_LISTS]; }

  // Expected errno of init from the arguments alone (0: valid).
  static int init_errno(uint64_t size, uint64_t chunk);
  // Expected errno of alloc_blocks from the arguments alone (0: valid).
  int alloc_errno(const BuddyOp& op) const;
  int trim_errno(const BuddyOp& op) const;

  // Checks one call against the spec and moves the model to the state the
  // call legitimately reached. Findings go to `out`, advisory ones to `adv`.
  void step(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out, std::vector<Finding>& adv);

  void reset();

 private:
  void step_init(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out);
  void step_alloc(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out, std::vector<Finding>& adv);
  void step_free_block(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out);
  void step_free_list(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out);
  void step_trim(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out);
  void step_reset_clear(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out);
  // Compares the real free space with the model's; `may_dirty` lets free
  // clear bytes turn dirty (a force-merge). Adopts the real clear state.
  void compare_space(const BuddyObserved& obs, Prop on_free_mismatch, Prop on_clear_mismatch, bool may_dirty,
                     const std::string& what, std::vector<Finding>& out);
  void check_lists_unchanged(const BuddyObserved& obs, Prop p, const std::string& what, std::vector<Finding>& out);
  bool alloc_feasible(const BuddyOp& op) const;

  bool init_ = false;
  uint64_t size_ = 0, chunk_ = 0;
  BuddySpace space_;
  std::vector<ModelBlock> lists_[SVM_BUDDY_LISTS];
};

}  // namespace svm
