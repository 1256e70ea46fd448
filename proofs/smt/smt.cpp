// SPDX-License-Identifier: MIT
// The Z3 side of smt.hpp (z3++ and the C API; nothing outside proofs/smt/
// includes a Z3 header).
#include "proofs/smt/smt.hpp"

#include "proofs/smt/children.hpp"

#include <cstdlib>
#include <z3++.h>
#include <z3_spacer.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace smt {
namespace {

z3::context& ctx() {
  static z3::context c;
  return c;
}

Z3_context zc() { return ctx(); }

z3::expr ex(const Expr& e) {
  if (!e.valid()) throw Error("smt: use of an empty expression");
  return z3::expr(ctx(), reinterpret_cast<Z3_ast>(e.raw()));
}

Expr wrap(const z3::expr& e) { return Expr::wrap(reinterpret_cast<_Z3_ast*>(static_cast<Z3_ast>(e))); }

template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const z3::exception& e) {
    throw Error(std::string("z3: ") + e.msg());
  }
}

z3::sort sort_of(unsigned w) { return w ? ctx().bv_sort(w) : ctx().bool_sort(); }

}  // namespace

Expr Expr::wrap(_Z3_ast* a) {
  Expr e;
  e.ast_ = a;
  if (a) Z3_inc_ref(zc(), reinterpret_cast<Z3_ast>(a));
  return e;
}

Expr::Expr(const Expr& o) : ast_(o.ast_) {
  if (ast_) Z3_inc_ref(zc(), reinterpret_cast<Z3_ast>(ast_));
}

Expr& Expr::operator=(const Expr& o) {
  if (o.ast_) Z3_inc_ref(zc(), reinterpret_cast<Z3_ast>(o.ast_));
  if (ast_) Z3_dec_ref(zc(), reinterpret_cast<Z3_ast>(ast_));
  ast_ = o.ast_;
  return *this;
}

Expr& Expr::operator=(Expr&& o) noexcept {
  if (this != &o) {
    if (ast_) Z3_dec_ref(zc(), reinterpret_cast<Z3_ast>(ast_));
    ast_ = std::exchange(o.ast_, nullptr);
  }
  return *this;
}

Expr::~Expr() {
  if (ast_) Z3_dec_ref(zc(), reinterpret_cast<Z3_ast>(ast_));
}

Expr Expr::boolean(bool b) { return wrap(ctx().bool_val(b)); }
Expr Expr::bv(uint64_t v, unsigned w) {
  return guarded([&] { return smt::wrap(ctx().bv_val(static_cast<uint64_t>(v), w)); });
}
Expr Expr::var(const std::string& n, unsigned w) { return smt::wrap(ctx().constant(n.c_str(), sort_of(w))); }
Expr Expr::fresh(const std::string& prefix, unsigned w) {
  static std::atomic<unsigned long> next{0};
  return var(prefix + "!" + std::to_string(next++), w);
}
Expr Expr::const_array(unsigned iw, const Expr& v) {
  return smt::wrap(z3::const_array(ctx().bv_sort(iw), ex(v)));
}

Expr Expr::array_var(const std::string& n, unsigned iw, unsigned vw) {
  return guarded([&] { return smt::wrap(ctx().constant(n.c_str(), ctx().array_sort(ctx().bv_sort(iw), sort_of(vw)))); });
}
Expr Expr::fresh_like(const std::string& prefix, const Expr& proto) {
  static std::atomic<unsigned long> next{0};
  std::string n = prefix + "!" + std::to_string(next++);
  return guarded([&] { return smt::wrap(ctx().constant(n.c_str(), ex(proto).get_sort())); });
}

bool Expr::is_bool() const { return ex(*this).is_bool(); }
bool Expr::is_array() const { return ex(*this).is_array(); }
unsigned Expr::width() const {
  auto e = ex(*this);
  return e.is_bv() ? e.get_sort().bv_size() : 0;
}
unsigned Expr::id() const { return Z3_get_ast_id(zc(), reinterpret_cast<Z3_ast>(ast_)); }

std::optional<uint64_t> Expr::as_u64() const {
  auto e = ex(*this);
  uint64_t v;
  if (e.is_numeral() && e.is_bv() && e.get_sort().bv_size() <= 64 &&
      Z3_get_numeral_uint64(zc(), e, &v))
    return v;
  return std::nullopt;
}
std::optional<bool> Expr::as_bool() const {
  auto e = ex(*this);
  if (e.is_true()) return true;
  if (e.is_false()) return false;
  return std::nullopt;
}
Expr Expr::simplify() const { return smt::wrap(ex(*this).simplify()); }
std::string Expr::str() const { return ex(*this).to_string(); }

#define SMT_BINOP(NAME, OP) \
  Expr Expr::NAME(const Expr& o) const { return guarded([&] { return smt::wrap(OP); }); }
SMT_BINOP(operator+, ex(*this) + ex(o))
SMT_BINOP(operator-, ex(*this) - ex(o))
SMT_BINOP(operator*, ex(*this) * ex(o))
SMT_BINOP(udiv, z3::udiv(ex(*this), ex(o)))
SMT_BINOP(urem, z3::urem(ex(*this), ex(o)))
SMT_BINOP(sdiv, ex(*this) / ex(o))
SMT_BINOP(srem, z3::srem(ex(*this), ex(o)))
SMT_BINOP(shl, z3::shl(ex(*this), ex(o)))
SMT_BINOP(lshr, z3::lshr(ex(*this), ex(o)))
SMT_BINOP(ashr, z3::ashr(ex(*this), ex(o)))
SMT_BINOP(operator==, ex(*this) == ex(o))
SMT_BINOP(operator!=, ex(*this) != ex(o))
SMT_BINOP(ult, z3::ult(ex(*this), ex(o)))
SMT_BINOP(ule, z3::ule(ex(*this), ex(o)))
SMT_BINOP(slt, ex(*this) < ex(o))
SMT_BINOP(sle, ex(*this) <= ex(o))
SMT_BINOP(implies, z3::implies(ex(*this), ex(o)))
SMT_BINOP(select, z3::select(ex(*this), ex(o)))
SMT_BINOP(concat, z3::concat(ex(*this), ex(o)))
#undef SMT_BINOP

Expr Expr::operator&(const Expr& o) const {
  return guarded([&] { return smt::wrap(is_bool() ? (ex(*this) && ex(o)) : (ex(*this) & ex(o))); });
}
Expr Expr::operator|(const Expr& o) const {
  return guarded([&] { return smt::wrap(is_bool() ? (ex(*this) || ex(o)) : (ex(*this) | ex(o))); });
}
Expr Expr::operator^(const Expr& o) const {
  return guarded([&] { return smt::wrap(is_bool() ? (ex(*this) != ex(o)) : (ex(*this) ^ ex(o))); });
}
Expr Expr::operator~() const {
  return guarded([&] { return smt::wrap(is_bool() ? !ex(*this) : ~ex(*this)); });
}
Expr Expr::neg() const { return guarded([&] { return smt::wrap(-ex(*this)); }); }
Expr Expr::zext(unsigned to) const {
  unsigned w = width();
  if (to == w) return *this;
  return guarded([&] { return smt::wrap(z3::zext(ex(*this), to - w)); });
}
Expr Expr::sext(unsigned to) const {
  unsigned w = width();
  if (to == w) return *this;
  return guarded([&] { return smt::wrap(z3::sext(ex(*this), to - w)); });
}
Expr Expr::extract(unsigned hi, unsigned lo) const {
  return guarded([&] { return smt::wrap(ex(*this).extract(hi, lo)); });
}
Expr Expr::resize(unsigned to) const {
  unsigned w = width();
  return to >= w ? zext(to) : trunc(to);
}
Expr Expr::store(const Expr& i, const Expr& v) const {
  return guarded([&] { return smt::wrap(z3::store(ex(*this), ex(i), ex(v))); });
}
Expr Expr::to_bv(unsigned w) const { return ite(*this, bv(1, w), bv(0, w)); }

Expr Expr::substitute(const std::vector<Expr>& from, const std::vector<Expr>& to) const {
  z3::expr_vector f(ctx()), t(ctx());
  for (auto& e : from) f.push_back(ex(e));
  for (auto& e : to) t.push_back(ex(e));
  return guarded([&] { return smt::wrap(ex(*this).substitute(f, t)); });
}

Expr ite(const Expr& c, const Expr& a, const Expr& b) {
  if (a.same(b)) return a;
  if (c.is_true()) return a;
  if (c.is_false()) return b;
  return guarded([&] { return wrap(z3::ite(ex(c), ex(a), ex(b))); });
}

Expr all_of(const std::vector<Expr>& xs) {
  z3::expr_vector v(ctx());
  for (auto& x : xs)
    if (!x.is_true()) v.push_back(ex(x));
  if (v.empty()) return Expr::boolean(true);
  return v.size() == 1 ? wrap(v[0]) : wrap(z3::mk_and(v));
}

Expr any_of(const std::vector<Expr>& xs) {
  z3::expr_vector v(ctx());
  for (auto& x : xs)
    if (!x.is_false()) v.push_back(ex(x));
  if (v.empty()) return Expr::boolean(false);
  return v.size() == 1 ? wrap(v[0]) : wrap(z3::mk_or(v));
}

Expr count(const std::vector<Expr>& xs, unsigned w) {
  Expr s = Expr::bv(0, w);
  for (auto& x : xs) s = s + x.to_bv(w);
  return s;
}

const char* name(Result r) {
  switch (r) {
    case Result::Sat: return "sat";
    case Result::Unsat: return "unsat";
    default: return "unknown";
  }
}

struct Model::Impl {
  z3::model m;
};

Expr Model::eval(const Expr& e) const { return guarded([&] { return wrap(impl_->m.eval(ex(e), true)); }); }
uint64_t Model::u64(const Expr& e) const {
  auto v = eval(e).as_u64();
  if (!v) throw Error("smt: model value is not a numeral: " + e.str());
  return *v;
}
int64_t Model::s64(const Expr& e) const {
  unsigned w = e.width();
  uint64_t v = u64(e);
  if (w < 64 && (v >> (w - 1)) & 1) v |= ~uint64_t{0} << w;
  return static_cast<int64_t>(v);
}
bool Model::boolean(const Expr& e) const {
  auto v = eval(e).as_bool();
  if (!v) throw Error("smt: model value is not a Boolean: " + e.str());
  return *v;
}

struct Solver::Impl {
  z3::solver s{ctx()};
};

Solver::Solver(unsigned timeout_ms, Tactic t) : impl_(std::make_unique<Impl>()) {
  if (t == Tactic::kBitBlast) {
    // Pure bit-vector formulas: simplified, then bit-blasted to SAT; any
    // other logic (arrays, from the system-side cell) goes to Z3's default
    // strategy, which picks one by logic (on the Houdini queries of
    // COPY-ONCE, with arrays, 1-10 s where the bare SMT core gave up at 60 s).
    z3::context& c = ctx();
    z3::tactic bb = z3::tactic(c, "simplify") & z3::tactic(c, "propagate-values") & z3::tactic(c, "solve-eqs") &
                    z3::tactic(c, "elim-uncnstr") & z3::tactic(c, "simplify") & z3::tactic(c, "bit-blast") &
                    z3::tactic(c, "sat");
    z3::tactic chosen = z3::cond(z3::probe(c, "is-qfbv"), bb, z3::tactic(c, "default"));
    impl_->s = (timeout_ms ? z3::try_for(chosen, timeout_ms) : chosen).mk_solver();
    return;
  }
  if (t == Tactic::kIncrementalBitBlast) impl_->s = z3::solver(ctx(), "QF_FD");
  if (timeout_ms) {
    z3::params p(ctx());
    p.set("timeout", timeout_ms);
    impl_->s.set(p);
  }
}
Solver::~Solver() = default;
void Solver::add(const Expr& e) { guarded([&] { impl_->s.add(ex(e)); }); }
void Solver::push() { impl_->s.push(); }
void Solver::pop() { impl_->s.pop(); }

static Result conv(z3::check_result r) {
  return r == z3::sat ? Result::Sat : r == z3::unsat ? Result::Unsat : Result::Unknown;
}
Result Solver::check() { return guarded([&] { return conv(impl_->s.check()); }); }
Result Solver::check(const std::vector<Expr>& as) {
  z3::expr_vector v(ctx());
  for (auto& a : as) v.push_back(ex(a));
  return guarded([&] { return conv(impl_->s.check(v)); });
}
Model Solver::model() const {
  Model m;
  m.impl_ = std::make_shared<Model::Impl>(Model::Impl{impl_->s.get_model()});
  return m;
}
std::string Solver::reason_unknown() const { return impl_->s.reason_unknown(); }

Outcome prove(const std::vector<Expr>& assumptions, const Expr& goal, unsigned timeout_ms) {
  Solver s(timeout_ms);
  for (auto& a : assumptions) s.add(a);
  s.add(!goal);
  Outcome o{s.check(), {}, {}};
  if (o.result == Result::Sat) o.model = s.model();
  if (o.result == Result::Unknown) o.reason = s.reason_unknown();
  return o;
}

struct Horn::Impl {
  z3::fixedpoint fp{ctx()};
  std::vector<z3::func_decl> rels;
  std::string reason;
  // What query() needs to start again on a fresh context (see there).
  z3::params params{ctx()};
  std::vector<std::pair<z3::expr, std::string>> rules;
  unsigned retries = 0;
  unsigned jobs = 1, seed = 0, timeout_ms = 0;
  // A portfolio's answer (from the child that won): answer() and trace().
  std::optional<std::string> answer;
  std::optional<std::vector<std::string>> trace;
  Result run(z3::expr q, unsigned first_seed);
  Result portfolio(z3::expr q);
  void fresh(unsigned seed);
};

Horn::Horn(unsigned timeout_ms, unsigned jobs) : impl_(std::make_unique<Impl>()) {
  impl_->jobs = std::max(1u, jobs);
  impl_->timeout_ms = timeout_ms;
  z3::params& p = impl_->params;
  p.set("engine", "spacer");
  if (timeout_ms) p.set("timeout", timeout_ms);
  // SVM_SPACER_PARAMS="name=value,...": extra fixedpoint parameters
  // (true/false, a number, or a symbol), for experiments.
  if (const char* extra = std::getenv("SVM_SPACER_PARAMS")) {
    std::string all(extra);
    for (size_t b = 0; b < all.size();) {
      size_t e = all.find(',', b);
      std::string kv = all.substr(b, e == std::string::npos ? std::string::npos : e - b);
      b = e == std::string::npos ? all.size() : e + 1;
      size_t eq = kv.find('=');
      if (eq == std::string::npos) throw Error("SVM_SPACER_PARAMS: '" + kv + "' is not name=value");
      std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
      if (v == "true" || v == "false")
        p.set(k.c_str(), v == "true");
      else if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos)
        p.set(k.c_str(), static_cast<unsigned>(std::stoul(v)));
      else
        p.set(k.c_str(), v.c_str());
    }
  }
  try {
    impl_->fp.set(p);
  } catch (const z3::exception& e) {
    // Z3 lists every legal parameter after the first line.
    std::string msg = e.msg();
    throw Error("z3: " + msg.substr(0, msg.find('\n')) + " (see: z3 -pm:fp)");
  }
}
Horn::~Horn() = default;

// A relation's Bool arguments are 1-bit vectors: with Bool arguments,
// Spacer (Z3 4.8.12) at times stops with "could not evaluate Boolean in
// model" (seen on the copy monitors' ghost flags). apply() converts.
namespace {
z3::sort argument_sort(const z3::sort& s) { return s.is_bool() ? ctx().bv_sort(1) : s; }
}  // namespace

int Horn::relation(const std::string& n, const std::vector<unsigned>& widths) {
  z3::sort_vector dom(ctx());
  for (unsigned w : widths) dom.push_back(argument_sort(sort_of(w)));
  impl_->rels.push_back(ctx().function(n.c_str(), dom, ctx().bool_sort()));
  impl_->fp.register_relation(impl_->rels.back());
  return static_cast<int>(impl_->rels.size() - 1);
}

int Horn::relation_like(const std::string& n, const std::vector<Expr>& protos) {
  return guarded([&] {
    z3::sort_vector dom(ctx());
    for (auto& p : protos) dom.push_back(argument_sort(ex(p).get_sort()));
    impl_->rels.push_back(ctx().function(n.c_str(), dom, ctx().bool_sort()));
    impl_->fp.register_relation(impl_->rels.back());
    return static_cast<int>(impl_->rels.size() - 1);
  });
}

Expr Horn::apply(int rel, const std::vector<Expr>& args) const {
  z3::expr_vector v(ctx());
  for (auto& a : args) v.push_back(ex(a).is_bool() ? z3::ite(ex(a), ctx().bv_val(1, 1), ctx().bv_val(0, 1)) : ex(a));
  return guarded([&] { return wrap(impl_->rels.at(rel)(v)); });
}

namespace {
// The uninterpreted constants of e other than the ones in skip.
z3::expr_vector constants_of(const z3::expr& root, const std::vector<z3::func_decl>& skip) {
  z3::expr_vector vars(ctx());
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{root};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (e.is_const() && !e.is_numeral() && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) {
      bool skipped = std::any_of(skip.begin(), skip.end(), [&](const z3::func_decl& d) { return z3::eq(d, e.decl()); });
      if (!skipped) vars.push_back(e);
      continue;
    }
    if (e.is_app())
      for (unsigned i = 0; i < e.num_args(); i++) todo.push_back(e.arg(i));
  }
  return vars;
}
}  // namespace

std::vector<Expr> free_constants(const Expr& e) {
  return guarded([&] {
    std::vector<Expr> out;
    for (const z3::expr& v : constants_of(ex(e), {})) out.push_back(wrap(v));
    return out;
  });
}

std::vector<Expr> select_indices(const Expr& e, const std::vector<Expr>& arrays) {
  return guarded([&] {
    std::vector<Expr> out;
    std::unordered_set<unsigned> seen, found;
    std::vector<z3::expr> todo{ex(e)};
    while (!todo.empty()) {
      z3::expr x = todo.back();
      todo.pop_back();
      if (!seen.insert(x.id()).second || !x.is_app()) continue;
      if (x.decl().decl_kind() == Z3_OP_SELECT && x.num_args() == 2)
        for (const Expr& a : arrays)
          if (a.id() == x.arg(0).id() && found.insert(x.arg(1).id()).second) out.push_back(wrap(x.arg(1)));
      for (unsigned i = 0; i < x.num_args(); i++) todo.push_back(x.arg(i));
    }
    return out;
  });
}

std::vector<Expr> ackermannize(const std::vector<Expr>& fs, const std::vector<Expr>& arrays) {
  return guarded([&] {
    std::vector<z3::expr> cur;
    for (const Expr& f : fs) cur.push_back(ex(f));
    std::vector<z3::expr> congruence;
    // Per array: the indices met so far, and the constant for each.
    std::vector<std::vector<std::pair<z3::expr, z3::expr>>> reads(arrays.size());
    auto array_of = [&](const z3::expr& x) -> int {
      if (!x.is_app() || x.decl().decl_kind() != Z3_OP_SELECT || x.num_args() != 2) return -1;
      for (size_t a = 0; a < arrays.size(); a++)
        if (arrays[a].id() == x.arg(0).id()) return static_cast<int>(a);
      return -1;
    };
    // Innermost selects first (their index holds no other), until none is left.
    for (;;) {
      z3::expr_vector from(ctx()), to(ctx());
      std::unordered_set<unsigned> taken;
      // Whether a term holds a select of the arrays, in post-order (an
      // explicit stack: formulas can be deep). Quantifiers are not entered.
      std::unordered_map<unsigned, bool> holds;
      std::vector<std::pair<z3::expr, bool>> todo;  // (term, its arguments done)
      for (auto& f : cur) todo.push_back({f, false});
      while (!todo.empty()) {
        auto [x, args_done] = todo.back();
        todo.pop_back();
        if (holds.count(x.id())) continue;
        if (!x.is_app()) {
          holds.emplace(x.id(), false);
          continue;
        }
        if (!args_done) {
          todo.push_back({x, true});
          for (unsigned i = 0; i < x.num_args(); i++) todo.push_back({x.arg(i), false});
          continue;
        }
        bool inner = false;
        for (unsigned i = 0; i < x.num_args(); i++) inner = inner || holds.at(x.arg(i).id());
        int a = array_of(x);
        if (a >= 0 && !holds.at(x.arg(1).id()) && taken.insert(x.id()).second) {
          z3::expr c = ex(Expr::fresh_like("read", wrap(x)));
          for (auto& [idx, v] : reads[a]) congruence.push_back(z3::implies(idx == x.arg(1), v == c));
          reads[a].push_back({x.arg(1), c});
          from.push_back(x);
          to.push_back(c);
        }
        holds.emplace(x.id(), inner || a >= 0);
      }
      if (from.empty()) break;
      for (auto& f : cur) f = f.substitute(from, to);
    }
    std::vector<Expr> out;
    for (auto& f : cur) out.push_back(wrap(f));
    for (auto& c : congruence) out.push_back(wrap(c));
    return out;
  });
}

namespace {
// The widths of the variables a universal quantifier over bit-vectors
// binds, in the order it binds them; none for anything else.
std::vector<unsigned> forall_widths(const z3::expr& x) {
  if (!x.is_quantifier() || !x.is_forall()) return {};
  std::vector<unsigned> ws;
  for (unsigned i = 0; i < Z3_get_quantifier_num_bound(zc(), x); i++) {
    z3::sort s(ctx(), Z3_get_quantifier_bound_sort(zc(), x, i));
    if (s.sort_kind() != Z3_BV_SORT) return {};
    ws.push_back(s.bv_size());
  }
  return ws;
}
bool is_bv_forall(const z3::expr& x) { return !forall_widths(x).empty(); }

// The body of quantifier q with its bound variables replaced by args (one
// per bound variable, in the order they are bound).
z3::expr instance(const z3::expr& q, const std::vector<z3::expr>& args) {
  z3::expr_vector to(ctx());
  // De Bruijn index i is the (n - 1 - i)-th bound variable.
  for (size_t i = args.size(); i-- > 0;) to.push_back(args[i]);
  return q.body().substitute(to);
}
}  // namespace

Expr skolemize(const Expr& f, std::vector<Expr>& skolems) {
  return guarded([&] {
    z3::expr x = ex(f);
    std::vector<unsigned> ws = forall_widths(x);
    if (ws.empty()) return f;
    std::vector<z3::expr> args;
    for (unsigned w : ws) {
      skolems.push_back(Expr::fresh("sk", w));
      args.push_back(ex(skolems.back()));
    }
    return wrap(instance(x, args));
  });
}

std::vector<Expr> instantiate_foralls(const std::vector<Expr>& fs, const std::vector<Expr>& terms) {
  return guarded([&] {
    // The conjuncts, each under the antecedents of the implications it is
    // the consequent of (true: none).
    std::vector<z3::expr> ground;
    std::vector<std::pair<z3::expr, z3::expr>> quantified;  // (guard, quantifier)
    std::vector<std::pair<z3::expr, z3::expr>> todo;        // (guard, formula)
    for (auto it = fs.rbegin(); it != fs.rend(); ++it) todo.push_back({ctx().bool_val(true), ex(*it)});
    while (!todo.empty()) {
      auto [g, x] = todo.back();
      todo.pop_back();
      if (x.is_app() && x.decl().decl_kind() == Z3_OP_AND) {
        for (unsigned i = x.num_args(); i-- > 0;) todo.push_back({g, x.arg(i)});
      } else if (x.is_app() && x.decl().decl_kind() == Z3_OP_IMPLIES) {
        todo.push_back({g.is_true() ? x.arg(0) : g && x.arg(0), x.arg(1)});
      } else if (is_bv_forall(x)) {
        quantified.push_back({g, x});
      } else {
        ground.push_back(g.is_true() ? x : z3::implies(g, x));
      }
    }
    if (quantified.empty()) return fs;
    std::vector<Expr> out;
    for (auto& g : ground) out.push_back(wrap(g));
    // The ground terms to instantiate at, by width: the given ones, then
    // every select and store index of the ground part (quantifiers are not
    // entered).
    std::map<unsigned, std::vector<z3::expr>> by_width;
    std::unordered_set<unsigned> seen, taken;
    auto take = [&](const z3::expr& t) {
      if (t.is_bv() && taken.insert(t.id()).second) by_width[t.get_sort().bv_size()].push_back(t);
    };
    for (const Expr& t : terms) take(ex(t));
    std::vector<z3::expr> walk(ground.begin(), ground.end());
    while (!walk.empty()) {
      z3::expr x = walk.back();
      walk.pop_back();
      if (!seen.insert(x.id()).second || !x.is_app()) continue;
      Z3_decl_kind k = x.decl().decl_kind();
      if ((k == Z3_OP_SELECT && x.num_args() == 2) || (k == Z3_OP_STORE && x.num_args() == 3)) take(x.arg(1));
      for (unsigned i = 0; i < x.num_args(); i++) walk.push_back(x.arg(i));
    }
    for (const auto& [guard, q] : quantified) {
      std::vector<const std::vector<z3::expr>*> pools;
      for (unsigned w : forall_widths(q)) pools.push_back(&by_width[w]);
      const size_t n = pools.size();
      // Every tuple of terms, odometer-style.
      std::vector<size_t> at(n, 0);
      bool any = std::all_of(pools.begin(), pools.end(), [](auto* p) { return !p->empty(); });
      z3::expr_vector instances(ctx());
      while (any) {
        std::vector<z3::expr> args;
        for (size_t i = 0; i < n; i++) args.push_back((*pools[i])[at[i]]);
        instances.push_back(instance(q, args).simplify());
        size_t i = 0;
        for (; i < n && ++at[i] == pools[i]->size(); i++) at[i] = 0;
        any = i < n;
      }
      if (guard.is_true())
        for (unsigned i = 0; i < instances.size(); i++) out.push_back(wrap(instances[i]));
      else
        out.push_back(wrap(z3::implies(guard, z3::mk_and(instances))));
    }
    return out;
  });
}

std::optional<std::vector<Expr>> eliminate_arrays(const std::vector<Expr>& fs) {
  return guarded([&]() -> std::optional<std::vector<Expr>> {
    struct Unsupported {};
    std::unordered_map<unsigned, z3::expr> done;  // term id -> its rewrite
    std::map<std::pair<unsigned, unsigned>, z3::expr> reads;  // (array, index) -> value
    std::vector<Expr> bases;
    std::unordered_set<unsigned> base_ids;
    std::function<z3::expr(const z3::expr&)> rewrite;
    // The value of array term a (not rewritten) at index i (rewritten).
    std::function<z3::expr(const z3::expr&, const z3::expr&)> read = [&](const z3::expr& a, const z3::expr& i) {
      auto key = std::make_pair(a.id(), i.id());
      if (auto it = reads.find(key); it != reads.end()) return it->second;
      if (!a.is_app()) throw Unsupported{};
      Z3_decl_kind k = a.decl().decl_kind();
      z3::expr v(ctx());
      if (k == Z3_OP_STORE && a.num_args() == 3)
        v = z3::ite(i == rewrite(a.arg(1)), rewrite(a.arg(2)), read(a.arg(0), i));
      else if (k == Z3_OP_ITE)
        v = z3::ite(rewrite(a.arg(0)), read(a.arg(1), i), read(a.arg(2), i));
      else if (k == Z3_OP_CONST_ARRAY)
        v = rewrite(a.arg(0));
      else if (k == Z3_OP_UNINTERPRETED && a.num_args() == 0) {
        if (base_ids.insert(a.id()).second) bases.push_back(wrap(a));
        v = z3::select(a, i);
      } else
        throw Unsupported{};
      v = v.simplify();
      reads.emplace(key, v);
      return v;
    };
    // Post-order with an explicit stack (formulas can be deep).
    rewrite = [&](const z3::expr& root) {
      std::vector<std::pair<z3::expr, bool>> todo{{root, false}};
      while (!todo.empty()) {
        auto [x, args_done] = todo.back();
        todo.pop_back();
        if (done.count(x.id())) continue;
        if (!x.is_app()) throw Unsupported{};  // a quantifier or a bound variable
        bool select = x.decl().decl_kind() == Z3_OP_SELECT && x.num_args() == 2;
        if (!args_done) {
          todo.push_back({x, true});
          if (select)
            todo.push_back({x.arg(1), false});
          else
            for (unsigned i = 0; i < x.num_args(); i++) todo.push_back({x.arg(i), false});
          continue;
        }
        if (select) {
          done.emplace(x.id(), read(x.arg(0), done.at(x.arg(1).id())));
          continue;
        }
        if (x.is_array()) throw Unsupported{};  // an array outside a read
        z3::expr_vector args(ctx());
        for (unsigned i = 0; i < x.num_args(); i++) args.push_back(done.at(x.arg(i).id()));
        done.emplace(x.id(), x.num_args() ? x.decl()(args) : x);
      }
      return done.at(root.id());
    };
    std::vector<Expr> out;
    try {
      for (const Expr& f : fs) out.push_back(wrap(rewrite(ex(f))));
    } catch (const Unsupported&) {
      return std::nullopt;
    }
    return ackermannize(out, bases);
  });
}

std::vector<Expr> parse_assertions(const std::string& text, const std::vector<std::pair<std::string, Expr>>& names) {
  return guarded([&] {
    z3::sort_vector sorts(ctx());
    z3::func_decl_vector decls(ctx());
    z3::expr_vector from(ctx()), to(ctx());
    for (auto& [name, e] : names) {
      // A constant of the same sort under the given name, then replaced
      // by the expression itself (which may be a term, not a constant).
      z3::expr c = ctx().constant(name.c_str(), ex(e).get_sort());
      decls.push_back(c.decl());
      from.push_back(c);
      to.push_back(ex(e));
    }
    z3::expr_vector got = ctx().parse_string(text.c_str(), sorts, decls);
    std::vector<Expr> out;
    for (unsigned i = 0; i < got.size(); i++) out.push_back(wrap(got[i].substitute(from, to)));
    return out;
  });
}

void Horn::rule(const Expr& body, const Expr& head, const std::string& n) {
  guarded([&] {
    z3::expr r = z3::implies(ex(body), ex(head));
    // Universally close over the free constants of the rule.
    z3::expr_vector vars = constants_of(r, impl_->rels);
    z3::expr q = vars.empty() ? r : z3::forall(vars, r);
    z3::symbol s = ctx().str_symbol(n.c_str());
    impl_->fp.add_rule(q, s);
    impl_->rules.emplace_back(q, n);
  });
}

namespace {
std::vector<std::string> split_names(const std::string& all) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= all.size()) {
    size_t e = all.find(';', b);
    if (e == std::string::npos) e = all.size();
    if (e > b) out.push_back(all.substr(b, e - b));
    b = e + 1;
  }
  return out;
}
}  // namespace

std::vector<std::string> Horn::trace() const {
  if (impl_->trace) return *impl_->trace;
  return guarded([&] {
    Z3_symbol s = Z3_fixedpoint_get_rule_names_along_trace(zc(), impl_->fp);
    return split_names(Z3_get_symbol_string(zc(), s));
  });
}

// A fixedpoint engine with the relations and rules, on the given seed.
void Horn::Impl::fresh(unsigned s) {
  z3::fixedpoint f(ctx());
  z3::params p = params;
  p.set("spacer.random_seed", s);
  f.set(p);
  for (auto& rel : rels) f.register_relation(rel);
  for (auto& [rule, name] : rules) f.add_rule(rule, ctx().str_symbol(name.c_str()));
  fp = f;
}

// Spacer in Z3 4.8.12 at times stops with an internal "could not evaluate
// Boolean in model" that another random seed does not meet (seen: seed_v4's
// COPY-WAIT fails with seed 0 and is proved in 2-4 s with seeds 1, 2 and 3).
// The query then runs again on a fresh context with the next seed, up to
// three times; any other failure, or a timeout, is final.
Result Horn::Impl::run(z3::expr q, unsigned first_seed) {
  if (first_seed != 0) fresh(first_seed);
  for (unsigned s = first_seed;;) {
    seed = s;
    try {
      auto r = conv(fp.query(q));
      if (r == Result::Unknown) reason = fp.reason_unknown();
      return r;
    } catch (const z3::exception& x) {
      // Spacer reports its timeout as an exception ("canceled").
      reason = x.msg();
      if (reason.find("could not evaluate Boolean in model") == std::string::npos || s > first_seed + 2)
        return Result::Unknown;
    }
    retries++;
    fresh(++s);
  }
}

// One child per seed (0, 1000, ...), each on its own copy of the process
// (children::run); the first that proves or refutes wins and the others
// are killed. A child that dies without an answer (out of memory, say)
// counts as unknown. The parent's own engine is not used, so nothing of Z3
// in this process is cancelled or shared. A child's answer: the result,
// the retries, the seed, the answer, the reason and the rule names along
// the derivation (children::pack).
Result Horn::Impl::portfolio(z3::expr q) {
  Result best = Result::Unknown;
  std::string first_reason;
  bool won = false;
  auto task = [&](size_t j) {
    unsigned before = retries;  // a task run here (no child) must not count its restarts twice
    Result r = run(q, static_cast<unsigned>(j) * 1000);
    unsigned mine = std::exchange(retries, before) - before;
    std::string ans, names;
    if (r == Result::Unsat) ans = fp.get_answer().to_string();
    if (r == Result::Sat) names = Z3_get_symbol_string(zc(), Z3_fixedpoint_get_rule_names_along_trace(zc(), fp));
    return children::pack({std::to_string(static_cast<int>(r)), std::to_string(mine), std::to_string(seed), ans,
                           reason, names});
  };
  auto done = [&](size_t, const children::Ended& e) {
    auto parts = e.answer ? children::unpack(*e.answer) : std::nullopt;
    if (!parts || parts->size() != 6) {
      if (first_reason.empty())
        first_reason = e.answer ? "a portfolio run ended without an answer" : "a portfolio run " + e.why;
      return false;
    }
    const auto& p = *parts;
    int r = std::atoi(p[0].c_str());
    retries += static_cast<unsigned>(std::strtoul(p[1].c_str(), nullptr, 10));
    if (first_reason.empty()) first_reason = p[4];
    if (r == static_cast<int>(Result::Unknown)) return false;
    won = true;
    best = static_cast<Result>(r);
    seed = static_cast<unsigned>(std::strtoul(p[2].c_str(), nullptr, 10));
    answer = p[3];
    reason = p[4];
    trace = split_names(p[5]);
    return true;
  };
  // Each child stops at the timeout (and its restarts); past four times
  // it and a minute, the parent stops waiting.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (timeout_ms) deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(4ull * timeout_ms + 60000);
  children::run(jobs, jobs, task, done, deadline);
  if (!won) reason = first_reason;
  return best;
}

Result Horn::query(const Expr& q) {
  return guarded([&] {
    z3::expr e = ex(q);
    impl_->answer.reset();
    impl_->trace.reset();
    return impl_->jobs > 1 ? impl_->portfolio(e) : impl_->run(e, 0);
  });
}

unsigned Horn::retries() const { return impl_->retries; }

unsigned Horn::seed() const { return impl_->seed; }

std::string Horn::answer() const {
  if (impl_->answer) return *impl_->answer;
  return guarded([&] { return impl_->fp.get_answer().to_string(); });
}
std::string Horn::reason_unknown() const { return impl_->reason; }

}  // namespace smt
