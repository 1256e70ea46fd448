// SPDX-License-Identifier: MIT
#include "proofs/copy/world.hpp"

#include <llvm/IR/Function.h>
#include <llvm/IR/Instruction.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Type.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "proofs/copy/hw_facts.h"
#include "proofs/copy/props.hpp"
#include "proofs/llvm2smt/compile.hpp"
#include "src/shim/include/shim/report.h"

namespace svm::proof {
namespace fs = std::filesystem;
using l2s::Alt;
using l2s::Value;

namespace {

Expr b32(uint64_t v) { return Expr::bv(v, 32); }
Expr b64(uint64_t v) { return Expr::bv(v, 64); }
Expr tt() { return Expr::boolean(true); }
const uint32_t kNone = static_cast<uint32_t>(SVM_NO_REGION);

}  // namespace

VariantFile find_variant(const std::string& arg) {
  VariantFile v;
  bool is_path = arg.find('/') != std::string::npos || (arg.size() > 2 && arg.substr(arg.size() - 2) == ".c");
  v.path = is_path ? arg : l2s::source_dir() + "/src/copy/variants/" + arg + ".c";
  if (arg.empty() || !fs::is_regular_file(v.path))
    throw std::runtime_error("unknown variant '" + arg + "' (no file " + v.path + ")");
  v.path = fs::absolute(v.path).string();
  std::ifstream in(v.path);
  std::string line;
  std::regex key(R"(^ \* ([A-Za-z]+): (.*)$)");
  for (int k = 0; k < 60 && std::getline(in, line); k++) {
    std::smatch m;
    if (!std::regex_match(line, m, key)) continue;
    if (m[1] == "Variant") v.name = m[2];
    if (m[1] == "Api") v.api = m[2];
    if (m[1] == "Expect") v.expect = m[2];
  }
  if (v.name.empty() || v.api.empty() || v.expect.empty())
    throw std::runtime_error(v.path + ": variant header needs 'Variant:', 'Api:' and 'Expect:' lines");
  if (v.api == "G1" || v.api == "G2" || v.api == "G3")
    v.api_gen = v.api[1] - '0';
  else
    throw std::runtime_error(v.path + ": 'Api: " + v.api + "' is not G1, G2 or G3");
  return v;
}

GeometryFacts live_geometry(int api_gen) {
  struct proof_hw_facts f{};
  proof_hw_facts(&f);
  GeometryFacts g;
  g.page_shift = f.page_shift;
  g.chunk = f.chunk;
  g.region_pages = f.region_pages;
  for (int r = 0; r < SVM_MAX_REGIONS && r < f.nregions; r++) g.dpa_base[r] = f.dpa_base[r];
  g.api_gen = api_gen;
  return g;
}

SymbolicInput make_input(unsigned n, const GeometryFacts& g) {
  SymbolicInput s;
  s.region = Expr::var("region", 32);
  s.domain.push_back(s.region.ult(b32(SVM_MAX_REGIONS)));
  unsigned page_bits = 1;
  while (page_bits < 32 && (uint64_t{1} << page_bits) < g.region_pages) page_bits++;
  for (unsigned i = 0; i < n; i++) {
    std::string k = std::to_string(i);
    Expr has = Expr::var("has_dev_" + k, 0);
    // Narrow variables, zero-extended: the constant high bits fold away
    // when Z3 bit-blasts, instead of being constrained bit by bit.
    Expr page = Expr::var("dev_page_" + k, page_bits).zext(32);
    Expr sys = Expr::var("sys_page_" + k, 16).zext(64);
    Expr order = g.api_gen >= 2 ? Expr::var("order_" + k, 8) : Expr::bv(0, 8);
    s.has.push_back(has);
    s.domain.push_back(page.ult(b32(g.region_pages)));
    // System page numbers are 16 bits: they only matter for being zero
    // (and, G2+, for tail fills), and 16 bits keep every address and its
    // folio tails unwrapped.
    if (g.api_gen >= 2) s.domain.push_back(order.ule(Expr::bv(9, 8)));
    s.in.e.push_back({smt::ite(has, s.region, b32(kNone)), smt::ite(has, page, b32(0)), sys, order});
  }
  s.in.dir = Expr::var("dir", 32);
  s.domain.push_back(s.in.dir.ult(b32(2)));
  s.in.fail_at = Expr::var("fail_at", 13).zext(32);
  s.domain.push_back(s.in.fail_at.ule(b32(4096)));
  s.in.fail_errno = Expr::var("fail_errno", 32);
  // IS_ERR() range: an errno outside it is no error pointer at all.
  s.domain.push_back(s.in.fail_errno.sge(b32(static_cast<uint32_t>(-4095))) & s.in.fail_errno.slt(b32(0)));
  if (g.api_gen >= 3) {
    s.in.prefence = Expr::var("prefence", 32);
    s.domain.push_back(s.in.prefence.ule(b32(SVM_PREFENCE_PENDING)));
  } else {
    s.in.prefence = b32(SVM_PREFENCE_NONE);
  }
  return s;
}

CopyInput SymbolicInput::decode(const smt::Model& m) const {
  CopyInput c;
  c.dir = static_cast<uint32_t>(m.u64(in.dir));
  c.fail_at = static_cast<uint32_t>(m.u64(in.fail_at));
  c.fail_errno = c.fail_at ? static_cast<int32_t>(m.s64(in.fail_errno)) : -12;
  c.prefence = static_cast<uint32_t>(m.u64(in.prefence));
  for (auto& e : in.e) {
    CopyEntry x;
    x.region = static_cast<int32_t>(m.s64(e.region));
    x.page = static_cast<uint32_t>(m.u64(e.page));
    x.sys_page = m.u64(e.sys_page);
    x.order = static_cast<uint8_t>(m.u64(e.order));
    c.entries.push_back(x);
  }
  return c;
}

namespace {

// kJobFences: the job fences when a monitor tracks them (Horn clauses):
// element 1 is the monitor's witness call's fence, element 2 a fence issued
// after it on its engine, element 0 any other.
enum Obj {
  kNull, kPages, kSys, kPre, kRegionPages0, kDevice = kRegionPages0 + PROOF_MAX_REGIONS, kEngine0,
  kJobFences = kEngine0 + PROOF_MAX_REGIONS, kFixed
};
// The monitors' ghost cells. The witness call of COPY-WAIT, -ERR and
// -FENCE is one successful submission, chosen when it is issued (a choice
// of the clause, so every successful call can be it): kWOk, it was chosen;
// kWEng, its engine; kWDone, its fence or a later one of its engine was
// waited for (jobs complete in order per engine); kWRefs, its fence's
// references; kWDeps, the dependency references other jobs took on it.
// ERR: kErrSeen, a submission failed; kFailRes, the first failure's
// result; kLate, a call was issued after it; kWBeforeFail, the witness was
// issued before it. kPrefDeps: the successful jobs that depend on the
// pre-migrate fence. kAnyOk/kFirstNoDep: a job succeeded / the first that
// did had no pre-fence dependency; kPreWaited: the pre-migrate fence was
// waited for. Flags and small counts only: Spacer finds invariants over
// those, where one relating two changing sequence numbers eluded it.
enum Cell {
  kSeq, kPref, kAddrArray, kCover, kFailed, kWOk, kWEng, kWDone, kWRefs, kWDeps, kErrSeen, kFailRes, kLate,
  kWBeforeFail, kPrefDeps, kAnyOk, kFirstNoDep, kPreWaited, kRefs0 = 100, kAddr0 = 1000000
};


struct Slot {
  SymCall call;
  Expr ok;
  std::vector<std::pair<Expr, int>> dep_fences;  // (guard, slot) dependencies on job fences
};

struct Wait {
  Expr guard;
  int slot;  // -1: the pre-migrate fence
};

class CopyWorld : public l2s::World {
 public:
  CopyWorld(const struct proof_hw_facts& f, const GeometryFacts& g, const SymbolicInput& in, bool abstract_fences,
            bool abstract_addresses)
      : f_(f), g_(g), in_(&in), n_(in.in.n()), abstract_fences_(abstract_fences),
        abstract_addresses_(abstract_addresses) {
    scalars(in.in.dir, in.in.fail_at, in.in.fail_errno, b64(n_));
    // The caller's arrays, one term per index: n is fixed per translation,
    // so an array is a finite map and a symbolic index an ite over it
    // (pure bit-vectors: Z3 bit-blasts it without the array theory).
    for (unsigned i = 0; i < n_; i++) {
      const auto& e = in.in.e[i];
      region_arr_.push_back(e.region);
      page_arr_.push_back(e.page);
      addr0_.push_back(e.sys_page.shl(b64(g.page_shift)));
      meta_arr_.push_back(dirfield_.shl(b64(62)) | e.order.zext(64).shl(b64(54)));
    }
  }
  // Every length at once (Horn clauses): the columns are SMT arrays, the
  // system-side addresses one array cell, and job fences abstracted unless
  // a monitor tracks them (see Obj).
  CopyWorld(const struct proof_hw_facts& f, const GeometryFacts& g, const UnboundedInput& in)
      : f_(f), g_(g), un_(&in), abstract_fences_(!in.monitor), abstract_addresses_(in.no_addresses()) {
    scalars(in.dir, in.fail_at, in.fail_errno, in.n);
  }
  void scalars(const Expr& dir, const Expr& fail_at, const Expr& fail_errno, const Expr& n) {
    fail_at_ = fail_at;
    fail_errno_ = fail_errno;
    n_expr_ = n;
    dirfield_ = smt::ite(dir == b32(SVM_TO_VRAM), b64(1), b64(2));  // DMA_TO_DEVICE / DMA_FROM_DEVICE
    es_sys_ = g_.api_gen == 1 ? 8 : 16;
    objs_.resize(kFixed);
    objs_[kNull] = {"NULL", 0, 1, 0};
    // Unbounded: the arrays are as long as n_expr_ says (checked per access).
    uint64_t count = un_ ? uint64_t{1} << 48 : n_;
    objs_[kPages] = {"pages[]", 0x10000000, 8, count};
    objs_[kSys] = {"system-side array", 0x20000000, es_sys_, count};
    objs_[kPre] = {"pre-migrate fence", 0x30000000, f_.fence_struct_size, 1};
    objs_[kJobFences] = {"job fences", 0x60000000ull, f_.fence_struct_size, 3};
    for (int r = 0; r < PROOF_MAX_REGIONS; r++) {
      objs_[kRegionPages0 + r] = {"struct page of region " + std::to_string(r), f_.pages_addr[r],
                                  f_.page_struct_size, f_.region_pages};
      objs_[kEngine0 + r] = {"migrate engine " + std::to_string(r), f_.engine_addr[r], f_.engine_size, 1};
    }
    objs_[kDevice] = {"xe_device", f_.device_addr, f_.device_size, 1};
  }

  int32_t engine_id(int region) const { return f_.engine_id[region]; }
  const l2s::Object& object(int id) const override { return objs_.at(id); }
  int object_count() const override { return static_cast<int>(objs_.size()); }
  Expr cell_initial(int c) const override {
    if (c == kSeq) return b32(0);
    if (c == kAddrArray) return un_->addr;
    if (c == kFailed || c == kWOk || c == kWDone || c == kErrSeen || c == kLate || c == kWBeforeFail || c == kAnyOk ||
        c == kFirstNoDep || c == kPreWaited)
      return Expr::boolean(false);
    if (c >= kAddr0) return addr0_.at(c - kAddr0);
    if (c == kPref) return b32(1);
    return b32(0);  // a job fence before its submission
  }
  int global(const std::string& name) override {
    auto it = globals_.find(name);
    if (it != globals_.end()) return it->second;
    int id = add_object({"@" + name, 0x40000000 + 0x10000 * globals_.size(), 1, 0});
    globals_[name] = id;
    return id;
  }

  Value load(l2s::Exec& x, const Alt& a, const llvm::Type* ty, const llvm::Instruction& at) override;
  void store(l2s::Exec& x, const Alt& a, const Value& v, const llvm::Type* ty, const llvm::Instruction& at) override;
  std::optional<Value> call(l2s::Exec& x, const std::string& callee, const std::vector<Value>& args,
                            const llvm::Instruction& at) override;

  SymTrace finish(const l2s::Result& r, std::vector<std::pair<Expr, std::string>>& mem);
  void compare(const Value& a, const Value& b, const llvm::Instruction& at) override {
    if (un_ && un_->monitor) {
      auto tracked = [&](const Value& v) {
        return std::any_of(v.ptr.begin(), v.ptr.end(), [&](const Alt& x) { return x.obj == kJobFences; });
      };
      if (a.is_ptr && b.is_ptr && tracked(a) && tracked(b))
        l2s::unsupported(at, "two job fences compared while a monitor tracks them by phase (before, at or "
                             "after its witness call), which does not tell two fences of one phase apart");
    }
    if (job_fence_ < 0) return;
    auto fence = [&](const Value& v) {
      return std::any_of(v.ptr.begin(), v.ptr.end(), [&](const Alt& x) { return x.obj == job_fence_; });
    };
    if (a.is_ptr && b.is_ptr && fence(a) && fence(b))
      l2s::unsupported(at, "two job fences compared while fences are abstracted (prove every property, "
                           "without --prop, to track them)");
  }

  std::vector<std::pair<Expr, std::string>> mem_events;

  // Unbounded: the domain and contract facts of input entry k, pushed to
  // read_facts_ when the code (or the migrate layer) reads it.
  void input_facts(const Expr& k);

  // Unbounded: index w is populated (copy_populated(): a device page and a
  // system address, or, G2+, a folio tail, which has the head's device page
  // by contract); its facts go with the next take().
  Expr populated_at(const Expr& w) {
    input_facts(w);
    Expr pop = un_->has.select(w) & (un_->addr.select(w) != b64(0));
    if (g_.api_gen >= 2) {
      Expr tail = (w != b64(0)) & (un_->rem.select(w - b64(1)) != Expr::bv(0, 16));
      pop = pop | (un_->has.select(w) & tail);
    }
    return pop;
  }

  // The input entries for COPY-CONTIG: a device page, its DPA, its region.
  Column column() {
    auto has = [this](const Expr& i) {
      input_facts(i);
      return i.ult(un_->n) & un_->has.select(i);
    };
    return {has, [this](const Expr& i) { return dpa_of(un_->region, un_->page.select(i), g_); },
            [this, has](const Expr& i) { return smt::ite(has(i), un_->region, b32(kNone)); }};
  }

  // The monitored property violated at a return (see Cell): the same
  // conditions as violation() in props.cpp over the whole trace, with the
  // witness call in place of props.cpp's witness slot.
  Expr at_return(const l2s::State& st, const Expr& ret) const {
    if (!un_ || !un_->monitor) return Expr::boolean(false);
    auto c = [&](int k) { return l2s::cell_value(st, *this, k); };
    switch (*un_->monitor) {
      case Prop::CopyWait:
        return c(kWOk) & !c(kWDone);
      case Prop::CopyFence: {
        Expr job = c(kWOk) & (c(kWRefs) - c(kWDeps) != b32(0));
        Expr pre = (un_->prefence != b32(SVM_PREFENCE_NONE)) & (c(kPref) - c(kPrefDeps) != b32(1));
        return job | pre;
      }
      case Prop::CopyErr: {
        Expr unfinished = c(kWBeforeFail) & !c(kWDone);
        return ((!c(kErrSeen)) & (ret != b32(0))) | (c(kErrSeen) & ((ret != c(kFailRes)) | c(kLate) | unfinished));
      }
      case Prop::CopyPrefence:
        return (un_->prefence == b32(SVM_PREFENCE_PENDING)) & (c(kFirstNoDep) | ((!c(kAnyOk)) & !c(kPreWaited)));
      default:
        return Expr::boolean(false);
    }
  }

  // The calls, reports and memory events since the last take(), and the
  // input facts of the entries read (Horn clauses: one segment's events).
  SegmentEvents take() {
    SegmentEvents e;
    for (size_t k = taken_slots_; k < slots_.size(); k++) e.calls.push_back(slots_[k].call);
    e.reports.assign(reports_.begin() + static_cast<long>(taken_reports_), reports_.end());
    e.mem.assign(mem_events.begin() + static_cast<long>(taken_mem_), mem_events.end());
    e.assumptions = std::move(read_facts_);
    read_facts_.clear();
    read_fact_ids_.clear();
    taken_slots_ = slots_.size();
    taken_reports_ = reports_.size();
    taken_mem_ = mem_events.size();
    return e;
  }

 private:
  int add_object(l2s::Object o) {
    objs_.push_back(std::move(o));
    return static_cast<int>(objs_.size() - 1);
  }
  void mem_event(l2s::Exec& x, const Expr& cond, const std::string& what, const llvm::Instruction& at) {
    Expr g = (x.guard() & cond).simplify();
    if (!g.is_false()) mem_events.push_back({g, what + " at " + l2s::where(at)});
  }
  void report(l2s::Exec& x, const Expr& cond, int kind, const std::string& where) {
    Expr g = (x.guard() & cond).simplify();
    if (!g.is_false()) reports_.push_back({g, kind, where});
  }
  Value host_pointer(uint64_t addr);
  Value host_read(uint64_t addr, unsigned bytes, bool ptr, unsigned bits);
  Value page_field(int region, int64_t field, const Expr& elem, bool ptr, unsigned bits, const llvm::Instruction& at);
  // Element and byte-in-element of an access with a constant byte offset.
  std::pair<Expr, uint64_t> split(const Alt& a, const llvm::Instruction& at);
  Value migrate(l2s::Exec& x, int gen, bool to_vram, const std::vector<Value>& args, const llvm::Instruction& at);
  void fill_tails_unbounded(l2s::Exec& x, const Expr& start, const Expr& count, const Expr& fail);
  void fence_op(l2s::Exec& x, const Value& p, int op, const llvm::Instruction& at);
  bool monitors(std::initializer_list<Prop> ps) const {
    if (!un_ || !un_->monitor) return false;
    for (Prop p : ps)
      if (*un_->monitor == p) return true;
    return false;
  }

  const struct proof_hw_facts& f_;
  const GeometryFacts& g_;
  const SymbolicInput* in_ = nullptr;   // bounded: n pages
  const UnboundedInput* un_ = nullptr;  // unbounded: every n
  unsigned n_ = 0;
  Expr n_expr_, fail_at_, fail_errno_, dirfield_;
  std::vector<Expr> read_facts_;
  std::set<unsigned> read_fact_ids_;
  // The input domain of an entry's device page, system address and folio
  // order, for those given (see make_input()).
  void domain_facts(std::optional<Expr> page, std::optional<Expr> addr, std::optional<Expr> order);
  void fact(const Expr& f) {
    Expr e = f.simplify();
    if (!e.is_true() && read_fact_ids_.insert(e.id()).second) read_facts_.push_back(e);
  }
  size_t taken_slots_ = 0, taken_reports_ = 0, taken_mem_ = 0;
  uint64_t es_sys_;
  std::vector<l2s::Object> objs_;
  std::map<std::string, int> globals_;
  std::map<uint64_t, int> foreign_;
  std::map<int, int> fence_slot_;  // object -> slot
  // Every job fence is one object without reference counts or waits (see
  // CopyProver::translate); -1 until the first submission.
  bool abstract_fences_ = false;
  // Every address read fresh, stores and the tail fill dropped (bounded:
  // CopyProver::translate(abstract_addresses); unbounded: the input's).
  bool abstract_addresses_ = false;
  int job_fence_ = -1;
  std::vector<Expr> region_arr_, page_arr_, addr0_, meta_arr_;
  Expr pick(const std::vector<Expr>& v, const Expr& idx, const Expr& dflt) const {
    Expr r = dflt;
    for (size_t i = v.size(); i-- > 0;) r = smt::ite(idx == b64(i), v[i], r);
    return r;
  }
  std::vector<Expr> addr_cells(l2s::Exec& x) const {
    std::vector<Expr> v;
    for (unsigned i = 0; i < n_; i++) v.push_back(x.cell(kAddr0 + static_cast<int>(i)));
    return v;
  }
  std::vector<Slot> slots_;
  std::vector<Wait> waits_;
  std::vector<SymReport> reports_;
  std::map<std::tuple<int, int64_t, unsigned>, std::pair<uint64_t, uint64_t>> field_cache_;
};

unsigned bits_of(const llvm::Type* ty, const llvm::Instruction& at) {
  if (ty->isPointerTy()) return 64;
  if (ty->isIntegerTy() && ty->getIntegerBitWidth() % 8 == 0 && ty->getIntegerBitWidth() <= 64)
    return ty->getIntegerBitWidth();
  l2s::unsupported(at, "memory access of a type other than a pointer or an integer of 8..64 bits");
}

std::pair<Expr, uint64_t> CopyWorld::split(const Alt& a, const llvm::Instruction& at) {
  auto off = a.off.simplify().as_u64();
  if (!off) l2s::unsupported(at, "symbolic byte offset inside an element of " + objs_[a.obj].name);
  int64_t o = static_cast<int64_t>(*off);
  int64_t es = static_cast<int64_t>(objs_[a.obj].elem_size);
  int64_t q = o / es, r = o % es;
  if (r < 0) {
    r += es;
    q -= 1;
  }
  return {(a.idx + b64(static_cast<uint64_t>(q))).simplify(), static_cast<uint64_t>(r)};
}

Value CopyWorld::host_pointer(uint64_t addr) {
  if (addr == 0) return Value::pointer({Alt{tt(), kNull, b64(0), b64(0)}});
  for (int id = 0; id < kFixed; id++) {
    const auto& o = objs_[id];
    if (id == kPages || id == kSys || id == kPre || id == kNull) continue;
    if (addr >= o.base && addr < o.base + o.elem_size * o.count) {
      uint64_t d = addr - o.base;
      return Value::pointer({Alt{tt(), id, b64(d / o.elem_size), b64(d % o.elem_size)}});
    }
  }
  auto it = foreign_.find(addr);
  int id = it != foreign_.end() ? it->second : add_object({"host object", addr, 1, 0});
  foreign_[addr] = id;
  return Value::pointer({Alt{tt(), id, b64(0), b64(0)}});
}

Value CopyWorld::host_read(uint64_t addr, unsigned bytes, bool ptr, unsigned bits) {
  uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const void*>(static_cast<uintptr_t>(addr)), bytes);
  if (ptr) return host_pointer(v);
  return Value::of(Expr::bv(v, 64).trunc(bits));
}

// A field of struct page: the double gives every page of a region the same
// value, or pfn-like values rising by a fixed step. Read it for every page of
// the region and express it in the page index; anything else is refused.
Value CopyWorld::page_field(int r, int64_t field, const Expr& elem, bool ptr, unsigned bits,
                            const llvm::Instruction& at) {
  unsigned bytes = bits / 8;
  auto key = std::make_tuple(r, field, bits);
  auto it = field_cache_.find(key);
  if (it == field_cache_.end()) {
    auto read = [&](uint64_t k) {
      uint64_t v = 0;
      std::memcpy(&v, reinterpret_cast<const void*>(f_.pages_addr[r] + k * f_.page_struct_size + field), bytes);
      return v;
    };
    uint64_t mask = bits == 64 ? ~0ull : ((1ull << bits) - 1);
    uint64_t v0 = read(0), step = f_.region_pages > 1 ? (read(1) - v0) & mask : 0;
    for (uint64_t k = 0; k < f_.region_pages; k++)
      if (read(k) != ((v0 + k * step) & mask))
        l2s::unsupported(at, "struct page field at offset " + std::to_string(field) +
                                 " is neither uniform nor affine in the page index");
    it = field_cache_.emplace(key, std::make_pair(v0, step)).first;
  }
  auto [v0, step] = it->second;
  if (ptr) {
    if (step) l2s::unsupported(at, "pointer field of struct page differs between pages");
    return host_pointer(v0);
  }
  return Value::of((b64(v0) + elem * b64(step)).trunc(bits));
}

Value CopyWorld::load(l2s::Exec& x, const Alt& a, const llvm::Type* ty, const llvm::Instruction& at) {
  bool ptr = ty->isPointerTy();
  unsigned bits = bits_of(ty, at);
  auto fresh = [&] {
    return ptr ? Value::pointer({Alt{tt(), kNull, b64(0), Expr::fresh("junk", 64)}})
               : Value::of(Expr::fresh("junk", bits));
  };
  const auto& o = objs_[a.obj];
  if (o.name == "@svm_proof_sz_8m" && g_.chunk_any.valid() && !ptr && bits == 64)
    return Value::of(g_.chunk_any.concat(Expr::bv(0, g_.page_shift)));  // SZ_8M
  if (a.obj == kNull || o.count == 0) {
    mem_event(x, tt(), "load through " + (a.obj == kNull ? std::string("a NULL or integer pointer") : o.name), at);
    return fresh();
  }
  auto [elem, field] = split(a, at);
  Expr inb = elem.ult(a.obj == kPages || a.obj == kSys ? n_expr_ : b64(o.count));
  if (a.obj == kPages) {
    if (field != 0 || !ptr) l2s::unsupported(at, "pages[] holds struct page pointers only");
    mem_event(x, !inb, "read past the end of pages[]", at);
    Expr r, pg;
    if (un_ && un_->contents_free) {
      r = smt::ite(Expr::fresh("has_dev", 0), un_->region, b32(kNone));
      pg = Expr::fresh("dev_page", 32);
      domain_facts(pg, std::nullopt, std::nullopt);
      pg = pg.zext(64);
    } else if (un_) {
      r = smt::ite(un_->has.select(elem), un_->region, b32(kNone));
      pg = un_->page.select(elem);
      input_facts(elem);
      pg = pg.zext(64);
    } else {
      r = pick(region_arr_, elem, b32(kNone));
      pg = pick(page_arr_, elem, b32(0)).zext(64);
    }
    std::vector<Alt> alts{Alt{(r != b32(0)) & (r != b32(1)), kNull, b64(0), b64(0)}};
    for (int k = 0; k < f_.nregions; k++) alts.push_back(Alt{r == b32(k), kRegionPages0 + k, pg, b64(0)});
    return Value::pointer(alts);
  }
  if (a.obj == kSys) {
    mem_event(x, !inb, "read past the end of the system-side array", at);
    if (field == 0 && bits == 64) {
      if (abstract_addresses_) {
        // Whole pages below 2^16 pages (the bounded input's domain, see
        // make_input()), stated where facts are taken (unbounded).
        Expr a = Expr::fresh("sys_addr", 64);
        if (un_) domain_facts(std::nullopt, a, std::nullopt);
        return Value::of(a);
      }
      if (!un_) return Value::of(pick(addr_cells(x), elem, b64(0)));
      input_facts(elem);
      return Value::of(x.cell(kAddrArray).select(elem));
    }
    if (es_sys_ == 16 && field == 8 && bits == 64) {
      if (!un_) return Value::of(pick(meta_arr_, elem, b64(0)));
      Expr order;
      if (un_->contents_free) {
        order = Expr::fresh("order", 8);
        domain_facts(std::nullopt, std::nullopt, order);
      } else {
        order = un_->order.select(elem);
        input_facts(elem);
      }
      return Value::of(dirfield_.shl(b64(62)) | order.zext(64).shl(b64(54)));
    }
    l2s::unsupported(at, "system-side array access at byte " + std::to_string(field) + " of an entry");
  }
  if (a.obj >= kRegionPages0 && a.obj < kRegionPages0 + PROOF_MAX_REGIONS) {
    mem_event(x, !inb, "struct page outside the region", at);
    return page_field(a.obj - kRegionPages0, static_cast<int64_t>(field), elem, ptr, bits, at);
  }
  if (a.obj == kDevice || (a.obj >= kEngine0 && a.obj < kEngine0 + PROOF_MAX_REGIONS)) {
    auto e = elem.as_u64();
    if (!e || *e != 0) l2s::unsupported(at, "access outside " + o.name);
    if (field + bits / 8 > o.elem_size) l2s::unsupported(at, "access past the end of " + o.name);
    return host_read(o.base + field, bits / 8, ptr, bits);
  }
  l2s::unsupported(at, "load from " + o.name + " (fences are modelled as counters, not memory)");
}

void CopyWorld::store(l2s::Exec& x, const Alt& a, const Value& v, const llvm::Type* ty,
                      const llvm::Instruction& at) {
  unsigned bits = bits_of(ty, at);
  if (a.obj == kSys) {
    auto [elem, field] = split(a, at);
    if (field == 0 && bits == 64 && !v.is_ptr) {
      mem_event(x, !elem.ult(n_expr_), "write past the end of the system-side array", at);
      if (abstract_addresses_) return;
      if (un_) {
        x.set_cell(kAddrArray, x.cell(kAddrArray).store(elem, v.v));
        return;
      }
      for (unsigned i = 0; i < n_; i++) {
        int c = kAddr0 + static_cast<int>(i);
        x.set_cell(c, smt::ite(elem == b64(i), v.v, x.cell(c)));
      }
      return;
    }
  }
  if (a.obj == kNull) {
    mem_event(x, tt(), "store through a NULL or integer pointer", at);
    return;
  }
  l2s::unsupported(at, "store to " + objs_[a.obj].name);
}

// op: 0 get, 1 put, 2 wait. The shim reports a reference error (COPY-FENCE)
// when the count is not positive; get/put of NULL do nothing.
void CopyWorld::fence_op(l2s::Exec& x, const Value& p, int op, const llvm::Instruction& at) {
  static const char* names[] = {"dma_fence_get", "dma_fence_put", "dma_fence_wait"};
  if (!p.is_ptr) l2s::unsupported(at, "fence operation on a non-pointer");
  for (auto& a : p.ptr) {
    if (a.obj == kNull) {
      Expr err = a.off != b64(0);
      mem_event(x, a.guard & (op == 2 ? tt() : err),
                std::string(names[op]) + (op == 2 ? " on a NULL or error pointer" : " on an error pointer"), at);
      continue;
    }
    if (a.obj == job_fence_) continue;  // abstracted: no counts, no waits
    if (a.obj == kJobFences) {
      // Tracked by phase (see Obj): the witness's fence has its count, and
      // a wait on its fence or a later one of its engine completes it.
      Expr is_w = a.idx == b64(1);
      if (monitors({Prop::CopyFence})) {
        Expr refs = x.cell(kWRefs), released = refs.sle(b32(0));
        report(x, a.guard & is_w & released, SHIM_REPORT_FENCE, std::string(names[op]) + " on a released fence");
        if (op == 0) x.set_cell(kWRefs, smt::ite(a.guard & is_w, refs + b32(1), refs));
        if (op == 1) x.set_cell(kWRefs, smt::ite(a.guard & is_w & !released, refs - b32(1), refs));
      }
      if (op == 2 && monitors({Prop::CopyWait, Prop::CopyErr}))
        x.set_cell(kWDone, x.cell(kWDone) | (a.guard & x.cell(kWOk) & (a.idx != b64(0))));
      continue;
    }
    int cell;
    if (a.obj == kPre)
      cell = kPref;
    else if (fence_slot_.count(a.obj))
      cell = kRefs0 + fence_slot_[a.obj];
    else {
      mem_event(x, a.guard, std::string(names[op]) + " on " + objs_[a.obj].name, at);
      continue;
    }
    Expr refs = x.cell(cell);
    Expr released = refs.sle(b32(0));
    report(x, a.guard & released, SHIM_REPORT_FENCE, std::string(names[op]) + " on a released fence");
    if (op == 0) x.set_cell(cell, smt::ite(a.guard, refs + b32(1), refs));
    if (op == 1) x.set_cell(cell, smt::ite(a.guard & !released, refs - b32(1), refs));
    if (op == 2) waits_.push_back({(x.guard() & a.guard).simplify(), a.obj == kPre ? -1 : fence_slot_[a.obj]});
    if (op == 2 && a.obj == kPre && monitors({Prop::CopyPrefence})) x.set_cell(kPreWaited, x.cell(kPreWaited) | a.guard);
  }
}

Value CopyWorld::migrate(l2s::Exec& x, int gen, bool to_vram, const std::vector<Value>& args,
                         const llvm::Instruction& at) {
  if (args.size() != (gen == 3 ? 5u : 4u)) l2s::unsupported(at, "migrate call with an unexpected argument count");
  const Value& m = args[0];
  Expr count = args[1].v;
  const Value& sys = to_vram ? args[2] : args[3];
  Expr vram = to_vram ? args[3].v : args[2].v;
  if (!m.is_ptr || !sys.is_ptr || !count.valid() || !vram.valid()) l2s::unsupported(at, "migrate argument kinds");
  int slot = static_cast<int>(slots_.size());
  Slot s;
  SymCall& c = s.call;
  c.issued = x.guard();
  c.seq = x.cell(kSeq) + b32(1);
  x.set_cell(kSeq, c.seq);
  c.engine = b32(kNone);
  for (auto& a : m.ptr) {
    if (a.obj >= kEngine0 && a.obj < kEngine0 + PROOF_MAX_REGIONS)
      c.engine = smt::ite(a.guard, b32(static_cast<uint32_t>(f_.engine_id[a.obj - kEngine0])), c.engine);
    else
      mem_event(x, a.guard, "migrate call on " + objs_[a.obj].name + " instead of an engine", at);
  }
  c.base = vram;
  c.npages = count;
  c.sys_index = b64(~0ull);
  for (auto& a : sys.ptr) {
    if (a.obj != kSys) continue;
    auto off = a.off.simplify().as_u64();
    if (!off || *off % es_sys_) continue;
    Expr elem = a.idx + b64(*off / es_sys_);
    c.sys_index = smt::ite(a.guard & elem.ult(n_expr_), elem, c.sys_index);
  }
  Expr fail = (fail_at_ != b32(0)) & (c.seq == fail_at_);
  Expr over = count.ugt(g_.chunk_pages());
  Expr refused = gen == 1 ? (fail | over) : fail;
  c.result = smt::ite(fail, fail_errno_, gen == 1 ? smt::ite(over, b32(static_cast<uint32_t>(-22)), b32(0)) : b32(0));
  s.ok = !refused;
  if (un_ && un_->witness.valid()) {
    // COPY-ONCE's ghost: successful calls that hold the witness index, and
    // whether any submission failed.
    Expr cover = x.cell(kCover);
    x.set_cell(kCover, smt::ite(s.ok & call_covers(c, un_->witness), cover + b32(1), cover));
    x.set_cell(kFailed, x.cell(kFailed) | refused);
  }
  if (gen >= 2) {
    std::string w = "src/hw/migrate.c (migrate contract: npages <= SZ_8M / PAGE_SIZE)";
    report(x, (!fail) & over, SHIM_REPORT_ASSERT, w);
    report(x, (!fail) & over, SHIM_REPORT_WARN, w);
    // The migrate layer fills zero tail addresses of the heads inside the call.
    if (abstract_addresses_) {
      // no addresses to fill
    } else if (un_) {
      fill_tails_unbounded(x, c.sys_index, count, fail);
    } else {
    const SymInput& in = in_->in;
    std::vector<Expr> addr = addr_cells(x);
    Expr start = c.sys_index;
    Expr start_ok = (!fail) & start.sge(b64(0));
    auto inside = [&](unsigned p) { return b64(p).uge(start) & (b64(p) - start).ult(count); };
    for (unsigned p = 1; p < n_; p++) {
      Expr val;
      std::vector<Expr> any;
      for (unsigned h = p; h-- > 0;) {
        Expr cond = inside(h) & (in.e[h].order != Expr::bv(0, 8)) & (addr[h] != b64(0)) &
                    b64(p - h).ult(b64(1).shl(in.e[h].order.zext(64)));
        Expr v = addr[h] + b64((p - h) * g_.page_size());
        val = val.valid() ? smt::ite(cond, v, val) : v;
        any.push_back(cond);
      }
      Expr doit = start_ok & inside(p) & (addr[p] == b64(0)) & smt::any_of(any);
      x.set_cell(kAddr0 + static_cast<int>(p), smt::ite(doit, val, addr[p]));
    }
    }
  }
  c.dep_prefence = Expr::boolean(false);
  if (gen == 3) {
    for (auto& a : args[4].ptr) {
      if (a.obj == kPre) {
        c.dep_prefence = c.dep_prefence | a.guard;
        Expr refs = x.cell(kPref);
        report(x, s.ok & a.guard & refs.sle(b32(0)), SHIM_REPORT_FENCE, "dma_fence_get on a released fence (migrate dependency)");
        x.set_cell(kPref, smt::ite(s.ok & a.guard, refs + b32(1), refs));
        if (monitors({Prop::CopyFence})) x.set_cell(kPrefDeps, smt::ite(s.ok & a.guard, x.cell(kPrefDeps) + b32(1), x.cell(kPrefDeps)));
      } else if (a.obj == kJobFences) {
        if (monitors({Prop::CopyFence})) {
          // A dependency reference on the witness's fence, dropped when the
          // job is drained (as fence_refs_at_end counts in finish()).
          Expr on_w = s.ok & a.guard & (a.idx == b64(1));
          x.set_cell(kWRefs, smt::ite(on_w, x.cell(kWRefs) + b32(1), x.cell(kWRefs)));
          x.set_cell(kWDeps, smt::ite(on_w, x.cell(kWDeps) + b32(1), x.cell(kWDeps)));
        }
      } else if (fence_slot_.count(a.obj)) {
        int d = fence_slot_[a.obj];
        s.dep_fences.push_back({a.guard, d});
        Expr refs = x.cell(kRefs0 + d);
        x.set_cell(kRefs0 + d, smt::ite(s.ok & a.guard, refs + b32(1), refs));
      } else if (a.obj != kNull && a.obj != job_fence_) {
        mem_event(x, a.guard, "migrate dependency on " + objs_[a.obj].name, at);
      }
    }
  }
  if (un_ && un_->monitor) {
    // The monitors (see Cell), then the fence: element (phase) 0, 1 or 2
    // of the job fences.
    Expr chosen_before = x.cell(kWOk), is_w = Expr::boolean(false), after_w = Expr::boolean(false);
    if (monitors({Prop::CopyWait, Prop::CopyErr, Prop::CopyFence})) {
      is_w = Expr::fresh("witness_call_here", 0) & !chosen_before & s.ok;
      after_w = chosen_before & (c.engine == x.cell(kWEng));
      x.set_cell(kWOk, chosen_before | is_w);
      x.set_cell(kWEng, smt::ite(is_w, c.engine, x.cell(kWEng)));
    }
    if (monitors({Prop::CopyFence})) x.set_cell(kWRefs, smt::ite(is_w, b32(1), x.cell(kWRefs)));
    if (monitors({Prop::CopyErr})) {
      Expr seen = x.cell(kErrSeen), first = (!seen) & (c.result != b32(0));
      x.set_cell(kLate, x.cell(kLate) | seen);
      x.set_cell(kErrSeen, seen | first);
      x.set_cell(kFailRes, smt::ite(first, c.result, x.cell(kFailRes)));
      x.set_cell(kWBeforeFail, x.cell(kWBeforeFail) | (first & chosen_before));
    }
    if (monitors({Prop::CopyPrefence})) {
      x.set_cell(kFirstNoDep, x.cell(kFirstNoDep) | (s.ok & !x.cell(kAnyOk) & !c.dep_prefence));
      x.set_cell(kAnyOk, x.cell(kAnyOk) | s.ok);
    }
    slots_.push_back(s);
    return Value::pointer({Alt{!s.ok, kNull, b64(0), c.result.sext(64)},
                           Alt{s.ok, kJobFences, smt::ite(is_w, b64(1), smt::ite(after_w, b64(2), b64(0))), b64(0)}});
  }
  int fobj;
  if (abstract_fences_) {
    if (job_fence_ < 0) job_fence_ = add_object({"job fence (abstracted)", 0x50000000ull, f_.fence_struct_size, 1});
    fobj = job_fence_;
  } else {
    fobj = add_object({"fence of call slot " + std::to_string(slot), 0x50000000ull + 0x100ull * slot,
                       f_.fence_struct_size, 1});
    fence_slot_[fobj] = slot;
    x.set_cell(kRefs0 + slot, smt::ite(s.ok, b32(1), b32(0)));
  }
  slots_.push_back(s);
  return Value::pointer({Alt{!s.ok, kNull, b64(0), c.result.sext(64)}, Alt{s.ok, fobj, b64(0), b64(0)}});
}

// A device page inside the region, a system address of a whole page below
// 2^16 pages, a folio order of at most 9.
void CopyWorld::domain_facts(std::optional<Expr> page, std::optional<Expr> addr, std::optional<Expr> order) {
  if (page) fact(page->ult(b32(static_cast<uint32_t>(g_.region_pages))));
  if (addr) {
    fact((*addr & b64(g_.page_size() - 1)) == b64(0));
    fact(addr->ult(b64(uint64_t{1} << (16 + g_.page_shift))));
  }
  if (order) fact(order->ule(Expr::bv(9, 8)));
}

// The bounded input's domain (make_input: a device page inside its region,
// system addresses whole pages below 2^16 pages, order <= 9) and, G2+, the
// folio contract of in_contract(), stated between neighbours: rem[k] is the
// number of tail pages that follow k inside its folio. Entry k is a tail
// when k > 0 and rem[k - 1] > 0; a tail has no address and order 0, a
// device page exactly when the entry before it has one, the next device
// page, and one tail fewer to go; a head (order > 0, not a tail) has an
// address and 2^order - 1 tails; a folio ends by npages (rem[n - 1] = 0,
// UnboundedInput::domain). Every input inside the contract satisfies these
// with its own rem, so assuming them is sound; they are stated for k - 1,
// k and k + 1 around every entry read.
void CopyWorld::input_facts(const Expr& k) {
  const bool addrs = !abstract_addresses_;
  // The address facts, or true when the addresses are abstracted.
  auto addr_is = [&](const Expr& i, bool zero) {
    return addrs ? (zero ? un_->addr.select(i) == b64(0) : un_->addr.select(i) != b64(0)) : tt();
  };
  auto entry = [&](const Expr& i) {
    domain_facts(un_->page.select(i), addrs ? std::optional<Expr>(un_->addr.select(i)) : std::nullopt,
                 un_->order.select(i));
  };
  auto link = [&](const Expr& i) {  // between i - 1 and i
    Expr prev = i - b64(1);
    Expr rem = un_->rem.select(i), rem_prev = un_->rem.select(prev), order = un_->order.select(i);
    Expr tail = (i != b64(0)) & (rem_prev != Expr::bv(0, 16));
    Expr has = un_->has.select(i), has_prev = un_->has.select(prev);
    fact(tail.implies((order == Expr::bv(0, 8)) & addr_is(i, true) & (has == has_prev) &
                      has.implies(un_->page.select(i) == un_->page.select(prev) + b32(1)) &
                      (rem == rem_prev - Expr::bv(1, 16))));
    Expr span_less_one = (Expr::bv(1, 16).shl(order.zext(16))) - Expr::bv(1, 16);
    fact(((!tail) & (order != Expr::bv(0, 8))).implies(addr_is(i, false) & (rem == span_less_one)));
    fact(((!tail) & (order == Expr::bv(0, 8))).implies(rem == Expr::bv(0, 16)));
  };
  entry(k);
  if (!un_->folio_contract) return;
  link(k);
  link(k + b64(1));
}

// The tail fill of the migrate layer (as in migrate() above, there over
// every index) on the address array, exact for calls of up to CHUNK pages:
// page start + d takes its head's address plus its offset when it is zero
// and a head start + e (e < d) with a system page reaches it. A longer
// call leaves every address unknown (a fresh array): an over-approximation,
// sound for proofs; it only matters where a call exceeds the limit, which
// COPY-CHUNK reports anyway.
void CopyWorld::fill_tails_unbounded(l2s::Exec& x, const Expr& start, const Expr& count, const Expr& fail) {
  const Expr a = x.cell(kAddrArray);
  Expr start_ok = (!fail) & start.sge(b64(0));
  Expr out = a;
  for (uint64_t d = 1; d < g_.chunk; d++) {
    Expr p = start + b64(d);
    Expr val;
    std::vector<Expr> any;
    for (uint64_t e = d; e-- > 0;) {
      Expr h = start + b64(e);
      input_facts(h);
      Expr order = un_->order.select(h);
      Expr cond = (order != Expr::bv(0, 8)) & (a.select(h) != b64(0)) & b64(d - e).ult(b64(1).shl(order.zext(64)));
      Expr v = a.select(h) + b64((d - e) * g_.page_size());
      val = val.valid() ? smt::ite(cond, v, val) : v;
      any.push_back(cond);
    }
    input_facts(p);
    Expr doit = start_ok & b64(d).ult(count) & (a.select(p) == b64(0)) & smt::any_of(any);
    out = out.store(p, smt::ite(doit, val, a.select(p)));
  }
  Expr havoc = Expr::fresh_like("addr_after_long_call", a);
  x.set_cell(kAddrArray, smt::ite(start_ok & count.ugt(b64(g_.chunk)), havoc, out));
}

std::optional<Value> CopyWorld::call(l2s::Exec& x, const std::string& name, const std::vector<Value>& args,
                                     const llvm::Instruction& at) {
  static const std::regex mig(R"(hw_g([123])_migrate_(to|from)_vram)");
  std::smatch m;
  if (std::regex_match(name, m, mig)) {
    int gen = m[1].str()[0] - '0';
    if (gen != g_.api_gen) l2s::unsupported(at, "migrate call of API generation G" + m[1].str() + " in a G" +
                                                    std::to_string(g_.api_gen) + " variant");
    return migrate(x, gen, m[2] == "to", args, at);
  }
  if (name == "shim_report") {
    auto kind = args.at(0).v.simplify().as_u64();
    if (!kind) l2s::unsupported(at, "shim_report with a symbolic kind");
    report(x, tt(), static_cast<int>(*kind), l2s::where(at));
    return Value::of(tt());
  }
  if (name == "dma_fence_get") {
    fence_op(x, args.at(0), 0, at);
    return args.at(0);
  }
  if (name == "dma_fence_put") {
    fence_op(x, args.at(0), 1, at);
    return Value::of(tt());
  }
  if (name == "dma_fence_wait") {
    fence_op(x, args.at(0), 2, at);
    return Value::of(b64(0));
  }
  return std::nullopt;
}

SymTrace CopyWorld::finish(const l2s::Result& r, std::vector<std::pair<Expr, std::string>>& mem) {
  SymTrace t;
  t.in = in_->in;
  auto final_cell = [&](int c) { return l2s::cell_value(r.state, *this, c); };
  for (auto& s : slots_) t.calls.push_back(s.call);
  for (size_t j = 0; j < slots_.size(); j++) {
    SymCall& c = t.calls[j];
    std::vector<Expr> done;
    for (auto& w : waits_) {
      if (w.slot < 0) continue;
      const Slot& by = slots_[w.slot];
      done.push_back(w.guard & (by.call.engine == c.engine) & c.seq.ule(by.call.seq));
    }
    c.completed_at_return = slots_[j].ok & c.issued & smt::any_of(done);
    if (abstract_fences_) {
      // Not tracked: any value, so a property that reads it cannot be proved by accident.
      c.completed_at_return = Expr::fresh("abstracted_completion", 0);
      c.fence_refs_at_end = Expr::fresh("abstracted_refs", 32);
      continue;
    }
    // Draining runs every job, which drops its dependency reference.
    std::vector<Expr> deps;
    for (auto& s : slots_)
      for (auto& [g, d] : s.dep_fences)
        if (d == static_cast<int>(j)) deps.push_back(s.call.issued & s.ok & g);
    c.fence_refs_at_end = final_cell(kRefs0 + static_cast<int>(j)) - smt::count(deps, 32);
  }
  std::vector<Expr> pre_deps, pre_signal;
  for (size_t j = 0; j < slots_.size(); j++) {
    pre_deps.push_back(slots_[j].call.issued & slots_[j].ok & slots_[j].call.dep_prefence);
    pre_signal.push_back(t.calls[j].completed_at_return & t.calls[j].dep_prefence);
  }
  for (auto& w : waits_)
    if (w.slot < 0) pre_signal.push_back(w.guard);
  const SymInput& in = in_->in;
  Expr has_pre = in.prefence != b32(SVM_PREFENCE_NONE);
  t.prefence_refs_at_end = smt::ite(has_pre, final_cell(kPref) - smt::count(pre_deps, 32), b32(1));
  t.prefence_signaled_at_return =
      (!has_pre) | (in.prefence == b32(SVM_PREFENCE_SIGNALED)) | smt::any_of(pre_signal);
  t.reports = reports_;
  t.ret = r.ret.v;
  t.bugged = Expr::boolean(false);
  mem = mem_events;
  return t;
}

}  // namespace

namespace {

// The arguments of svm_proof_entry (glue_copy.c).
std::vector<Value> entry_args(const Expr& dir, const Expr& n, const Expr& prefence) {
  return {
      Value::of(dir),
      Value::pointer({Alt{tt(), kPages, b64(0), b64(0)}}),
      Value::pointer({Alt{tt(), kSys, b64(0), b64(0)}}),
      Value::of(n),
      Value::pointer({Alt{prefence == b32(SVM_PREFENCE_NONE), kNull, b64(0), b64(0)},
                      Alt{prefence != b32(SVM_PREFENCE_NONE), kPre, b64(0), b64(0)}}),
  };
}

class HornCopyWorld : public HornWorld {
 public:
  HornCopyWorld(const struct proof_hw_facts& f, const GeometryFacts& g, const UnboundedInput& in)
      : w_(f, g, in), args_(entry_args(in.dir, in.n, in.prefence)) {}
  l2s::World& world() override { return w_; }
  const std::vector<Value>& args() const override { return args_; }
  SegmentEvents take() override { return w_.take(); }
  Expr populated_at(const Expr& w) override { return w_.populated_at(w); }
  Expr cover(const l2s::State& st) const override { return l2s::cell_value(st, w_, kCover); }
  Expr failed(const l2s::State& st) const override { return l2s::cell_value(st, w_, kFailed); }
  Expr at_return(const l2s::State& st, const Expr& ret) const override { return w_.at_return(st, ret); }
  Column column() override { return w_.column(); }
  void input_facts(const Expr& k) override { w_.input_facts(k); }
  std::vector<std::pair<std::string, int>> named_cells() const override {
    return {{"cover", kCover},       {"failed", kFailed},         {"sys_addr", kAddrArray},
            {"pref", kPref},         {"w_ok", kWOk},              {"w_eng", kWEng},
            {"w_done", kWDone},      {"w_refs", kWRefs},          {"w_deps", kWDeps},
            {"err_seen", kErrSeen},  {"fail_res", kFailRes},      {"late", kLate},
            {"w_before_fail", kWBeforeFail}, {"pref_deps", kPrefDeps}, {"any_ok", kAnyOk},
            {"first_no_dep", kFirstNoDep},   {"pre_waited", kPreWaited}};
  }
  std::vector<std::pair<std::string, Expr>> named_constants() const override {
    std::vector<std::pair<std::string, Expr>> out;
    for (int r = 0; r < PROOF_MAX_REGIONS; r++)
      out.push_back({"engine" + std::to_string(r), b32(static_cast<uint32_t>(w_.engine_id(r)))});
    return out;
  }

 private:
  CopyWorld w_;
  std::vector<Value> args_;
};

}  // namespace

bool has_monitor(Prop p) {
  return p == Prop::CopyWait || p == Prop::CopyErr || p == Prop::CopyFence || p == Prop::CopyPrefence;
}

bool contents_free_ok(Prop p) { return p != Prop::CopyOnce && p != Prop::CopyContig; }
bool addresses_free_ok(Prop p) { return p != Prop::CopyOnce; }

UnboundedInput make_unbounded_input(const GeometryFacts& g, bool folio_contract, std::optional<Prop> for_prop,
                                    bool contents_free, bool addresses_free) {
  UnboundedInput u;
  u.contents_free = contents_free;
  u.addresses_free = addresses_free && !contents_free;
  u.chunk_any = g.chunk_any;
  if (for_prop && has_monitor(*for_prop)) u.monitor = for_prop;
  if (for_prop == Prop::CopyContig) u.witness_page = Expr::var("witness_page", 64);
  const bool once = for_prop == Prop::CopyOnce;
  u.folio_contract = (folio_contract || once) && g.api_gen >= 2;
  if (once) u.witness = Expr::var("witness_index", 64);
  u.n = Expr::var("npages", 64);
  u.has = Expr::array_var("has_dev", 64, 0);
  u.page = Expr::array_var("dev_page", 64, 32);
  u.addr = Expr::array_var("sys_addr", 64, 64);
  u.order = g.api_gen >= 2 ? Expr::array_var("order", 64, 8) : Expr::const_array(64, Expr::bv(0, 8));
  u.rem = g.api_gen >= 2 ? Expr::array_var("folio_rem", 64, 16) : Expr::const_array(64, Expr::bv(0, 16));
  u.region = Expr::var("region", 32);
  u.dir = Expr::var("dir", 32);
  u.fail_at = Expr::var("fail_at", 32);
  u.fail_errno = Expr::var("fail_errno", 32);
  u.prefence = g.api_gen >= 3 ? Expr::var("prefence", 32) : b32(SVM_PREFENCE_NONE);
  u.domain = {u.region.ult(b32(SVM_MAX_REGIONS)), u.dir.ult(b32(2)), u.fail_at.ule(b32(4096)),
              u.fail_errno.sge(b32(static_cast<uint32_t>(-4095))) & u.fail_errno.slt(b32(0)),
              u.prefence.ule(b32(SVM_PREFENCE_PENDING))};
  // The system-side array fits in the address space (2^64 bytes, entries
  // of 8 bytes at G1, 16 after): COPY-CONTIG reads a call's entry index as
  // signed, negative for a pointer that is no entry.
  u.domain.push_back(u.n.ult(b64(uint64_t{1} << (g.api_gen == 1 ? 61 : 60))));
  // --chunk any: SZ_8M is CHUNK >= 1 whole pages that fit in 64 bits.
  if (u.chunk_any.valid()) u.domain.push_back(u.chunk_any != Expr::bv(0, u.chunk_any.width()));
  if (!contents_free) u.domain.push_back((u.n != b64(0)).implies(u.rem.select(u.n - b64(1)) == Expr::bv(0, 16)));
  return u;
}

std::vector<Expr> UnboundedInput::vars() const {
  std::vector<Expr> v{n, region, dir, fail_at, fail_errno, prefence};
  if (chunk_any.valid()) v.push_back(chunk_any);
  if (!contents_free) v.insert(v.begin() + 1, {has, page, order, rem});
  if (!no_addresses()) v.insert(v.begin() + 3, addr);
  if (witness.valid()) v.push_back(witness);
  if (witness_page.valid()) v.push_back(witness_page);
  v.erase(std::remove_if(v.begin(), v.end(), [](const Expr& e) { return e.simplify().as_u64().has_value(); }),
          v.end());
  return v;
}

std::vector<UnboundedInput::Named> UnboundedInput::named() const {
  std::vector<Named> v{{"npages", n, true},         {"region", region, true},   {"dir", dir, true},
                       {"fail_at", fail_at, true},  {"fail_errno", fail_errno, true}, {"prefence", prefence, true}};
  auto stand_in = [](const std::string& name, const Expr& proto) { return Expr::fresh_like("absent_" + name, proto); };
  v.push_back({"chunk", chunk_any.valid() ? chunk_any : stand_in("chunk", b64(0)), chunk_any.valid()});
  for (auto& [name, col] : {std::pair<std::string, Expr>{"has", has}, {"page", page}, {"addr", addr}, {"order", order},
                            {"rem", rem}}) {
    bool present = !contents_free && !(addresses_free && name == "addr");
    v.push_back({name, present ? col : stand_in(name, col), present});
  }
  v.push_back({"w", witness.valid() ? witness : stand_in("w", b64(0)), witness.valid()});
  v.push_back({"k", witness_page.valid() ? witness_page : stand_in("k", b64(0)), witness_page.valid()});
  return v;
}

struct CopyProver::Impl {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> mod;
  llvm::Function* entry = nullptr;
  struct proof_hw_facts facts{};
};

CopyProver::CopyProver(const VariantFile& v, const std::string& work_dir, bool chunk_any)
    : impl_(std::make_unique<Impl>()), v_(v) {
  proof_hw_facts(&impl_->facts);
  g_ = live_geometry(v.api_gen);
  fs::create_directories(work_dir);
  std::string ll = work_dir + "/" + v.name + "-p" + std::to_string(g_.page_shift) + (chunk_any ? "-chunk-any" : "") + ".ll";
  std::vector<std::string> defs{"PAGE_SHIFT=" + std::to_string(g_.page_shift), "SVM_API_GEN=" + std::to_string(v.api_gen),
                                "SVM_VARIANT_FILE=\"" + v.path + "\"", "SVM_VARIANT_ENTRY=svm_proof_entry"};
  if (chunk_any) {
    // CHUNK pages as the low bits of a 64-bit count whose SZ_8M (CHUNK
    // << PAGE_SHIFT) fits: zero-extended, so that SZ_8M / PAGE_SIZE
    // simplifies back to it.
    g_.chunk_any = Expr::var("chunk_pages", 64 - g_.page_shift);
    defs.push_back("SVM_PROOF_SYMBOLIC_SZ_8M");
  }
  l2s::compile_to_ir({l2s::source_dir() + "/src/copy/glue_copy.c", defs, ll});
  impl_->mod = l2s::load_module(ll, impl_->ctx);
  l2s::prepare(*impl_->mod);
  impl_->entry = impl_->mod->getFunction("svm_proof_entry");
  if (!impl_->entry || impl_->entry->isDeclaration())
    throw l2s::Unsupported("no entry svm_proof_entry in the IR of " + v.path);
}

CopyProver::~CopyProver() = default;

llvm::Function& CopyProver::entry() { return *impl_->entry; }

void CopyProver::inline_entry() { l2s::inline_calls(*impl_->entry); }

std::unique_ptr<HornWorld> CopyProver::horn_world(const UnboundedInput& in) {
  return std::make_unique<HornCopyWorld>(impl_->facts, g_, in);
}

Translation CopyProver::translate(unsigned n, const SymbolicInput& in, unsigned unwind, bool keyed, bool prune,
                                  bool abstract_fences, bool abstract_addresses) {
  auto t0 = std::chrono::steady_clock::now();
  CopyWorld w(impl_->facts, g_, in, abstract_fences, abstract_addresses);
  Translation out;
  out.assumptions = in.domain;
  out.assumptions.push_back(in_contract(in.in, g_));
  std::vector<Value> args = entry_args(in.in.dir, b64(n), in.in.prefence);
  l2s::Limits lim;
  lim.unwind = unwind;
  lim.keyed = keyed;
  lim.prune = prune;
  l2s::Result r = l2s::translate(*impl_->entry, args, w, lim, out.assumptions);
  if (!r.ret.v.valid()) throw l2s::Unsupported("the entry never returns");
  out.trace = w.finish(r, out.mem_events);
  out.assumptions.insert(out.assumptions.end(), r.defs.begin(), r.defs.end());
  out.unwind_violation = r.unwind_violation;
  out.key_violation = r.key_violation;
  out.keyed_loops = r.keyed_loops;
  out.instances = r.instances;
  out.pruned = r.pruned;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace svm::proof
