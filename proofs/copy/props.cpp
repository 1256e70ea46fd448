// SPDX-License-Identifier: MIT
// Written from ../shared/spec/copy.md, in the same terms as
// model/copy_oracle.cpp (which this cross-checks), but as formulas.
#include "proofs/copy/props.hpp"

#include <functional>

#include "src/shim/include/shim/report.h"

namespace svm::proof {
namespace {

Expr b32(uint64_t v) { return Expr::bv(v, 32); }
Expr b64(uint64_t v) { return Expr::bv(v, 64); }
Expr tt() { return Expr::boolean(true); }
Expr ff() { return Expr::boolean(false); }
const uint64_t kNoRegion = static_cast<uint32_t>(SVM_NO_REGION);

// v[idx] for a symbolic idx (BV64); dflt outside [0, v.size()).
Expr pick(const std::vector<Expr>& v, const Expr& idx, const Expr& dflt) {
  Expr r = dflt;
  for (size_t i = v.size(); i-- > 0;) r = smt::ite(idx == b64(i), v[i], r);
  return r;
}

Expr has(const SymEntry& e) { return e.region != b32(kNoRegion); }

Expr dpa(const SymEntry& e, const GeometryFacts& g) { return dpa_of(e.region, e.page, g); }

Expr pow2(const Expr& order8) { return b64(1).shl(order8.zext(64)); }

struct Columns {
  std::vector<Expr> has, region, dpa;
};
Columns columns(const SymInput& in, const GeometryFacts& g) {
  Columns c;
  for (auto& e : in.e) {
    c.has.push_back(has(e));
    c.region.push_back(e.region);
    c.dpa.push_back(dpa(e, g));
  }
  return c;
}

std::vector<Expr> with_kind(const SymTrace& t, std::initializer_list<int> kinds) {
  std::vector<Expr> out;
  for (auto& r : t.reports)
    for (int k : kinds)
      if (r.kind == k) out.push_back(r.fired);
  return out;
}

Expr ok(const SymCall& c) { return c.issued & (c.result == b32(0)); }
Expr failed(const SymCall& c) { return c.issued & (c.result != b32(0)); }

// Exactly one slot is the witness: OR_c (w == c && bad(c)).
Expr some_call(const SymTrace& t, const Expr& w, const std::function<Expr(size_t)>& bad) {
  std::vector<Expr> xs;
  for (size_t c = 0; c < t.calls.size(); c++) xs.push_back((w == b32(c)) & bad(c));
  return smt::any_of(xs);
}

Expr any_call(const SymTrace& t, const std::function<Expr(size_t)>& p) {
  std::vector<Expr> xs;
  for (size_t c = 0; c < t.calls.size(); c++) xs.push_back(p(c));
  return smt::any_of(xs);
}

}  // namespace

std::vector<Expr> populated(const SymInput& in, const GeometryFacts& g) {
  const unsigned n = in.n();
  std::vector<Expr> pop;
  if (g.api_gen < 2) {
    for (auto& e : in.e) pop.push_back(has(e) & (e.sys_page != b64(0)));
    return pop;
  }
  // folio_heads(): each head with a system page claims its tails, unless it
  // is itself claimed by an earlier head.
  const Expr none = b64(~0ull);
  std::vector<Expr> head(n, none);
  for (unsigned h = 0; h < n; h++) {
    const auto& e = in.e[h];
    Expr is_head = (e.order != Expr::bv(0, 8)) & (e.sys_page != b64(0)) & (head[h] == none);
    Expr span = pow2(e.order);
    for (unsigned j = 0; h + j < n; j++) head[h + j] = smt::ite(is_head & b64(j).ult(span), b64(h), head[h + j]);
  }
  auto cols = columns(in, g);
  for (unsigned i = 0; i < n; i++) {
    Expr tail = (head[i] != none) & pick(cols.has, head[i], ff());
    pop.push_back(cols.has[i] & ((in.e[i].sys_page != b64(0)) | tail));
  }
  return pop;
}

Expr in_contract(const SymInput& in, const GeometryFacts& g) {
  const unsigned n = in.n();
  std::vector<Expr> ok;
  auto cols = columns(in, g);
  for (unsigned i = 0; i < n; i++) {
    const auto& e = in.e[i];
    ok.push_back(cols.has[i].implies(e.region.sge(b32(0)) & e.region.slt(b32(SVM_MAX_REGIONS)) &
                                     e.page.zext(64).ult(b64(g.region_pages))));
    for (unsigned j = 0; j < i; j++) ok.push_back((cols.has[i] & cols.has[j]).implies(e.region == in.e[j].region));
  }
  ok.push_back((in.fail_at != b32(0)).implies(in.fail_errno.slt(b32(0))));
  if (g.api_gen >= 2) {
    for (unsigned h = 0; h < n; h++) {
      const auto& e = in.e[h];
      Expr span = pow2(e.order);
      std::vector<Expr> folio{e.order.ule(Expr::bv(9, 8)), e.sys_page != b64(0), span.ule(b64(n - h))};
      for (unsigned j = 1; h + j < n; j++) {
        const auto& t = in.e[h + j];
        Expr tail_ok = (t.sys_page == b64(0)) & (t.order == Expr::bv(0, 8)) & (cols.has[h] == cols.has[h + j]) &
                       cols.has[h].implies((t.region == e.region) &
                                           (cols.dpa[h + j] == cols.dpa[h] + b64(j * g.page_size())));
        folio.push_back(b64(j).ult(span).implies(tail_ok));
      }
      ok.push_back((e.order != Expr::bv(0, 8)).implies(smt::all_of(folio)));
    }
  }
  if (g.api_gen < 3) ok.push_back(in.prefence == b32(SVM_PREFENCE_NONE));
  return smt::all_of(ok);
}

std::vector<Prop> stated_props(int api_gen) {
  std::vector<Prop> p{Prop::CopyOnce, Prop::CopyChunk, Prop::CopyEmpty,  Prop::CopyContig,
                      Prop::CopyWait, Prop::CopyErr,   Prop::CopyFence,  Prop::KernelWarn,
                      Prop::KernelAssert};
  if (api_gen >= 3) p.push_back(Prop::CopyPrefence);
  return p;
}

Expr call_covers(const SymCall& c, const Expr& w) {
  return c.sys_index.sge(b64(0)) & w.uge(c.sys_index) & (w - c.sys_index).ult(c.npages);
}

Expr once_violated(const Expr& w, const Expr& n, const Expr& pop, const Expr& cover, const Expr& any_failed,
                   const Expr& bugged) {
  return (!any_failed) & (!bugged) & w.ult(n) & smt::ite(pop, cover != b32(1), cover != b32(0));
}

bool fences_matter(Prop p) {
  return p == Prop::CopyWait || p == Prop::CopyErr || p == Prop::CopyFence || p == Prop::CopyPrefence;
}

bool is_stated(Prop p, int api_gen) {
  for (Prop q : stated_props(api_gen))
    if (q == p) return true;
  return false;
}

Expr dpa_of(const Expr& region, const Expr& page, const GeometryFacts& g) {
  Expr base = smt::ite(region == b32(0), b64(g.dpa_base[0]), b64(g.dpa_base[1]));
  return base + page.zext(64) * b64(g.page_size());
}

Expr contig_violated(const SymCall& c, const Expr& k, const Expr& n, const Column& col, const GeometryFacts& g) {
  Expr i = c.sys_index + k;
  Expr page_bad = i.uge(n) | !col.has(i) | (col.dpa(i) != c.base + k * b64(g.page_size())) | (col.region(i) != c.engine);
  // The pages' region: that of any device page (one region by contract);
  // k as an index names one.
  Expr other_region = k.ult(n) & col.has(k) & (c.engine != col.region(k));
  return c.issued & (c.sys_index.slt(b64(0)) | (k.ult(c.npages) & page_bad) | other_region);
}

Violation violation(Prop p, const SymTrace& t, const GeometryFacts& g) {
  const unsigned n = t.in.n();
  Expr wc = Expr::fresh("witness_call", 32);
  auto cols = columns(t.in, g);
  auto any_failed = any_call(t, [&](size_t c) { return failed(t.calls[c]); });
  switch (p) {
    case Prop::CopyChunk:
      return {some_call(t, wc, [&](size_t c) { return t.calls[c].issued & t.calls[c].npages.ugt(g.chunk_pages()); }),
              {wc}};
    case Prop::CopyEmpty:
      return {some_call(t, wc, [&](size_t c) { return t.calls[c].issued & (t.calls[c].npages == b64(0)); }), {wc}};
    case Prop::CopyContig: {
      Expr k = Expr::fresh("witness_page", 64);
      Column col{[&](const Expr& i) { return pick(cols.has, i, ff()); },
                 [&](const Expr& i) { return pick(cols.dpa, i, b64(0)); },
                 [&](const Expr& i) { return pick(cols.region, i, b32(kNoRegion)); }};
      return {some_call(t, wc, [&](size_t c) { return contig_violated(t.calls[c], k, b64(n), col, g); }), {wc, k}};
    }
    case Prop::CopyErr: {
      auto first_failed = [&](size_t c) {
        return failed(t.calls[c]) &
               !any_call(t, [&](size_t d) { return failed(t.calls[d]) & t.calls[d].seq.ult(t.calls[c].seq); });
      };
      auto bad = [&](size_t c) {
        const SymCall& f = t.calls[c];
        Expr later = any_call(t, [&](size_t d) { return t.calls[d].issued & t.calls[d].seq.ugt(f.seq); });
        Expr unfinished = any_call(t, [&](size_t d) {
          return ok(t.calls[d]) & t.calls[d].seq.ult(f.seq) & !t.calls[d].completed_at_return;
        });
        return first_failed(c) & ((t.ret != f.result) | later | unfinished);
      };
      return {((!any_failed) & (t.ret != b32(0)) & (!t.bugged)) | some_call(t, wc, bad), {wc}};
    }
    case Prop::CopyOnce: {
      Expr w = Expr::fresh("witness_index", 64);
      std::vector<Expr> covers;
      for (auto& c : t.calls) covers.push_back(ok(c) & call_covers(c, w));
      Expr cover = smt::count(covers, 32);
      Expr pop = pick(populated(t.in, g), w, ff());
      return {once_violated(w, b64(n), pop, cover, any_failed, t.bugged), {w}};
    }
    case Prop::CopyWait:
      return {some_call(t, wc, [&](size_t c) { return ok(t.calls[c]) & !t.calls[c].completed_at_return; }), {wc}};
    case Prop::CopyFence: {
      Expr job = some_call(t, wc, [&](size_t c) { return ok(t.calls[c]) & (t.calls[c].fence_refs_at_end != b32(0)); });
      Expr pre = (t.in.prefence != b32(SVM_PREFENCE_NONE)) & (t.prefence_refs_at_end != b32(1));
      return {job | pre | smt::any_of(with_kind(t, {SHIM_REPORT_FENCE})), {wc}};
    }
    case Prop::CopyPrefence: {
      if (g.api_gen < 3) return {ff(), {}};
      auto first_ok = [&](size_t c) {
        return ok(t.calls[c]) &
               !any_call(t, [&](size_t d) { return ok(t.calls[d]) & t.calls[d].seq.ult(t.calls[c].seq); });
      };
      Expr no_dep = some_call(t, wc, [&](size_t c) { return first_ok(c) & !t.calls[c].dep_prefence; });
      Expr none_issued = !any_call(t, [&](size_t c) { return ok(t.calls[c]); });
      return {(t.in.prefence == b32(SVM_PREFENCE_PENDING)) & (no_dep | (none_issued & !t.prefence_signaled_at_return)),
              {wc}};
    }
    case Prop::KernelWarn:
      return {smt::any_of(with_kind(t, {SHIM_REPORT_WARN, SHIM_REPORT_LOCK})), {}};
    case Prop::KernelAssert:
      return {smt::any_of(with_kind(t, {SHIM_REPORT_ASSERT})), {}};
    default:
      return {ff(), {}};
  }
}

SymInput concrete_input(const CopyInput& in) {
  SymInput s;
  for (auto& e : in.entries)
    s.e.push_back({b32(static_cast<uint32_t>(e.region)), b32(e.page), b64(e.sys_page), Expr::bv(e.order, 8)});
  s.dir = b32(in.dir);
  s.fail_at = b32(in.fail_at);
  s.fail_errno = b32(static_cast<uint32_t>(in.fail_errno));
  s.prefence = b32(in.prefence);
  return s;
}

SymTrace concrete_trace(const CopyInput& in, const CopyRun& run) {
  SymTrace t;
  t.in = concrete_input(in);
  for (auto& c : run.calls)
    t.calls.push_back({tt(), b32(c.seq), b32(static_cast<uint32_t>(c.engine)), b64(c.vram_base), b64(c.npages),
                       b64(static_cast<uint64_t>(c.sys_index)), b32(static_cast<uint32_t>(c.result)),
                       Expr::boolean(c.dep_prefence), Expr::boolean(c.completed_at_return),
                       b32(static_cast<uint32_t>(c.fence_refs_at_end))});
  for (auto& r : run.reports) t.reports.push_back({tt(), r.kind, r.file + ":" + std::to_string(r.line)});
  t.ret = b32(static_cast<uint32_t>(run.ret));
  t.bugged = Expr::boolean(run.bugged);
  t.prefence_signaled_at_return = Expr::boolean(run.prefence_signaled_at_return);
  t.prefence_refs_at_end = b32(static_cast<uint32_t>(run.prefence_refs_at_end));
  return t;
}

std::vector<Prop> z3_verdict(const CopyInput& in, const CopyRun& run, const GeometryFacts& g) {
  SymTrace t = concrete_trace(in, run);
  Expr contract = in_contract(t.in, g);
  std::vector<Prop> out;
  for (Prop p : stated_props(g.api_gen)) {
    smt::Solver s;
    s.add(contract);
    s.add(violation(p, t, g).holds_not);
    if (s.check() == smt::Result::Sat) out.push_back(p);
  }
  return out;
}

}  // namespace svm::proof
