// SPDX-License-Identifier: MIT
// A buddy scenario on one registered variant: every call goes through the
// lockstep runner, so after every step the invariant checker and the
// reference model have looked at the allocator; a scenario fails on the
// first finding, naming its property ID.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "abi/svm_buddy_abi.h"
#include "model/buddy_runner.hpp"

namespace svm::test {

inline std::vector<const svm_buddy_variant*> buddy_variants() {
  size_t n = 0;
  const svm_buddy_variant* vs = svm_buddy_variants(&n);
  std::vector<const svm_buddy_variant*> out;
  for (size_t i = 0; i < n; i++) out.push_back(&vs[i]);
  return out;
}

inline std::string variant_name(const ::testing::TestParamInfo<const svm_buddy_variant*>& info) {
  return info.param->name;
}

inline std::string findings_text(const std::vector<Finding>& fs) {
  std::string s;
  for (const auto& f : fs) s += std::string(id(f.prop)) + ": " + f.detail + "\n";
  return s;
}

constexpr uint64_t kKiB = 1024, kMiB = 1024 * 1024;

inline BuddyOp init_op(uint64_t size, uint64_t chunk) {
  BuddyOp op;
  op.kind = BuddyOpKind::Init;
  op.size = size;
  op.min_block = chunk;
  return op;
}

inline BuddyOp alloc_op(uint64_t start, uint64_t end, uint64_t size, uint64_t min, uint32_t flags, uint32_t list = 0) {
  BuddyOp op;
  op.kind = BuddyOpKind::Alloc;
  op.start = start;
  op.end = end;
  op.size = size;
  op.min_block = min;
  op.flags = flags;
  op.list = list;
  return op;
}

inline BuddyOp trim_op(uint32_t list, const uint64_t* start, uint64_t new_size) {
  BuddyOp op;
  op.kind = BuddyOpKind::Trim;
  op.list = list;
  op.has_start = start != nullptr;
  op.start = start ? *start : 0;
  op.size = new_size;
  return op;
}

// Lowest offset and total size of a list of blocks.
struct Span {
  uint64_t lo = UINT64_MAX;
  uint64_t total = 0;
};
inline Span span_of(const std::vector<ModelBlock>& bs) {
  Span s;
  for (const auto& b : bs) {
    s.lo = std::min(s.lo, b.offset);
    s.total += b.size;
  }
  return s;
}

class BuddyScenario : public ::testing::TestWithParam<const svm_buddy_variant*> {
 protected:
  void SetUp() override {
    GetParam()->ops->reports_clear();
    runner_ = std::make_unique<BuddyRunner>(*GetParam()->ops);
  }
  void TearDown() override {
    if (!runner_->dead()) {
      runner_->finish();
      EXPECT_TRUE(runner_->findings().empty()) << "at teardown:\n" << findings_text(runner_->findings());
    }
    runner_.reset();
  }

  // One call; the scenario stops being clean on the first finding.
  int step(const BuddyOp& op) {
    size_t before = runner_->findings().size();
    int ret = runner_->apply(op);
    std::vector<Finding> fresh(runner_->findings().begin() + static_cast<long>(before), runner_->findings().end());
    EXPECT_TRUE(fresh.empty()) << to_string(op) << ":\n" << findings_text(fresh);
    EXPECT_FALSE(runner_->last_skipped()) << "not applicable: " << to_string(op);
    return ret;
  }

  int init(uint64_t size, uint64_t chunk, uint32_t fail_at = 0) {
    BuddyOp op = init_op(size, chunk);
    op.fail_at = fail_at;
    return step(op);
  }
  int alloc(uint64_t start, uint64_t end, uint64_t size, uint64_t min, uint32_t flags, uint32_t list = 0) {
    return step(alloc_op(start, end, size, min, flags, list));
  }
  // Whole-space request, as the Xe VRAM manager makes them.
  int alloc(uint64_t size, uint64_t min, uint32_t flags, uint32_t list = 0) {
    return alloc(0, runner_->model().size(), size, min, flags, list);
  }
  int free_block(uint32_t list, uint32_t index) {
    BuddyOp op;
    op.kind = BuddyOpKind::FreeBlock;
    op.list = list;
    op.index = index;
    return step(op);
  }
  int free_list(uint32_t list, uint32_t flags = 0) {
    BuddyOp op;
    op.kind = BuddyOpKind::FreeList;
    op.list = list;
    op.flags = flags;
    return step(op);
  }
  int trim(uint32_t list, const uint64_t* start, uint64_t new_size) { return step(trim_op(list, start, new_size)); }
  int reset_clear(bool is_clear) {
    BuddyOp op;
    op.kind = BuddyOpKind::ResetClear;
    op.is_clear = is_clear;
    return step(op);
  }

  std::vector<ModelBlock> blocks(uint32_t list = 0) const { return runner_->list(list); }
  BuddySnapshot snap() const { return runner_->snapshot(); }
  const svm_buddy_ops& ops() const { return *GetParam()->ops; }
  uint64_t chunk() const { return runner_->model().chunk(); }
  uint64_t mm_size() const { return runner_->model().size(); }

  std::unique_ptr<BuddyRunner> runner_;
};

}  // namespace svm::test
