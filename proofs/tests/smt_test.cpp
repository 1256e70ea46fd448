// SPDX-License-Identifier: MIT
// proofs/smt: Ackermann's reduction of read-only arrays.
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
