// SPDX-License-Identifier: MIT
#include "proofs/copy/driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "proofs/copy/props.hpp"

namespace svm::proof {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One-shot queries over fixed assumptions: a fresh solver per check keeps
// Z3 on its non-incremental bit-blasting path, far faster here than
// checking under assumptions.
struct Query {
  std::vector<Expr> base;
  unsigned timeout_ms;
  smt::Model model;
  std::string reason;
  smt::Result check(const std::vector<Expr>& extra) {
    smt::Solver s(timeout_ms);
    for (auto& a : base) s.add(a);
    for (auto& e : extra) s.add(e);
    auto r = s.check();
    if (r == smt::Result::Sat) model = s.model();
    if (r == smt::Result::Unknown) reason = s.reason_unknown();
    return r;
  }
};

// The build's compiled copy of the variant, if this file is the one it built.
const svm_copy_variant* registered(const VariantFile& v) {
  const svm_copy_variant* r = svm_copy_variant_find(v.name.c_str());
  if (!r || !r->file) return nullptr;
  std::string rel = r->file;
  if (v.path.size() < rel.size() || v.path.compare(v.path.size() - rel.size(), rel.size(), rel) != 0) return nullptr;
  return r;
}

bool contains(const std::vector<Prop>& v, Prop p) { return std::find(v.begin(), v.end(), p) != v.end(); }

Expr nonempty_count(const SymbolicInput& s) {
  std::vector<Expr> xs;
  for (size_t i = 0; i < s.in.e.size(); i++) xs.push_back(s.has[i] | (s.in.e[i].sys_page != Expr::bv(0, 64)));
  return smt::count(xs, 32);
}

// Shrinks a satisfiable query: fewest populated entries, then fewest
// entries with anything in them, then no injected failure if possible.
smt::Model minimize(Query& s, std::vector<Expr> base, const SymbolicInput& sym, const GeometryFacts& g) {
  smt::Model m = s.model;
  std::vector<Expr> measures{smt::count(populated(sym.in, g), 32), nonempty_count(sym),
                             (sym.in.fail_at != Expr::bv(0, 32)).to_bv(32)};
  for (auto& meas : measures) {
    uint64_t k = m.u64(meas);
    while (k > 0) {
      auto q = base;
      q.push_back(meas.ult(Expr::bv(k, 32)));
      if (s.check(q) != smt::Result::Sat) break;
      m = s.model;
      k = m.u64(meas);
    }
    base.push_back(meas == Expr::bv(k, 32));
  }
  return m;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// dir/<stem>[.k]<suffix>, the corpus naming. An existing file is never
// overwritten (the next free .k is used). One with the same bytes, or a
// reproducer of the same page count (solver models differ from run to run
// in values that do not matter), already holds the finding: no new file.
std::string save_reproducer(const std::string& dir, const std::string& stem, const std::string& suffix,
                            const CopyInput& cex) {
  std::vector<uint8_t> bytes = encode_copy(cex);
  auto limits = CopyDecodeLimits::for_geometry(Geometry::current());
  for (unsigned k = 0;; k++) {
    std::string path = dir + "/" + stem + (k ? "." + std::to_string(k) : "") + suffix;
    if (!fs::exists(path)) {
      write_file(path, bytes);
      return path;
    }
    std::vector<uint8_t> old = read_bytes(path);
    if (old == bytes) return path;
    try {
      if (decode_copy(old, limits).npages() == cex.npages()) return path;
    } catch (const std::exception&) {
      // Not a readable reproducer: leave it alone and take the next name.
    }
  }
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::Proved: return "proved";
    case Status::Refuted: return "refuted";
    default: return "unknown";
  }
}

Replay replay_input(const VariantFile& v, const CopyInput& in, Prop prop, const GeometryFacts& g) {
  Replay r;
  const svm_copy_variant* reg = registered(v);
  if (!reg) {
    r.text = "not replayed: " + v.path + " is not a variant of this build";
    r.diagram = format_copy_layout(in) + "\n";
    return r;
  }
  Geometry geo = Geometry::current();
  CopyRun run = run_copy(*reg, in);
  auto found = verdict_props(check_copy(in, v.api_gen, run, geo));
  auto z = z3_verdict(in, run, g);
  r.text = "check_copy: " + verdict_string(found) + ", z3 oracle: " + verdict_string(z);
  r.ok = contains(found, prop) && contains(z, prop);
  r.diagram = copy_diagram(in, v.api_gen, run, geo);
  return r;
}

ProveReport prove_copy(const ProveOptions& opt) {
  auto t0 = Clock::now();
  ProveReport rep;
  rep.variant = find_variant(opt.variant);
  CopyProver prover(rep.variant, opt.work_dir);
  const GeometryFacts& g = prover.geometry();
  rep.geometry = g;
  const int gen = rep.variant.api_gen;
  std::vector<Prop> props = opt.only.empty() ? stated_props(gen) : opt.only;
  // Memory safety is checked with every run, and with --prop only when asked for.
  rep.mem_checked = opt.only.empty() || contains(opt.only, Prop::MemSafety);
  props.erase(std::remove(props.begin(), props.end(), Prop::MemSafety), props.end());
  for (Prop p : props) {
    if (!is_stated(p, gen)) throw std::runtime_error(std::string(id(p)) + " is not stated by the prover for " + rep.variant.api);
    PropResult pr;
    pr.prop = p;
    rep.results.push_back(pr);
  }
  Geometry geo = Geometry::current();
  bool keyed = opt.keyed;
  // Only properties that never read fence bookkeeping: track no fences.
  rep.fences_abstracted =
      std::none_of(rep.results.begin(), rep.results.end(), [](const PropResult& r) { return fences_matter(r.prop); });
  // Only properties that never read the system addresses, and no memory
  // safety (whose events the abstraction could make up): the addresses
  // abstracted first, the exact translation where that does not prove.
  rep.addresses_abstracted =
      !rep.mem_checked &&
      std::all_of(rep.results.begin(), rep.results.end(), [](const PropResult& r) { return addresses_free_ok(r.prop); });
  rep.first_pages = opt.first_pages;
  for (unsigned n = opt.first_pages; n <= opt.max_pages; n++) {
    bool open = std::any_of(rep.results.begin(), rep.results.end(), [](auto& r) { return r.status == Status::Proved; });
    if (!open) break;
    SymbolicInput sym = make_input(n, g);
    // One translation of n pages (abstract: the addresses abstracted), with
    // its keying settled: a loop counter that does not always grow makes
    // this and every later translation unkeyed.
    auto translate = [&](bool abstract) {
      Translation tr = prover.translate(n, sym, n + 1, keyed, opt.prune, rep.fences_abstracted, abstract);
      if (tr.keyed_loops && Query{tr.assumptions, opt.timeout_ms, {}, {}}.check({tr.key_violation}) != smt::Result::Unsat) {
        keyed = false;
        rep.keying_note = "npages=" + std::to_string(n) + ": a loop counter does not always grow; loops unrolled by iteration";
        tr = prover.translate(n, sym, n + 1, false, opt.prune, rep.fences_abstracted, abstract);
      }
      rep.translate_seconds += tr.seconds;
      rep.keyed_loops = std::max(rep.keyed_loops, tr.keyed_loops);
      if (opt.verbose)
        std::fprintf(stderr, "n=%u%s: %u block instances, %u loop iterations pruned, %zu call slots, %zu definitions, %.2fs\n",
                     n, abstract ? " (addresses abstracted)" : "", tr.instances, tr.pruned, tr.trace.calls.size(),
                     tr.assumptions.size(), tr.seconds);
      return tr;
    };
    Translation tr = translate(rep.addresses_abstracted);
    Query s{tr.assumptions, opt.timeout_ms, {}, {}};
    std::optional<Translation> exact_tr;  // with the addresses abstracted: made when needed
    std::optional<Query> exact_s;
    auto exact = [&]() -> std::pair<Translation&, Query&> {
      if (!exact_tr) {
        exact_tr = translate(false);
        exact_s = Query{exact_tr->assumptions, opt.timeout_ms, {}, {}};
      }
      return {*exact_tr, *exact_s};
    };
    auto tq_uw = Clock::now();
    auto uw = s.check({tr.unwind_violation});
    if (uw != smt::Result::Unsat && rep.addresses_abstracted) {
      auto [etr, es] = exact();
      uw = es.check({etr.unwind_violation});
    }
    if (opt.verbose) std::fprintf(stderr, "  unwinding check %.2fs\n", since(tq_uw));
    auto tq_mem = Clock::now();
    if (uw != smt::Result::Unsat) {
      rep.unwinding_ok = false;
      rep.unwinding_note = "npages=" + std::to_string(n) + ": unwinding check " +
                           (uw == smt::Result::Sat ? "failed: a loop runs more than npages+1 times"
                                                   : "timed out");
    }
    std::vector<Expr> mem_guards;
    for (auto& ev : tr.mem_events) mem_guards.push_back(ev.first);
    bool mem_possible =
        rep.mem_checked && !mem_guards.empty() && s.check({smt::any_of(mem_guards)}) != smt::Result::Unsat;
    for (auto& [g_ev, what] : tr.mem_events)
      if (mem_possible && s.check({g_ev}) == smt::Result::Sat &&
          std::find(rep.mem_safety.begin(), rep.mem_safety.end(), what) == rep.mem_safety.end())
        rep.mem_safety.push_back(what + " (npages=" + std::to_string(n) + ")");
    if (opt.verbose) std::fprintf(stderr, "  memory events (%zu) %.2fs\n", tr.mem_events.size(), since(tq_mem));
    // One query per open property: a property the solver gives up on stays
    // proved up to the previous page count while the others go deeper.
    for (auto& r : rep.results) {
      if (r.status != Status::Proved) continue;
      auto tq = Clock::now();
      Violation v = violation(r.prop, tr.trace, g);
      auto res = s.check({v.holds_not});
      r.seconds += since(tq);
      if (opt.verbose) std::fprintf(stderr, "  %-14s %s %.2fs%s\n", std::string(id(r.prop)).c_str(), smt::name(res), since(tq),
                                    rep.addresses_abstracted ? " (addresses abstracted)" : "");
      Query* q = &s;
      if (res != smt::Result::Unsat && rep.addresses_abstracted) {
        // Under the abstraction a model or a give-up proves nothing: ask the exact translation.
        auto [etr, es] = exact();
        tq = Clock::now();
        v = violation(r.prop, etr.trace, g);
        res = es.check({v.holds_not});
        r.seconds += since(tq);
        q = &es;
        if (opt.verbose) std::fprintf(stderr, "  %-14s %s %.2fs\n", std::string(id(r.prop)).c_str(), smt::name(res), since(tq));
      }
      if (res == smt::Result::Unsat) {
        r.pages = n;
        r.proved_some = true;
        continue;
      }
      if (res == smt::Result::Unknown) {
        // r.pages stays the last page count proved.
        r.status = Status::Unknown;
        r.note = "solver gave up at npages=" + std::to_string(n) + ": " + q->reason;
        continue;
      }
      r.pages = n;
      r.status = Status::Refuted;
      smt::Model m = minimize(*q, {v.holds_not}, sym, g);
      r.seconds = since(tq) + r.seconds;
      r.cex = sym.decode(m);
      r.populated = static_cast<unsigned>(m.u64(smt::count(populated(sym.in, g), 32)));
      if (auto why = copy_contract_violation(r.cex, gen, geo))
        r.note = "internal: counterexample outside the contract: " + *why;
      if (!opt.out_dir.empty())
        r.corpus_path = save_reproducer(opt.out_dir, "regress-" + rep.variant.name + "-" + std::string(id(r.prop)),
                                        "-p" + std::to_string(g.page_shift), r.cex);
      Replay rp = replay_input(rep.variant, r.cex, r.prop, g);
      r.replay = rp.text;
      r.replay_ok = rp.ok;
      r.diagram = rp.diagram;
    }
  }
  rep.total_seconds = since(t0);
  return rep;
}

std::string format_report(const ProveReport& r) {
  std::ostringstream o;
  o << "variant " << r.variant.name << " (" << r.variant.api << ", declared: " << r.variant.expect
    << ") at PAGE_SHIFT=" << r.geometry.page_shift << ", CHUNK=" << r.geometry.chunk << "\n";
  o << "unwinding: " << (r.unwinding_ok ? "every loop covered by the bound npages+1" : r.unwinding_note) << "\n";
  if (r.fences_abstracted) o << "fences: abstracted (no checked property reads them)\n";
  if (r.addresses_abstracted)
    o << "system addresses: abstracted first (no checked property reads them; a model or a give-up there is "
         "decided again on the exact translation)\n";
  if (!r.keying_note.empty()) o << "loops: " << r.keying_note << "\n";
  else if (r.keyed_loops) o << "loops: " << r.keyed_loops << " keyed by their index counter\n";
  for (auto& p : r.results) {
    char buf[160];
    if (p.status == Status::Proved)
      std::snprintf(buf, sizeof buf, "  %-14s proved for every input of %u..%u pages (%.2fs)", std::string(id(p.prop)).c_str(),
                    r.first_pages, p.pages, p.seconds);
    else if (p.status == Status::Refuted)
      std::snprintf(buf, sizeof buf, "  %-14s REFUTED: npages=%u, %u populated (%.2fs)", std::string(id(p.prop)).c_str(),
                    p.pages, p.populated, p.seconds);
    else if (p.proved_some)
      std::snprintf(buf, sizeof buf, "  %-14s proved for every input of %u..%u pages, then unknown (%s)",
                    std::string(id(p.prop)).c_str(), r.first_pages, p.pages, p.note.c_str());
    else
      std::snprintf(buf, sizeof buf, "  %-14s unknown (%s)", std::string(id(p.prop)).c_str(), p.note.c_str());
    o << buf << "\n";
    if (p.status == Status::Refuted) {
      o << "    input: " << format_copy_layout(p.cex) << "\n";
      if (!p.corpus_path.empty())
        o << "    reproducer: " << p.corpus_path
          << (read_bytes(p.corpus_path) == encode_copy(p.cex) ? "" : " (already in the corpus, same page count)") << "\n";
      o << "    replay: " << p.replay << (p.replay_ok ? " (reproduces " : " (DOES NOT reproduce ") << id(p.prop) << ")\n";
      if (!p.note.empty()) o << "    note: " << p.note << "\n";
      std::istringstream d(p.diagram);
      std::string line;
      while (std::getline(d, line)) o << "    " << line << "\n";
    }
  }
  for (auto& m : r.mem_safety) o << "  MEM-SAFETY     " << m << "\n";
  if (!r.mem_checked) o << "  MEM-SAFETY     not checked (not among the --prop properties)\n";
  char buf[96];
  std::snprintf(buf, sizeof buf, "time: %.2fs (translation %.2fs)\n", r.total_seconds, r.translate_seconds);
  o << buf;
  return o.str();
}

namespace {

// Pages of the smallest committed reproducer of (variant, prop) at this
// geometry, or 0 when there is none.
unsigned smallest_reproducer(const std::string& corpus_dir, const std::string& variant, Prop prop,
                             std::string* path) {
  namespace fs = std::filesystem;
  Geometry g = Geometry::current();
  std::string stem = "regress-" + variant + "-" + std::string(id(prop));
  std::string suffix = "-p" + std::to_string(g.page_shift);
  unsigned best = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(corpus_dir) / "copy_vs_model", ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(stem, 0) != 0 || name.size() < suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    unsigned n = decode_copy(bytes, CopyDecodeLimits::for_geometry(g)).npages();
    if (!best || n < best) {
      best = n;
      *path = e.path().string();
    }
  }
  return best;
}

}  // namespace

std::vector<std::string> expect_mismatches(const ProveReport& r, const std::string& corpus_dir,
                                           std::vector<std::string>* beyond, unsigned min_pages) {
  std::vector<std::string> out;
  std::string bad;
  auto declared = parse_verdict(r.variant.expect, &bad);
  if (!declared) return {"'Expect: " + r.variant.expect + "' names an unknown property '" + bad + "'"};
  if (!r.unwinding_ok) out.push_back(r.unwinding_note);
  for (auto& p : r.results) {
    bool want = contains(*declared, p.prop);
    std::string pid(id(p.prop));
    // The largest page count proved, or -1.
    long reached = p.status == Status::Refuted ? -1 : (p.proved_some ? static_cast<long>(p.pages) : -1);
    if (!want && p.status == Status::Unknown) {
      if (reached < static_cast<long>(min_pages))
        out.push_back(pid + ": " + (reached < 0 ? std::string("not proved for any page count")
                                                : "proved only up to " + std::to_string(reached) + " pages") +
                      ", below the required " + std::to_string(min_pages) + " (" + p.note + ")");
      else if (beyond)
        beyond->push_back(pid + ": proved up to " + std::to_string(reached) + " pages, then " + p.note);
    } else if (want && p.status != Status::Refuted) {
      std::string path;
      unsigned n = corpus_dir.empty() ? 0 : smallest_reproducer(corpus_dir, r.variant.name, p.prop, &path);
      if (n > 0 && static_cast<long>(n) > reached) {
        if (beyond)
          beyond->push_back(pid + ": declared; its smallest reproducer has " + std::to_string(n) +
                            " pages, beyond the bound of " + std::to_string(reached) + " (" + path + ")" +
                            (p.status == Status::Unknown ? "; " + p.note : ""));
      } else {
        out.push_back(pid + ": declared, but proved for every input up to " + std::to_string(reached) + " pages" +
                      (n ? " although " + path + " has " + std::to_string(n) : ""));
      }
    } else if (!want && p.status == Status::Proved && p.pages < min_pages) {
      out.push_back(pid + ": proved only up to " + std::to_string(p.pages) + " pages, below the required " +
                    std::to_string(min_pages));
    }
    else if (!want && p.status == Status::Refuted)
      out.push_back(pid + ": not declared, but refuted (" + format_copy_layout(p.cex) + ")");
    else if (p.status == Status::Refuted && !p.replay_ok)
      out.push_back(pid + ": counterexample does not replay: " + p.replay);
    else if (p.status == Status::Refuted && !p.note.empty())
      out.push_back(pid + ": " + p.note);
  }
  for (auto& m : r.mem_safety) out.push_back("MEM-SAFETY: " + m);
  return out;
}

namespace {

// The k-th issued call (by sequence number) of a trace, field by field.
struct NthCall {
  Expr exists;
  std::vector<Expr> fields;
};
NthCall nth_call(const SymTrace& t, unsigned k) {
  NthCall c{Expr::boolean(false), {}};
  std::vector<Expr> fs(6);
  for (auto& s : t.calls) {
    Expr here = s.issued & (s.seq == Expr::bv(k, 32));
    c.exists = c.exists | here;
    Expr vals[6] = {s.engine, s.base, s.npages, s.sys_index, s.result, s.dep_prefence.to_bv(1)};
    for (int f = 0; f < 6; f++) fs[f] = fs[f].valid() ? smt::ite(here, vals[f], fs[f]) : vals[f];
  }
  c.fields = fs;
  return c;
}

std::string show_calls(const SymTrace& t, const smt::Model& m) {
  std::vector<std::tuple<uint64_t, std::string>> rows;
  for (auto& s : t.calls) {
    if (!m.boolean(s.issued)) continue;
    char buf[160];
    std::snprintf(buf, sizeof buf, "#%llu[start %lld, %llu pages, base 0x%llx%s%s]",
                  static_cast<unsigned long long>(m.u64(s.seq)), static_cast<long long>(m.s64(s.sys_index)),
                  static_cast<unsigned long long>(m.u64(s.npages)), static_cast<unsigned long long>(m.u64(s.base)),
                  m.u64(s.result) ? " failed" : "", m.boolean(s.dep_prefence) ? " +prefence" : "");
    rows.push_back({m.u64(s.seq), buf});
  }
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (auto& [k, s] : rows) out += s + " ";
  return out.empty() ? "(no call)" : out;
}

}  // namespace

EquivReport prove_equiv(const std::string& a, const std::string& b, unsigned max_pages, const std::string& work_dir,
                        unsigned timeout_ms) {
  auto t0 = Clock::now();
  VariantFile va = find_variant(a), vb = find_variant(b);
  if (va.api_gen != vb.api_gen)
    throw std::runtime_error("cannot compare " + va.name + " (" + va.api + ") with " + vb.name + " (" + vb.api +
                             "): different API generations take different inputs");
  CopyProver pa(va, work_dir + "/a"), pb(vb, work_dir + "/b");
  EquivReport rep;
  bool keyed = true;
  for (unsigned n = 0; n <= max_pages; n++) {
    SymbolicInput sym = make_input(n, pa.geometry());
    Translation ta = pa.translate(n, sym, n + 1, keyed), tb = pb.translate(n, sym, n + 1, keyed);
    Query s{ta.assumptions, timeout_ms, {}, {}};
    s.base.insert(s.base.end(), tb.assumptions.begin(), tb.assumptions.end());
    if (keyed && s.check({ta.key_violation | tb.key_violation}) != smt::Result::Unsat) {
      // A counter that does not grow: iterate by count instead.
      keyed = false;
      ta = pa.translate(n, sym, n + 1, false);
      tb = pb.translate(n, sym, n + 1, false);
      s = Query{ta.assumptions, timeout_ms, {}, {}};
      s.base.insert(s.base.end(), tb.assumptions.begin(), tb.assumptions.end());
    }
    rep.pages = n;
    for (auto* t : {&ta, &tb})
      if (s.check({t->unwind_violation}) != smt::Result::Unsat) {
        rep.equivalent = false;
        rep.unknown = true;
        rep.detail = "unwinding check failed at npages=" + std::to_string(n);
        rep.seconds = since(t0);
        return rep;
      }
    std::vector<Expr> diff{ta.trace.ret != tb.trace.ret};
    size_t k_max = std::max(ta.trace.calls.size(), tb.trace.calls.size());
    for (unsigned k = 1; k <= k_max; k++) {
      NthCall ca = nth_call(ta.trace, k), cb = nth_call(tb.trace, k);
      std::vector<Expr> fd;
      for (size_t f = 0; f < ca.fields.size(); f++)
        if (ca.fields[f].valid() && cb.fields[f].valid())
        fd.push_back(ca.fields[f] != cb.fields[f]);
      diff.push_back((ca.exists != cb.exists) | (ca.exists & smt::any_of(fd)));
    }
    auto r = s.check({smt::any_of(diff)});
    if (r == smt::Result::Unsat) continue;
    rep.equivalent = false;
    if (r == smt::Result::Unknown) {
      rep.unknown = true;
      rep.detail = "solver gave up at npages=" + std::to_string(n) + ": " + s.reason;
      break;
    }
    smt::Model m = minimize(s, {smt::any_of(diff)}, sym, pa.geometry());
    rep.input = sym.decode(m);
    rep.detail = va.name + " returns " + std::to_string(m.s64(ta.trace.ret)) + " after " + show_calls(ta.trace, m) +
                 "\n" + vb.name + " returns " + std::to_string(m.s64(tb.trace.ret)) + " after " +
                 show_calls(tb.trace, m);
    break;
  }
  rep.seconds = since(t0);
  return rep;
}

int z3_oracle_replay(const std::string& variant, const std::vector<std::string>& files, bool verbose) {
  VariantFile v = find_variant(variant);
  const svm_copy_variant* reg = registered(v);
  if (!reg) throw std::runtime_error("variant '" + variant + "' is not part of this build: nothing to replay");
  Geometry geo = Geometry::current();
  GeometryFacts g = live_geometry(v.api_gen);
  int bad = 0;
  for (auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + f);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CopyInput input = decode_copy(bytes, CopyDecodeLimits::for_geometry(geo));
    CopyRun run = run_copy(*reg, input);
    std::vector<Prop> model, z3 = z3_verdict(input, run, g);
    for (Prop p : verdict_props(check_copy(input, v.api_gen, run, geo)))
      if (is_stated(p, v.api_gen)) model.push_back(p);
    std::sort(z3.begin(), z3.end());
    std::sort(model.begin(), model.end());
    bool agree = model == z3;
    bad += !agree;
    if (verbose || !agree)
      std::printf("%s %s: model oracle %s, z3 oracle %s\n", agree ? "agree   " : "DISAGREE", f.c_str(),
                  verdict_string(model).c_str(), verdict_string(z3).c_str());
  }
  std::printf("%zu file(s) replayed through %s, %d disagreement(s)\n", files.size(), v.name.c_str(), bad);
  return bad;
}

}  // namespace svm::proof
