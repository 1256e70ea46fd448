// SPDX-License-Identifier: MIT
#include "model/buddy_runner.hpp"

namespace svm {

BuddyRunner::BuddyRunner(const svm_buddy_ops& ops) : ops_(ops), mm_(ops.create()) {}

BuddyRunner::~BuddyRunner() {
  // After a BUG the allocator's state is not trusted: leave it alone.
  if (!dead_ && model_.initialised()) {
    for (uint32_t l = 0; l < SVM_BUDDY_LISTS; l++) ops_.free_list(mm_, l, 0);
    ops_.fini(mm_);
  }
  if (!dead_) ops_.destroy(mm_);
}

void BuddyRunner::add(Prop p, std::string detail) {
  (info(p).advisory ? advisory_ : findings_).push_back({p, std::move(detail)});
}

BuddySnapshot BuddyRunner::snapshot() const { return take_buddy_snapshot(ops_, mm_); }

std::vector<ModelBlock> BuddyRunner::list(uint32_t l) const {
  std::vector<ModelBlock> out;
  uint32_t n = ops_.list_count(mm_, l);
  for (uint32_t i = 0; i < n; i++) {
    svm_buddy_blk_info b{};
    if (ops_.list_get(mm_, l, i, &b)) break;
    out.push_back({b.id, b.offset, b.size, b.clear != 0});
  }
  return out;
}

void BuddyRunner::read_reports(const std::string& what) {
  uint32_t n = ops_.reports_count();
  for (uint32_t i = 0; i < n; i++) {
    svm_buddy_report r{};
    if (ops_.report_get(i, &r)) break;
    std::string where = std::string(r.file ? r.file : "?") + ":" + std::to_string(r.line) + ": " + (r.what ? r.what : "");
    if (r.kind == 1) add(Prop::KernelWarn, what + ": WARN " + where);
    else if (r.kind == 2) add(Prop::KernelAssert, what + ": assert " + where);
    else if (r.kind == 3) add(Prop::KernelBug, what + ": BUG " + where);
    else if (r.kind == 6) add(Prop::MemSafety, what + ": " + where);
  }
  ops_.reports_clear();
}

int BuddyRunner::call(const BuddyOp& op) {
  switch (op.kind) {
    case BuddyOpKind::Init: return ops_.init(mm_, op.size, op.min_block);
    case BuddyOpKind::Alloc: return ops_.alloc_blocks(mm_, op.start, op.end, op.size, op.min_block, op.list, op.flags);
    case BuddyOpKind::FreeBlock: {
      uint32_t n = ops_.list_count(mm_, op.list);
      return ops_.free_block(mm_, op.list, op.index % n);
    }
    case BuddyOpKind::FreeList: return ops_.free_list(mm_, op.list, op.flags);
    case BuddyOpKind::Trim: return ops_.block_trim(mm_, op.list, op.has_start ? &op.start : nullptr, op.size);
    case BuddyOpKind::ResetClear: return ops_.reset_clear(mm_, op.is_clear);
    case BuddyOpKind::Fini: return ops_.fini(mm_);
    case BuddyOpKind::Count_: break;
  }
  return 0;
}

int BuddyRunner::apply(const BuddyOp& op) {
  skipped_ = true;
  if (dead_) return 0;
  const bool init = op.kind == BuddyOpKind::Init;
  if (init == model_.initialised() || (op.kind == BuddyOpKind::FreeBlock && model_.list(op.list).empty())) {
    log_.push_back("skipped: " + to_string(op));
    return 0;
  }
  if (op.kind == BuddyOpKind::Fini) {
    finish();
    skipped_ = false;
    return 0;
  }
  skipped_ = false;
  const std::string what = to_string(op);
  log_.push_back(what);
  ops_.reports_clear();

  BuddyObserved obs;
  if (init) live_before_init_ = ops_.slab_live();
  else obs.before = snapshot();

  const uint64_t calls_before = ops_.slab_calls();
  if (op.fail_at) ops_.slab_fail_at(op.fail_at);
  obs.ret = call(op);
  ops_.slab_fail_at(0);
  obs.injected = op.fail_at && ops_.slab_calls() - calls_before >= op.fail_at;
  log_.back() += " -> " + std::to_string(obs.ret) + (obs.injected ? " (injected)" : "");

  read_reports(what);
  if (obs.ret == SVM_BUDDY_BUGGED) {
    dead_ = true;
    return obs.ret;
  }
  if (init && obs.ret) {
    uint64_t live = ops_.slab_live();
    if (live != live_before_init_)
      add(Prop::Leak, what + " failed with " + std::to_string(obs.ret) + " but left " + std::to_string(live - live_before_init_) +
                          " slab objects live");
  }
  const bool up = model_.initialised() || (init && obs.ret == 0);
  if (up) {
    obs.after = snapshot();
    for (uint32_t l = 0; l < SVM_BUDDY_LISTS; l++) obs.lists_after.push_back(list(l));
  }
  std::vector<Finding> out, adv;
  model_.step(op, obs, out, adv);
  for (auto& f : out) add(f.prop, std::move(f.detail));
  for (auto& f : adv) add(f.prop, std::move(f.detail));
  if (up) {
    for (auto& f : check_buddy_invariants(obs.after)) add(f.prop, what + ": " + f.detail);
    if (!obs.after.walk_error.empty()) dead_ = true;
  }
  return obs.ret;
}

void BuddyRunner::finish() {
  if (dead_ || !model_.initialised()) return;
  for (uint32_t l = 0; l < SVM_BUDDY_LISTS && !dead_; l++) {
    BuddyOp op;
    op.kind = BuddyOpKind::FreeList;
    op.list = l;
    if (!model_.list(l).empty()) apply(op);
  }
  if (dead_) return;
  log_.push_back("fini()");
  ops_.reports_clear();
  int ret = ops_.fini(mm_);
  read_reports("fini()");
  if (ret == SVM_BUDDY_BUGGED) {
    dead_ = true;
    return;
  }
  uint64_t live = ops_.slab_live();
  if (live != live_before_init_)
    add(Prop::Leak, "after fini() " + std::to_string(live - live_before_init_) + " slab objects of the allocator are still live");
  model_.reset();
}

BuddyRunResult run_buddy_ops(const svm_buddy_ops& ops, std::span<const BuddyOp> seq) {
  BuddyRunResult res;
  {
    BuddyRunner r(ops);
    for (const auto& op : seq) {
      if (r.dead()) break;
      r.apply(op);
    }
    r.finish();
    res.findings = r.findings();
    res.advisory = r.advisory();
    res.log = r.log();
  }
  return res;
}

}  // namespace svm
