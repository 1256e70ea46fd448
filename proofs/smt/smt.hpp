// SPDX-License-Identifier: MIT
// A thin value-type layer over Z3: the only place that knows Z3 exists.
// Expressions are hash-consed by Z3; Expr keeps one reference to its AST.
// One context per process (proof drivers are single-threaded).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct _Z3_ast;

namespace smt {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Expr {
 public:
  Expr() = default;
  Expr(const Expr& o);
  Expr(Expr&& o) noexcept : ast_(std::exchange(o.ast_, nullptr)) {}
  Expr& operator=(const Expr& o);
  Expr& operator=(Expr&& o) noexcept;
  ~Expr();

  // Constants and variables. Width 0 means Bool.
  static Expr boolean(bool b);
  static Expr bv(uint64_t v, unsigned width);
  static Expr var(const std::string& name, unsigned width);
  // A variable with a process-unique name built from prefix.
  static Expr fresh(const std::string& prefix, unsigned width);
  // Arrays from bit-vectors of idx_width to bit-vectors of val_width.
  static Expr const_array(unsigned idx_width, const Expr& value);
  // An array variable from bit-vectors of idx_width to values of val_width (0: Bool).
  static Expr array_var(const std::string& name, unsigned idx_width, unsigned val_width);
  // A fresh variable of the same sort as proto (bit-vector, Bool or array).
  static Expr fresh_like(const std::string& prefix, const Expr& proto);

  bool valid() const { return ast_ != nullptr; }
  bool is_bool() const;
  bool is_array() const;
  unsigned width() const;  // bit-vector width; 0 for Bool
  unsigned id() const;     // structural identity (hash-consing)
  bool same(const Expr& o) const { return id() == o.id(); }
  std::optional<uint64_t> as_u64() const;  // after simplify(), if a numeral
  std::optional<bool> as_bool() const;
  bool is_true() const { return as_bool() == std::optional<bool>(true); }
  bool is_false() const { return as_bool() == std::optional<bool>(false); }
  Expr simplify() const;
  std::string str() const;

  // Bit-vector arithmetic.
  Expr operator+(const Expr& o) const;
  Expr operator-(const Expr& o) const;
  Expr operator*(const Expr& o) const;
  Expr udiv(const Expr& o) const;
  Expr urem(const Expr& o) const;
  Expr sdiv(const Expr& o) const;
  Expr srem(const Expr& o) const;
  Expr shl(const Expr& o) const;
  Expr lshr(const Expr& o) const;
  Expr ashr(const Expr& o) const;
  Expr operator&(const Expr& o) const;  // bitwise, or logical on Bool
  Expr operator|(const Expr& o) const;
  Expr operator^(const Expr& o) const;
  Expr operator~() const;  // bitwise not, or logical not on Bool
  Expr operator!() const { return ~*this; }
  Expr neg() const;
  Expr zext(unsigned to) const;
  Expr sext(unsigned to) const;
  Expr trunc(unsigned to) const { return extract(to - 1, 0); }
  Expr extract(unsigned hi, unsigned lo) const;
  Expr concat(const Expr& lo) const;
  // Resize to a width, zero-extending or truncating.
  Expr resize(unsigned to) const;

  // Comparisons (Bool results).
  Expr operator==(const Expr& o) const;
  Expr operator!=(const Expr& o) const;
  Expr ult(const Expr& o) const;
  Expr ule(const Expr& o) const;
  Expr ugt(const Expr& o) const { return o.ult(*this); }
  Expr uge(const Expr& o) const { return o.ule(*this); }
  Expr slt(const Expr& o) const;
  Expr sle(const Expr& o) const;
  Expr sgt(const Expr& o) const { return o.slt(*this); }
  Expr sge(const Expr& o) const { return o.sle(*this); }

  Expr implies(const Expr& o) const;
  Expr select(const Expr& idx) const;
  Expr store(const Expr& idx, const Expr& val) const;

  // Bool to a 0/1 bit-vector.
  Expr to_bv(unsigned width) const;

  // Replaces each from[i] by to[i].
  Expr substitute(const std::vector<Expr>& from, const std::vector<Expr>& to) const;

  _Z3_ast* raw() const { return ast_; }
  static Expr wrap(_Z3_ast* a);  // takes a new reference

 private:
  _Z3_ast* ast_ = nullptr;
};

Expr ite(const Expr& c, const Expr& a, const Expr& b);
Expr all_of(const std::vector<Expr>& xs);
Expr any_of(const std::vector<Expr>& xs);
// Population count of Bools as a bit-vector of width w.
Expr count(const std::vector<Expr>& xs, unsigned w);

enum class Result { Sat, Unsat, Unknown };
const char* name(Result r);

class Model {
 public:
  Model() = default;
  uint64_t u64(const Expr& e) const;  // model completion on
  int64_t s64(const Expr& e) const;
  bool boolean(const Expr& e) const;
  Expr eval(const Expr& e) const;

 private:
  friend class Solver;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// An incremental solver. A timeout of 0 means none.
class Solver {
 public:
  // kBitBlast: a one-shot check (no push/pop) of a formula that is mostly
  // bit-vector arithmetic, bit-blasted to SAT after simplification when it
  // is pure bit-vectors (often several times faster than the default
  // solver on the Horn encoding's queries), else Z3's default strategy.
  // kIncrementalBitBlast: pure bit-vector formulas only, bit-blasted as
  // they are added, checked by an incremental SAT solver (under
  // assumptions, many checks of one formula are cheap).
  enum class Tactic { kDefault, kBitBlast, kIncrementalBitBlast };
  explicit Solver(unsigned timeout_ms = 0, Tactic t = Tactic::kDefault);
  ~Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;
  void add(const Expr& e);
  void push();
  void pop();
  Result check();
  Result check(const std::vector<Expr>& assumptions);
  Model model() const;  // after Sat
  std::string reason_unknown() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// prove(f): f is valid (its negation is unsat). refute: a model of !f.
struct Outcome {
  Result result;  // Unsat: proved; Sat: refuted (model set); Unknown: timeout
  Model model;
  std::string reason;  // for Unknown
};
Outcome prove(const std::vector<Expr>& assumptions, const Expr& goal, unsigned timeout_ms);

// The uninterpreted constants (free variables) of e.
std::vector<Expr> free_constants(const Expr& e);

// The index of every (select a i) in e whose array a is one of arrays
// (outside quantifiers), each once.
std::vector<Expr> select_indices(const Expr& e, const std::vector<Expr>& arrays);

// fs with every (select a i) of a read-only array a among arrays (outside
// quantifiers) replaced by a fresh constant, plus, per array, the
// congruence i == j => (select a i) == (select a j) between the constants
// (Ackermann's reduction): no array theory left for them, so Z3 can
// bit-blast. Equisatisfiable when the arrays occur in fs only as such
// selects; otherwise weaker (an unsat result still holds of fs).
std::vector<Expr> ackermannize(const std::vector<Expr>& fs, const std::vector<Expr>& arrays);

// Quantifiers by instantiation, so that a check stays quantifier-free.
// skolemize(f): for f = (forall xs. P xs), P at fresh constants (appended
// to skolems), so that (not (skolemize f)) is satisfiable exactly when
// (not f) is. Any other f is returned as is.
Expr skolemize(const Expr& f, std::vector<Expr>& skolems);
// fs with every universally quantified conjunct (at the top of a
// conjunction, over bit-vector variables; also inside the consequents of
// implications, where the instances keep the antecedents) replaced by its
// instances at terms and at every index that fs select from or store to,
// of the variable's sort (each tuple, for several variables). Weaker than fs: an
// unsat result holds of fs too; a model may not satisfy fs. fs itself
// when it has no such conjunct.
std::vector<Expr> instantiate_foralls(const std::vector<Expr>& fs, const std::vector<Expr>& terms);

// fs without array theory, when that can be done exactly: every read of
// a stored-to or if-then-else array expanded (read over write: (select
// (store a k v) i) is (ite (= i k) v (select a i))), then the reads of the
// array constants left replaced by Ackermann's reduction (ackermannize).
// Equisatisfiable with fs. Nothing when some array occurs otherwise (an
// equality of arrays, a quantifier, an array in an uninterpreted
// function): then fs needs the array theory.
std::optional<std::vector<Expr>> eliminate_arrays(const std::vector<Expr>& fs);

// The assertions of an SMT-LIB 2 text in which each name stands for its
// expression (a constant, bit-vector, Bool or array: its declaration is
// given to the parser; the text may define functions over them). Throws
// Error with Z3's message on a syntax error, an unknown name or a sort
// mismatch.
std::vector<Expr> parse_assertions(const std::string& text, const std::vector<std::pair<std::string, Expr>>& names);

// Constrained Horn clauses solved by Spacer (Z3's fixedpoint engine).
class Horn {
 public:
  // jobs > 1: query() runs a portfolio of that many Spacer runs, one per
  // random seed (0, 1, ...), each in a child process, and takes the first
  // that proves or refutes.
  explicit Horn(unsigned timeout_ms, unsigned jobs = 1);
  ~Horn();
  // A relation over bit-vector/Bool arguments (width 0 = Bool).
  int relation(const std::string& name, const std::vector<unsigned>& arg_widths);
  // A relation whose arguments have the sorts of the given expressions.
  int relation_like(const std::string& name, const std::vector<Expr>& protos);
  Expr apply(int rel, const std::vector<Expr>& args) const;
  // body => head, all free variables universally quantified.
  void rule(const Expr& body, const Expr& head, const std::string& name);
  // Is the query (a body) reachable? Sat: reachable (property fails),
  // Unsat: unreachable (proved, an invariant exists), Unknown: gave up.
  Result query(const Expr& q);
  std::string answer() const;  // invariant or derivation, as text
  // After Sat: the names of the rules along the derivation, as Spacer lists them.
  std::vector<std::string> trace() const;
  std::string reason_unknown() const;
  // How often query() started again with another random seed after
  // Spacer's internal "could not evaluate Boolean in model".
  unsigned retries() const;
  // The random seed of the run whose answer query() took.
  unsigned seed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smt
