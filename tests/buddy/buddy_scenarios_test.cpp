// SPDX-License-Identifier: MIT
// Buddy scenarios, one per test, on every registered variant (KUnit
// drm_buddy_test style: the invariant checker and the reference model run
// after every call; randomised tests print their seed).
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "fuzz/decoders/buddy_codec.hpp"
#include "tests/buddy/buddy_fixture.hpp"

namespace svm::test {
namespace {

constexpr uint32_t R = SVM_BUDDY_RANGE, TD = SVM_BUDDY_TOPDOWN, CG = SVM_BUDDY_CONTIGUOUS, CL = SVM_BUDDY_CLEAR,
                   CLD = SVM_BUDDY_CLEARED, NT = SVM_BUDDY_TRIM_DISABLE;
constexpr int kEINVAL = -22, kENOSPC = -28, kENOMEM = -12;

using Buddy = BuddyScenario;

TEST_P(Buddy, InitLaysOutOneRootPerSetBitLargestFirst) {
  const uint64_t c = 4 * kKiB;
  for (uint64_t chunks : {1ull, 3ull, 7ull, 12ull, 255ull, 256ull, 1000ull}) {
    ASSERT_EQ(init(chunks * c, c), 0);
    auto s = snap();
    EXPECT_EQ(s.mm.n_roots, static_cast<uint32_t>(std::popcount(chunks)));
    uint64_t off = 0, left = chunks * c;
    for (const auto& n : s.nodes) {
      if (n.depth) continue;
      EXPECT_EQ(n.blk.offset, off);
      EXPECT_EQ(n.blk.size, std::bit_floor(left));
      off += n.blk.size;
      left -= n.blk.size;
    }
    EXPECT_EQ(s.mm.avail, chunks * c);
    EXPECT_EQ(s.mm.clear_avail, 0u);
    runner_->finish();
  }
}

TEST_P(Buddy, InitRoundsSizeDownToChunk) {
  ASSERT_EQ(init(7 * kMiB + 5 * kKiB, 4 * kKiB), 0);
  EXPECT_EQ(snap().mm.size, 7 * kMiB + 4 * kKiB);
}

TEST_P(Buddy, InitRejectsEveryDocumentedBadArgument) {
  EXPECT_EQ(init(4 * kKiB, 8 * kKiB), kEINVAL);   // size < chunk_size
  EXPECT_EQ(init(1 * kMiB, 2 * kKiB), kEINVAL);   // chunk_size < 4 KiB
  EXPECT_EQ(init(1 * kMiB, 12 * kKiB), kEINVAL);  // chunk_size not a power of two
  EXPECT_EQ(init(0, 4 * kKiB), kEINVAL);
}

TEST_P(Buddy, InitFailureAtEveryAllocationLeaksNothing) {
  for (uint32_t n = 1;; n++) {
    int ret = init(7 * 64 * kKiB, 4 * kKiB, n);
    if (ret == 0) {
      runner_->finish();
      break;
    }
    ASSERT_EQ(ret, kENOMEM) << "failing allocation " << n;
    ASSERT_LT(n, 64u) << "init never stopped failing";
  }
}

TEST_P(Buddy, OneBlockOfEveryOrderFillsAMmWithOneRootPerOrder) {
  const uint64_t c = 4 * kKiB;
  const unsigned max_order = 8;
  ASSERT_EQ(init(c * ((2ull << max_order) - 1), c), 0);
  ASSERT_EQ(snap().mm.n_roots, max_order + 1);
  for (int order = max_order; order >= 0; order--) ASSERT_EQ(alloc(c << order, c << order, 0), 0) << "order " << order;
  EXPECT_EQ(snap().mm.avail, 0u);
  EXPECT_EQ(alloc(c, c, 0), kENOSPC);
  free_list(0);
  EXPECT_EQ(snap().mm.avail, mm_size());
}

TEST_P(Buddy, PessimisticFragmentationRefusesEveryLargerOrder) {
  const uint64_t c = 4 * kKiB;
  const unsigned max_order = 6;
  ASSERT_EQ(init(c << max_order, c), 0);
  for (uint64_t i = 0; i < (1u << max_order); i++) ASSERT_EQ(alloc(i * c, (i + 1) * c, c, c, 0, i % 2), 0);
  free_list(1);  // every other chunk is free again
  for (unsigned order = 1; order <= max_order; order++) EXPECT_EQ(alloc(c << order, c << order, 0, 2), kENOSPC) << order;
  EXPECT_EQ(alloc(c, c, 0, 2), 0);
  free_list(0);
  free_list(2);
  EXPECT_EQ(snap().nodes.size(), 1u) << "everything merged back into the root";
}

TEST_P(Buddy, PathologicalFragmentationLeavesOnlyTheSmallestOrders) {
  const uint64_t c = 4 * kKiB;
  const unsigned max_order = 5;
  ASSERT_EQ(init(c << max_order, c), 0);
  // Take one block of every order top-down, keep the smallest piece of each
  // level's other half, free the rest: every order is left with one hole.
  for (int order = max_order - 1; order >= 0; order--) ASSERT_EQ(alloc(c << order, c << order, 0, 0), 0);
  ASSERT_EQ(alloc(c, c, 0, 1), 0);
  EXPECT_EQ(alloc(c, c, 0, 2), kENOSPC);
  free_block(0, 0);  // the largest block
  EXPECT_EQ(alloc(c << (max_order - 1), c << (max_order - 1), 0, 2), 0);
  EXPECT_EQ(alloc(c << (max_order - 1), c, 0, 2), kENOSPC);
}

TEST_P(Buddy, ExactRangesInsideAndAcrossRoots) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(7 * c, c), 0);  // roots 4@0, 2@4, 1@6
  EXPECT_EQ(alloc(1 * c, 3 * c, 2 * c, c, 0, 0), 0);   // inside the first root, across its halves
  EXPECT_EQ(alloc(3 * c, 7 * c, 4 * c, c, 0, 1), 0);   // across all three roots
  EXPECT_EQ(alloc(0, c, c, c, TD | CG, 2), 0);          // flags do not matter on the exact path
  EXPECT_EQ(snap().mm.avail, 0u);
  free_list(1);
  EXPECT_EQ(alloc(4 * c, 6 * c, 2 * c, 2 * c, 0, 1), 0);  // exactly the second root
}

TEST_P(Buddy, ExactRangeOverAnAllocatedByteFailsAndKeepsNothing) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  ASSERT_EQ(alloc(5 * c, 6 * c, c, c, 0, 0), 0);
  EXPECT_EQ(alloc(2 * c, 9 * c, 7 * c, c, 0, 1), kENOSPC);
  EXPECT_TRUE(blocks(1).empty());
  EXPECT_EQ(snap().mm.avail, 15 * c);
}

TEST_P(Buddy, RangeWindowsOfEveryAlignmentKeepBlocksInside) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(64 * c, c), 0);
  ASSERT_EQ(alloc(20 * c, 21 * c, c, c, 0, 3), 0);  // a hole in the middle
  for (uint64_t start = 0; start < 16; start += 3)
    for (uint64_t len = 2; len <= 40; len += 7)
      for (uint64_t min : {1ull, 2ull, 4ull}) {
        uint64_t end = std::min<uint64_t>(start + len, 64);
        uint64_t size = std::max<uint64_t>(min, (end - start) / 2) * c;
        int ret = alloc(start * c, end * c, size, min * c, R | (len % 2 ? TD : 0), 0);
        bool exact = start * c + size == end * c;
        if (exact && (start % min || end % min))
          EXPECT_EQ(ret, kEINVAL) << "an exact range must be min_block_size-aligned";
        else
          EXPECT_TRUE(ret == 0 || ret == kENOSPC) << ret;
        free_list(0);
      }
}

TEST_P(Buddy, TopdownTakesTheHighestFreeBlock) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(24 * c, c), 0);  // roots 16@0, 8@16
  ASSERT_EQ(alloc(c, c, TD), 0);
  EXPECT_EQ(blocks()[0].offset, 23 * c);
  ASSERT_EQ(alloc(8 * c, 8 * c, TD), 0);
  EXPECT_EQ(blocks()[1].offset, 8 * c);
}

TEST_P(Buddy, ContiguousTryHarderCompletesOnTheRightSide) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(8 * c, c), 0);
  ASSERT_EQ(alloc(0, c, c, c, 0, 1), 0);
  ASSERT_EQ(alloc(7 * c, 8 * c, c, c, 0, 1), 0);
  // No free 4-chunk block: only [4, 7) after the free pair at 4 holds 3.
  ASSERT_EQ(alloc(3 * c, c, CG), 0);
  EXPECT_EQ(span_of(blocks()).lo, 4 * c);
  EXPECT_EQ(span_of(blocks()).total, 3 * c);
}

TEST_P(Buddy, ContiguousTryHarderCompletesOnTheLeftSide) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(8 * c, c), 0);
  ASSERT_EQ(alloc(0, c, c, c, 0, 1), 0);
  ASSERT_EQ(alloc(6 * c, 7 * c, c, c, 0, 1), 0);
  // From the free pair at 4 the right side stops at 6; the rest is at 3.
  ASSERT_EQ(alloc(3 * c, c, CG), 0);
  EXPECT_EQ(span_of(blocks()).lo, 3 * c);
  EXPECT_EQ(span_of(blocks()).total, 3 * c);
}

TEST_P(Buddy, ContiguousLargerThanAnyRootSpansRoots) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(7 * c, c), 0);
  ASSERT_EQ(alloc(5 * c, c, CG), 0);
  EXPECT_EQ(alloc(3 * c, c, CG | R), kENOSPC);
  EXPECT_EQ(alloc(0, 7 * c, 8 * c - 2 * c, c, CG | R), kEINVAL);  // rounds to 8 chunks > mm, with RANGE
}

TEST_P(Buddy, ContiguousTrimsBackUnlessTrimDisabled) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(32 * c, c), 0);
  ASSERT_EQ(alloc(5 * c, c, CG, 0), 0);
  ASSERT_EQ(alloc(5 * c, c, CG | NT, 1), 0);
  EXPECT_EQ(span_of(blocks(0)).total, 5 * c);
  EXPECT_EQ(span_of(blocks(1)).total, 8 * c);
}

TEST_P(Buddy, MinBlockSizeRoundsUpAndTheTailIsTrimmed) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(64 * c, c), 0);
  ASSERT_EQ(alloc(5 * c, 4 * c, 0, 0), 0);
  ASSERT_EQ(alloc(5 * c, 4 * c, NT, 1), 0);
  uint64_t t0 = 0, t1 = 0;
  for (const auto& b : blocks(0)) t0 += b.size;
  for (const auto& b : blocks(1)) {
    t1 += b.size;
    EXPECT_GE(b.size, 4 * c);
  }
  EXPECT_EQ(t0, 5 * c);
  EXPECT_EQ(t1, 8 * c);
}

TEST_P(Buddy, ClearAllocationPrefersClearBlocksAndFallsBackToDirty) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  ASSERT_EQ(alloc(0, 8 * c, 8 * c, c, 0, 0), 0);
  free_list(0, CLD);  // [0, 8) clear, [8, 16) dirty
  EXPECT_EQ(snap().mm.clear_avail, 8 * c);
  ASSERT_EQ(alloc(2 * c, c, CL, 1), 0);
  EXPECT_TRUE(blocks(1)[0].clear);
  EXPECT_LT(blocks(1)[0].offset, 8 * c);
  ASSERT_EQ(alloc(2 * c, c, 0, 2), 0);
  EXPECT_FALSE(blocks(2)[0].clear);
  EXPECT_GE(blocks(2)[0].offset, 8 * c);
  ASSERT_EQ(alloc(6 * c, c, CL, 3), 0);  // the rest of the clear space
  ASSERT_EQ(alloc(2 * c, c, CL, 4), 0);  // falls back to dirty
  EXPECT_FALSE(blocks(4)[0].clear);
}

TEST_P(Buddy, FreeListMarksBlocksClearOnlyWithCleared) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(8 * c, c), 0);
  ASSERT_EQ(alloc(0, 4 * c, 4 * c, c, 0, 0), 0);
  free_list(0, CLD);
  ASSERT_EQ(alloc(0, 4 * c, 4 * c, c, 0, 0), 0);
  EXPECT_TRUE(blocks(0)[0].clear);
  free_list(0);
  EXPECT_EQ(snap().mm.clear_avail, 0u);
}

TEST_P(Buddy, ForceMergeJoinsClearAndDirtyBuddies) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(4 * c, c), 0);
  ASSERT_EQ(alloc(0, c, c, c, 0, 0), 0);
  ASSERT_EQ(alloc(c, 2 * c, c, c, 0, 1), 0);
  ASSERT_EQ(alloc(2 * c, 4 * c, 2 * c, c, 0, 3), 0);
  free_list(0, CLD);
  free_list(1);
  EXPECT_EQ(snap().nodes.size(), 5u) << "a clear and a dirty buddy stay apart";
  // Not the exact path (0 + 2 chunks != end): the buddies must be merged.
  ASSERT_EQ(alloc(0, 4 * c, 2 * c, 2 * c, 0, 2), 0);
  EXPECT_EQ(blocks(2).size(), 1u);
  EXPECT_FALSE(blocks(2)[0].clear);
}

TEST_P(Buddy, TrimWithoutStartKeepsTheBlockStart) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  ASSERT_EQ(alloc(8 * c, 8 * c, 0, 0), 0);
  uint64_t base = blocks()[0].offset;
  ASSERT_EQ(trim(0, nullptr, 3 * c), 0);
  EXPECT_EQ(span_of(blocks()).lo, base);
  EXPECT_EQ(span_of(blocks()).total, 3 * c);
}

TEST_P(Buddy, TrimWithStartKeepsExactlyTheSubRange) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  ASSERT_EQ(alloc(0, 8 * c, 8 * c, 8 * c, 0, 0), 0);
  uint64_t start = 3 * c;
  ASSERT_EQ(trim(0, &start, 4 * c), 0);
  EXPECT_EQ(span_of(blocks()).lo, 3 * c);
  EXPECT_EQ(span_of(blocks()).total, 4 * c);
  EXPECT_EQ(trim(0, nullptr, c), kEINVAL) << "more than one block on the list";
}

TEST_P(Buddy, TrimRejectsEveryDocumentedBadArgument) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  EXPECT_EQ(trim(0, nullptr, c), kEINVAL);  // empty list
  ASSERT_EQ(alloc(4 * c, 8 * c, 4 * c, 4 * c, 0, 0), 0);
  ASSERT_EQ(alloc(0, c, c, c, 0, 1), 0);
  ASSERT_EQ(alloc(c, 2 * c, c, c, 0, 1), 0);
  EXPECT_EQ(trim(1, nullptr, c), kEINVAL);          // two blocks
  EXPECT_EQ(trim(0, nullptr, 8 * c), kEINVAL);      // larger than the block
  EXPECT_EQ(trim(0, nullptr, 0), kEINVAL);          // zero
  EXPECT_EQ(trim(0, nullptr, c + c / 2), kEINVAL);  // not chunk-aligned
  uint64_t s = 3 * c;
  EXPECT_EQ(trim(0, &s, c), kEINVAL);  // starts before the block
  s = 5 * c + c / 2;
  EXPECT_EQ(trim(0, &s, c), kEINVAL);  // start not chunk-aligned
  s = 7 * c;
  EXPECT_EQ(trim(0, &s, 2 * c), kEINVAL);  // ends past the block
  EXPECT_EQ(trim(0, nullptr, 4 * c), 0);   // the whole block: a no-op
  EXPECT_EQ(blocks()[0].size, 4 * c);
}

TEST_P(Buddy, ResetClearMarksAllFreeMemory) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(15 * c, c), 0);
  ASSERT_EQ(alloc(3 * c, c, 0, 0), 0);
  ASSERT_EQ(alloc(2 * c, c, 0, 1), 0);
  free_list(1, CLD);
  reset_clear(true);
  auto s = snap();
  EXPECT_EQ(s.mm.clear_avail, s.mm.avail);
  reset_clear(false);
  EXPECT_EQ(snap().mm.clear_avail, 0u);
}

TEST_P(Buddy, LargestSizesUseTheTopOrder) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(UINT64_MAX, c), 0);
  auto s = snap();
  EXPECT_EQ(s.mm.n_roots, 52u);
  EXPECT_EQ(s.mm.max_order, 51u);
  const uint64_t top = c << 51;
  ASSERT_EQ(alloc(top, top, 0, 0), 0);
  ASSERT_EQ(blocks().size(), 1u);
  EXPECT_EQ(blocks()[0].offset, 0u);
  EXPECT_EQ(blocks()[0].size, top);
  EXPECT_EQ(alloc(top, top, 0, 1), kENOSPC);
  ASSERT_EQ(alloc(top / 2, c, TD, 1), 0);
}

TEST_P(Buddy, AllocRejectsEveryDocumentedBadArgument) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(16 * c, c), 0);
  const uint64_t m = mm_size();
  EXPECT_EQ(alloc(0, m, c / 2, c, 0), kEINVAL);           // size < chunk_size
  EXPECT_EQ(alloc(0, m, c, c / 2, 0), kEINVAL);           // min_block_size < chunk_size
  EXPECT_EQ(alloc(0, m, 3 * c, 3 * c, 0), kEINVAL);       // min_block_size not a power of two
  EXPECT_EQ(alloc(c / 2, m, c, c, R), kEINVAL);           // start not chunk-aligned
  EXPECT_EQ(alloc(0, m - c / 2, c, c, R), kEINVAL);       // end not chunk-aligned
  EXPECT_EQ(alloc(0, m, c + c / 2, c, 0), kEINVAL);       // size not chunk-aligned
  EXPECT_EQ(alloc(0, m + c, c, c, R), kEINVAL);           // end past the mm
  EXPECT_EQ(alloc(12 * c, m, 8 * c, c, R), kEINVAL);      // start + size past the mm
  EXPECT_EQ(alloc(c, 3 * c, 2 * c, 2 * c, 0), kEINVAL);   // exact range not min-aligned
  EXPECT_EQ(alloc(0, m, 32 * c, c, 0), kEINVAL);          // size past the mm
  EXPECT_EQ(alloc(0, m, 12 * c, 32 * c, 0), kEINVAL);     // rounded up to min_block_size: past the mm
  EXPECT_TRUE(blocks().empty());
}

TEST_P(Buddy, FreeBlockOfABlockThatIsNotAllocatedIsABug) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(8 * c, c), 0);
  ASSERT_EQ(alloc(c, c, 0, 0), 0);
  uint64_t root = snap().nodes[0].blk.id;  // split now
  EXPECT_EQ(ops().free_node(runner_->mm(), root), SVM_BUDDY_BUGGED);
  svm_buddy_report r{};
  ASSERT_EQ(ops().reports_count(), 1u);
  ASSERT_EQ(ops().report_get(0, &r), 0);
  EXPECT_EQ(r.kind, 3);  // BUG
  ops().reports_clear();
}

TEST_P(Buddy, GetBuddyIsTheOtherHalf) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(8 * c, c), 0);
  ASSERT_EQ(alloc(2 * c, 4 * c, 2 * c, c, 0, 0), 0);
  svm_buddy_blk_info b{};
  ASSERT_EQ(ops().get_buddy(runner_->mm(), 0, 0, &b), 0);
  EXPECT_EQ(b.offset, 0u);
  EXPECT_EQ(b.size, 2 * c);
  free_list(0);
  ASSERT_EQ(alloc(0, 8 * c, 8 * c, c, 0, 0), 0);
  EXPECT_EQ(ops().get_buddy(runner_->mm(), 0, 0, &b), -1) << "a root has no buddy";
}

TEST_P(Buddy, PrintShowsTotalsEveryOrderAndBlockRanges) {
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(2 * kMiB, c), 0);
  ASSERT_EQ(alloc(0, 8 * c, 8 * c, c, 0, 0), 0);
  std::string text;
  auto sink = [](void* ctx, const char* s) { *static_cast<std::string*>(ctx) += s; };
  ASSERT_EQ(ops().print(runner_->mm(), sink, &text), 0);
  EXPECT_NE(text.find("chunk_size: 4KiB, total: 2MiB"), std::string::npos) << text;
  EXPECT_NE(text.find("order- 0"), std::string::npos) << text;
  EXPECT_NE(text.find("order- 9"), std::string::npos) << text;
  text.clear();
  ASSERT_EQ(ops().block_print(runner_->mm(), 0, 0, sink, &text), 0);
  EXPECT_NE(text.find("-0x0000000000008000: 32768"), std::string::npos) << text;
}

TEST_P(Buddy, InjectedFailureAtEveryAllocationPointChangesNothing) {
  const uint64_t c = 4 * kKiB;
  struct Case {
    BuddyOp op;
    const char* what;
  };
  const uint64_t m = 64 * c;
  std::vector<Case> cases = {
      {alloc_op(0, m, 5 * c, c, 0, 5), "plain"},
      {alloc_op(0, m, 5 * c, c, TD, 5), "topdown"},
      {alloc_op(3 * c, 29 * c, 9 * c, c, R, 5), "range"},
      {alloc_op(0, m, 5 * c, c, CG, 5), "contiguous"},
      {alloc_op(0, m, 17 * c, c, CG, 5), "contiguous, try harder"},
      {alloc_op(18 * c, 30 * c, 12 * c, c, 0, 5), "exact"},
      {alloc_op(0, m, 3 * c, c, CL, 5), "clear"},
      {alloc_op(0, m, 6 * c, 4 * c, 0, 5), "rounded and trimmed"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.what);
    ASSERT_EQ(init(m, c), 0);
    // Fragment: chunks 16, 40 and 41 taken; 32..39 freed clear.
    ASSERT_EQ(alloc(16 * c, 17 * c, c, c, 0, 1), 0);
    ASSERT_EQ(alloc(32 * c, 40 * c, 8 * c, c, 0, 2), 0);
    ASSERT_EQ(alloc(40 * c, 42 * c, 2 * c, c, 0, 1), 0);
    free_list(2, CLD);
    for (uint32_t n = 1;; n++) {
      BuddyOp op = k.op;
      op.fail_at = n;
      int ret = step(op);
      if (runner_->log().back().find("(injected)") == std::string::npos) {
        EXPECT_EQ(ret, 0) << "every allocation point was failed once";
        break;
      }
      ASSERT_TRUE(ret == kENOMEM || ret == 0 || ret == kENOSPC) << ret;
      free_list(5);
      ASSERT_LT(n, 200u);
    }
    runner_->finish();
  }
  ASSERT_EQ(init(16 * c, c), 0);
  ASSERT_EQ(alloc(8 * c, c, 0, 0), 0);
  for (uint32_t n = 1; n < 40; n++) {
    uint64_t s = 3 * c;
    BuddyOp op = trim_op(0, n % 2 ? &s : nullptr, 3 * c);
    op.fail_at = n;
    int ret = step(op);
    ASSERT_TRUE(ret == 0 || ret == kENOMEM) << ret;
    if (ret == 0) break;
  }
}

TEST_P(Buddy, NoLeakAfterFini) {
  const uint64_t live = ops().slab_live();
  const uint64_t c = 4 * kKiB;
  ASSERT_EQ(init(100 * c, c), 0);
  ASSERT_EQ(alloc(37 * c, c, 0, 0), 0);
  ASSERT_EQ(alloc(9 * c, c, CG, 1), 0);
  runner_->finish();  // frees every list, fini, LEAK check
  EXPECT_TRUE(runner_->findings().empty()) << findings_text(runner_->findings());
  EXPECT_EQ(ops().slab_live(), live);
}

TEST_P(Buddy, SeededRandomWalksMatchTheModel) {
  uint64_t s = std::random_device{}();
  if (const char* env = std::getenv("SVM_BUDDY_SEED")) s = std::stoull(env);
  std::printf("buddy random walk seed: %llu (replay with SVM_BUDDY_SEED=%llu)\n", static_cast<unsigned long long>(s),
              static_cast<unsigned long long>(s));
  for (int i = 0; i < 40; i++) {
    auto seq = random_buddy_ops(s + i, 60);
    auto res = run_buddy_ops(ops(), seq);
    ASSERT_TRUE(res.findings.empty()) << "seed " << s << "+" << i << ":\n" << findings_text(res.findings);
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, Buddy, ::testing::ValuesIn(buddy_variants()), variant_name);

}  // namespace
}  // namespace svm::test
