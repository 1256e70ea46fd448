// SPDX-License-Identifier: MIT
#include "proofs/chc/spacer.hpp"

#include <llvm/IR/Function.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Type.h>
#include <llvm/IR/Value.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <regex>
#include <memory>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "proofs/copy/driver.hpp"
#include "proofs/copy/props.hpp"
#include "proofs/copy/world.hpp"
#include "proofs/llvm2smt/loop_facts.hpp"
#include "proofs/llvm2smt/translate.hpp"
#include "proofs/smt/children.hpp"
#include "src/shim/include/shim/report.h"

namespace svm::proof {
namespace {

using l2s::Alt;
using l2s::Value;

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// How one variable of a cut point is carried in its relation. An integer
// is one argument. A pointer is a list of shapes (object, and the element
// index and byte offset when they are the same constant on every path that
// reaches the cut point); each shape is a Bool (this alternative) plus an
// argument for each index or offset that is not constant.
struct Shape {
  int obj;
  std::optional<uint64_t> idx, off;
};
struct VarEnc {
  bool ptr = false;
  unsigned width = 0;  // integers: 0 is Bool
  std::vector<Shape> shapes;
};
struct CutEnc {
  std::vector<VarEnc> vars;
  std::map<int, Expr> cells;  // cell -> a value of its sort
  bool reached = false;
};

// A fresh start for a segment from a cut point: values, state, and the
// relation arguments they stand for.
struct Start {
  std::vector<Value> vals;
  l2s::State state;
  std::vector<Expr> args;
};

Start fresh_start(const CutEnc& c) {
  Start s;
  for (auto& [cell, proto] : c.cells) {
    Expr v = Expr::fresh_like("cell" + std::to_string(cell), proto);
    s.state.set(cell, v);
    s.args.push_back(v);
  }
  for (auto& v : c.vars) {
    if (!v.ptr) {
      Expr e = Expr::fresh("v", v.width);
      s.args.push_back(e);
      s.vals.push_back(Value::of(e));
      continue;
    }
    std::vector<Alt> alts;
    for (auto& sh : v.shapes) {
      Expr g = Expr::fresh("alt", 0), idx = sh.idx ? Expr::bv(*sh.idx, 64) : Expr::fresh("idx", 64),
           off = sh.off ? Expr::bv(*sh.off, 64) : Expr::fresh("off", 64);
      s.args.push_back(g);
      if (!sh.idx) s.args.push_back(idx);
      if (!sh.off) s.args.push_back(off);
      alts.push_back(Alt{g, sh.obj, idx, off});
    }
    s.vals.push_back(Value::pointer(alts));
  }
  return s;
}

bool matches(const Shape& sh, const Alt& a) {
  auto idx = a.idx.simplify().as_u64(), off = a.off.simplify().as_u64();
  return sh.obj == a.obj && (!sh.idx || idx == sh.idx) && (!sh.off || off == sh.off);
}

// Widens the encoding of c so that an end with these values and this state
// fits it. Returns whether anything changed.
bool learn(CutEnc& c, const l2s::SegmentEnd& e) {
  bool changed = !c.reached;
  c.reached = true;
  for (auto& [key, ch] : e.state.chunks())
    for (int slot = 0; slot < l2s::State::kChunk; slot++)
      if ((ch->present >> slot) & 1) {
        int cell = key * l2s::State::kChunk + slot;
        if (!c.cells.count(cell)) {
          c.cells.emplace(cell, ch->v[slot]);
          changed = true;
        }
      }
  for (size_t k = 0; k < c.vars.size(); k++) {
    VarEnc& v = c.vars[k];
    if (!v.ptr) continue;
    for (auto& a : e.vals[k].ptr) {
      if (a.guard.simplify().is_false()) continue;
      bool fits = false;
      for (auto& sh : v.shapes) fits = fits || matches(sh, a);
      if (fits) continue;
      changed = true;
      // A new constant place in the object (a field of another region,
      // say); past kMaxShapes places, one shape with symbolic index and
      // offset replaces them.
      constexpr size_t kMaxShapes = 8;
      v.shapes.push_back(Shape{a.obj, a.idx.simplify().as_u64(), a.off.simplify().as_u64()});
      size_t same = 0;
      for (auto& sh : v.shapes) same += sh.obj == a.obj;
      if (same > kMaxShapes) {
        std::erase_if(v.shapes, [&](const Shape& sh) { return sh.obj == a.obj; });
        v.shapes.push_back(Shape{a.obj, std::nullopt, std::nullopt});
      }
    }
  }
  return changed;
}

// A pointer value as one shape of its encoding: whether it is that shape,
// and its element index and byte offset if it is.
struct ShapeValue {
  Expr is, idx, off;
};
ShapeValue shape_value(const Shape& sh, const Value& val) {
  std::vector<Expr> gs;
  Expr idx = Expr::bv(0, 64), off = Expr::bv(0, 64);
  for (auto& a : val.ptr)
    if (matches(sh, a)) {
      gs.push_back(a.guard);
      idx = smt::ite(a.guard, a.idx, idx);
      off = smt::ite(a.guard, a.off, off);
    }
  return {smt::any_of(gs), idx, off};
}

// The relation arguments of an end (after the input variables).
std::vector<Expr> end_args(const CutEnc& c, const l2s::SegmentEnd& e, l2s::World& w) {
  std::vector<Expr> out;
  for (auto& [cell, proto] : c.cells) out.push_back(l2s::cell_value(e.state, w, cell));
  for (size_t k = 0; k < c.vars.size(); k++) {
    const VarEnc& v = c.vars[k];
    const Value& val = e.vals[k];
    if (!v.ptr) {
      out.push_back(val.v);
      continue;
    }
    for (auto& sh : v.shapes) {
      ShapeValue sv = shape_value(sh, val);
      out.push_back(sv.is);
      if (!sh.idx) out.push_back(sv.idx);
      if (!sh.off) out.push_back(sv.off);
    }
  }
  return out;
}

struct Piece {
  int from;
  Start start;
  l2s::Segment seg;
  SegmentEvents ev;
};

// The error condition of p over one segment's events (false where p is
// decided at the return only). COPY-CONTIG reads the input entries through
// hw, whose facts the caller takes.
Expr segment_violation(Prop p, const SegmentEvents& ev, const GeometryFacts& g, HornWorld& hw, const UnboundedInput& in) {
  const Expr& n = in.n;
  const Expr& witness_page = in.witness_page;
  std::vector<Expr> gs;
  switch (p) {
    case Prop::MemSafety:
      for (auto& [guard, what] : ev.mem) gs.push_back(guard);
      return smt::any_of(gs);
    case Prop::CopyContig: {
      // The witness index w of the input, page w - start of a call.
      Column col = hw.column();
      for (auto& c : ev.calls) gs.push_back(contig_violated(c, witness_page - c.sys_index, n, col, g));
      return smt::any_of(gs);
    }
    case Prop::CopyFence:  // the reference errors; the counts at the return
      for (auto& r : ev.reports)
        if (r.kind == SHIM_REPORT_FENCE) gs.push_back(r.fired);
      return smt::any_of(gs);
    case Prop::CopyOnce:
    case Prop::CopyWait:
    case Prop::CopyErr:
    case Prop::CopyPrefence:
      return Expr::boolean(false);
    default:
      break;
  }
  SymTrace t;
  t.calls = ev.calls;
  t.reports = ev.reports;
  return violation(p, t, g).holds_not;
}

// A clause as added: from a relation (or the entry) to a relation (or the
// violation), kept to rebuild a concrete run along Spacer's derivation.
struct RuleRec {
  int from = -1, to = -1;  // -1: the entry / the violation
  std::vector<Expr> from_args, to_args;
  Expr body;  // without the relation application
};

// The free constants of parts other than the inputs, each once.
std::vector<Expr> locals(const std::vector<Expr>& parts, const std::vector<Expr>& inputs) {
  std::set<unsigned> seen;
  for (auto& i : inputs) seen.insert(i.id());
  std::vector<Expr> out;
  for (const Expr& part : parts)
    for (const Expr& v : smt::free_constants(part))
      if (seen.insert(v.id()).second) out.push_back(v);
  return out;
}

// The concrete input of a model of the unbounded input.
CopyInput decode(const smt::Model& m, const UnboundedInput& in, const GeometryFacts& g) {
  CopyInput c;
  c.dir = static_cast<uint32_t>(m.u64(in.dir));
  c.fail_at = static_cast<uint32_t>(m.u64(in.fail_at));
  c.fail_errno = c.fail_at ? static_cast<int32_t>(m.s64(in.fail_errno)) : -12;
  c.prefence = static_cast<uint32_t>(m.u64(in.prefence));
  for (uint64_t k = 0, n = m.u64(in.n); k < n; k++) {
    Expr i = Expr::bv(k, 64);
    CopyEntry e;
    bool has = m.boolean(in.has.select(i));
    e.region = has ? static_cast<int32_t>(m.u64(in.region)) : SVM_NO_REGION;
    e.page = has ? static_cast<uint32_t>(m.u64(in.page.select(i))) : 0;
    e.sys_page = m.u64(in.addr.select(i)) >> g.page_shift;
    e.order = static_cast<uint8_t>(m.u64(in.order.select(i)));
    c.entries.push_back(e);
  }
  return c;
}

// Unrolls the clauses along a derivation (rule names in either order) with
// fresh copies of every variable but the input, and solves it: a concrete
// input that reaches the violation, or nothing.
std::optional<CopyInput> concrete_derivation(const std::vector<std::string>& names,
                                             const std::map<std::string, RuleRec>& rules, const UnboundedInput& in,
                                             HornWorld& hw, const GeometryFacts& g, unsigned timeout_ms,
                                             std::string& why) {
  std::vector<const RuleRec*> path;
  for (auto& n : names) {
    if (n == "<null>") continue;  // the query itself
    auto it = rules.find(n);
    if (it == rules.end()) {
      why = "Spacer's derivation names a rule the encoding does not have (" + n + ")";
      return std::nullopt;
    }
    path.push_back(&it->second);
  }
  if (!path.empty() && path.front()->from >= 0) std::reverse(path.begin(), path.end());
  if (path.empty() || path.front()->from >= 0 || path.back()->to >= 0) {
    why = "Spacer's derivation is not a path from the entry to the violation";
    return std::nullopt;
  }
  std::vector<Expr> inputs = in.vars(), conj = in.domain, prev;
  for (const RuleRec* r : path) {
    std::vector<Expr> parts{r->body};
    parts.insert(parts.end(), r->from_args.begin(), r->from_args.end());
    parts.insert(parts.end(), r->to_args.begin(), r->to_args.end());
    std::vector<Expr> from = locals(parts, inputs), to;
    for (auto& v : from) to.push_back(Expr::fresh_like("step", v));
    conj.push_back(r->body.substitute(from, to));
    for (size_t k = 0; k < prev.size() && k < r->from_args.size(); k++)
      conj.push_back(r->from_args[k].substitute(from, to) == prev[k]);
    prev.clear();
    for (auto& a : r->to_args) prev.push_back(a.substitute(from, to));
  }
  smt::Solver s(timeout_ms);
  for (auto& c : conj) s.add(c);
  // The shortest input first. The path states the input facts (domain,
  // folio contract) of the entries it reads only; the others below the cap
  // get them too, so that the decoded input keeps the contract everywhere.
  uint64_t stated = 0;
  for (uint64_t cap : {4ull, 16ull, 64ull, 256ull}) {
    for (; stated < cap; stated++) hw.input_facts(Expr::bv(stated, 64));
    for (const Expr& f : hw.take().assumptions) s.add(f);
    auto r = s.check({in.n.ule(Expr::bv(cap, 64))});
    if (r == smt::Result::Unsat) continue;
    if (r != smt::Result::Sat) break;
    return decode(s.model(), in, g);
  }
  why = "no input of up to 256 pages follows Spacer's derivation";
  return std::nullopt;
}

}  // namespace

std::vector<Prop> spacer_props(int api_gen) {
  std::vector<Prop> p = stated_props(api_gen);
  p.push_back(Prop::MemSafety);
  return p;
}

namespace {

// Every segment of the entry function, translated until the encodings of
// the cut points stop growing (a pointer meets a new object, a cell is
// written on the way).
struct Encoding {
  UnboundedInput in;
  std::unique_ptr<HornWorld> hw;
  std::vector<l2s::CutPoint> cuts;
  std::vector<CutEnc> enc;
  std::vector<Piece> pieces;
  unsigned rounds = 0;
  double seconds = 0;
  Expr pop;                     // with a witness: it is populated
  std::vector<Expr> pop_facts;  // the input facts that takes
  // Per cut point: the candidate invariants read off the compiled code,
  // and those Z3 proved inductive (kept), which every clause leaving the
  // cut point assumes.
  std::vector<l2s::LoopFacts> facts;
  std::vector<std::vector<l2s::LoopCandidate>> kept;
  double facts_seconds = 0;
  // Per cut point: placeholders for the named cells its candidates use,
  // replaced by the cells' values in a state.
  std::vector<std::vector<std::pair<int, Expr>>> cell_slots;
  // Per cut point: placeholders for the shapes of its named pointer
  // variables ("c.vr@NULL": the pointer is that shape; "...idx", "...off":
  // its element index and byte offset where they are not constant).
  struct ShapeSlot {
    size_t var, shape;
    Expr guard, idx, off;
  };
  std::vector<std::vector<ShapeSlot>> shape_slots;
  size_t not_applicable = 0;  // given candidates that name what this encoding lacks
  std::string given;  // the files of given candidates, if any
  std::map<unsigned, std::string> dropped_why;  // by the candidate's Expr::id()
};

// Candidate c of cut point k over a segment's values of its variables and
// its state's cells.
Expr fact_at(const Encoding& e, size_t k, const Expr& c, const std::vector<Value>& vals, const l2s::State& st) {
  std::vector<Expr> from, to;
  const auto& slots = e.facts[k].slots;
  for (size_t v = 0; v < slots.size() && v < vals.size(); v++)
    if (slots[v].valid() && !vals[v].is_ptr && vals[v].v.valid() && vals[v].v.width() == slots[v].width()) {
      from.push_back(slots[v]);
      to.push_back(vals[v].v);
    }
  if (k < e.cell_slots.size())
    for (auto& [cell, ph] : e.cell_slots[k]) {
      from.push_back(ph);
      to.push_back(l2s::cell_value(st, e.hw->world(), cell));
    }
  if (k < e.shape_slots.size())
    for (auto& ss : e.shape_slots[k]) {
      ShapeValue sv = shape_value(e.enc[k].vars[ss.var].shapes[ss.shape], vals[ss.var]);
      from.push_back(ss.guard);
      to.push_back(sv.is);
      if (ss.idx.valid()) {
        from.push_back(ss.idx);
        to.push_back(sv.idx);
      }
      if (ss.off.valid()) {
        from.push_back(ss.off);
        to.push_back(sv.off);
      }
    }
  return c.substitute(from, to);
}

// The input facts that go with candidate c of cut point k (true if none).
Expr given_facts_at(const Encoding& e, size_t k, const l2s::LoopCandidate& c, const std::vector<Value>& vals,
                    const l2s::State& st) {
  return c.given_facts.valid() ? fact_at(e, k, c.given_facts, vals, st) : Expr::boolean(true);
}

// The invariant of cut point k (its kept candidates) over vals and st.
Expr invariant_at(const Encoding& e, size_t k, const std::vector<Value>& vals, const l2s::State& st) {
  std::vector<Expr> all;
  for (auto& c : e.kept[k]) {
    all.push_back(fact_at(e, k, c.fact, vals, st));
    all.push_back(given_facts_at(e, k, c, vals, st));
  }
  return smt::all_of(all);
}

// The body of a piece's clauses before the end's guard: its definitions,
// input facts, the input domain (at every clause: the inputs never change,
// so what holds of them at the entry holds everywhere), and the invariant
// of the cut point it leaves.
// The body of a piece's clauses before the end's guard, without the
// invariant of the cut point it leaves.
std::vector<Expr> piece_defs(const Encoding& e, const Piece& pc) {
  std::vector<Expr> defs = pc.seg.defs;
  defs.insert(defs.end(), pc.ev.assumptions.begin(), pc.ev.assumptions.end());
  defs.insert(defs.end(), e.in.domain.begin(), e.in.domain.end());
  return defs;
}
Expr piece_body(const Encoding& e, const Piece& pc) {
  std::vector<Expr> defs = piece_defs(e, pc);
  if (pc.from >= 0 && !e.kept.empty()) defs.push_back(invariant_at(e, static_cast<size_t>(pc.from), pc.start.vals, pc.start.state));
  return smt::all_of(defs);
}

std::string from_name(const Encoding& e, int from) {
  return from < 0 ? std::string("the entry") : e.cuts[static_cast<size_t>(from)].name;
}

// q with the reads of the input arrays that nothing writes replaced by
// constants (smt::ackermannize): the input columns, and the system
// addresses too when they are abstracted (the address array is a cell the
// code and the migrate layer store to otherwise).
std::vector<Expr> read_only_arrays_out(const Encoding& e, const std::vector<Expr>& q) {
  if (e.in.contents_free) return q;
  std::vector<Expr> arrays;
  for (const Expr& a : {e.in.has, e.in.page, e.in.order, e.in.rem, e.in.addr})
    if (smt::free_constants(a).size() == 1 && (!a.same(e.in.addr) || e.in.no_addresses())) arrays.push_back(a);
  return smt::ackermannize(q, arrays);
}

// q ready for a check: its quantifiers instantiated (at the skolems and
// the indices q reads and writes, smt::instantiate_foralls), then without
// the array theory when that is exact (smt::eliminate_arrays; pure
// bit-vectors, which bit-blast), else with the read-only input arrays out.
struct Checkable {
  std::vector<Expr> fs;
  bool pure_bv;
};
Checkable for_check(const Encoding& e, const std::vector<Expr>& q, const std::vector<Expr>& skolems) {
  std::vector<Expr> inst = smt::instantiate_foralls(q, skolems);
  if (auto flat = smt::eliminate_arrays(inst)) return {std::move(*flat), true};
  return {read_only_arrays_out(e, inst), false};
}

// Houdini: drops every candidate that some clause into its cut point does
// not preserve (or establish, from the entry), assuming the candidates
// still kept at the clause's start, until a pass over every clause drops
// none. What is left is inductive, so every reachable state of the loop
// satisfies it.
//
// One incremental solver per clause: the clause's body, the candidates
// kept at its start, and each candidate at its end negated behind a flag;
// a candidate is asked by assuming its flag. Candidates are asked one at a
// time (a query that any of them breaks is much harder for the solver
// than all of them one by one), and one the solver breaks or gives up on
// is dropped at once; the solver of a clause is made again, and its
// candidates asked again, when its start's candidates change. That a
// check used a candidate dropped since is harmless: only a pass that
// drops nothing ends the run.
//
// A quantified candidate is checked by instantiation: skolemized where it
// is to be broken, instantiated where it is assumed (smt::skolemize,
// smt::instantiate_foralls), so a check stays quantifier-free. Assuming
// fewer instances only breaks more candidates: what is kept is inductive.
// Without the array theory left (smt::eliminate_arrays) the clause is
// bit-blasted once and asked by SAT under assumptions; else Z3's
// incremental core takes it.
void houdini(Encoding& e, unsigned timeout_ms) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::vector<bool>> alive(e.cuts.size());
  for (size_t k = 0; k < e.cuts.size(); k++) alive[k].assign(e.facts[k].candidates.size(), true);
  struct Into {
    const Piece* pc;
    const l2s::SegmentEnd* end;
    std::unique_ptr<smt::Solver> s;  // none before the first pass
    std::vector<bool> assumed;       // the start's candidates s assumes
    std::vector<Expr> flags;         // per candidate of the end's cut point
    size_t to() const { return static_cast<size_t>(end->to); }
  };
  // The solver of clause c, for the candidates kept at its start now.
  auto build = [&](Into& c) {
    std::vector<Expr> q = piece_defs(e, *c.pc), skolems;
    q.push_back(c.end->guard);
    if (c.pc->from >= 0) {
      size_t k = static_cast<size_t>(c.pc->from);
      c.assumed = alive[k];
      for (size_t j = 0; j < e.facts[k].candidates.size(); j++) {
        if (!c.assumed[j]) continue;
        const l2s::LoopCandidate& cand = e.facts[k].candidates[j];
        q.push_back(fact_at(e, k, cand.fact, c.pc->start.vals, c.pc->start.state));
        q.push_back(given_facts_at(e, k, cand, c.pc->start.vals, c.pc->start.state));
      }
    }
    c.flags.clear();
    for (auto& cand : e.facts[c.to()].candidates) {
      c.flags.push_back(Expr::fresh("broken", 0));
      q.push_back(c.flags.back().implies(!smt::skolemize(fact_at(e, c.to(), cand.fact, c.end->vals, c.end->state), skolems)));
      q.push_back(given_facts_at(e, c.to(), cand, c.end->vals, c.end->state));
    }
    Checkable ready = for_check(e, q, skolems);
    c.s = std::make_unique<smt::Solver>(timeout_ms, ready.pure_bv ? smt::Solver::Tactic::kIncrementalBitBlast
                                                                  : smt::Solver::Tactic::kDefault);
    for (const Expr& f : ready.fs) c.s->add(f);
  };
  std::vector<Into> clauses;
  for (const Piece& pc : e.pieces)
    for (const auto& end : pc.seg.ends)
      if (end.to >= 0) clauses.push_back(Into{&pc, &end, nullptr, {}, {}});
  for (bool changed = true; changed;) {
    changed = false;
    for (Into& c : clauses) {
      // A clause whose start kept what it had when its candidates were
      // last asked need not be asked again (dropping candidates at its end
      // changes nothing for the others).
      if (c.s && (c.pc->from < 0 || c.assumed == alive[static_cast<size_t>(c.pc->from)])) continue;
      build(c);
      for (size_t i = 0; i < c.flags.size(); i++) {
        if (!alive[c.to()][i]) continue;
        smt::Result r = c.s->check({c.flags[i]});
        if (r == smt::Result::Unsat) continue;
        alive[c.to()][i] = false;
        changed = true;
        e.dropped_why[e.facts[c.to()].candidates[i].fact.id()] =
            (r == smt::Result::Sat ? "broken by the segment from " : "the solver gave up on the segment from ") +
            from_name(e, c.pc->from);
      }
    }
  }
  e.kept.assign(e.cuts.size(), {});
  for (size_t k = 0; k < e.cuts.size(); k++)
    for (size_t i = 0; i < alive[k].size(); i++)
      if (alive[k][i]) e.kept[k].push_back(e.facts[k].candidates[i]);
  e.facts_seconds = since(t0);
}

// Candidate invariants given in a file (--invariants), in SMT-LIB 2:
// definitions first, then a section per loop, opened by a comment line
// "; loop FILE:LINE" (the loop's header, as the reports name it), of
// (assert ...) candidates over the loop's variables by their source names,
// the inputs and the named cells. Like the ones read off the code, they are
// only candidates: Houdini keeps what Z3 proves inductive. A comment line
// "; property ID" (repeatable) restricts the file to those properties'
// encodings; without one it is offered to every encoding.
struct GivenFacts {
  std::string path;
  std::vector<Prop> props;  // empty: every property
  std::string preamble;
  struct Section {
    std::string where;
    std::string text;
    unsigned line;
  };
  std::vector<Section> sections;
};

std::optional<std::string> read_given(const std::string& path, GivenFacts& out) {
  std::ifstream f(path);
  if (!f) return "cannot read " + path;
  out.path = path;
  std::string line;
  for (unsigned no = 1; std::getline(f, line); no++) {
    size_t p = line.find_first_not_of(" \t");
    if (p != std::string::npos && line[p] == ';') {
      std::istringstream words(line.substr(std::min(line.size(), line.find_first_not_of("; \t", p))));
      std::string kw, where, extra;
      words >> kw >> where;
      if (kw == "loop") {
        if (where.empty() || (words >> extra)) return path + ":" + std::to_string(no) + ": a section is '; loop FILE:LINE'";
        out.sections.push_back({where, "", no});
        continue;
      }
      if (kw == "property") {
        std::optional<Prop> p = parse_prop(where);
        if (!p || (words >> extra))
          return path + ":" + std::to_string(no) + ": '; property ID' names one property ID (" +
                 (where.empty() ? std::string("none given") : "'" + where + "' is not one") + ")";
        out.props.push_back(*p);
        continue;
      }
    }
    (out.sections.empty() ? out.preamble : out.sections.back().text) += line + "\n";
  }
  if (out.sections.empty()) return path + ": no '; loop FILE:LINE' section";
  return std::nullopt;
}

// The names a given candidate of cut point k can use, bound to what they
// stand for (e.cell_slots[k] and e.shape_slots[k] get the placeholders);
// absent: the stand-ins of names this encoding lacks.
struct LoopNames {
  std::vector<std::pair<std::string, Expr>> names;
  std::vector<Expr> absent;
};
// Per variable of cut point k: whether it is the one its source name
// stands for. A source name may stand for several values at the header (a
// variable before and after an assignment above the loop): it names a phi
// of the header if there is one, else the last value defined.
std::vector<bool> named_vars(const Encoding& e, size_t k) {
  const l2s::LoopFacts& lf = e.facts[k];
  std::map<std::string, size_t> var_of;
  for (size_t v = 0; v < lf.names.size(); v++) {
    if (lf.names[v].empty()) continue;
    auto [it, fresh] = var_of.try_emplace(lf.names[v], v);
    auto* phi = llvm::dyn_cast<llvm::PHINode>(e.cuts[k].vars[it->second]);
    if (!fresh && !(phi && phi->getParent() == e.cuts[k].header)) it->second = v;
  }
  std::vector<bool> out(lf.names.size(), false);
  for (auto& [name, v] : var_of) out[v] = true;
  return out;
}

// A pointer shape's name in given candidates: "OBJECT[.iIDX][.oOFF]", with
// ".i_"/".o_" where the index or offset is not constant.
std::string shape_name(const Encoding& e, const Shape& shape) {
  std::string n = e.hw->world().object(shape.obj).name;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  if (!shape.idx || *shape.idx) n += ".i" + (shape.idx ? std::to_string(*shape.idx) : std::string("_"));
  if (!shape.off || *shape.off) n += ".o" + (shape.off ? std::to_string(*shape.off) : std::string("_"));
  return n;
}

LoopNames loop_names(Encoding& e, size_t k, const GeometryFacts& g) {
  LoopNames out;
  auto bind = [&](const std::string& n, const Expr& x) {
    for (auto& [m, y] : out.names)
      if (m == n) return;
    out.names.push_back({n, x});
  };
  const l2s::LoopFacts& lf = e.facts[k];
  const std::vector<bool> named = named_vars(e, k);
  auto chosen = [&](size_t v) { return named[v]; };
  for (size_t v = 0; v < lf.slots.size(); v++)
    if (lf.slots[v].valid() && chosen(v)) bind(lf.names[v], lf.slots[v]);
  // The named cells: a placeholder each, the cell's value where the
  // candidate is stated; a cell the loop does not carry is absent.
  for (auto& [name, cell] : e.hw->named_cells()) {
    auto it = e.enc[k].cells.find(cell);
    bool here = it != e.enc[k].cells.end();
    Expr ph = Expr::fresh_like(name, here ? it->second : e.hw->world().cell_initial(cell));
    if (here)
      e.cell_slots[k].push_back({cell, ph});
    else
      out.absent.push_back(ph);
    bind(name, ph);
  }
  // A pointer's shapes: "VAR@OBJECT[.iIDX][.oOFF]", with ".i_"/".o_" and a
  // ".idx"/".off" name where the index or offset is not constant.
  for (size_t v = 0; v < e.enc[k].vars.size(); v++) {
    const VarEnc& ve = e.enc[k].vars[v];
    if (!ve.ptr || !chosen(v)) continue;
    for (size_t sh = 0; sh < ve.shapes.size(); sh++) {
      const Shape& shape = ve.shapes[sh];
      std::string n = lf.names[v] + "@" + shape_name(e, shape);
      Encoding::ShapeSlot ss{v, sh, Expr::fresh(n, 0), shape.idx ? Expr() : Expr::fresh(n + ".idx", 64),
                             shape.off ? Expr() : Expr::fresh(n + ".off", 64)};
      bind(n, ss.guard);
      if (ss.idx.valid()) bind(n + ".idx", ss.idx);
      if (ss.off.valid()) bind(n + ".off", ss.off);
      e.shape_slots[k].push_back(ss);
    }
  }
  // The geometry: the input region's DPA base and the page size.
  bind("dpa_base", dpa_of(e.in.region, Expr::bv(0, 32), g));
  bind("page_size", Expr::bv(g.page_size(), 64));
  for (auto& [name, x] : e.hw->named_constants()) bind(name, x);
  for (auto& in : e.in.named()) {
    bind(in.name, in.e);
    if (!in.present) out.absent.push_back(in.e);
  }
  return out;
}

// The one-line error for Z3's complaint about section sec. Z3 counts lines
// in the definitions and the section together: its line L is the file's
// line L in the definitions, or so many lines after the section's opening.
std::string parse_error(const GivenFacts& given, const GivenFacts::Section& sec, std::string msg,
                        const LoopNames& ln) {
  std::string where = given.path + ":" + std::to_string(sec.line);
  std::smatch m;
  if (std::regex_search(msg, m, std::regex(R"(line (\d+) column (\d+): ?)"))) {
    unsigned l = static_cast<unsigned>(std::stoul(m[1].str()));
    unsigned pre = static_cast<unsigned>(std::count(given.preamble.begin(), given.preamble.end(), '\n'));
    where = given.path + ":" + std::to_string(l <= pre ? l : sec.line + (l - pre)) + ":" + m[2].str();
    msg = m.prefix().str() + m.suffix().str();
  }
  for (char& c : msg)
    if (c == '\n') c = ' ';
  while (!msg.empty() && msg.back() == ' ') msg.pop_back();
  std::string known;
  for (auto& [n, x] : ln.names) known += (known.empty() ? "" : " ") + n;
  return where + ": in the candidates of the loop at " + sec.where + ": " + msg + " (names there: " + known + ")";
}

// Adds the given candidates to the cut points they name (a candidate given
// twice, in one file or two, once).
std::optional<std::string> add_given(Encoding& e, const std::vector<GivenFacts>& files, const GeometryFacts& g) {
  e.cell_slots.assign(e.cuts.size(), {});
  e.shape_slots.assign(e.cuts.size(), {});
  std::map<size_t, LoopNames> by_loop;
  for (const GivenFacts& given : files) {
    for (const auto& sec : given.sections) {
      size_t k = 0;
      for (; k < e.cuts.size(); k++) {
        const std::string& n = e.cuts[k].name;
        if (n == "loop at " + sec.where ||
            (n.size() > sec.where.size() && n.ends_with(sec.where) && n[n.size() - sec.where.size() - 1] == '/'))
          break;
      }
      if (k == e.cuts.size()) {
        std::string loops;
        for (auto& c : e.cuts) loops += (loops.empty() ? "" : ", ") + c.name.substr(c.name.find(' ') + 4);
        return given.path + ":" + std::to_string(sec.line) + ": no loop at " + sec.where + " (the loops: " +
               (loops.empty() ? "none" : loops) + ")";
      }
      auto it = by_loop.find(k);
      if (it == by_loop.end()) it = by_loop.emplace(k, loop_names(e, k, g)).first;
      const LoopNames& ln = it->second;
      std::vector<Expr> facts;
      try {
        facts = smt::parse_assertions(given.preamble + sec.text, ln.names);
      } catch (const smt::Error& err) {
        return parse_error(given, sec, err.what(), ln);
      }
      for (size_t i = 0; i < facts.size(); i++) {
        bool applies = true;
        for (const Expr& c : smt::free_constants(facts[i]))
          for (const Expr& a : ln.absent) applies = applies && !c.same(a);
        if (!applies) {
          e.not_applicable++;
          continue;
        }
        auto& cands = e.facts[k].candidates;
        if (std::any_of(cands.begin(), cands.end(), [&](auto& c) { return c.fact.same(facts[i]); })) continue;
        // The input contract at every entry the candidate reads (sound: it
        // holds of every input allowed), which its induction may need.
        std::vector<Expr> contract;
        if (!e.in.contents_free) {
          for (const Expr& idx : smt::select_indices(facts[i], {e.in.has, e.in.page, e.in.addr, e.in.order, e.in.rem}))
            e.hw->input_facts(idx);
          contract = e.hw->take().assumptions;
        }
        cands.push_back(
            {facts[i], "given in " + given.path + " (" + sec.where + " #" + std::to_string(i + 1) + ")",
             smt::all_of(contract)});
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> encode(CopyProver& prover, Encoding& e, const std::vector<GivenFacts>& given) {
  const GeometryFacts& g = prover.geometry();
  auto t0 = std::chrono::steady_clock::now();
  llvm::Function& fn = prover.entry();
  e.hw = prover.horn_world(e.in);
  e.cuts = l2s::cut_points(fn);
  e.enc.assign(e.cuts.size(), CutEnc{});
  for (size_t k = 0; k < e.cuts.size(); k++)
    for (const llvm::Value* val : e.cuts[k].vars) {
      VarEnc v;
      llvm::Type* ty = val->getType();
      if (ty->isPointerTy())
        v.ptr = true;
      else if (ty->isIntegerTy() && ty->getIntegerBitWidth() <= 64)
        v.width = ty->getIntegerBitWidth() == 1 ? 0 : ty->getIntegerBitWidth();
      else
        return "a loop variable of " + e.cuts[k].name + " is neither an integer nor a pointer";
      e.enc[k].vars.push_back(v);
    }
  for (bool changed = true; changed;) {
    if (++e.rounds > 20) return std::string("the loop state encoding does not settle after 20 rounds");
    changed = false;
    e.pieces.clear();
    for (int from = -1; from < static_cast<int>(e.cuts.size()); from++) {
      if (from >= 0 && !e.enc[static_cast<size_t>(from)].reached) continue;
      Piece pc;
      pc.from = from;
      if (from >= 0) pc.start = fresh_start(e.enc[static_cast<size_t>(from)]);
      pc.seg = l2s::translate_segment(fn, e.cuts, from, pc.start.vals, e.hw->args(), pc.start.state, e.hw->world(), {});
      if (from >= 0) pc.start.vals = pc.seg.start;
      pc.ev = e.hw->take();
      for (auto& end : pc.seg.ends)
        if (end.to >= 0) changed = learn(e.enc[static_cast<size_t>(end.to)], end) || changed;
      e.pieces.push_back(std::move(pc));
    }
  }
  if (e.in.witness.valid()) {
    e.pop = e.hw->populated_at(e.in.witness);
    e.pop_facts = e.hw->take().assumptions;
  }
  e.facts = l2s::loop_facts(fn, e.cuts, e.hw->args());
  if (!given.empty()) {
    if (auto err = add_given(e, given, g)) return err;
    for (const GivenFacts& f : given) e.given += (e.given.empty() ? "" : ", ") + f.path;
  }
  houdini(e, 20000);
  e.seconds = since(t0);
  return std::nullopt;
}

// What Houdini kept of the candidates (each one with verbose).
std::string describe_facts(const Encoding& e, bool verbose) {
  std::ostringstream out;
  size_t proposed = 0, kept = 0;
  for (size_t k = 0; k < e.cuts.size(); k++) {
    proposed += e.facts[k].candidates.size();
    kept += e.kept[k].size();
  }
  out << std::fixed;
  out.precision(2);
  out << "loop invariants (read off the compiled code: scalar evolution, guards into the loop and of its back edge"
      << (e.given.empty() ? "" : "; given in " + e.given) << "): " << kept << " of " << proposed
      << " candidates proved inductive (" << e.facts_seconds << "s), assumed by the clauses";
  if (e.not_applicable) out << "; " << e.not_applicable << " given candidate(s) name what this encoding lacks";
  out << "\n";
  if (verbose)
    for (size_t k = 0; k < e.cuts.size(); k++)
      for (auto& c : e.facts[k].candidates) {
        bool held = std::any_of(e.kept[k].begin(), e.kept[k].end(), [&](auto& x) { return x.fact.same(c.fact); });
        auto why = e.dropped_why.find(c.fact.id());
        out << "  " << (held ? "inductive: " : "dropped: ") << e.cuts[k].name << ": " << c.fact.str() << " (" << c.why
            << (held || why == e.dropped_why.end() ? "" : "; " + why->second) << ")\n";
      }
  return out.str();
}

// The first line of the output: the variant, the geometry and the loops as
// encoded (their state: the encoding made first).
std::string describe(const Encoding& e, const VariantFile& v, const GeometryFacts& g) {
  std::ostringstream out;
  size_t defs = 0;
  for (auto& pc : e.pieces) defs += pc.seg.defs.size();
  out << "spacer: " << v.name << " (" << v.api << ", PAGE_SHIFT " << g.page_shift << ", CHUNK "
      << (g.chunk_any.valid() ? std::string("any >= 1") : std::to_string(g.chunk))
      << "), every npages: " << e.cuts.size() << " loop relation(s)";
  for (size_t k = 0; k < e.cuts.size(); k++)
    out << (k ? ", " : " [") << e.cuts[k].name << ": " << e.enc[k].vars.size() << " variables, "
        << e.enc[k].cells.size() << " cells";
  out << (e.cuts.empty() ? "" : "]") << "; " << e.pieces.size() << " segments, " << defs
      << " definitions, encoded in " << e.rounds << " round(s), " << std::fixed;
  out.precision(2);
  out << e.seconds << "s\n";
  return out.str();
}

struct Verdict {
  smt::Result result = smt::Result::Unknown;
  std::string text;
  bool outside_contract = false;  // refuted only by an input outside the contract
  std::string note;  // --verbose: printed on its own line before the verdict
};

// The clauses of one property. A clause leaves a piece (the entry or a
// loop relation) along one of its ends: to a relation or to the violation
// (at an event, or at a return). Its body is the piece's definitions and
// input facts and the clause's condition.
constexpr int kToViolation = -1;
struct Clause {
  size_t piece;
  int to;
  Expr body;
  std::vector<Expr> to_args;  // after the input variables
};

std::vector<Clause> clauses(const Encoding& e, Prop p, const GeometryFacts& g) {
  std::vector<Clause> out;
  for (size_t k = 0; k < e.pieces.size(); k++) {
    const Piece& pc = e.pieces[k];
    Expr base = piece_body(e, pc);
    for (auto& end : pc.seg.ends) {
      if (end.to >= 0) {
        out.push_back({k, end.to, base & end.guard, end_args(e.enc[static_cast<size_t>(end.to)], end, e.hw->world())});
        continue;
      }
      // At the return: COPY-ONCE's ghost count of the witness against
      // populated, or the world's monitor.
      Expr bad = p == Prop::CopyOnce ? smt::all_of(e.pop_facts) & once_violated(e.in.witness, e.in.n, e.pop,
                                                                                e.hw->cover(end.state),
                                                                                e.hw->failed(end.state),
                                                                                Expr::boolean(false))
                                     : e.hw->at_return(end.state, end.vals.at(0).v);
      if (!bad.simplify().is_false()) out.push_back({k, kToViolation, base & end.guard & bad, {}});
    }
    Expr bad = segment_violation(p, pc.ev, g, *e.hw, e.in).simplify();
    std::vector<Expr> facts = e.hw->take().assumptions;
    if (!bad.is_false()) out.push_back({k, kToViolation, base & smt::all_of(facts) & bad, {}});
  }
  return out;
}

// A concrete input found for p: checked against the contract and replayed
// through both oracles; only a replayed violation is a refutation.
Verdict judge(const std::optional<CopyInput>& cex, const std::string& why, Prop p, const VariantFile& v,
              const GeometryFacts& g, const std::string& found) {
  Verdict out;
  std::string id(info(p).id);
  std::ostringstream o;
  if (!cex) {
    o << "UNKNOWN " << id << ": " << found << " but no concrete input follows it: " << why << "\n";
  } else if (auto outside = copy_contract_violation(*cex, v.api_gen, Geometry::current())) {
    out.outside_contract = true;
    o << "UNKNOWN " << id << ": " << found << ", with " << format_copy_layout(*cex)
      << ", outside the input contract (" << *outside << ")\n";
  } else if (Replay rp = replay_input(v, *cex, p, g); !rp.ok) {
    o << "UNKNOWN " << id << ": " << found << ", with " << format_copy_layout(*cex) << ", which does not replay to "
      << id << " (" << rp.text << "): the encoding over-approximates\n";
  } else {
    out.result = smt::Result::Sat;
    o << "REFUTED " << id << " (" << found << "): " << format_copy_layout(*cex) << " (" << cex->entries.size()
      << " pages), replayed: " << rp.text << "\n"
      << rp.diagram;
  }
  out.text = o.str();
  return out;
}

// With --verbose, for a violation clause the kept invariants leave open:
// the state at its start in the solver's model, by the names a given
// candidate would use (the loop's named variables, a pointer by the shape
// it has, the scalar inputs), so that one can see what a candidate misses.
std::string model_state(const Encoding& e, int from, const std::vector<Value>& vals, const smt::Model& m) {
  std::ostringstream out;
  auto item = [&](const std::string& n, const Expr& x) {
    out << (out.tellp() ? ", " : "") << n << " = ";
    if (x.is_bool())
      out << (m.boolean(x) ? "true" : "false");
    else if (int64_t v = m.s64(x); x.width() <= 32 && v < 0 && v >= -4095)  // an errno
      out << v;
    else
      out << m.u64(x);
  };
  if (from >= 0) {
    size_t k = static_cast<size_t>(from);
    const std::vector<bool> named = named_vars(e, k);
    for (size_t v = 0; v < vals.size() && v < named.size(); v++) {
      if (!named[v]) continue;
      const std::string& n = e.facts[k].names[v];
      if (!vals[v].is_ptr) {
        if (vals[v].v.valid()) item(n, vals[v].v);
        continue;
      }
      for (size_t sh = 0; sh < e.enc[k].vars[v].shapes.size(); sh++) {
        ShapeValue sv = shape_value(e.enc[k].vars[v].shapes[sh], vals[v]);
        if (!m.boolean(sv.is)) continue;
        out << (out.tellp() ? ", " : "") << n << "@" << shape_name(e, e.enc[k].vars[v].shapes[sh]);
        if (!e.enc[k].vars[v].shapes[sh].idx) out << " (idx " << m.u64(sv.idx) << ")";
        if (!e.enc[k].vars[v].shapes[sh].off) out << " (off " << m.s64(sv.off) << ")";
      }
    }
  }
  for (auto& in : e.in.named())
    if (in.present && !in.e.is_array()) item(in.name, in.e);
  return "  a state there that the kept invariants allow: " + out.str() + "\n";
}

// One property by Spacer: the clauses as rules, the query, and for a
// derivation the concrete input along it, replayed.
// What an encoding abstracts ("" when exact).
std::string abstracted(const UnboundedInput& in) {
  return in.contents_free ? "the entries' contents" : in.addresses_free ? "the system addresses" : "";
}
// The same as a phrase inside a verdict's parentheses.
std::string abstracted_note(const UnboundedInput& in) {
  return in.no_addresses() ? abstracted(in) + " abstracted, " : "";
}

Verdict query(const Encoding& e, Prop p, const VariantFile& v, const GeometryFacts& g, const SpacerOptions& opt) {
  auto tq = std::chrono::steady_clock::now();
  std::vector<Expr> inputs = e.in.vars();
  auto relation_args = [&](const std::vector<Expr>& rest) {
    std::vector<Expr> a = inputs;
    a.insert(a.end(), rest.begin(), rest.end());
    return a;
  };
  const std::vector<Clause> all = clauses(e, p, g);
  std::string id(info(p).id);
  // The kept loop invariants may exclude every violation on their own:
  // each clause into the violation is unsat with the invariant of the
  // relation it leaves assumed (an inductive invariant that excludes the
  // error is a proof). Then Spacer is not needed.
  std::string not_excluded;  // with --verbose: the first violation clause the invariants leave open
  if (std::any_of(e.kept.begin(), e.kept.end(), [](auto& k) { return !k.empty(); })) {
    size_t errors = 0;
    bool excluded = true;
    std::ostringstream each;  // with --verbose: each clause's check and its time
    each << std::fixed;
    each.precision(2);
    for (const Clause& c : all) {
      if (c.to >= 0) continue;
      errors++;
      auto tc = std::chrono::steady_clock::now();
      smt::Solver s(opt.timeout_ms, smt::Solver::Tactic::kBitBlast);
      for (const Expr& f : for_check(e, {c.body}, {}).fs) s.add(f);
      smt::Result r = s.check();
      bool unsat = r == smt::Result::Unsat;
      each << "  the loop invariants kept " << (unsat ? "exclude" : "do not exclude") << " the violation from "
           << from_name(e, e.pieces[c.piece].from) << " ("
           << (unsat || r == smt::Result::Sat ? "" : "the solver gave up, ") << since(tc) << "s)\n";
      if (!unsat) {
        excluded = false;
        if (opt.verbose) {
          const Piece& pc = e.pieces[c.piece];
          if (r == smt::Result::Sat) try {
              each << model_state(e, pc.from, pc.start.vals, s.model());
            } catch (const smt::Error& err) {
              each << "  (no state to show: " << err.what() << ")\n";
            }
          not_excluded = each.str();
        }
        break;
      }
    }
    if (excluded) {
      std::ostringstream o;
      o << std::fixed;
      o.precision(2);
      o << "PROVED " << id << " for every npages (by the loop invariants kept: " << errors
        << " violation clause(s) unsat under them, " << abstracted_note(e.in)
        << since(tq) << "s)\n";
      return {smt::Result::Unsat, o.str(), false, opt.verbose ? each.str() : ""};
    }
  }
  smt::Horn h(opt.timeout_ms, opt.jobs);
  std::vector<int> rel;
  for (size_t k = 0; k < e.cuts.size(); k++)
    rel.push_back(h.relation_like("loop" + std::to_string(k), relation_args(fresh_start(e.enc[k]).args)));
  int err = h.relation_like("violated", {});
  unsigned rules = 0;
  std::map<std::string, RuleRec> recs;
  for (const Clause& c : all) {
    const Piece& pc = e.pieces[c.piece];
    std::string name = (c.to < 0 ? "error" : "segment") + std::to_string(rules++);
    RuleRec rr;
    rr.from = pc.from;
    if (pc.from >= 0) rr.from_args = relation_args(pc.start.args);
    rr.to = c.to;
    if (c.to >= 0) rr.to_args = relation_args(c.to_args);
    // Spacer is given no quantifier: a kept quantified invariant enters a
    // rule by its instances (a weaker body: a proof still holds, and a
    // derivation is replayed before it counts).
    rr.body = smt::all_of(smt::instantiate_foralls({c.body}, {}));
    h.rule(pc.from < 0 ? rr.body : rr.body & h.apply(rel[static_cast<size_t>(pc.from)], rr.from_args),
           c.to < 0 ? h.apply(err, {}) : h.apply(rel[static_cast<size_t>(c.to)], rr.to_args), name);
    recs.emplace(name, std::move(rr));
  }
  Verdict out;
  out.result = h.query(h.apply(err, {}));
  double tp = since(tq);
  std::string retried = h.retries() ? ", after " + std::to_string(h.retries()) +
                                          " restart(s) with another random seed on Spacer's internal error"
                                    : std::string();
  if (opt.jobs > 1 && out.result != smt::Result::Unknown) retried += ", seed " + std::to_string(h.seed()) + " of the portfolio";
  std::ostringstream o;
  o << std::fixed;
  o.precision(2);
  if (out.result == smt::Result::Unsat) {
    o << "PROVED " << id << " for every npages (" << rules << " clauses, "
      << abstracted_note(e.in) << tp << "s" << retried << ")\n";
    if (opt.verbose) o << "  invariants: " << h.answer() << "\n";
  } else if (out.result == smt::Result::Sat && e.in.no_addresses()) {
    out.result = smt::Result::Unknown;
    o << "UNKNOWN " << id << ": Spacer found a derivation in " << tp << "s" << retried << ", with "
      << abstracted(e.in) << " abstracted (it proves nothing)\n";
  } else if (out.result == smt::Result::Sat) {
    std::string why;
    auto cex = concrete_derivation(h.trace(), recs, e.in, *e.hw, g, opt.timeout_ms, why);
    o << "Spacer found a derivation in " << tp << "s" << retried;
    Verdict judged = judge(cex, why, p, v, g, o.str());
    judged.note = not_excluded;
    return judged;
  } else {
    o << "UNKNOWN " << id << ": " << h.reason_unknown() << " (" << tp << "s" << retried << ")\n";
  }
  out.text = o.str();
  out.note = not_excluded;
  return out;
}

}  // namespace

SpacerResult spacer_copy(const SpacerOptions& opt) {
  VariantFile v = find_variant(opt.variant);
  const std::vector<Prop> stated = spacer_props(v.api_gen);
  std::vector<Prop> props = opt.only.empty() ? stated : opt.only;
  for (Prop p : props)
    if (std::find(stated.begin(), stated.end(), p) == stated.end())
      return {"spacer: " + std::string(info(p).id) + " is not stated for " + v.api +
                  " variants (it is not a property of that API; see ../shared/spec/copy.md)\n",
              2};
  if (opt.chunk_any)
    for (Prop p : props)
      if (!contents_free_ok(p))
        return {"spacer: " + std::string(info(p).id) +
                    " is not stated with --chunk any: it reads the entries, and the migrate layer's tail fill is "
                    "stated for a constant CHUNK only\n",
                2};
  std::vector<GivenFacts> given(opt.invariants.size());
  for (size_t f = 0; f < given.size(); f++)
    if (auto err = read_given(opt.invariants[f], given[f])) return {"spacer: --invariants: " + *err + "\n", 2};
  CopyProver prover(v, opt.work_dir, opt.chunk_any);
  const GeometryFacts& g = prover.geometry();
  prover.inline_entry();
  // One encoding per kind of ghost state: none, COPY-ONCE's witness index,
  // COPY-CONTIG's witness page, or a monitor; each first without the folio
  // contract (fewer facts; a proof holds a fortiori), then, if Spacer's
  // input breaks the contract, with it. COPY-ONCE always assumes it: it
  // defines the populated tails.
  enum Abstraction { kExact, kAddresses, kContents };
  // Whether p has an encoding of its own, or shares the one without ghost state.
  auto own_encoding = [](Prop p) { return p == Prop::CopyOnce || p == Prop::CopyContig || has_monitor(p); };
  // The candidate files for p's encoding: those for p, or, for the shared
  // one, for any property without its own; and those for every property.
  auto files_for = [&](Prop p) {
    std::vector<GivenFacts> mine;
    for (const GivenFacts& f : given)
      if (f.props.empty() || std::any_of(f.props.begin(), f.props.end(), [&](Prop q) {
            return own_encoding(p) ? q == p : !own_encoding(q);
          }))
        mine.push_back(f);
    return mine;
  };
  // The properties ps, in order, on encodings of their own (each process
  // makes its own): the heading (the first encoding made), each property's
  // text, the worst exit code; or an error.
  struct Run {
    std::string heading, error;
    std::vector<std::string> texts;
    int worst = 0;
  };
  auto check = [&](const std::vector<Prop>& ps) {
    Run run;
    std::map<std::tuple<int, bool, int>, Encoding> encs;
    std::string why, pending;  // pending: the loop invariants of an encoding made since (each one with --verbose)
    auto fail = [&] {
      run.error = why;
      return run;
    };
    auto encoding = [&](Prop p, bool folio_contract, Abstraction abs = kExact) -> const Encoding* {
      bool own = own_encoding(p);
      auto key = std::make_tuple(own ? static_cast<int>(p) : -1,
                                 abs != kContents && (folio_contract || p == Prop::CopyOnce), static_cast<int>(abs));
      auto [it, fresh] = encs.try_emplace(key);
      if (fresh) {
        it->second.in = make_unbounded_input(g, std::get<1>(key), own ? std::optional<Prop>(p) : std::nullopt,
                                             abs == kContents, abs == kAddresses);
        if (auto err = encode(prover, it->second, files_for(p))) {
          why = *err;
          encs.erase(it);
          return nullptr;
        }
        // Encodings are made when a property needs one: the first one gives
        // the heading.
        if (encs.size() == 1) run.heading = describe(it->second, v, g);
        pending += "  " + std::string(info(p).id) +
                   (abs == kExact ? std::string() : " (" + abstracted(it->second.in) + " abstracted)") + ": " +
                   describe_facts(it->second, opt.verbose);
      }
      return &it->second;
    };
    auto note = [&](smt::Result r) {  // the exit code: 0 proved, 1 refuted, 3 unknown
      run.worst = std::max(run.worst, r == smt::Result::Unsat ? 0 : r == smt::Result::Sat ? 1 : 3);
    };
    // Property p's text into out; false on an error (why).
    auto one = [&](Prop p, std::ostringstream& out) {
      // First with what the property does not read abstracted: the entries'
      // contents (no arrays in the relations), else the system addresses
      // (COPY-CONTIG: no address array, no tail fill; the device pages and
      // the folio contract exact). A proof there is a proof; a derivation or
      // a timeout sends the property to the exact encoding.
      if (addresses_free_ok(p)) {
        Abstraction abs = contents_free_ok(p) ? kContents : kAddresses;
        const Encoding* a = encoding(p, abs == kAddresses && g.api_gen >= 2, abs);
        if (!a) return false;
        Verdict r = query(*a, p, v, g, opt);
        out << std::exchange(pending, "") << r.note;
        if (r.result == smt::Result::Unsat || opt.chunk_any) {  // --chunk any: no exact encoding
          out << r.text;
          note(r.result);
          return true;
        }
        out << "  with " << abstracted(a->in) << " abstracted: " << r.text;
      }
      // Given candidates are stated under the folio contract (G2+), so they
      // start from the encoding that assumes it.
      const Encoding* e = encoding(p, !files_for(p).empty() && g.api_gen >= 2);
      if (!e) return false;
      Verdict r = query(*e, p, v, g, opt);
      out << std::exchange(pending, "") << r.note;
      if (r.outside_contract && g.api_gen >= 2 && p != Prop::CopyOnce) {
        out << "  without the folio contract: " << r.text;
        if (!(e = encoding(p, true))) return false;
        r = query(*e, p, v, g, opt);
        out << std::exchange(pending, "") << r.note;
        out << "  with the folio contract:\n";
      }
      out << r.text;
      note(r.result);
      return true;
    };
    for (Prop p : ps) {
      std::ostringstream out;
      if (!one(p, out)) return fail();
      run.texts.push_back(out.str());
    }
    return run;
  };
  // Serially: every property in one process, sharing encodings. With
  // --parallel N: a group per encoding kind (COPY-ONCE, -CONTIG and each
  // monitor alone, the properties without ghost state together), up to N
  // groups at a time, each in a child process; the largest encodings
  // (COPY-ONCE, -CONTIG) first. The texts come back in property order.
  std::vector<std::vector<Prop>> groups;
  if (opt.parallel <= 1) {
    groups.push_back(props);
  } else {
    std::vector<Prop> shared;
    for (Prop first : {Prop::CopyOnce, Prop::CopyContig})
      if (std::find(props.begin(), props.end(), first) != props.end()) groups.push_back({first});
    for (Prop p : props)
      if (!own_encoding(p))
        shared.push_back(p);
      else if (p != Prop::CopyOnce && p != Prop::CopyContig)
        groups.push_back({p});
    if (!shared.empty()) groups.push_back(shared);
  }
  std::vector<Run> runs(groups.size());
  if (groups.size() == 1) {
    runs[0] = check(groups[0]);
  } else {
    auto task = [&](size_t i) {
      Run r = check(groups[i]);
      std::vector<std::string> parts{r.heading, r.error, std::to_string(r.worst)};
      parts.insert(parts.end(), r.texts.begin(), r.texts.end());
      return children::pack(parts);
    };
    auto done = [&](size_t i, const children::Ended& e) {
      auto parts = e.answer ? children::unpack(*e.answer) : std::nullopt;
      Run& r = runs[i];
      if (parts && parts->size() >= 3 && (!(*parts)[1].empty() || parts->size() == 3 + groups[i].size())) {
        r.heading = (*parts)[0];
        r.error = (*parts)[1];
        r.worst = std::atoi((*parts)[2].c_str());
        r.texts.assign(parts->begin() + 3, parts->end());
        return false;
      }
      std::string why = e.answer ? std::string("its process sent a malformed answer") : e.why;
      for (Prop p : groups[i]) r.texts.push_back("UNKNOWN " + std::string(info(p).id) + ": " + why + "\n");
      r.worst = 3;
      return false;
    };
    children::run(groups.size(), opt.parallel, task, done);
  }
  std::ostringstream out;
  int worst = 0;
  std::map<Prop, std::string> text;
  for (size_t i = 0; i < groups.size(); i++) {
    if (!runs[i].error.empty()) return {"spacer: " + runs[i].error + "\n", 2};
    worst = std::max(worst, runs[i].worst);
    for (size_t k = 0; k < runs[i].texts.size(); k++) text[groups[i][k]] = runs[i].texts[k];
  }
  // The heading: the first encoding made for the first property (or, if
  // its process died, by any other).
  std::string heading;
  for (size_t i = 0; i < groups.size(); i++)
    if (heading.empty() || std::find(groups[i].begin(), groups[i].end(), props[0]) != groups[i].end())
      heading = runs[i].heading.empty() ? heading : runs[i].heading;
  out << heading;
  for (Prop p : props) out << text[p];
out << "assumed: every npages; the bounded prover's input domain (device pages inside one region, system "
         "addresses whole pages below 2^16 pages, order <= 9, any one submission may fail); job fences tracked "
         "by phase against a witness call (its fence, a later one on its engine, any other; in-order "
         "completion) for COPY-WAIT/-ERR/-FENCE/-PREFENCE, abstracted (one object) otherwise; the "
         "migrate tail fill exact for calls of up to CHUNK pages, a longer call leaves every address unknown (an "
         "over-approximation); npages below 2^60 (2^61 at G1: the system-side array fits in the address space)\n";
  return {out.str(), worst};
}

}  // namespace svm::proof
