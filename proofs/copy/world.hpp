// SPDX-License-Identifier: MIT
// The copy variant's world for the translator: the caller's arrays, the
// hardware double's device/engine/struct page objects (read from the live
// double), and the semantics of the external functions the compiled code
// calls: the migrate engine (a guarded slot per call, any submission may be
// the failing one), dma_fence get/put/wait (symbolic counters) and
// shim_report (guarded events).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "proofs/copy/props.hpp"
#include "proofs/copy/trace.hpp"
#include "proofs/llvm2smt/translate.hpp"

namespace llvm {
class Function;
}

namespace svm::proof {

// A variant file and its header keys.
struct VariantFile {
  std::string name, path, api, expect;
  int api_gen = 0;
};
// "seed_v4" (src/copy/variants/), or a path to a .c file with a variant header.
VariantFile find_variant(const std::string& name_or_path);

// The symbolic input of n pages and the domain it ranges over.
struct SymbolicInput {
  SymInput in;
  std::vector<Expr> has;  // per index: a device page is present
  Expr region;            // the one region of every device page (BV32)
  std::vector<Expr> domain;  // value ranges of the encoding (beyond the contract)
  CopyInput decode(const smt::Model& m) const;
};
SymbolicInput make_input(unsigned n, const GeometryFacts& g);

// Every input length at once, for the unbounded (Horn clause) encoding:
// npages is free and the per-index columns are SMT arrays over the index.
struct UnboundedInput {
  Expr n;                        // BV64
  Expr has, page, addr, order;   // arrays from BV64: Bool, BV32, BV64 (system address), BV8
  Expr rem;                      // BV64 -> BV16: tail pages after k in its folio (contract, see input_facts)
  Expr region, dir, fail_at, fail_errno, prefence;  // BV32
  std::vector<Expr> domain;      // ranges of the scalars
  bool folio_contract = false;   // G2+: assume the folio contract around every entry read
  Expr witness;                  // BV64, or none: COPY-ONCE's witness index (ghost cells count its cover)
  // COPY-WAIT, -ERR, -FENCE or -PREFENCE: the property whose monitor the
  // world keeps in ghost cells (HornWorld::at_return). Job fences are then
  // tracked by phase against the monitor's witness call (its fence, a later
  // one on its engine, any other); without a monitor they are abstracted.
  std::optional<Prop> monitor;
  Expr witness_page;             // BV64, or none: COPY-CONTIG's witness index (an input, so that the
                                 // invariant Spacer needs is about one index, not every index of a run)
  // The entries' contents abstracted: every read of a device page, system
  // address or folio order is a fresh value inside the input domain, stores
  // to the system-side array are dropped, and the columns are no input.
  // npages and the scalars stay. An over-approximation: a proof under it
  // holds for every input; a derivation under it proves nothing.
  bool contents_free = false;
  // The system addresses alone abstracted (COPY-CONTIG, which reads the
  // device pages but no address): every read of one is a fresh whole page
  // inside the domain, stores to them and the migrate layer's tail fill are
  // dropped, and the address column is no input. Device pages, orders and
  // the folio contract between them stay exact. Sound in the same way.
  bool addresses_free = false;
  bool no_addresses() const { return contents_free || addresses_free; }
  Expr chunk_any;  // or none: the geometry's unknown CHUNK (GeometryFacts::chunk_any), an input
  std::vector<Expr> vars() const;  // the free ones, in a fixed order
  // The inputs by the names a candidate invariant uses for them (npages,
  // the columns has/page/addr/order/rem, the scalars, chunk, and w and k
  // for the witnesses). One this encoding does not have (a witness of
  // another property, the columns with the contents abstracted, chunk but
  // under --chunk any) is there with present false and a stand-in of its sort.
  struct Named {
    std::string name;
    Expr e;
    bool present;
  };
  std::vector<Named> named() const;
};
// for_prop: the property whose ghost state the input carries: COPY-ONCE's
// witness index (and the folio contract, which defines the populated
// tails), COPY-CONTIG's witness page, a monitor (has_monitor()), or none.
UnboundedInput make_unbounded_input(const GeometryFacts& g, bool folio_contract,
                                    std::optional<Prop> for_prop = std::nullopt, bool contents_free = false,
                                    bool addresses_free = false);
// Whether p can be stated with the contents abstracted (it does not read
// the entries itself: everything but COPY-ONCE and COPY-CONTIG).
bool contents_free_ok(Prop p);
// Whether p can be stated with the system addresses abstracted (it does not
// read them: everything but COPY-ONCE, whose populated entries they define).
bool addresses_free_ok(Prop p);
// Whether p has a monitor (a violation decided at the return from ghost cells).
bool has_monitor(Prop p);

// What one stretch of translation (a segment) did.
struct SegmentEvents {
  std::vector<SymCall> calls;
  std::vector<SymReport> reports;
  std::vector<std::pair<Expr, std::string>> mem;  // MEM-SAFETY candidates
  std::vector<Expr> assumptions;  // domain facts of the entries read (page in its region, order <= 9)
};

// The copy world over an UnboundedInput: migrate calls are events of the
// segment that issues them (take()), fences are abstracted, and the
// system-side addresses are one array cell.
class HornWorld {
 public:
  virtual ~HornWorld() = default;
  virtual l2s::World& world() = 0;
  virtual const std::vector<l2s::Value>& args() const = 0;  // of the entry
  virtual SegmentEvents take() = 0;
  // Index w is populated (its input facts go with the next take()).
  virtual Expr populated_at(const Expr& w) = 0;
  // COPY-ONCE's ghost cells in a state: successful calls that hold the
  // witness (BV32), and whether a submission failed (Bool).
  virtual Expr cover(const l2s::State& st) const = 0;
  virtual Expr failed(const l2s::State& st) const = 0;
  // The monitored property (UnboundedInput::monitor) violated at a return
  // with value ret in state st; false without a monitor.
  virtual Expr at_return(const l2s::State& st, const Expr& ret) const = 0;
  // The input entries as COPY-CONTIG reads them; the facts of the entries
  // read go with the next take().
  virtual Column column() = 0;
  // The domain and contract facts of entry k (they go with the next take()).
  virtual void input_facts(const Expr& k) = 0;
  // The cells a candidate invariant may name (--invariants): "cover" and
  // "failed" (COPY-ONCE's ghost cells above), "sys_addr" (the system-side
  // addresses as the code and the migrate layer have written them so far),
  // "pref" (the pre-migrate fence's references) and the monitors' ghost
  // cells (world.cpp, enum Cell): "w_ok", "w_eng", "w_done", "w_refs",
  // "w_deps", "err_seen", "fail_res", "late", "w_before_fail",
  // "pref_deps", "any_ok", "first_no_dep", "pre_waited".
  virtual std::vector<std::pair<std::string, int>> named_cells() const = 0;
  // Constants a candidate may name: "engine0", "engine1", the migrate
  // engines' ids of the regions (what a witness call's engine, w_eng, is).
  virtual std::vector<std::pair<std::string, Expr>> named_constants() const = 0;
};

struct Translation {
  SymTrace trace;
  std::vector<Expr> assumptions;  // domain and contract
  Expr unwind_violation;          // the bound did not cover every iteration
  Expr key_violation;             // a keyed loop's counter did not grow within 0..bound
  unsigned keyed_loops = 0;
  std::vector<std::pair<Expr, std::string>> mem_events;  // MEM-SAFETY candidates
  unsigned instances = 0, pruned = 0;
  double seconds = 0;
};

class CopyProver {
 public:
  // Compiles the variant for the geometry of the linked C world.
  // chunk_any: SZ_8M an unknown constant (GeometryFacts::chunk_any), for
  // the Horn encoding with the contents abstracted.
  explicit CopyProver(const VariantFile& v, const std::string& work_dir, bool chunk_any = false);
  ~CopyProver();
  const GeometryFacts& geometry() const { return g_; }
  const VariantFile& variant() const { return v_; }
  // Translates the variant for inputs of exactly n pages (fresh input).
  // keyed: index-keyed loop instances (l2s::Limits::keyed); prune: drop
  // infeasible loop instances with solver calls (l2s::Limits::prune);
  // abstract_fences: every job fence is one object with no reference
  // counts or waits, exact for the properties that do not read them
  // (fences_matter()) as long as the code never compares two job fences,
  // which is refused by name. abstract_addresses: every read of a system
  // address is a fresh value, and stores to them and the migrate layer's
  // tail fill are dropped: an over-approximation (the code's branches on
  // addresses become free choices), so a proof under it holds and a
  // counterexample under it proves nothing.
  Translation translate(unsigned n, const SymbolicInput& in, unsigned unwind, bool keyed = true, bool prune = true,
                        bool abstract_fences = false, bool abstract_addresses = false);
  // The compiled entry, and a world for cut-point translation of it.
  llvm::Function& entry();
  void inline_entry();  // every call to a defined function inlined (cut-point mode)
  std::unique_ptr<HornWorld> horn_world(const UnboundedInput& in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  VariantFile v_;
  GeometryFacts g_;
};

GeometryFacts live_geometry(int api_gen);

}  // namespace svm::proof
