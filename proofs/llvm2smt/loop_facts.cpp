// SPDX-License-Identifier: MIT
#include "proofs/llvm2smt/loop_facts.hpp"

#include <llvm/ADT/Triple.h>
#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>

#include <algorithm>
#include <map>
#include <optional>

namespace l2s {
namespace {

using smt::Expr;
using Env = std::map<const llvm::Value*, Expr>;

unsigned int_bits(const llvm::Type* t) { return t->isIntegerTy() ? t->getIntegerBitWidth() : 0; }

// A value or a scalar-evolution expression as SMT over env (cut-point
// variables and entry arguments), or nothing when it names anything else.
class ToSmt {
 public:
  ToSmt(llvm::ScalarEvolution& se, const Env& env) : se_(se), env_(env) {}

  std::optional<Expr> value(const llvm::Value* v) {
    if (auto it = env_.find(v); it != env_.end()) return it->second;
    unsigned w = int_bits(v->getType());
    if (w < 2 || w > 64) return std::nullopt;
    if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(v)) return Expr::bv(c->getZExtValue(), w);
    return scev(se_.getSCEV(const_cast<llvm::Value*>(v)));
  }

  std::optional<Expr> scev(const llvm::SCEV* s) {
    unsigned w = int_bits(s->getType());
    if (w < 2 || w > 64) return std::nullopt;
    switch (s->getSCEVType()) {
      case llvm::scConstant:
        return Expr::bv(llvm::cast<llvm::SCEVConstant>(s)->getAPInt().getZExtValue(), w);
      case llvm::scUnknown: {
        const llvm::Value* v = llvm::cast<llvm::SCEVUnknown>(s)->getValue();
        if (auto it = env_.find(v); it != env_.end()) return it->second;
        return std::nullopt;
      }
      case llvm::scAddRecExpr:
        // A counter of a loop whose header phi is in env.
        for (auto& [v, e] : env_)
          if (llvm::isa<llvm::PHINode>(v) && int_bits(v->getType()) == w &&
              se_.getSCEV(const_cast<llvm::Value*>(v)) == s)
            return e;
        return std::nullopt;
      case llvm::scTruncate:
      case llvm::scZeroExtend:
      case llvm::scSignExtend: {
        auto op = scev(llvm::cast<llvm::SCEVCastExpr>(s)->getOperand());
        if (!op) return std::nullopt;
        if (s->getSCEVType() == llvm::scTruncate) return op->extract(w - 1, 0);
        return s->getSCEVType() == llvm::scZeroExtend ? op->zext(w) : op->sext(w);
      }
      case llvm::scUDivExpr: {
        auto* d = llvm::cast<llvm::SCEVUDivExpr>(s);
        auto a = scev(d->getLHS()), b = scev(d->getRHS());
        if (!a || !b) return std::nullopt;
        return a->udiv(*b);
      }
      case llvm::scAddExpr:
      case llvm::scMulExpr:
      case llvm::scUMaxExpr:
      case llvm::scSMaxExpr:
      case llvm::scUMinExpr:
      case llvm::scSMinExpr: {
        std::optional<Expr> acc;
        for (const llvm::SCEV* o : llvm::cast<llvm::SCEVNAryExpr>(s)->operands()) {
          auto e = scev(o);
          if (!e) return std::nullopt;
          acc = acc ? combine(s->getSCEVType(), *acc, *e) : *e;
        }
        return acc;
      }
      default:
        return std::nullopt;
    }
  }

 private:
  static Expr combine(llvm::SCEVTypes t, const Expr& a, const Expr& b) {
    switch (t) {
      case llvm::scAddExpr: return a + b;
      case llvm::scMulExpr: return a * b;
      case llvm::scUMaxExpr: return smt::ite(a.ult(b), b, a);
      case llvm::scSMaxExpr: return smt::ite(a.slt(b), b, a);
      case llvm::scUMinExpr: return smt::ite(a.ult(b), a, b);
      default: return smt::ite(a.slt(b), a, b);  // scSMinExpr
    }
  }
  llvm::ScalarEvolution& se_;
  const Env& env_;
};

// The comparison a branch tests, as it holds on its edge to successor k,
// over conv; nothing when it is no integer comparison conv can state.
std::optional<Expr> edge_condition(ToSmt& conv, const llvm::BranchInst& br, unsigned k) {
  auto* cmp = br.isConditional() ? llvm::dyn_cast<llvm::ICmpInst>(br.getCondition()) : nullptr;
  if (!cmp) return std::nullopt;
  auto a = conv.value(cmp->getOperand(0)), b = conv.value(cmp->getOperand(1));
  if (!a || !b || a->width() != b->width()) return std::nullopt;
  return icmp(k == 0 ? cmp->getPredicate() : cmp->getInversePredicate(), *a, *b);
}

// The source name a llvm.dbg.value gives its value: the variable's, or
// for a fragment of a struct variable (a field the optimiser split into a
// scalar) "variable.field"; nothing for anything else (a computed
// location, a fragment that is no whole field).
std::optional<std::string> source_name(const llvm::DbgValueInst& d) {
  const llvm::DIExpression* ex = d.getExpression();
  std::string var = d.getVariable()->getName().str();
  if (ex->getNumElements() == 0) return var;
  auto frag = ex->getFragmentInfo();
  if (!frag || ex->getNumElements() != 3) return std::nullopt;
  const llvm::DIType* t = d.getVariable()->getType();
  while (auto* dt = llvm::dyn_cast_or_null<llvm::DIDerivedType>(t)) {
    if (dt->getTag() != llvm::dwarf::DW_TAG_typedef && dt->getTag() != llvm::dwarf::DW_TAG_const_type &&
        dt->getTag() != llvm::dwarf::DW_TAG_volatile_type)
      break;
    t = dt->getBaseType();
  }
  auto* ct = llvm::dyn_cast_or_null<llvm::DICompositeType>(t);
  if (!ct) return std::nullopt;
  for (const llvm::DINode* el : ct->getElements())
    if (auto* m = llvm::dyn_cast<llvm::DIDerivedType>(el);
        m && m->getTag() == llvm::dwarf::DW_TAG_member && m->getOffsetInBits() == frag->OffsetInBits &&
        m->getSizeInBits() == frag->SizeInBits)
      return var + "." + m->getName().str();
  return std::nullopt;
}

void add_candidate(LoopFacts& lf, const Expr& f, const std::string& why) {
  if (f.simplify().is_true()) return;
  for (auto& c : lf.candidates)
    if (c.fact.same(f)) return;
  lf.candidates.push_back({f, why, smt::Expr()});
}

// Candidates of loop l from its own code (the first three kinds).
void own_candidates(llvm::ScalarEvolution& se, const llvm::DominatorTree& dt, const llvm::Loop& l, const CutPoint& cut,
                    const Env& env, LoopFacts& out) {
  ToSmt conv(se, env);
  auto add = [&](const Expr& f, const std::string& why) { add_candidate(out, f, why); };
  const llvm::SCEV* btc = se.getBackedgeTakenCount(&l);
  if (llvm::isa<llvm::SCEVCouldNotCompute>(btc)) btc = se.getSymbolicMaxBackedgeTakenCount(&l);
  std::optional<Expr> taken;
  if (!llvm::isa<llvm::SCEVCouldNotCompute>(btc)) taken = conv.scev(btc);
  for (size_t k = 0; k < cut.vars.size(); k++) {
    if (!out.slots[k].valid()) continue;
    const Expr& x = out.slots[k];
    const llvm::SCEV* s = se.getSCEV(const_cast<llvm::Value*>(cut.vars[k]));
    if (auto* ar = llvm::dyn_cast<llvm::SCEVAddRecExpr>(s); ar && ar->getLoop() == &l && ar->isAffine()) {
      auto* step = llvm::dyn_cast<llvm::SCEVConstant>(ar->getStepRecurrence(se));
      auto start = conv.scev(ar->getStart());
      if (step && step->getAPInt().isOne() && start && taken && taken->width() == x.width())
        add((x - *start).ule(*taken), "a counter within its backedge-taken count (scalar evolution)");
      continue;
    }
    if (llvm::isa<llvm::PHINode>(cut.vars[k]) && l.getHeader() == llvm::cast<llvm::PHINode>(cut.vars[k])->getParent())
      continue;
    // Live into the loop: its value over the others, and its bounds as a
    // minimum or maximum.
    if (!llvm::isa<llvm::SCEVUnknown>(s))
      if (auto e = conv.scev(s); e && e->width() == x.width())
        add(x == *e, "a value live into the loop, as scalar evolution computes it");
    auto* mm = llvm::dyn_cast<llvm::SCEVMinMaxExpr>(s);
    if (!mm) continue;
    for (const llvm::SCEV* o : mm->operands()) {
      auto e = conv.scev(o);
      if (!e || e->width() != x.width()) continue;
      switch (mm->getSCEVType()) {
        case llvm::scUMinExpr: add(x.ule(*e), "a minimum is at most each operand (scalar evolution)"); break;
        case llvm::scUMaxExpr: add(e->ule(x), "a maximum is at least each operand (scalar evolution)"); break;
        case llvm::scSMinExpr: add(x.sle(*e), "a minimum is at most each operand (scalar evolution)"); break;
        default: add(e->sle(x), "a maximum is at least each operand (scalar evolution)"); break;
      }
    }
  }
  // The conditions on the way into the loop: a branch above the header
  // whose one edge every path to the header takes.
  for (auto* node = dt.getNode(l.getHeader())->getIDom(); node; node = node->getIDom()) {
    const llvm::BasicBlock* d = node->getBlock();
    auto* br = llvm::dyn_cast<llvm::BranchInst>(d->getTerminator());
    if (!br || !br->isConditional()) continue;
    for (unsigned k = 0; k < 2; k++)
      if (dt.dominates(llvm::BasicBlockEdge(d, br->getSuccessor(k)), l.getHeader()))
        if (auto f = edge_condition(conv, *br, k)) add(*f, "a condition on every path into the loop");
  }
  // The guard of each back edge, on the header's phis.
  llvm::SmallVector<llvm::BasicBlock*, 4> latches;
  l.getLoopLatches(latches);
  for (llvm::BasicBlock* latch : latches) {
    auto* br = llvm::dyn_cast<llvm::BranchInst>(latch->getTerminator());
    if (!br || !br->isConditional()) continue;
    Env back = env;
    for (auto& phi : l.getHeader()->phis()) {
      auto it = env.find(&phi);
      if (it != env.end()) back.emplace(phi.getIncomingValueForBlock(latch), it->second);
    }
    ToSmt on_back(se, back);
    unsigned k = br->getSuccessor(0) == l.getHeader() ? 0 : 1;
    if (auto f = edge_condition(on_back, *br, k)) add(*f, "the guard of the loop's back edge");
  }
}

}  // namespace

std::vector<LoopFacts> loop_facts(llvm::Function& f, const std::vector<CutPoint>& cuts, const std::vector<Value>& args) {
  llvm::DominatorTree dt(f);
  llvm::LoopInfo li(dt);
  llvm::TargetLibraryInfoImpl tlii(llvm::Triple(f.getParent()->getTargetTriple()));
  llvm::TargetLibraryInfo tli(tlii);
  llvm::AssumptionCache ac(f);
  llvm::ScalarEvolution se(f, tli, ac, dt, li);

  Env entry;
  for (auto& a : f.args()) {
    unsigned w = int_bits(a.getType());
    if (a.getArgNo() < args.size() && !args[a.getArgNo()].is_ptr && args[a.getArgNo()].v.valid() && w >= 2 &&
        args[a.getArgNo()].v.width() == w)
      entry.emplace(&a, args[a.getArgNo()].v);
  }
  // Source names of values (llvm.dbg.value), for readable facts.
  std::map<const llvm::Value*, std::string> names;
  for (auto& b : f)
    for (auto& i : b)
      if (auto* d = llvm::dyn_cast<llvm::DbgValueInst>(&i); d && d->getValue())
        if (auto nm = source_name(*d)) names.emplace(d->getValue(), *nm);
  std::vector<LoopFacts> out(cuts.size());
  for (size_t c = 0; c < cuts.size(); c++) {
    const CutPoint& cut = cuts[c];
    LoopFacts& lf = out[c];
    Env env = entry;
    for (const llvm::Value* v : cut.vars) {
      unsigned w = int_bits(v->getType());
      auto nm = names.find(v);
      lf.names.push_back(nm == names.end() ? std::string() : nm->second);
      lf.slots.push_back(w >= 2 && w <= 64 ? Expr::fresh(nm == names.end() ? "loopvar" : nm->second, w) : Expr());
      if (lf.slots.back().valid()) env.emplace(v, lf.slots.back());
    }
    const llvm::Loop* l = li.getLoopFor(cut.header);
    if (!l || l->getHeader() != cut.header) continue;
    own_candidates(se, dt, *l, cut, env, lf);
    // An enclosing loop's candidates over values live into this one (cut
    // points come in preorder: the enclosing loop's are done).
    const llvm::Loop* parent = l->getParentLoop();
    for (size_t p = 0; parent && p < c; p++) {
      if (cuts[p].header != parent->getHeader()) continue;
      std::vector<Expr> from, to;
      for (size_t k = 0; k < cuts[p].vars.size(); k++) {
        if (!out[p].slots[k].valid()) continue;
        auto it = std::find(cut.vars.begin(), cut.vars.end(), cuts[p].vars[k]);
        if (it == cut.vars.end()) continue;
        from.push_back(out[p].slots[k]);
        to.push_back(lf.slots[static_cast<size_t>(it - cut.vars.begin())]);
      }
      for (const LoopCandidate& pc : out[p].candidates) {
        bool mapped = true;
        for (const Expr& v : smt::free_constants(pc.fact)) {
          bool in_parent = false, kept = false;
          for (const Expr& s : out[p].slots) in_parent = in_parent || (s.valid() && s.same(v));
          for (const Expr& s : from) kept = kept || s.same(v);
          if (in_parent && !kept) mapped = false;
        }
        if (mapped) add_candidate(lf, pc.fact.substitute(from, to), pc.why + ", from the enclosing loop");
      }
    }
  }
  return out;
}

}  // namespace l2s
