// SPDX-License-Identifier: MIT
#include "model/buddy_model.hpp"

#include <algorithm>
#include <bit>
#include <sstream>

namespace svm {

namespace {

constexpr int kEINVAL = -22;
constexpr int kENOSPC = -28;
constexpr int kENOMEM = -12;
// trim_errno(): either 0 or -EINVAL is acceptable (see there).
constexpr int kEitherNoopOrInval = 1;

std::string hex(uint64_t v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

std::string errname(int e) {
  switch (e) {
    case 0: return "0";
    case kEINVAL: return "-EINVAL";
    case kENOSPC: return "-ENOSPC";
    case kENOMEM: return "-ENOMEM";
    case SVM_BUDDY_BUGGED: return "BUG";
    default: return std::to_string(e);
  }
}

bool is_free(ByteState s) { return s != ByteState::Allocated; }

std::optional<uint64_t> round_up(uint64_t v, uint64_t a) {
  uint64_t r = v % a;
  if (!r) return v;
  if (v > UINT64_MAX - (a - r)) return std::nullopt;
  return v + (a - r);
}

// The size the spec's rounding gives a non-exact request (nullopt: none).
std::optional<uint64_t> rounded_size(const BuddyOp& op) {
  if (op.flags & SVM_BUDDY_CONTIGUOUS) {
    if (op.size > (uint64_t{1} << 63)) return std::nullopt;
    return std::bit_ceil(op.size);
  }
  return round_up(op.size, op.min_block);
}

// Walks two spaces over the same [0, size) segment by segment.
template <class Fn>
void for_each_segment(const BuddySpace& a, const BuddySpace& b, Fn fn) {
  auto ia = a.runs().begin(), ib = b.runs().begin();
  uint64_t pos = 0;
  while (ia != a.runs().end() && ib != b.runs().end()) {
    uint64_t end = std::min(ia->second.first, ib->second.first);
    if (!fn(pos, end - pos, ia->second.second, ib->second.second)) return;
    pos = end;
    if (ia->second.first == end) ++ia;
    if (ib->second.first == end) ++ib;
  }
}

const char* state_name(ByteState s) {
  switch (s) {
    case ByteState::Allocated: return "allocated";
    case ByteState::FreeDirty: return "free dirty";
    case ByteState::FreeClear: return "free clear";
  }
  return "?";
}

}  // namespace

std::string to_string(const BuddyOp& op) {
  std::ostringstream o;
  switch (op.kind) {
    case BuddyOpKind::Init: o << "init(size " << hex(op.size) << ", chunk " << hex(op.min_block) << ")"; break;
    case BuddyOpKind::Alloc:
      o << "alloc(start " << hex(op.start) << ", end " << hex(op.end) << ", size " << hex(op.size) << ", min " << hex(op.min_block)
        << ", list " << op.list << ", flags 0x" << std::hex << op.flags << std::dec << ")";
      break;
    case BuddyOpKind::FreeBlock: o << "free_block(list " << op.list << ", index " << op.index << ")"; break;
    case BuddyOpKind::FreeList: o << "free_list(list " << op.list << ", flags 0x" << std::hex << op.flags << std::dec << ")"; break;
    case BuddyOpKind::Trim:
      o << "block_trim(list " << op.list << ", start " << (op.has_start ? hex(op.start) : std::string("NULL")) << ", new_size "
        << hex(op.size) << ")";
      break;
    case BuddyOpKind::ResetClear: o << "reset_clear(" << (op.is_clear ? "true" : "false") << ")"; break;
    case BuddyOpKind::Fini: o << "fini()"; break;
    case BuddyOpKind::Count_: o << "?"; break;
  }
  if (op.fail_at) o << " [slab allocation " << op.fail_at << " fails]";
  return o.str();
}

// ---- BuddySpace ----

BuddySpace::BuddySpace(uint64_t size) : size_(size) {
  if (size) runs_[0] = {size, ByteState::FreeDirty};
}

BuddySpace BuddySpace::from_snapshot(const BuddySnapshot& s) {
  BuddySpace sp(s.mm.size);
  for (const auto& b : s.leaves()) {
    if (b.offset >= s.mm.size || b.size > s.mm.size - b.offset || !b.size) continue;
    ByteState st = b.state == SVM_BUDDY_STATE_FREE ? (b.clear ? ByteState::FreeClear : ByteState::FreeDirty) : ByteState::Allocated;
    sp.set(b.offset, b.size, st);
  }
  return sp;
}

void BuddySpace::split_at(uint64_t off) {
  if (off == 0 || off >= size_) return;
  auto it = runs_.upper_bound(off);
  --it;
  if (it->first == off) return;
  auto [end, st] = it->second;
  it->second.first = off;
  runs_[off] = {end, st};
}

void BuddySpace::coalesce() {
  for (auto it = runs_.begin(); it != runs_.end();) {
    auto next = std::next(it);
    if (next != runs_.end() && next->second.second == it->second.second) {
      it->second.first = next->second.first;
      runs_.erase(next);
    } else {
      it = next;
    }
  }
}

void BuddySpace::set(uint64_t off, uint64_t len, ByteState st) {
  if (!len || off >= size_) return;
  uint64_t end = len > size_ - off ? size_ : off + len;
  split_at(off);
  split_at(end);
  runs_.erase(runs_.lower_bound(off), runs_.lower_bound(end));
  runs_[off] = {end, st};
  coalesce();
}

bool BuddySpace::all(uint64_t off, uint64_t len, ByteState st) const {
  if (off >= size_ || len > size_ - off) return false;
  uint64_t end = off + len;
  auto it = runs_.upper_bound(off);
  --it;
  for (; it != runs_.end() && it->first < end; ++it)
    if (it->second.second != st) return false;
  return true;
}

bool BuddySpace::all_free(uint64_t off, uint64_t len) const {
  if (off >= size_ || len > size_ - off) return false;
  uint64_t end = off + len;
  auto it = runs_.upper_bound(off);
  --it;
  for (; it != runs_.end() && it->first < end; ++it)
    if (!is_free(it->second.second)) return false;
  return true;
}

uint64_t BuddySpace::count(ByteState st) const {
  uint64_t n = 0;
  for (const auto& [start, r] : runs_)
    if (r.second == st) n += r.first - start;
  return n;
}

uint64_t BuddySpace::free_slots(uint64_t lo, uint64_t hi, uint64_t align) const {
  uint64_t n = 0;
  hi = std::min(hi, size_);
  // Free runs regardless of clear state: adjacent free runs join.
  uint64_t run_start = 0;
  bool in_run = false;
  auto flush = [&](uint64_t run_end) {
    uint64_t a = std::max(run_start, lo), b = std::min(run_end, hi);
    if (a >= b) return;
    auto s = round_up(a, align);
    if (!s || *s >= b) return;
    n += (b - *s) / align;
  };
  for (const auto& [start, r] : runs_) {
    if (is_free(r.second)) {
      if (!in_run) run_start = start;
      in_run = true;
    } else if (in_run) {
      flush(start);
      in_run = false;
    }
  }
  if (in_run) flush(size_);
  return n;
}

std::optional<uint64_t> BuddySpace::first_difference(const BuddySpace& o) const {
  if (size_ != o.size_) return 0;
  std::optional<uint64_t> at;
  for_each_segment(*this, o, [&](uint64_t off, uint64_t, ByteState a, ByteState b) {
    if (a == b) return true;
    at = off;
    return false;
  });
  return at;
}

// ---- BuddyModel ----

void BuddyModel::reset() {
  init_ = false;
  size_ = chunk_ = 0;
  space_ = BuddySpace();
  for (auto& l : lists_) l.clear();
}

int BuddyModel::init_errno(uint64_t size, uint64_t chunk) {
  if (size < chunk) return kEINVAL;
  if (chunk < 4096) return kEINVAL;
  if (!std::has_single_bit(chunk)) return kEINVAL;
  return 0;
}

int BuddyModel::alloc_errno(const BuddyOp& op) const {
  const uint64_t c = chunk_;
  if (op.size < c) return kEINVAL;
  if (op.min_block < c) return kEINVAL;
  if (!std::has_single_bit(op.min_block)) return kEINVAL;
  if ((op.start | op.end | op.size) % c) return kEINVAL;
  if (op.end > size_) return kEINVAL;
  if (op.start >= size_ || op.size > size_ - op.start) return kEINVAL;
  if (op.start + op.size == op.end) return (op.start | op.end) % op.min_block ? kEINVAL : 0;
  auto r = rounded_size(op);
  if (!r || *r > size_) {
    bool try_harder = (op.flags & SVM_BUDDY_CONTIGUOUS) && !(op.flags & SVM_BUDDY_RANGE);
    return try_harder ? 0 : kEINVAL;
  }
  return 0;
}

int BuddyModel::trim_errno(const BuddyOp& op) const {
  const auto& l = list(op.list);
  if (l.size() != 1) return kEINVAL;
  const auto& b = l[0];
  if (op.size > b.size) return kEINVAL;
  if (!op.size || op.size % chunk_) return kEINVAL;
  bool start_ok = true;
  if (op.has_start) {
    uint64_t end = b.offset + b.size;
    start_ok = op.start >= b.offset && op.start % chunk_ == 0 && op.start < end && op.size <= end - op.start;
  }
  // The spec lists the start checks among the -EINVAL cases and calls
  // new_size == block size a no-op without ordering the two: both answers
  // are accepted when they meet.
  if (op.size == b.size) return start_ok ? 0 : kEitherNoopOrInval;
  return start_ok ? 0 : kEINVAL;
}

bool BuddyModel::alloc_feasible(const BuddyOp& op) const {
  if (op.start + op.size == op.end) return space_.all_free(op.start, op.size);
  auto r = rounded_size(op);
  if (!r || *r > size_) return false;  // only "try harder" could: not claimed
  uint64_t lo = 0, hi = size_;
  if (op.flags & SVM_BUDDY_RANGE) {
    lo = op.start;
    hi = op.end;
    if (hi <= lo) return false;
  }
  if (op.flags & SVM_BUDDY_CONTIGUOUS) return space_.free_slots(lo, hi, *r) >= 1;
  return space_.free_slots(lo, hi, op.min_block) >= *r / op.min_block;
}

void BuddyModel::compare_space(const BuddyObserved& obs, Prop on_free_mismatch, Prop on_clear_mismatch, bool may_dirty,
                               const std::string& what, std::vector<Finding>& out) {
  if (!obs.after.walk_error.empty()) return;
  BuddySpace real = BuddySpace::from_snapshot(obs.after);
  bool free_bad = false, clear_bad = false;
  for_each_segment(space_, real, [&](uint64_t off, uint64_t len, ByteState want, ByteState got) {
    if (want == got) return true;
    std::string at = "[" + hex(off) + ", +" + hex(len) + ")";
    if (is_free(want) != is_free(got)) {
      if (!free_bad)
        out.push_back({on_free_mismatch, what + ": bytes " + at + " are " + state_name(got) + ", expected " + state_name(want)});
      free_bad = true;
    } else if (!(may_dirty && want == ByteState::FreeClear && got == ByteState::FreeDirty)) {
      if (!clear_bad)
        out.push_back({on_clear_mismatch, what + ": free bytes " + at + " are " + state_name(got) + ", expected " + state_name(want)});
      clear_bad = true;
    }
    return !(free_bad && clear_bad);
  });
  space_ = std::move(real);
}

void BuddyModel::check_lists_unchanged(const BuddyObserved& obs, Prop p, const std::string& what, std::vector<Finding>& out) {
  for (uint32_t l = 0; l < SVM_BUDDY_LISTS && l < obs.lists_after.size(); l++)
    if (obs.lists_after[l] != lists_[l]) {
      out.push_back({p, what + ": caller list " + std::to_string(l) + " changed (" + std::to_string(lists_[l].size()) + " -> " +
                            std::to_string(obs.lists_after[l].size()) + " blocks)"});
      return;
    }
}

void BuddyModel::step(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out, std::vector<Finding>& adv) {
  switch (op.kind) {
    case BuddyOpKind::Init: step_init(op, obs, out); break;
    case BuddyOpKind::Alloc: step_alloc(op, obs, out, adv); break;
    case BuddyOpKind::FreeBlock: step_free_block(op, obs, out); break;
    case BuddyOpKind::FreeList: step_free_list(op, obs, out); break;
    case BuddyOpKind::Trim: step_trim(op, obs, out); break;
    case BuddyOpKind::ResetClear: step_reset_clear(op, obs, out); break;
    case BuddyOpKind::Fini:
    case BuddyOpKind::Count_: reset(); return;
  }
  for (uint32_t l = 0; l < SVM_BUDDY_LISTS && l < obs.lists_after.size(); l++) lists_[l] = obs.lists_after[l];
}

void BuddyModel::step_init(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out) {
  std::string what = to_string(op);
  int want = init_errno(op.size, op.min_block);
  if (want) {
    if (obs.ret != want) out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + ", expected " + errname(want)});
    return;
  }
  if (obs.ret == kENOMEM && obs.injected) return;
  if (obs.ret) {
    out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + ", expected 0"});
    return;
  }
  init_ = true;
  chunk_ = op.min_block;
  size_ = op.size - op.size % chunk_;
  space_ = BuddySpace(size_);
  if (obs.after.mm.size != size_ || obs.after.mm.chunk_size != chunk_)
    out.push_back({Prop::BuddyShape, what + ": mm size " + hex(obs.after.mm.size) + " chunk " + hex(obs.after.mm.chunk_size) +
                                         ", expected " + hex(size_) + " / " + hex(chunk_)});
  if (obs.after.mm.avail != size_ || obs.after.mm.clear_avail != 0)
    out.push_back({Prop::BuddyAccount, what + ": avail " + hex(obs.after.mm.avail) + " clear_avail " + hex(obs.after.mm.clear_avail) +
                                           " after init, expected " + hex(size_) + " / 0"});
  compare_space(obs, Prop::BuddyPartition, Prop::BuddyClear, false, what, out);
}

void BuddyModel::step_alloc(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out, std::vector<Finding>& adv) {
  std::string what = to_string(op);
  const bool exact = op.start + op.size == op.end;
  const bool contig = op.flags & SVM_BUDDY_CONTIGUOUS;
  const bool range = op.flags & SVM_BUDDY_RANGE;
  const bool trim_disable = op.flags & SVM_BUDDY_TRIM_DISABLE;
  const int want = alloc_errno(op);
  const auto rounded = rounded_size(op);
  const bool too_big = !rounded || *rounded > size_;

  // A force-merge (clear bytes turning dirty) is allowed only when the free
  // blocks big enough for the request could not hold it.
  bool may_dirty = false;
  if (!want && !exact && !too_big && obs.before.mm.clear_avail && obs.before.walk_error.empty()) {
    uint64_t min_block = contig ? *rounded : op.min_block;
    uint64_t lo = range ? op.start : 0, hi = range ? op.end : size_, big = 0;
    for (const auto& b : obs.before.leaves())
      if (b.state == SVM_BUDDY_STATE_FREE && b.size >= min_block && b.offset >= lo && b.offset + b.size <= hi) big += b.size;
    may_dirty = big < *rounded;
  }

  if (want) {
    if (obs.ret != want) out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + ", expected " + errname(want)});
    check_lists_unchanged(obs, obs.ret ? Prop::BuddyAtomic : Prop::BuddyErrno, what, out);
    compare_space(obs, obs.ret ? Prop::BuddyAtomic : Prop::BuddyErrno, Prop::BuddyAtomic, false, what, out);
    return;
  }
  if (obs.ret && obs.ret != kENOSPC && !(obs.ret == kENOMEM && obs.injected)) {
    out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + " on valid arguments"});
  }
  if (obs.ret) {
    if (obs.ret == kENOSPC && !obs.injected && alloc_feasible(op))
      adv.push_back({Prop::BuddyFit, what + " returned -ENOSPC but the free space can satisfy it"});
    check_lists_unchanged(obs, Prop::BuddyAtomic, what, out);
    compare_space(obs, Prop::BuddyAtomic, Prop::BuddyAtomic, may_dirty, what, out);
    return;
  }

  // Success: the caller's list keeps its blocks and gains the new ones.
  const auto& before = list(op.list);
  const auto& after = obs.lists_after[op.list % SVM_BUDDY_LISTS];
  if (after.size() < before.size() || !std::equal(before.begin(), before.end(), after.begin())) {
    out.push_back({Prop::BuddyResult, what + ": the caller's list lost or reordered the blocks it held"});
    compare_space(obs, Prop::BuddyResult, Prop::BuddyClear, may_dirty, what, out);
    return;
  }
  std::vector<ModelBlock> got(after.begin() + static_cast<long>(before.size()), after.end());
  auto bad = [&](const std::string& why) { out.push_back({Prop::BuddyResult, what + ": " + why}); };
  if (got.empty()) bad("success but no block was appended");

  std::map<uint64_t, uint32_t> states;
  for (const auto& n : obs.after.nodes) states[n.blk.id] = n.blk.state;
  uint64_t total = 0;
  bool shapes_ok = true;
  for (const auto& b : got) {
    std::string at = "block [" + hex(b.offset) + ", +" + hex(b.size) + ")";
    total += b.size;
    if (states.count(b.id) && states[b.id] != SVM_BUDDY_STATE_ALLOCATED) bad(at + " is not marked allocated");
    if (!std::has_single_bit(b.size) || b.size < chunk_ || b.offset % b.size || b.offset >= size_ || b.size > size_ - b.offset) {
      bad(at + " is not an aligned power-of-two block inside the mm");
      shapes_ok = false;
      continue;
    }
    if (!space_.all_free(b.offset, b.size)) bad(at + " covers bytes that were not free");
    if (b.clear && !space_.all(b.offset, b.size, ByteState::FreeClear))
      out.push_back({Prop::BuddyClear, what + ": " + at + " is marked clear but holds bytes that were dirty"});
    if (range && !exact && (b.offset < op.start || b.offset + b.size > op.end)) bad(at + " is outside the range [start, end)");
  }
  std::vector<ModelBlock> sorted = got;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  bool gap_free = true;
  for (size_t i = 1; i < sorted.size(); i++) {
    uint64_t prev_end = sorted[i - 1].offset + sorted[i - 1].size;
    if (sorted[i].offset < prev_end) {
      bad("blocks at " + hex(sorted[i - 1].offset) + " and " + hex(sorted[i].offset) + " overlap");
      shapes_ok = false;
    }
    if (sorted[i].offset != prev_end) gap_free = false;
  }

  if (shapes_ok && !got.empty()) {
    if (exact) {
      if (!gap_free || sorted.front().offset != op.start || total != op.size)
        bad("the exact range [" + hex(op.start) + ", " + hex(op.end) + ") was not allocated exactly");
    } else if (contig) {
      uint64_t pow2 = rounded.value_or(0);
      bool ok = gap_free && total >= op.size &&
                (total == op.size || ((trim_disable || obs.injected) && total == pow2) ||
                 (!range && total - op.size < op.min_block));
      if (!ok) bad("contiguous request of " + hex(op.size) + " got " + hex(total) + (gap_free ? "" : " with gaps"));
    } else {
      const uint64_t r = *rounded;
      const bool trimmed = !trim_disable && r != op.size;
      if (!trimmed) {
        if (total != r) bad("total " + hex(total) + ", expected " + hex(r));
        for (const auto& b : got)
          if (b.size < op.min_block) {
            bad("block of " + hex(b.size) + " is below min_block_size " + hex(op.min_block));
            break;
          }
      } else {
        if (total != op.size && !(obs.injected && total == r)) bad("total " + hex(total) + ", expected the trimmed " + hex(op.size));
        bool small_seen = false;
        for (const auto& b : got) {
          if (b.size < op.min_block) small_seen = true;
          else if (small_seen) {
            bad("a block below min_block_size comes before a full one (only the trimmed tail may be smaller)");
            break;
          }
        }
      }
    }

    // Clear preference: the first block comes from the first order that had
    // any block; if that order had a block of the wanted state, it is used.
    // A contiguous request asks for one block of the rounded size first (the
    // pieces of "try harder" only come when no such block was free); a
    // trimmed single block was asked for at its untrimmed size.
    if (!exact && !obs.injected && !too_big && obs.before.walk_error.empty()) {
      const bool want_clear = op.flags & SVM_BUDDY_CLEAR;
      uint64_t first_size = got.front().size;
      bool single_trimmed = !trim_disable && *rounded != op.size && std::has_single_bit(*rounded);
      if (contig || single_trimmed) first_size = *rounded;
      bool wanted_exists = false;
      for (const auto& b : obs.before.leaves()) {
        if (b.state != SVM_BUDDY_STATE_FREE || static_cast<bool>(b.clear) != want_clear || b.size < first_size) continue;
        if (range) {
          uint64_t lo = std::max(b.offset, op.start), hi = std::min(b.offset + b.size, op.end);
          auto s = round_up(lo, first_size);
          if (!s || *s >= hi || hi - *s < first_size) continue;
        }
        wanted_exists = true;
        break;
      }
      if (wanted_exists && got.front().clear != want_clear)
        out.push_back({Prop::BuddyClear, what + ": a " + (want_clear ? "clear" : "dirty") + " block of " + hex(first_size) +
                                             " was free but the first block returned is " + (got.front().clear ? "clear" : "dirty")});
    }
  }

  for (const auto& b : got)
    if (shapes_ok) space_.set(b.offset, b.size, ByteState::Allocated);
  compare_space(obs, Prop::BuddyResult, Prop::BuddyClear, may_dirty, what, out);
}

void BuddyModel::step_free_block(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out) {
  const auto& l = list(op.list);
  if (l.empty()) return;
  const auto& b = l[op.index % l.size()];
  std::string what = to_string(op);
  if (obs.ret) out.push_back({Prop::BuddyErrno, what + " reported " + errname(obs.ret)});
  space_.set(b.offset, b.size, b.clear ? ByteState::FreeClear : ByteState::FreeDirty);
  compare_space(obs, Prop::BuddyPartition, Prop::BuddyClear, false, what, out);
}

void BuddyModel::step_free_list(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out) {
  std::string what = to_string(op);
  const bool clear = op.flags & SVM_BUDDY_CLEARED;
  for (const auto& b : list(op.list)) space_.set(b.offset, b.size, clear ? ByteState::FreeClear : ByteState::FreeDirty);
  if (op.list % SVM_BUDDY_LISTS < obs.lists_after.size() && !obs.lists_after[op.list % SVM_BUDDY_LISTS].empty())
    out.push_back({Prop::BuddyResult, what + ": the list is not empty afterwards"});
  compare_space(obs, Prop::BuddyPartition, Prop::BuddyClear, false, what, out);
}

void BuddyModel::step_trim(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out) {
  std::string what = to_string(op);
  const int want = trim_errno(op);
  if (want == kEINVAL || want == kEitherNoopOrInval) {
    if (obs.ret != kEINVAL && !(want == kEitherNoopOrInval && obs.ret == 0))
      out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + ", expected -EINVAL"});
    check_lists_unchanged(obs, Prop::BuddyAtomic, what, out);
    compare_space(obs, Prop::BuddyAtomic, Prop::BuddyAtomic, false, what, out);
    return;
  }
  const ModelBlock b = list(op.list)[0];
  if (obs.ret) {
    if (!(obs.ret == kENOMEM && obs.injected))
      out.push_back({Prop::BuddyErrno, what + " returned " + errname(obs.ret) + " on valid arguments"});
    check_lists_unchanged(obs, Prop::BuddyAtomic, what, out);
    compare_space(obs, Prop::BuddyAtomic, Prop::BuddyAtomic, false, what, out);
    return;
  }
  const uint64_t ns = op.has_start ? op.start : b.offset;
  const auto& after = obs.lists_after[op.list % SVM_BUDDY_LISTS];
  std::vector<ModelBlock> sorted = after;
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.offset < y.offset; });
  uint64_t next = ns;
  bool exact = !sorted.empty();
  for (const auto& p : sorted) {
    if (p.offset != next) exact = false;
    next = p.offset + p.size;
    if (p.clear != b.clear) out.push_back({Prop::BuddyClear, what + ": a trimmed piece lost the block's clear state"});
  }
  if (!exact || next != ns + op.size)
    out.push_back({Prop::BuddyResult, what + ": the list does not hold exactly [" + hex(ns) + ", +" + hex(op.size) + ")"});
  const ByteState freed = b.clear ? ByteState::FreeClear : ByteState::FreeDirty;
  space_.set(b.offset, b.size, freed);
  space_.set(ns, op.size, ByteState::Allocated);
  compare_space(obs, Prop::BuddyResult, Prop::BuddyClear, false, what, out);
}

void BuddyModel::step_reset_clear(const BuddyOp& op, const BuddyObserved& obs, std::vector<Finding>& out) {
  std::string what = to_string(op);
  BuddySpace next = space_;
  for (const auto& [start, r] : space_.runs())
    if (is_free(r.second)) next.set(start, r.first - start, op.is_clear ? ByteState::FreeClear : ByteState::FreeDirty);
  space_ = next;
  compare_space(obs, Prop::BuddyPartition, Prop::BuddyClear, false, what, out);
}

}  // namespace svm
