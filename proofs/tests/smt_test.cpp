// SPDX-License-Identifier: MIT
// proofs/smt: Ackermann's reduction of read-only arrays, the bit-blasting solver,
// quantifiers by instantiation, arrays eliminated by read over write; tasks
// in child processes (children::run), as the portfolio and --parallel use them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <stdexcept>

#include "proofs/smt/children.hpp"
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

namespace {

// Each formula of text (SMT-LIB 2 assertions) over the given names.
std::vector<Expr> parse(const std::string& text, const std::vector<std::pair<std::string, Expr>>& names) {
  return smt::parse_assertions(text, names);
}

bool has_array(const std::vector<Expr>& fs) {
  for (auto& f : fs)
    for (auto& c : smt::free_constants(f))
      if (c.is_array()) return true;
  return false;
}

}  // namespace

TEST(Quantifiers, SkolemizeGivesTheBodyAtFreshConstants) {
  Expr a = Expr::array_var("q_sa", 64, 64);
  auto f = parse("(assert (forall ((x (_ BitVec 64))) (= (select a x) #x0000000000000000)))", {{"a", a}});
  ASSERT_EQ(f.size(), 1u);
  std::vector<Expr> sk;
  Expr body = smt::skolemize(f[0], sk);
  ASSERT_EQ(sk.size(), 1u);
  EXPECT_TRUE(body.same(a.select(sk[0]) == Expr::bv(0, 64))) << body.str();
  // Not (forall ...) is satisfiable exactly when not (its body at the skolem) is.
  EXPECT_EQ(check({!body}), smt::Result::Sat);
  EXPECT_EQ(check({!body, a == Expr::const_array(64, Expr::bv(0, 64))}), smt::Result::Unsat);
  // A formula without a quantifier comes back as is.
  Expr plain = a.select(Expr::bv(1, 64)) == Expr::bv(2, 64);
  EXPECT_TRUE(smt::skolemize(plain, sk).same(plain));
  EXPECT_EQ(sk.size(), 1u);
}

TEST(Quantifiers, InstancesAtTheReadAndStoreIndicesAndTheGivenTerms) {
  Expr a = Expr::array_var("q_ia", 64, 64), b = Expr::array_var("q_ib", 64, 64);
  Expr i = Expr::var("q_ii", 64), sk = Expr::var("q_isk", 64);
  // The frame of a loop: a and b agree from i on; a store below i keeps it at sk.
  auto frame = parse("(assert (forall ((x (_ BitVec 64))) (=> (bvuge x i) (= (select a x) (select b x)))))",
                     {{"a", a}, {"b", b}, {"i", i}});
  Expr after = a.store(i - Expr::bv(1, 64), Expr::bv(5, 64));
  std::vector<Expr> q{frame[0], i.ugt(Expr::bv(0, 64)), sk.uge(i), after.select(sk) != b.select(sk)};
  auto inst = smt::instantiate_foralls(q, {sk});
  EXPECT_EQ(inst.size(), 3u + 2u);  // the three ground facts; instances at sk (given and read) and i - 1 (stored to)
  for (auto& f : inst) EXPECT_EQ(f.str().find("forall"), std::string::npos) << f.str();
  EXPECT_EQ(check(inst), smt::Result::Unsat);
  // Conjunctions are entered: the same with the frame inside an and.
  EXPECT_EQ(check(smt::instantiate_foralls({frame[0] & q[1], q[2] & q[3]}, {})), smt::Result::Unsat);
}

TEST(Quantifiers, UnderAnImplicationTheInstancesKeepItsAntecedent) {
  Expr a = Expr::array_var("q_ga", 64, 64), i = Expr::var("q_gi", 64), sel = Expr::var("q_gsel", 0);
  auto zero = parse("(assert (forall ((x (_ BitVec 64))) (= (select a x) #x0000000000000000)))", {{"a", a}});
  Expr claim = a.select(i) != Expr::bv(0, 64);
  // sel => (i < 9 and forall ...): the instance at i holds only under sel.
  std::vector<Expr> q{sel.implies(i.ult(Expr::bv(9, 64)) & zero[0]), claim};
  auto inst = smt::instantiate_foralls(q, {});
  for (auto& f : inst) EXPECT_EQ(f.str().find("forall"), std::string::npos) << f.str();
  EXPECT_EQ(check(inst), smt::Result::Sat);  // sel false
  inst.push_back(sel);
  EXPECT_EQ(check(inst), smt::Result::Unsat);
}

TEST(Quantifiers, FewerInstancesOnlyWeaken) {
  Expr k = Expr::var("q_wk", 64);
  auto never = parse("(assert (forall ((x (_ BitVec 64))) (distinct x k)))", {{"k", k}});
  // At k the premise is false; with no term to instantiate at it is dropped.
  EXPECT_EQ(check(smt::instantiate_foralls({never[0]}, {k})), smt::Result::Unsat);
  EXPECT_EQ(check(smt::instantiate_foralls({never[0]}, {})), smt::Result::Sat);
}

TEST(Quantifiers, TuplesForSeveralVariables) {
  Expr a = Expr::array_var("q_ta", 64, 8), i = Expr::var("q_ti", 64), j = Expr::var("q_tj", 64);
  auto same = parse("(assert (forall ((x (_ BitVec 64)) (y (_ BitVec 64))) (= (select a x) (select a y))))", {{"a", a}});
  std::vector<Expr> q{same[0], a.select(i) != a.select(j)};
  auto inst = smt::instantiate_foralls(q, {});
  EXPECT_EQ(inst.size(), 1u + 4u);  // (i, i), (i, j), (j, i), (j, j)
  EXPECT_EQ(check(inst), smt::Result::Unsat);
}

TEST(Quantifiers, NoQuantifierNoChange) {
  Expr x = Expr::var("q_nx", 64);
  std::vector<Expr> q{x.ugt(Expr::bv(1, 64)) & x.ult(Expr::bv(3, 64))};
  auto out = smt::instantiate_foralls(q, {x});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].same(q[0]));
}

TEST(EliminateArrays, ReadOverWrite) {
  Expr a = Expr::array_var("ea_a", 64, 32), i = Expr::var("ea_i", 64), j = Expr::var("ea_j", 64);
  Expr five = Expr::bv(5, 32);
  Expr st = a.store(i, five);
  auto elim = [](const std::vector<Expr>& fs) {
    auto out = smt::eliminate_arrays(fs);
    EXPECT_TRUE(out.has_value());
    EXPECT_FALSE(out && has_array(*out));
    return out.value_or(fs);
  };
  EXPECT_EQ(check(elim({st.select(j) != five, i == j})), smt::Result::Unsat);
  EXPECT_EQ(check(elim({st.select(j) != a.select(j), i != j})), smt::Result::Unsat);
  EXPECT_EQ(check(elim({st.select(j) != a.select(j)})), smt::Result::Sat);
  // Reads of the array left keep their congruence (Ackermann).
  EXPECT_EQ(check(elim({a.select(i) != a.select(j), i == j})), smt::Result::Unsat);
  // Through an if-then-else of arrays and a constant array.
  Expr c = Expr::var("ea_c", 0);
  Expr pick = smt::ite(c, st, Expr::const_array(64, Expr::bv(1, 32)));
  EXPECT_EQ(check(elim({pick.select(j) != five, pick.select(j) != Expr::bv(1, 32)})), smt::Result::Sat);
  EXPECT_EQ(check(elim({pick.select(i) != five, pick.select(i) != Expr::bv(1, 32)})), smt::Result::Unsat);
  // The bit-blasting solver takes the result (no arrays left).
  EXPECT_EQ(check_bb(elim({st.select(j) != five, i == j})), smt::Result::Unsat);
}

TEST(EliminateArrays, RefusesWhatNeedsTheTheory) {
  Expr a = Expr::array_var("ea_ra", 64, 32), b = Expr::array_var("ea_rb", 64, 32), i = Expr::var("ea_ri", 64);
  EXPECT_FALSE(smt::eliminate_arrays({a == b, a.select(i) == Expr::bv(1, 32)}).has_value());
  EXPECT_FALSE(smt::eliminate_arrays({a.store(i, Expr::bv(1, 32)) == b}).has_value());
  auto q = parse("(assert (forall ((x (_ BitVec 64))) (= (select a x) #x00000000)))", {{"a", a}});
  EXPECT_FALSE(smt::eliminate_arrays(q).has_value());
}

TEST(IncrementalBitBlast, ChecksUnderAssumptions) {
  Expr x = Expr::var("ib_x", 64), f1 = Expr::var("ib_f1", 0), f2 = Expr::var("ib_f2", 0);
  smt::Solver s(10000, smt::Solver::Tactic::kIncrementalBitBlast);
  s.add(x.ult(Expr::bv(10, 64)));
  s.add(f1.implies(x.ugt(Expr::bv(20, 64))));  // impossible under the bound
  s.add(f2.implies(x * Expr::bv(3, 64) == Expr::bv(27, 64)));
  EXPECT_EQ(s.check({f1}), smt::Result::Unsat);
  ASSERT_EQ(s.check({f2}), smt::Result::Sat);
  EXPECT_EQ(s.model().u64(x), 9u);
  EXPECT_EQ(s.check({f1, f2}), smt::Result::Unsat);
  EXPECT_EQ(s.check({f2}), smt::Result::Sat);  // the earlier unsat did not stick
}

TEST(Children, EachTaskAnswersInItsOwnProcess) {
  std::map<size_t, std::string> got;
  pid_t parent = getpid();
  children::run(
      5, 2, [&](size_t i) { return std::to_string(i * i) + (getpid() == parent ? " here" : " child"); },
      [&](size_t i, const children::Ended& e) {
        EXPECT_TRUE(e.answer.has_value()) << e.why;
        got[i] = e.answer.value_or("");
        return false;
      });
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 0; i < 5; i++) EXPECT_EQ(got[i], std::to_string(i * i) + " child");
}

TEST(Children, AKilledOrThrowingTaskSaysWhy) {
  std::map<size_t, children::Ended> got;
  children::run(
      3, 3,
      [](size_t i) -> std::string {
        if (i == 0) raise(SIGKILL);
        if (i == 1) throw std::runtime_error("no encoding");
        return "fine";
      },
      [&](size_t i, const children::Ended& e) {
        got[i] = e;
        return false;
      });
  ASSERT_EQ(got.size(), 3u);
  EXPECT_FALSE(got[0].answer.has_value());
  EXPECT_NE(got[0].why.find("signal 9"), std::string::npos) << got[0].why;
  EXPECT_FALSE(got[1].answer.has_value());
  EXPECT_EQ(got[1].why, "no encoding");
  EXPECT_EQ(got[2].answer.value_or(""), "fine");
}

TEST(Children, DoneStopsTheRest) {
  std::vector<size_t> ended;
  children::run(
      6, 1, [](size_t i) { return std::to_string(i); },
      [&](size_t i, const children::Ended&) {
        ended.push_back(i);
        return i == 2;  // the winner: no more tasks start
      });
  EXPECT_EQ(ended, (std::vector<size_t>{0, 1, 2}));
}

TEST(Children, TheDeadlineKillsWhatStillRuns) {
  std::map<size_t, children::Ended> got;
  children::run(
      2, 2,
      [](size_t i) {
        if (i == 1) pause();  // never answers
        return std::string("quick");
      },
      [&](size_t i, const children::Ended& e) {
        got[i] = e;
        return false;
      },
      std::chrono::steady_clock::now() + std::chrono::milliseconds(1500));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].answer.value_or(""), "quick");
  EXPECT_FALSE(got[1].answer.has_value());
  EXPECT_EQ(got[1].why, "did not answer in time");
}

TEST(Children, PackRoundTripsAndRefusesTruncation) {
  std::vector<std::string> parts{"", "a\nb", std::string(70000, 'x'), "3\n"};
  std::string packed = children::pack(parts);
  EXPECT_EQ(children::unpack(packed), parts);
  EXPECT_FALSE(children::unpack(packed.substr(0, packed.size() - 1)).has_value());
  EXPECT_FALSE(children::unpack("x\nabc").has_value());
  EXPECT_EQ(children::unpack(""), std::vector<std::string>{});
}
