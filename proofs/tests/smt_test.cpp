// SPDX-License-Identifier: MIT
// proofs/smt: Ackermann's reduction of read-only arrays, the bit-blasting solver.
#include <gtest/gtest.h>

#include "proofs/smt/smt.hpp"

namespace {

using smt::Expr;

smt::Result check(const std::vector<Expr>& fs) {
  smt::Solver s(10000);
  for (auto& f : fs) s.add(f);
  return s.check();
}

TEST(Ackermannize, KeepsCongruence) {
  Expr a = Expr::array_var("ackr_a", 64, 32), i = Expr::var("ackr_i", 64), j = Expr::var("ackr_j", 64);
  std::vector<Expr> f{a.select(i) != a.select(j), i == j};
  auto out = smt::ackermannize(f, {a});
  EXPECT_EQ(check(out), smt::Result::Unsat);
  for (auto& e : out) EXPECT_TRUE(smt::select_indices(e, {a}).empty()) << e.str();
  // Different indices may hold different values.
  EXPECT_EQ(check(smt::ackermannize({a.select(i) != a.select(j)}, {a})), smt::Result::Sat);
}

TEST(Ackermannize, NestedReadsAndBools) {
  Expr a = Expr::array_var("ackr_na", 64, 0), b = Expr::array_var("ackr_nb", 64, 64);
  Expr i = Expr::var("ackr_ni", 64), j = Expr::var("ackr_nj", 64);
  // a[b[i]] and a[b[j]] agree when i == j (the inner reads first).
  std::vector<Expr> f{a.select(b.select(i)) != a.select(b.select(j)), i == j};
  auto out = smt::ackermannize(f, {a, b});
  EXPECT_EQ(check(out), smt::Result::Unsat);
  for (auto& e : out) EXPECT_TRUE(smt::select_indices(e, {a, b}).empty()) << e.str();
  EXPECT_EQ(check(smt::ackermannize({a.select(b.select(i)) != a.select(b.select(j)), b.select(i) == b.select(j)}, {a, b})),
            smt::Result::Unsat);
}

TEST(Ackermannize, OtherArraysUntouched) {
  Expr a = Expr::array_var("ackr_oa", 64, 8), c = Expr::array_var("ackr_oc", 64, 8), i = Expr::var("ackr_oi", 64);
  Expr stored = c.store(i, Expr::bv(7, 8));
  auto out = smt::ackermannize({stored.select(i) != Expr::bv(7, 8), a.select(i) == Expr::bv(1, 8)}, {a});
  EXPECT_EQ(check(out), smt::Result::Unsat);  // the store's read still has its theory
  EXPECT_FALSE(smt::select_indices(out[0], {stored}).empty());
}

}  // namespace

// The bit-blasting solver: the same answers as the default one on pure
// bit-vectors (a model when sat), and Z3's SMT core on anything else.
smt::Result check_bb(const std::vector<Expr>& fs, smt::Model* m = nullptr) {
  smt::Solver s(10000, smt::Solver::Tactic::kBitBlast);
  for (auto& f : fs) s.add(f);
  smt::Result r = s.check();
  if (m && r == smt::Result::Sat) *m = s.model();
  return r;
}

TEST(BitBlast, AnswersLikeTheDefault) {
  Expr x = Expr::var("bb_x", 64), y = Expr::var("bb_y", 64);
  // x * 2^21 == y * 2^21 + 2^21 with y + 1 == x: valid, so its negation is unsat.
  Expr page = Expr::bv(1u << 21, 64);
  std::vector<Expr> valid{y + Expr::bv(1, 64) == x, (x * page) != (y * page + page)};
  EXPECT_EQ(check_bb(valid), smt::Result::Unsat);
  EXPECT_EQ(check(valid), smt::Result::Unsat);
  smt::Model m;
  ASSERT_EQ(check_bb({x.ult(y), y.ult(Expr::bv(3, 64)), x != Expr::bv(0, 64)}, &m), smt::Result::Sat);
  EXPECT_EQ(m.u64(x), 1u);
  EXPECT_EQ(m.u64(y), 2u);
}

TEST(BitBlast, ArraysGoToTheSmtCore) {
  Expr a = Expr::array_var("bb_a", 64, 32), i = Expr::var("bb_i", 64), j = Expr::var("bb_j", 64);
  EXPECT_EQ(check_bb({a.select(i) != a.select(j), i == j}), smt::Result::Unsat);
  EXPECT_EQ(check_bb({a.select(i) != a.select(j)}), smt::Result::Sat);
}
