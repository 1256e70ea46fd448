// SPDX-License-Identifier: MIT
// The buddy oracle can fail: each invariant and each model property is
// shown firing on a state or an outcome that breaks it (states taken from
// the real allocator, then corrupted or paired with a wrong outcome).
#include <gtest/gtest.h>

#include <algorithm>

#include "model/buddy_runner.hpp"
#include "tests/buddy/buddy_fixture.hpp"

namespace svm::test {
namespace {

constexpr uint64_t C = 4096;

bool has(const std::vector<Finding>& fs, Prop p) {
  return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.prop == p; });
}

const svm_buddy_ops& ours() {
  const svm_buddy_variant* v = svm_buddy_variant_find("ours");
  EXPECT_NE(v, nullptr);
  return *v->ops;
}

BuddyOp init_op(uint64_t size) { return test::init_op(size, C); }

BuddyOp alloc_op(uint64_t start, uint64_t end, uint64_t size, uint32_t flags) {
  return test::alloc_op(start, end, size, C, flags);
}

// A real allocator with two chunks taken at 0 and 1 and chunks 2-3 freed
// clear, plus a model that has only seen the init.
struct Rig {
  BuddyRunner r{ours()};
  BuddyModel m;
  BuddySnapshot fresh;
  Rig() {
    r.apply(init_op(8 * C));
    fresh = r.snapshot();
    BuddyObserved obs;
    obs.after = fresh;
    obs.lists_after.resize(SVM_BUDDY_LISTS);
    std::vector<Finding> out, adv;
    m.step(init_op(8 * C), obs, out, adv);
    EXPECT_TRUE(out.empty()) << findings_text(out);
    r.apply(alloc_op(0, 2 * C, 2 * C, 0));
  }
  BuddyObserved observed(int ret) {
    BuddyObserved obs;
    obs.ret = ret;
    obs.before = fresh;
    obs.after = r.snapshot();
    for (uint32_t l = 0; l < SVM_BUDDY_LISTS; l++) obs.lists_after.push_back(r.list(l));
    return obs;
  }
  std::vector<Finding> step(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>* adv = nullptr) {
    std::vector<Finding> out, a;
    m.step(op, obs, out, a);
    if (adv) *adv = a;
    return out;
  }
};

TEST(BuddyOracle, TheRealStateIsClean) {
  Rig rig;
  EXPECT_TRUE(check_buddy_invariants(rig.r.snapshot()).empty());
  EXPECT_TRUE(rig.r.findings().empty()) << findings_text(rig.r.findings());
}

TEST(BuddyOracle, ShapeFiresOnAMisalignedBlock) {
  Rig rig;
  auto s = rig.r.snapshot();
  s.nodes.back().blk.offset += C / 2;
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyShape));
}

TEST(BuddyOracle, ShapeFiresOnAWrongRootLayout) {
  Rig rig;
  auto s = rig.r.snapshot();
  s.mm.n_roots = 2;
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyShape));
}

TEST(BuddyOracle, PartitionFiresOnAFreeBlockMissingFromTheFreeLists) {
  Rig rig;
  auto s = rig.r.snapshot();
  ASSERT_FALSE(s.free.empty());
  s.free.pop_back();
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyPartition));
}

TEST(BuddyOracle, PartitionFiresOnALostLeaf) {
  Rig rig;
  auto s = rig.r.snapshot();
  auto last_leaf = std::find_if(s.nodes.rbegin(), s.nodes.rend(), [](const auto& n) { return n.blk.state == SVM_BUDDY_STATE_ALLOCATED; });
  ASSERT_NE(last_leaf, s.nodes.rend());
  s.nodes.erase(std::next(last_leaf).base());
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyPartition));
}

TEST(BuddyOracle, AccountFiresOnAWrongAvail) {
  Rig rig;
  auto s = rig.r.snapshot();
  s.mm.avail += C;
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyAccount));
  s = rig.r.snapshot();
  s.mm.clear_avail += C;
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyAccount));
}

TEST(BuddyOracle, MergedFiresOnTwoFreeBuddiesOfOneState) {
  BuddyRunner r(ours());
  r.apply(init_op(2 * C));
  r.apply(alloc_op(0, C, C, 0));
  BuddyOp second = alloc_op(C, 2 * C, C, 0);
  second.list = 1;
  r.apply(second);
  BuddyOp fl;
  fl.kind = BuddyOpKind::FreeList;
  fl.flags = SVM_BUDDY_CLEARED;
  r.apply(fl);
  fl.list = 1;
  fl.flags = 0;
  r.apply(fl);
  ASSERT_TRUE(r.findings().empty()) << findings_text(r.findings());
  auto s = r.snapshot();
  ASSERT_EQ(s.nodes.size(), 3u) << "a clear and a dirty buddy";
  EXPECT_FALSE(has(check_buddy_invariants(s), Prop::BuddyMerged));
  s.nodes[1].blk.clear = s.nodes[2].blk.clear;
  EXPECT_TRUE(has(check_buddy_invariants(s), Prop::BuddyMerged));
}

TEST(BuddyOracle, ErrnoFiresOnAnAcceptedBadArgument) {
  BuddyModel m;
  BuddyOp bad = init_op(8 * C);
  bad.min_block = 3 * C;
  BuddyObserved obs;  // ret 0: accepted
  std::vector<Finding> out, adv;
  m.step(bad, obs, out, adv);
  EXPECT_TRUE(has(out, Prop::BuddyErrno));
  Rig rig;
  auto o = rig.observed(0);
  EXPECT_TRUE(has(rig.step(alloc_op(0, 8 * C, C / 2, 0), o), Prop::BuddyErrno));
}

TEST(BuddyOracle, AtomicFiresWhenAFailedCallKeptSomething) {
  Rig rig;
  // The allocator holds two chunks; claim the call that took them failed.
  EXPECT_TRUE(has(rig.step(alloc_op(0, 8 * C, 2 * C, 0), rig.observed(-28)), Prop::BuddyAtomic));
}

TEST(BuddyOracle, ResultFiresOnBlocksOutsideTheRange) {
  Rig rig;
  // The blocks at [0, 2) answer a RANGE request for [4, 8).
  EXPECT_TRUE(has(rig.step(alloc_op(4 * C, 8 * C, 2 * C, SVM_BUDDY_RANGE), rig.observed(0)), Prop::BuddyResult));
}

TEST(BuddyOracle, ResultFiresOnAWrongTotal) {
  Rig rig;
  EXPECT_TRUE(has(rig.step(alloc_op(0, 8 * C, 3 * C, 0), rig.observed(0)), Prop::BuddyResult));
}

TEST(BuddyOracle, ClearFiresOnAClearBlockOverDirtyBytes) {
  Rig rig;
  auto obs = rig.observed(0);
  obs.lists_after[0][0].clear = true;
  EXPECT_TRUE(has(rig.step(alloc_op(0, 8 * C, 2 * C, 0), obs), Prop::BuddyClear));
}

TEST(BuddyOracle, FitIsAdvisoryOnRefusedSpace) {
  Rig rig;
  BuddyObserved obs;
  obs.ret = -28;
  obs.before = rig.fresh;
  obs.after = rig.fresh;
  obs.lists_after.resize(SVM_BUDDY_LISTS);
  std::vector<Finding> adv;
  auto out = rig.step(alloc_op(0, 8 * C, 2 * C, 0), obs, &adv);
  EXPECT_TRUE(out.empty()) << findings_text(out);
  EXPECT_TRUE(has(adv, Prop::BuddyFit));
  EXPECT_TRUE(info(Prop::BuddyFit).advisory);
}

}  // namespace
}  // namespace svm::test
