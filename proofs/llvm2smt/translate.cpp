// SPDX-License-Identifier: MIT
#include "proofs/llvm2smt/translate.hpp"

#include <llvm/ADT/PostOrderIterator.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/IR/CFG.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Operator.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/Utils.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <algorithm>
#include <set>

namespace l2s {

using smt::Expr;

std::string where(const llvm::Instruction& inst) {
  // Line 0 marks code the optimiser merged; the nearest earlier line of the
  // block names the source statement.
  for (const llvm::Instruction* i = &inst; i; i = i->getPrevNode()) {
    const auto& dl = i->getDebugLoc();
    if (dl && dl.getLine() != 0) return dl->getFilename().str() + ":" + std::to_string(dl.getLine());
  }
  // Merged from several statements: name the enclosing source function.
  if (const auto& dl = inst.getDebugLoc())
    if (auto* sp = dl->getScope()->getSubprogram())
      return sp->getFilename().str() + ":" + std::to_string(sp->getLine()) + " (in " + sp->getName().str() + ")";
  return "function " + inst.getFunction()->getName().str() + " (no debug line)";
}

std::string describe(const llvm::Instruction& inst) {
  std::string s;
  llvm::raw_string_ostream os(s);
  inst.print(os);
  os.flush();
  auto p = s.find(", !");
  if (p != std::string::npos) s.resize(p);
  auto b = s.find_first_not_of(' ');
  return b == std::string::npos ? s : s.substr(b);
}

void unsupported(const llvm::Instruction& inst, const std::string& why) {
  throw Unsupported("unsupported: " + describe(inst) + " at " + where(inst) + (why.empty() ? "" : " (" + why + ")"));
}

namespace {
int floor_div(int c, int k) { return c >= 0 ? c / k : -((-c + k - 1) / k); }
}  // namespace

const Expr* State::find(int c) const {
  int key = floor_div(c, kChunk);
  auto it = chunks_.find(key);
  if (it == chunks_.end()) return nullptr;
  int slot = c - key * kChunk;
  return (it->second->present >> slot) & 1 ? &it->second->v[slot] : nullptr;
}

void State::set(int c, Expr v) {
  int key = floor_div(c, kChunk);
  int slot = c - key * kChunk;
  auto& ch = chunks_[key];
  if (ch && ch.use_count() == 1) {
    // Not shared with any other state: write in place.
    auto* mine = const_cast<Chunk*>(ch.get());
    mine->v[slot] = std::move(v);
    mine->present |= uint64_t{1} << slot;
    return;
  }
  auto fresh = ch ? std::make_shared<Chunk>(*ch) : std::make_shared<Chunk>();
  fresh->v[slot] = std::move(v);
  fresh->present |= uint64_t{1} << slot;
  ch = std::move(fresh);
}

Expr cell_value(const State& s, const World& w, int c) {
  const Expr* v = s.find(c);
  return v ? *v : w.cell_initial(c);
}

Expr Exec::cell(int c) { return cell_value(state(), world, c); }

namespace {

Expr bv64(uint64_t v) { return Expr::bv(v, 64); }

}  // namespace

Value merge(const std::vector<std::pair<Expr, Value>>& in) {
  if (in.empty()) throw std::logic_error("merge of nothing");
  if (in.size() == 1) return in[0].second;
  if (!in[0].second.is_ptr) {
    Expr v = in.back().second.v;
    bool same = true;
    for (size_t i = in.size() - 1; i-- > 0;) {
      same = same && in[i].second.v.same(in.back().second.v);
      v = smt::ite(in[i].first, in[i].second.v, v);
    }
    return same ? in.back().second : Value::of(v);
  }
  // Pointers: one alternative per object and constant byte offset (so a
  // field access stays a constant offset), guards joined, indices by ite.
  using Key = std::pair<int, std::optional<uint64_t>>;
  std::map<Key, std::vector<Alt>> by_obj;
  std::vector<Key> order;
  for (auto& [g, val] : in)
    for (auto& a : val.ptr) {
      Key k{a.obj, a.off.as_u64()};
      if (!by_obj.count(k)) order.push_back(k);
      by_obj[k].push_back(Alt{g & a.guard, a.obj, a.idx, a.off});
    }
  std::vector<Alt> out;
  for (auto& key : order) {
    int obj = key.first;
    auto& as = by_obj[key];
    std::vector<Expr> gs;
    Expr idx = as.back().idx, off = as.back().off;
    for (size_t i = as.size() - 1; i-- > 0;) {
      idx = smt::ite(as[i].guard, as[i].idx, idx);
      off = smt::ite(as[i].guard, as[i].off, off);
    }
    for (auto& a : as) gs.push_back(a.guard);
    Expr g = smt::any_of(gs);
    if (g.is_false()) continue;
    out.push_back(Alt{g, obj, idx, off});
  }
  return Value::pointer(out);
}

Expr address(const World& w, const Alt& a) {
  const Object& o = w.object(a.obj);
  return bv64(o.base) + a.idx * bv64(o.elem_size) + a.off;
}

Expr address(const World& w, const Value& p) {
  if (p.ptr.empty()) return bv64(0);
  Expr v = address(w, p.ptr.back());
  for (size_t i = p.ptr.size() - 1; i-- > 0;) v = smt::ite(p.ptr[i].guard, address(w, p.ptr[i]), v);
  return v;
}

std::unique_ptr<llvm::Module> load_module(const std::string& path, llvm::LLVMContext& ctx) {
  llvm::SMDiagnostic err;
  auto m = llvm::parseIRFile(path, err, ctx);
  if (!m) {
    std::string s;
    llvm::raw_string_ostream os(s);
    err.print("svmcheck-prove", os);
    throw Unsupported("cannot read IR " + path + ": " + os.str());
  }
  return m;
}

void prepare(llvm::Module& m) {
  llvm::legacy::FunctionPassManager fpm(&m);
  fpm.add(llvm::createLCSSAPass());
  fpm.doInitialization();
  for (auto& f : m)
    if (!f.isDeclaration()) fpm.run(f);
  fpm.doFinalization();
}

void inline_calls(llvm::Function& f) {
  for (unsigned round = 0;; round++) {
    std::vector<llvm::CallBase*> calls;
    for (auto& b : f)
      for (auto& i : b)
        if (auto* c = llvm::dyn_cast<llvm::CallBase>(&i))
          if (auto* callee = c->getCalledFunction(); callee && !callee->isDeclaration()) calls.push_back(c);
    if (calls.empty()) break;
    if (round >= 16) throw Unsupported("unsupported: calls nested deeper than 16 (recursion?) in " + f.getName().str());
    for (auto* c : calls) {
      if (c->getCalledFunction() == &f) unsupported(*c, "recursive call");
      llvm::InlineFunctionInfo ifi;
      auto r = llvm::InlineFunction(*c, ifi);
      if (!r.isSuccess()) unsupported(*c, std::string("cannot inline: ") + r.getFailureReason());
    }
  }
  llvm::legacy::FunctionPassManager fpm(f.getParent());
  fpm.add(llvm::createLCSSAPass());
  fpm.doInitialization();
  fpm.run(f);
  fpm.doFinalization();
}

namespace {

using Ctx = std::vector<unsigned>;

struct FnInfo {
  llvm::DominatorTree dt;
  llvm::LoopInfo li;
  std::map<const llvm::BasicBlock*, unsigned> rpo;
  explicit FnInfo(llvm::Function& f) : dt(f), li(dt) {
    llvm::ReversePostOrderTraversal<llvm::Function*> t(&f);
    unsigned i = 0;
    for (auto* b : t) rpo[b] = i++;
  }
  unsigned depth(const llvm::BasicBlock* b) const { return li.getLoopDepth(b); }
  // The counter a loop is keyed by, or null (see Limits::keyed).
  const llvm::PHINode* key(const llvm::Loop* l) {
    auto it = keys.find(l);
    if (it == keys.end()) it = keys.emplace(l, choose_key(l)).first;
    return it->second;
  }

 private:
  std::map<const llvm::Loop*, const llvm::PHINode*> keys;

  // v is p plus something, through adds, casts, phis and selects of the loop.
  static bool grows_from(const llvm::Value* v, const llvm::PHINode* p, const llvm::Loop* l, unsigned depth) {
    if (v == p) return true;
    auto* i = llvm::dyn_cast<llvm::Instruction>(v);
    if (!i || depth > 12 || !l->contains(i)) return false;
    switch (i->getOpcode()) {
      case llvm::Instruction::Add:
        return grows_from(i->getOperand(0), p, l, depth + 1) || grows_from(i->getOperand(1), p, l, depth + 1);
      case llvm::Instruction::ZExt:
      case llvm::Instruction::SExt:
      case llvm::Instruction::Trunc:
        return grows_from(i->getOperand(0), p, l, depth + 1);
      case llvm::Instruction::Select:
        return grows_from(i->getOperand(1), p, l, depth + 1) && grows_from(i->getOperand(2), p, l, depth + 1);
      case llvm::Instruction::PHI: {
        auto* q = llvm::cast<llvm::PHINode>(i);
        if (q->getParent() == l->getHeader()) return false;
        for (auto& u : q->incoming_values())
          if (!grows_from(u.get(), p, l, depth + 1)) return false;
        return true;
      }
      default:
        return false;
    }
  }
  // Used, through adds and casts, as an array index in the loop.
  static bool indexes(const llvm::Value* v, const llvm::Loop* l, unsigned depth) {
    for (auto* u : v->users()) {
      auto* i = llvm::dyn_cast<llvm::Instruction>(u);
      if (!i || !l->contains(i)) continue;
      if (llvm::isa<llvm::GetElementPtrInst>(i) && i->getOperand(0) != v) return true;
      if (depth < 4 && (i->getOpcode() == llvm::Instruction::Add || llvm::isa<llvm::CastInst>(i)) &&
          indexes(i, l, depth + 1))
        return true;
    }
    return false;
  }
  const llvm::PHINode* choose_key(const llvm::Loop* l) {
    const llvm::PHINode* best = nullptr;
    for (auto& phi : l->getHeader()->phis()) {
      if (!phi.getType()->isIntegerTy() || phi.getType()->getIntegerBitWidth() < 2 ||
          phi.getType()->getIntegerBitWidth() > 64)
        continue;
      bool ok = true;
      for (unsigned k = 0; ok && k < phi.getNumIncomingValues(); k++) {
        const llvm::Value* v = phi.getIncomingValue(k);
        if (l->contains(phi.getIncomingBlock(k)))
          ok = grows_from(v, &phi, l, 0);
        else
          ok = llvm::isa<llvm::ConstantInt>(v);
      }
      if (!ok) continue;
      if (indexes(&phi, l, 0)) return &phi;
      if (!best) best = &phi;
    }
    return best;
  }

 public:
};

struct Incoming {
  const llvm::BasicBlock* pred;
  Ctx pred_ctx;
  Expr guard;
  State state;
};

struct Translator;

// One activation of a function (the entry, or an inlined call).
struct Frame : Exec {
  Translator& t;
  llvm::Function& fn;
  FnInfo& info;
  std::vector<Value> args;
  unsigned depth;
  std::map<std::pair<const llvm::BasicBlock*, Ctx>, std::vector<Incoming>> incoming;
  std::map<std::pair<const llvm::Value*, Ctx>, Value> values;
  std::vector<std::pair<Expr, Value>> rets;
  std::vector<std::pair<Expr, State>> ret_states;
  Expr cur_guard;
  State cur_state;
  Ctx cur_ctx;

  Frame(Translator& tr, World& w, llvm::Function& f, FnInfo& i, std::vector<Value> a, unsigned d)
      : Exec(w), t(tr), fn(f), info(i), args(std::move(a)), depth(d) {}
  const Expr& guard() const override { return cur_guard; }
  State& state() override { return cur_state; }

  void run(const Expr& g, const State& s);
  void walk(const llvm::BasicBlock* start);  // cut-point mode: one pass in reverse post-order
  void region(const llvm::Loop* l, const Ctx& ctx);
  void block(const llvm::BasicBlock* b, const Ctx& ctx);
  void edge(const llvm::BasicBlock* from, const llvm::BasicBlock* to, const Expr& g);
  Value get(const llvm::Value* v, const Ctx& ctx, const llvm::Instruction& at);
  Value constant(const llvm::Constant* c, const llvm::Instruction& at);
  void exec(const llvm::Instruction& i);
  void set(const llvm::Instruction& i, Value v) { values[{&i, cur_ctx}] = std::move(v); }
  Value op(const llvm::Instruction& i, unsigned k) { return get(i.getOperand(k), cur_ctx, i); }
  Value gep(const llvm::Instruction& at, Value base, const llvm::Type* src, const std::vector<Value>& idxs,
            const std::vector<const llvm::Value*>& raw);
  Value call(const llvm::CallInst& c);
  Value cast(const llvm::Instruction& i, unsigned opcode, const Value& v, const llvm::Type* to);
  Value binop(const llvm::Instruction& i, unsigned opcode, const Expr& a, const Expr& b);
  Expr cmp(const llvm::Instruction& i, unsigned pred, const Value& a, const Value& b);
};

struct Translator {
  World& w;
  Limits lim;
  smt::Solver solver;
  std::map<llvm::Function*, std::unique_ptr<FnInfo>> infos;
  std::vector<Expr> unwind;
  std::vector<Expr> key_violation;
  std::vector<Expr> defs;  // v == term for every named term
  unsigned instances = 0, pruned = 0;
  std::set<const llvm::Loop*> keyed_loops;
  // Cut-point mode: the cut points, and the segment ends reached so far.
  const std::vector<CutPoint>* cuts = nullptr;
  std::map<const llvm::BasicBlock*, int> cut_index;
  std::vector<SegmentEnd> ends;

  // A fresh variable standing for a join (guard, phi, merged cell): keeps
  // terms flat, as in an SSA verification condition, instead of nesting
  // every path's history into every later term.
  Expr name(const Expr& e, const char* what) {
    if (e.as_u64() || e.as_bool() || e.is_array()) return e;
    Expr v = Expr::fresh(what, e.is_bool() ? 0 : e.width());
    defs.push_back(v == e);
    if (lim.prune) solver.add(defs.back());
    return v;
  }
  Value name(Value v, const char* what) {
    if (!v.is_ptr) {
      v.v = name(v.v, what);
      return v;
    }
    for (auto& a : v.ptr) {
      a.guard = name(a.guard, "alt");
      if (!a.off.as_u64()) a.off = name(a.off, "off");
      if (!a.idx.as_u64()) a.idx = name(a.idx, "idx");
    }
    return v;
  }

  Translator(World& world, const Limits& l, const std::vector<Expr>& assumptions) : w(world), lim(l) {
    for (auto& a : assumptions) solver.add(a);
  }
  FnInfo& info(llvm::Function& f) {
    auto& p = infos[&f];
    if (!p) p = std::make_unique<FnInfo>(f);
    return *p;
  }
  bool feasible(const Expr& g) {
    if (!lim.prune) return !g.is_false();
    if (g.is_false()) return false;
    return solver.check({g}) != smt::Result::Unsat;
  }
  // The values in [lo, hi] that e can take where g holds, each with its
  // guard (g && e == value). Where e can lie outside [lo, hi], that guard
  // is a key violation. Values are enumerated with the solver (one model
  // per value); without it, or if it gives up, every value in the range is
  // a candidate.
  std::vector<std::pair<uint64_t, Expr>> split(const Expr& g, const Expr& e, uint64_t lo, uint64_t hi) {
    std::vector<std::pair<uint64_t, Expr>> out;
    unsigned w = e.width();
    if (w < 64) hi = std::min<uint64_t>(hi, (uint64_t{1} << w) - 1);  // a narrow counter cannot go further
    auto k = [&](uint64_t v) { return Expr::bv(v, w); };
    if (auto c = e.simplify().as_u64()) {
      if (!feasible(g)) {
        pruned++;
        return out;
      }
      if (*c >= lo && *c <= hi)
        out.push_back({*c, g});
      else
        key_violation.push_back(g);
      return out;
    }
    Expr in_range = e.uge(k(lo)) & e.ule(k(hi));
    Expr outside = (g & !in_range).simplify();
    if (!outside.is_false()) key_violation.push_back(outside);
    if (lim.prune) {
      std::vector<Expr> as{g, in_range};
      bool complete = false;
      for (uint64_t n = 0; n <= hi - lo + 1; n++) {
        auto r = solver.check(as);
        if (r == smt::Result::Unsat) {
          complete = true;
          break;
        }
        if (r != smt::Result::Sat) break;
        auto v = solver.model().eval(e).as_u64();
        if (!v) break;
        out.push_back({*v, g & (e == k(*v))});
        as.push_back(e != k(*v));
      }
      if (complete) {
        std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
        return out;
      }
      out.clear();
    }
    for (uint64_t v = lo; v <= hi; v++) {
      Expr gv = (g & (e == k(v))).simplify();
      if (!gv.is_false()) out.push_back({v, gv});
    }
    return out;
  }
};

State merge_states(const std::vector<std::pair<Expr, const State*>>& in, World& w, Translator& t) {
  if (in.size() == 1) return *in[0].second;
  std::set<int> keys;
  for (auto& [g, s] : in)
    for (auto& [k, ch] : s->chunks()) keys.insert(k);
  State out;
  for (int key : keys) {
    std::vector<const State::Chunk*> chs;
    for (auto& [g, s] : in) {
      auto it = s->chunks().find(key);
      chs.push_back(it == s->chunks().end() ? nullptr : it->second.get());
    }
    if (std::all_of(chs.begin(), chs.end(), [&](auto* c) { return c == chs[0]; })) {
      // Every path carries the very same chunk.
      out.set_chunk(key, in[0].second->chunks().at(key));
      continue;
    }
    uint64_t present = 0;
    for (auto* c : chs) present |= c ? c->present : 0;
    auto merged = std::make_shared<State::Chunk>();
    for (int slot = 0; slot < State::kChunk; slot++) {
      if (!((present >> slot) & 1)) continue;
      int cell = key * State::kChunk + slot;
      auto val = [&](size_t i) {
        const State::Chunk* c = chs[i];
        return c && ((c->present >> slot) & 1) ? c->v[slot] : w.cell_initial(cell);
      };
      Expr last = val(in.size() - 1), v = last;
      bool same = true;
      for (size_t i = in.size() - 1; i-- > 0;) {
        Expr vi = val(i);
        same = same && vi.same(last);
        v = smt::ite(in[i].first, vi, v);
      }
      merged->v[slot] = same ? last : t.name(v, "cell");
      merged->present |= uint64_t{1} << slot;
    }
    out.set_chunk(key, std::move(merged));
  }
  return out;
}

void Frame::run(const Expr& g, const State& s) {
  if (t.lim.cut && !info.li.empty())
    throw Unsupported("unsupported: loop in " + fn.getName().str() +
                      ", a function inlined into a loop body, in cut-point (Horn clause) mode");
  const llvm::BasicBlock* entry = &fn.getEntryBlock();
  incoming[{entry, {}}].push_back(Incoming{nullptr, {}, g, s});
  region(nullptr, {});
}

void Frame::region(const llvm::Loop* l, const Ctx& ctx) {
  std::vector<std::pair<unsigned, const llvm::BasicBlock*>> nodes;
  for (auto& b : fn) {
    const llvm::Loop* bl = info.li.getLoopFor(&b);
    if (bl == l) {
      nodes.push_back({info.rpo.count(&b) ? info.rpo[&b] : ~0u, &b});
    } else if (bl && bl->getParentLoop() == l && bl->getHeader() == &b) {
      nodes.push_back({info.rpo[&b], &b});
    }
  }
  std::sort(nodes.begin(), nodes.end());
  for (auto& [r, b] : nodes) {
    if (r == ~0u) continue;  // unreachable block
    const llvm::Loop* bl = info.li.getLoopFor(b);
    if (bl != l && t.lim.keyed && info.key(bl)) {
      // Header of a keyed subloop: one instance per counter value, in
      // increasing order (every back edge goes to a larger value).
      t.keyed_loops.insert(bl);
      for (unsigned k = 0; k <= t.lim.unwind; k++) {
        Ctx c = ctx;
        c.push_back(k);
        if (incoming.count({b, c})) region(bl, c);
      }
    } else if (bl != l) {
      // Header of subloop bl: iterate.
      for (unsigned k = 0;; k++) {
        Ctx c = ctx;
        c.push_back(k);
        auto it = incoming.find({b, c});
        if (it == incoming.end()) break;
        std::vector<Expr> gs;
        for (auto& in : it->second) gs.push_back(in.guard);
        Expr g = smt::any_of(gs);
        if (k >= t.lim.unwind) {
          if (t.feasible(g)) t.unwind.push_back(g);
          incoming.erase(it);
          break;
        }
        if (k > 0 && !t.feasible(g)) {
          t.pruned++;
          incoming.erase(it);
          break;
        }
        region(bl, c);
      }
    } else {
      block(b, ctx);
    }
  }
}

void Frame::walk(const llvm::BasicBlock* start) {
  std::vector<std::pair<unsigned, const llvm::BasicBlock*>> order;
  for (auto& [b, r] : info.rpo)
    if (r >= info.rpo.at(start)) order.push_back({r, b});
  std::sort(order.begin(), order.end());
  // Every edge into a loop header ends the segment, so what is left is
  // acyclic and reverse post-order is a topological order of it.
  for (auto& [r, b] : order) block(b, Ctx(info.depth(b), 0));
}

void Frame::edge(const llvm::BasicBlock* from, const llvm::BasicBlock* to, const Expr& g0) {
  Expr g = g0.simplify();
  if (g.is_false()) return;
  unsigned dto = info.depth(to);
  const llvm::Loop* lto = info.li.getLoopFor(to);
  bool header = lto && lto->getHeader() == to;
  if (header && t.lim.cut) {
    // A cut point: the segment ends here with the values of its variables.
    auto it = t.cut_index.find(to);
    if (it == t.cut_index.end()) throw Unsupported("internal: loop header without a cut point");
    SegmentEnd e;
    e.to = it->second;
    e.guard = t.name(g, "guard");
    e.state = cur_state;
    const llvm::Instruction& term = *from->getTerminator();
    for (const llvm::Value* v : (*t.cuts)[e.to].vars) {
      auto* phi = llvm::dyn_cast<llvm::PHINode>(v);
      e.vals.push_back(phi && phi->getParent() == to ? get(phi->getIncomingValueForBlock(from), cur_ctx, term)
                                                       : get(v, cur_ctx, term));
    }
    t.ends.push_back(std::move(e));
    return;
  }
  bool entry = header && !lto->contains(from);
  size_t keep = std::min<size_t>(entry ? dto - 1 : dto, cur_ctx.size());
  Ctx c(cur_ctx.begin(), cur_ctx.begin() + keep);
  const llvm::PHINode* key = header && t.lim.keyed ? info.key(lto) : nullptr;
  if (key) {
    // Keyed loop: split the edge by the counter's next value.
    if (!entry && c.empty()) throw Unsupported("unsupported: irreducible control flow in " + fn.getName().str());
    uint64_t lo = entry ? 0 : c.back() + 1;
    if (!entry) c.pop_back();
    if (c.size() + 1 != dto) throw Unsupported("unsupported: irreducible control flow in " + fn.getName().str());
    Value v = get(key->getIncomingValueForBlock(from), cur_ctx, *from->getTerminator());
    for (auto& [k, gk] : t.split(g, v.v, lo, t.lim.unwind)) {
      Ctx ck = c;
      ck.push_back(static_cast<unsigned>(k));
      incoming[{to, ck}].push_back(Incoming{from, cur_ctx, gk, cur_state});
    }
    return;
  }
  if (entry)
    c.push_back(0);  // loop entry: first iteration
  else if (header)
    c.back()++;  // back edge: next iteration
  if (c.size() != dto) {
    throw Unsupported("unsupported: irreducible control flow in " + fn.getName().str());
  }
  incoming[{to, c}].push_back(Incoming{from, cur_ctx, g, cur_state});
}

void Frame::block(const llvm::BasicBlock* b, const Ctx& ctx) {
  auto it = incoming.find({b, ctx});
  if (it == incoming.end()) return;
  std::vector<Incoming> in = std::move(it->second);
  incoming.erase(it);
  t.instances++;
  std::vector<Expr> gs;
  std::vector<std::pair<Expr, const State*>> ss;
  for (auto& i : in) {
    gs.push_back(i.guard);
    ss.push_back({i.guard, &i.state});
  }
  cur_guard = smt::any_of(gs).simplify();
  if (cur_guard.is_false()) return;
  cur_guard = t.name(cur_guard, "guard");
  cur_state = merge_states(ss, world, t);
  cur_ctx = ctx;
  for (auto& inst : *b) {
    if (auto* phi = llvm::dyn_cast<llvm::PHINode>(&inst)) {
      if (t.lim.cut && in.size() == 1 && !in[0].pred) continue;  // the start cut point: given
      const llvm::Loop* hl = info.li.getLoopFor(b);
      if (t.lim.keyed && hl && hl->getHeader() == b && info.key(hl) == phi) {
        // Every incoming guard fixes the counter to this instance's key.
        set(inst, Value::of(Expr::bv(ctx.back(), phi->getType()->getIntegerBitWidth())));
        continue;
      }
      std::vector<std::pair<Expr, Value>> vs;
      for (auto& i : in) {
        const llvm::Value* v = phi->getIncomingValueForBlock(i.pred);
        vs.push_back({i.guard, get(v, i.pred_ctx, inst)});
      }
      set(inst, t.name(merge(vs), "phi"));
      continue;
    }
    exec(inst);
  }
}

Value Frame::get(const llvm::Value* v, const Ctx& ctx, const llvm::Instruction& at) {
  if (auto* i = llvm::dyn_cast<llvm::Instruction>(v)) {
    unsigned d = info.depth(i->getParent());
    Ctx c(ctx.begin(), ctx.begin() + std::min<size_t>(d, ctx.size()));
    auto it = values.find({i, c});
    if (it == values.end())
      throw Unsupported("internal: no value for " + describe(*i) + " used at " + where(at) +
                        " (not dominating, or defined in an infeasible instance)");
    return it->second;
  }
  if (auto* a = llvm::dyn_cast<llvm::Argument>(v)) return args.at(a->getArgNo());
  if (auto* c = llvm::dyn_cast<llvm::Constant>(v)) return constant(c, at);
  unsupported(at, "operand kind");
}

unsigned width_of(const llvm::Type* ty, const llvm::Instruction& at) {
  if (ty->isIntegerTy()) return ty->getIntegerBitWidth() == 1 ? 0 : ty->getIntegerBitWidth();
  unsupported(at, "type");
}

Value Frame::constant(const llvm::Constant* c, const llvm::Instruction& at) {
  if (auto* ci = llvm::dyn_cast<llvm::ConstantInt>(c)) {
    unsigned w = ci->getBitWidth();
    if (w == 1) return Value::of(Expr::boolean(ci->isOne()));
    if (w > 64) unsupported(at, "integer constant wider than 64 bits");
    return Value::of(Expr::bv(ci->getZExtValue(), w));
  }
  if (llvm::isa<llvm::ConstantPointerNull>(c)) return Value::pointer({Alt{Expr::boolean(true), 0, bv64(0), bv64(0)}});
  if (llvm::isa<llvm::UndefValue>(c)) {
    // undef/poison: any value. Only sound where no path uses it.
    if (c->getType()->isPointerTy())
      return Value::pointer({Alt{Expr::boolean(true), 0, bv64(0), Expr::fresh("undef", 64)}});
    return Value::of(Expr::fresh("undef", width_of(c->getType(), at)));
  }
  if (auto* g = llvm::dyn_cast<llvm::GlobalValue>(c)) {
    int id = world.global(g->getName().str());
    if (id < 0) unsupported(at, "reference to global @" + g->getName().str() + " the prover has no object for");
    return Value::pointer({Alt{Expr::boolean(true), id, bv64(0), bv64(0)}});
  }
  if (auto* ce = llvm::dyn_cast<llvm::ConstantExpr>(c)) {
    switch (ce->getOpcode()) {
      case llvm::Instruction::GetElementPtr: {
        auto* g = llvm::cast<llvm::GEPOperator>(ce);
        std::vector<Value> idxs;
        std::vector<const llvm::Value*> raw;
        for (auto it = g->idx_begin(); it != g->idx_end(); ++it) {
          idxs.push_back(constant(llvm::cast<llvm::Constant>(it->get()), at));
          raw.push_back(it->get());
        }
        return gep(at, constant(llvm::cast<llvm::Constant>(g->getPointerOperand()), at), g->getSourceElementType(),
                   idxs, raw);
      }
      case llvm::Instruction::BitCast:
      case llvm::Instruction::IntToPtr:
      case llvm::Instruction::PtrToInt:
        return cast(at, ce->getOpcode(), constant(llvm::cast<llvm::Constant>(ce->getOperand(0)), at), ce->getType());
      default:
        unsupported(at, std::string("constant expression ") + ce->getOpcodeName());
    }
  }
  unsupported(at, "constant kind");
}

Value Frame::gep(const llvm::Instruction& at, Value base, const llvm::Type* src, const std::vector<Value>& idxs,
                 const std::vector<const llvm::Value*>& raw) {
  const llvm::DataLayout& dl = fn.getParent()->getDataLayout();
  if (!base.is_ptr) unsupported(at, "gep on a non-pointer");
  // Each index: a byte stride, or a struct field offset.
  std::vector<std::pair<uint64_t, Expr>> steps;  // stride, index (BV64)
  const llvm::Type* cur = src;
  for (size_t k = 0; k < idxs.size(); k++) {
    Expr ix = idxs[k].v;
    if (!ix.valid() || ix.is_bool()) unsupported(at, "gep index");
    ix = ix.sext(64);
    if (k == 0) {
      steps.push_back({dl.getTypeAllocSize(const_cast<llvm::Type*>(cur)), ix});
      continue;
    }
    if (auto* st = llvm::dyn_cast<llvm::StructType>(cur)) {
      auto* ci = llvm::dyn_cast<llvm::ConstantInt>(raw[k]);
      if (!ci) unsupported(at, "symbolic struct field index");
      unsigned f = static_cast<unsigned>(ci->getZExtValue());
      steps.push_back({1, bv64(dl.getStructLayout(const_cast<llvm::StructType*>(st))->getElementOffset(f))});
      cur = st->getElementType(f);
    } else if (auto* arr = llvm::dyn_cast<llvm::ArrayType>(cur)) {
      cur = arr->getElementType();
      steps.push_back({dl.getTypeAllocSize(const_cast<llvm::Type*>(cur)), ix});
    } else {
      unsupported(at, "gep into a non-aggregate type");
    }
  }
  std::vector<Alt> out;
  for (auto a : base.ptr) {
    uint64_t es = world.object(a.obj).elem_size;
    for (auto& [stride, ix] : steps) {
      if (stride == es && es > 1)
        a.idx = a.idx + ix;
      else
        a.off = a.off + ix * bv64(stride);
    }
    a.idx = a.idx.simplify();
    a.off = a.off.simplify();
    out.push_back(a);
  }
  return Value::pointer(out);
}

Value Frame::cast(const llvm::Instruction& i, unsigned opcode, const Value& v, const llvm::Type* to) {
  switch (opcode) {
    case llvm::Instruction::BitCast:
      if (v.is_ptr && to->isPointerTy()) return v;
      unsupported(i, "bitcast of a non-pointer");
    case llvm::Instruction::PtrToInt: {
      Expr a = address(world, v);
      return Value::of(a.resize(width_of(to, i) ? width_of(to, i) : 1));
    }
    case llvm::Instruction::IntToPtr:
      // An integer used as a pointer (ERR_PTR): no object behind it.
      return Value::pointer({Alt{Expr::boolean(true), 0, bv64(0), v.v.resize(64)}});
    default:
      break;
  }
  unsigned w = width_of(to, i);
  Expr e = v.v;
  switch (opcode) {
    case llvm::Instruction::ZExt:
      return Value::of(e.is_bool() ? e.to_bv(w) : e.zext(w));
    case llvm::Instruction::SExt:
      return Value::of(e.is_bool() ? smt::ite(e, Expr::bv(~0ull, w), Expr::bv(0, w)) : e.sext(w));
    case llvm::Instruction::Trunc:
      return Value::of(w == 0 ? e.extract(0, 0) == Expr::bv(1, 1) : e.trunc(w));
    default:
      unsupported(i);
  }
}

Value Frame::binop(const llvm::Instruction& i, unsigned opc, const Expr& a, const Expr& b) {
  using I = llvm::Instruction;
  if (a.is_bool()) {
    switch (opc) {
      case I::And: return Value::of(a & b);
      case I::Or: return Value::of(a | b);
      case I::Xor: return Value::of(a ^ b);
      default: unsupported(i, "arithmetic on i1");
    }
  }
  switch (opc) {
    case I::Add: return Value::of(a + b);
    case I::Sub: return Value::of(a - b);
    case I::Mul: return Value::of(a * b);
    case I::UDiv: return Value::of(a.udiv(b));
    case I::SDiv: return Value::of(a.sdiv(b));
    case I::URem: return Value::of(a.urem(b));
    case I::SRem: return Value::of(a.srem(b));
    case I::Shl: return Value::of(a.shl(b));
    case I::LShr: return Value::of(a.lshr(b));
    case I::AShr: return Value::of(a.ashr(b));
    case I::And: return Value::of(a & b);
    case I::Or: return Value::of(a | b);
    case I::Xor: return Value::of(a ^ b);
    default: unsupported(i);
  }
}

Expr Frame::cmp(const llvm::Instruction& i, unsigned pred, const Value& va, const Value& vb) {
  if (va.is_ptr && vb.is_ptr) world.compare(va, vb, i);
  Expr a = va.is_ptr ? address(world, va) : va.v;
  Expr b = vb.is_ptr ? address(world, vb) : vb.v;
  using P = llvm::CmpInst;
  if (a.is_bool()) {
    if (pred == P::ICMP_EQ) return a == b;
    if (pred == P::ICMP_NE) return a != b;
    a = a.to_bv(1);
    b = b.to_bv(1);
  }
  if (auto r = icmp(pred, a, b)) return *r;
  unsupported(i, "comparison predicate");
}

Value Frame::call(const llvm::CallInst& c) {
  llvm::Function* callee = c.getCalledFunction();
  if (!callee) unsupported(c, "indirect call");
  std::string name = callee->getName().str();
  if (callee->isIntrinsic()) {
    switch (callee->getIntrinsicID()) {
      case llvm::Intrinsic::dbg_value:
      case llvm::Intrinsic::dbg_declare:
      case llvm::Intrinsic::dbg_label:
      case llvm::Intrinsic::lifetime_start:
      case llvm::Intrinsic::lifetime_end:
        return Value::of(Expr::boolean(true));
      case llvm::Intrinsic::expect:
        return op(c, 0);
      case llvm::Intrinsic::umin:
      case llvm::Intrinsic::umax:
      case llvm::Intrinsic::smin:
      case llvm::Intrinsic::smax: {
        Expr a = op(c, 0).v, b = op(c, 1).v;
        auto id = callee->getIntrinsicID();
        Expr lt = (id == llvm::Intrinsic::umin || id == llvm::Intrinsic::umax) ? a.ult(b) : a.slt(b);
        bool min = id == llvm::Intrinsic::umin || id == llvm::Intrinsic::smin;
        return Value::of(min ? smt::ite(lt, a, b) : smt::ite(lt, b, a));
      }
      default:
        unsupported(c, "intrinsic " + name);
    }
  }
  std::vector<Value> args;
  for (unsigned k = 0; k < c.arg_size(); k++) args.push_back(op(c, k));
  if (!callee->isDeclaration()) {
    if (depth + 1 > t.lim.max_inline) unsupported(c, "call depth above the inlining limit (recursion?)");
    Frame sub(t, world, *callee, t.info(*callee), args, depth + 1);
    sub.run(cur_guard, cur_state);
    if (sub.ret_states.empty()) {
      // The callee never returns on this path.
      cur_guard = Expr::boolean(false);
      return Value::of(Expr::boolean(false));
    }
    std::vector<std::pair<Expr, const State*>> ss;
    std::vector<Expr> gs;
    for (auto& [g, s] : sub.ret_states) {
      ss.push_back({g, &s});
      gs.push_back(g);
    }
    cur_state = merge_states(ss, world, t);
    cur_guard = t.name(smt::any_of(gs), "guard");
    if (c.getType()->isVoidTy()) return Value::of(Expr::boolean(true));
    return t.name(merge(sub.rets), "ret");
  }
  auto r = world.call(*this, name, args, c);
  if (!r) unsupported(c, "call to external function " + name + " without semantics");
  return *r;
}

void Frame::exec(const llvm::Instruction& i) {
  using I = llvm::Instruction;
  unsigned opc = i.getOpcode();
  switch (opc) {
    case I::Add: case I::Sub: case I::Mul: case I::UDiv: case I::SDiv: case I::URem: case I::SRem:
    case I::Shl: case I::LShr: case I::AShr: case I::And: case I::Or: case I::Xor:
      if (!i.getType()->isIntegerTy()) unsupported(i, "vector or floating-point operands");
      set(i, binop(i, opc, op(i, 0).v, op(i, 1).v));
      return;
    case I::ICmp:
      set(i, Value::of(cmp(i, llvm::cast<llvm::ICmpInst>(i).getPredicate(), op(i, 0), op(i, 1))));
      return;
    case I::Select: {
      Expr c = op(i, 0).v;
      if (!c.valid() || !c.is_bool()) unsupported(i, "vector select");
      set(i, merge({{c, op(i, 1)}, {!c, op(i, 2)}}));
      return;
    }
    case I::ZExt: case I::SExt: case I::Trunc: case I::BitCast: case I::PtrToInt: case I::IntToPtr:
      set(i, cast(i, opc, op(i, 0), i.getType()));
      return;
    case I::GetElementPtr: {
      auto& g = llvm::cast<llvm::GetElementPtrInst>(i);
      std::vector<Value> idxs;
      std::vector<const llvm::Value*> raw;
      for (auto it = g.idx_begin(); it != g.idx_end(); ++it) {
        idxs.push_back(get(it->get(), cur_ctx, i));
        raw.push_back(it->get());
      }
      set(i, gep(i, op(i, 0), g.getSourceElementType(), idxs, raw));
      return;
    }
    case I::Load: {
      auto& l = llvm::cast<llvm::LoadInst>(i);
      if (l.isVolatile() || l.isAtomic()) unsupported(i, "volatile or atomic load");
      Value p = op(i, 0);
      std::vector<std::pair<Expr, Value>> vs;
      Expr saved = cur_guard;
      for (auto& a : p.ptr) {
        cur_guard = (saved & a.guard).simplify();
        if (cur_guard.is_false()) continue;
        vs.push_back({a.guard, world.load(*this, a, l.getType(), i)});
      }
      cur_guard = saved;
      if (vs.empty()) unsupported(i, "load through a pointer with no possible target");
      set(i, vs.size() > 1 ? t.name(merge(vs), "load") : vs[0].second);
      return;
    }
    case I::Store: {
      auto& s = llvm::cast<llvm::StoreInst>(i);
      if (s.isVolatile() || s.isAtomic()) unsupported(i, "volatile or atomic store");
      Value v = op(i, 0), p = op(i, 1);
      Expr saved = cur_guard;
      for (auto& a : p.ptr) {
        cur_guard = (saved & a.guard).simplify();
        if (cur_guard.is_false()) continue;
        world.store(*this, a, v, s.getValueOperand()->getType(), i);
      }
      cur_guard = saved;
      return;
    }
    case I::Call:
      set(i, call(llvm::cast<llvm::CallInst>(i)));
      return;
    case I::Br: {
      auto& b = llvm::cast<llvm::BranchInst>(i);
      if (b.isUnconditional()) {
        edge(i.getParent(), b.getSuccessor(0), cur_guard);
      } else {
        Expr c = op(i, 0).v;
        edge(i.getParent(), b.getSuccessor(0), cur_guard & c);
        edge(i.getParent(), b.getSuccessor(1), cur_guard & !c);
      }
      return;
    }
    case I::Switch: {
      auto& s = llvm::cast<llvm::SwitchInst>(i);
      Expr c = op(i, 0).v;
      std::vector<Expr> taken;
      std::map<const llvm::BasicBlock*, std::vector<Expr>> conds;
      for (auto& cs : s.cases()) {
        Expr e = c == constant(cs.getCaseValue(), i).v;
        conds[cs.getCaseSuccessor()].push_back(e);
        taken.push_back(e);
      }
      conds[s.getDefaultDest()].push_back(!smt::any_of(taken));
      for (auto& [succ, cs] : conds) edge(i.getParent(), succ, cur_guard & smt::any_of(cs));
      return;
    }
    case I::Ret: {
      auto& r = llvm::cast<llvm::ReturnInst>(i);
      Value v = r.getReturnValue() ? op(i, 0) : Value::of(Expr::boolean(true));
      rets.push_back({cur_guard, v});
      ret_states.push_back({cur_guard, cur_state});
      return;
    }
    case I::Unreachable:
      // Reached only after a noreturn call; the World recorded that call.
      return;
    case I::Freeze:
      set(i, op(i, 0));
      return;
    default:
      unsupported(i);
  }
}

}  // namespace

std::optional<Expr> icmp(unsigned pred, const Expr& a, const Expr& b) {
  using P = llvm::CmpInst;
  switch (pred) {
    case P::ICMP_EQ: return a == b;
    case P::ICMP_NE: return a != b;
    case P::ICMP_ULT: return a.ult(b);
    case P::ICMP_ULE: return a.ule(b);
    case P::ICMP_UGT: return a.ugt(b);
    case P::ICMP_UGE: return a.uge(b);
    case P::ICMP_SLT: return a.slt(b);
    case P::ICMP_SLE: return a.sle(b);
    case P::ICMP_SGT: return a.sgt(b);
    case P::ICMP_SGE: return a.sge(b);
    default: return std::nullopt;
  }
}

std::vector<CutPoint> cut_points(llvm::Function& f) {
  FnInfo info(f);
  std::vector<CutPoint> out;
  for (const llvm::Loop* l : info.li.getLoopsInPreorder()) {
    const llvm::BasicBlock* h = l->getHeader();
    CutPoint c;
    c.header = h;
    const llvm::DebugLoc& start = l->getStartLoc();
    c.name = start ? "loop at " + start->getFilename().str() + ":" + std::to_string(start.getLine())
                   : "loop at " + where(*h->getFirstNonPHI());
    for (auto& phi : h->phis()) c.vars.push_back(&phi);
    // Blocks reachable from the header (back edges included): a value
    // defined before the loop and used in any of them is live into it.
    std::set<const llvm::BasicBlock*> reach;
    std::vector<const llvm::BasicBlock*> todo{h};
    while (!todo.empty()) {
      const llvm::BasicBlock* b = todo.back();
      todo.pop_back();
      if (!reach.insert(b).second) continue;
      for (const llvm::BasicBlock* s : llvm::successors(b)) todo.push_back(s);
    }
    for (auto& b : f) {
      if (l->contains(&b) || !info.dt.dominates(&b, h)) continue;
      for (auto& i : b) {
        if (i.getType()->isVoidTy()) continue;
        bool live = false;
        for (const llvm::User* u : i.users())
          if (auto* ui = llvm::dyn_cast<llvm::Instruction>(u)) live = live || reach.count(ui->getParent());
        if (live) c.vars.push_back(&i);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Whether i, a variable of cut point c, is a pure computation (no memory,
// no call, no join) over constants, arguments and c's values live into the
// loop.
bool recomputable(const llvm::Instruction& i, const CutPoint& c) {
  if (!llvm::isa<llvm::BinaryOperator, llvm::ICmpInst, llvm::SelectInst, llvm::GetElementPtrInst, llvm::CastInst>(i))
    return false;
  for (const llvm::Value* o : i.operands()) {
    if (llvm::isa<llvm::Constant, llvm::Argument>(o)) continue;
    auto* phi = llvm::dyn_cast<llvm::PHINode>(o);
    if ((phi && phi->getParent() == c.header) || std::find(c.vars.begin(), c.vars.end(), o) == c.vars.end())
      return false;
  }
  return true;
}

}  // namespace

Segment translate_segment(llvm::Function& f, const std::vector<CutPoint>& cuts, int from,
                          const std::vector<Value>& vals, const std::vector<Value>& args, const State& state,
                          World& w, const Limits& lim0) {
  Limits lim = lim0;
  lim.cut = true;
  lim.keyed = false;
  lim.prune = false;
  Translator t(w, lim, {});
  t.cuts = &cuts;
  for (size_t k = 0; k < cuts.size(); k++) t.cut_index[cuts[k].header] = static_cast<int>(k);
  Frame top(t, w, f, t.info(f), args, 0);
  const llvm::BasicBlock* start = &f.getEntryBlock();
  std::vector<Value> start_vals;
  if (from >= 0) {
    const CutPoint& c = cuts.at(static_cast<size_t>(from));
    if (vals.size() != c.vars.size()) throw std::logic_error("translate_segment: wrong number of values");
    start = c.header;
    for (size_t k = 0; k < vals.size(); k++) {
      auto* i = llvm::cast<llvm::Instruction>(c.vars[k]);
      top.values[{i, Ctx(top.info.depth(i->getParent()), 0)}] = vals[k];
    }
    // A value live into the loop that the code computes from others live
    // into it (a field's address, a cast, arithmetic, a comparison) is
    // computed again from them instead of taken as given. It is the same
    // value in every state that reaches the header (SSA: neither it nor
    // its operands change in the loop), so this only drops unreachable
    // states, and no loop invariant has to relate the two.
    for (const llvm::Value* v : c.vars) {
      auto* i = llvm::cast<llvm::Instruction>(v);
      if (!recomputable(*i, c)) continue;
      top.cur_ctx = Ctx(top.info.depth(i->getParent()), 0);
      top.exec(*i);
    }
    for (const llvm::Value* v : c.vars) {
      auto* i = llvm::cast<llvm::Instruction>(v);
      start_vals.push_back(top.values.at({i, Ctx(top.info.depth(i->getParent()), 0)}));
    }
  }
  top.incoming[{start, Ctx(top.info.depth(start), 0)}].push_back(Incoming{nullptr, {}, Expr::boolean(true), state});
  top.walk(start);
  Segment s;
  s.start = std::move(start_vals);
  s.ends = std::move(t.ends);
  for (size_t k = 0; k < top.rets.size(); k++)
    s.ends.push_back(SegmentEnd{-1, top.rets[k].first, {top.rets[k].second}, top.ret_states[k].second});
  s.defs = t.defs;
  s.instances = t.instances;
  return s;
}

Result translate(llvm::Function& f, const std::vector<Value>& args, World& w, const Limits& lim,
                 const std::vector<Expr>& assumptions) {
  Translator t(w, lim, assumptions);
  Frame top(t, w, f, t.info(f), args, 0);
  top.run(Expr::boolean(true), State{});
  Result r;
  std::vector<Expr> gs;
  std::vector<std::pair<Expr, const State*>> ss;
  for (auto& [g, s] : top.ret_states) {
    gs.push_back(g);
    ss.push_back({g, &s});
  }
  r.ret_guard = smt::any_of(gs);
  if (!top.rets.empty()) {
    r.ret = merge(top.rets);
    r.state = merge_states(ss, w, t);
  }
  r.unwind_violation = smt::any_of(t.unwind);
  r.key_violation = smt::any_of(t.key_violation);
  r.keyed_loops = static_cast<unsigned>(t.keyed_loops.size());
  r.defs = t.defs;
  r.instances = t.instances;
  r.pruned = t.pruned;
  return r;
}

}  // namespace l2s
