// SPDX-License-Identifier: MIT
#include "model/buddy_snapshot.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <set>
#include <sstream>

namespace svm {

namespace {

std::string hex(uint64_t v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

std::string where(const svm_buddy_blk_info& b) {
  return "block [" + hex(b.offset) + ", +" + hex(b.size) + ") order " + std::to_string(b.order);
}

// Collects at most one finding per property (the first place).
struct Findings {
  std::vector<Finding> out;
  void add(Prop p, std::string detail) {
    for (const auto& f : out)
      if (f.prop == p) return;
    out.push_back({p, std::move(detail)});
  }
};

void check_mm(const BuddySnapshot& s, Findings& f) {
  const auto& mm = s.mm;
  if (mm.chunk_size < 4096 || !std::has_single_bit(mm.chunk_size)) {
    f.add(Prop::BuddyShape, "chunk_size " + hex(mm.chunk_size) + " is not a power of two >= 4 KiB");
    return;
  }
  if (mm.size < mm.chunk_size || mm.size % mm.chunk_size) {
    f.add(Prop::BuddyShape, "size " + hex(mm.size) + " is not a non-zero multiple of chunk_size");
    return;
  }
  unsigned expect_order = std::bit_width(mm.size) - std::bit_width(mm.chunk_size);
  if (mm.max_order != expect_order)
    f.add(Prop::BuddyShape, "max_order " + std::to_string(mm.max_order) + ", expected " + std::to_string(expect_order));
}

void check_roots(const BuddySnapshot& s, Findings& f) {
  const auto& mm = s.mm;
  unsigned want = std::popcount(mm.size);
  if (mm.n_roots != want) f.add(Prop::BuddyShape, "n_roots " + std::to_string(mm.n_roots) + " != popcount(size) " + std::to_string(want));
  uint64_t next = 0, prev_size = 0;
  unsigned seen = 0;
  for (const auto& n : s.nodes) {
    if (n.depth != 0) continue;
    if (n.root != seen || n.parent != 0) f.add(Prop::BuddyShape, "root " + std::to_string(seen) + " out of order in the walk");
    if (n.blk.offset != next) f.add(Prop::BuddyShape, "root " + std::to_string(seen) + " at " + hex(n.blk.offset) + ", expected " + hex(next));
    if (seen && n.blk.size >= prev_size) f.add(Prop::BuddyShape, "root sizes do not decrease at root " + std::to_string(seen));
    prev_size = n.blk.size;
    next = n.blk.offset + n.blk.size;
    seen++;
  }
  if (next != mm.size) f.add(Prop::BuddyShape, "roots cover [0, " + hex(next) + "), mm size " + hex(mm.size));
}

void check_nodes(const BuddySnapshot& s, Findings& f) {
  const auto& mm = s.mm;
  std::map<uint64_t, const svm_buddy_node*> by_id;
  for (const auto& n : s.nodes) by_id[n.blk.id] = &n;
  // children of each split node, in walk order
  std::map<uint64_t, std::vector<const svm_buddy_node*>> kids;
  for (const auto& n : s.nodes) {
    const auto& b = n.blk;
    if (b.state == SVM_BUDDY_STATE_BAD) f.add(Prop::BuddyShape, where(b) + " has no valid state");
    if (b.order > mm.max_order || b.size != (mm.chunk_size << b.order))
      f.add(Prop::BuddyShape, where(b) + ": order out of range");
    else if (b.offset % b.size)
      f.add(Prop::BuddyShape, where(b) + " is not aligned to its size");
    if (b.offset >= mm.size || b.size > mm.size - b.offset) f.add(Prop::BuddyShape, where(b) + " ends past the mm");
    if (n.parent) kids[n.parent].push_back(&n);
  }
  for (const auto& n : s.nodes) {
    if (n.blk.state != SVM_BUDDY_STATE_SPLIT) continue;
    const auto& k = kids[n.blk.id];
    if (k.size() != 2 || n.blk.order == 0) {
      f.add(Prop::BuddyShape, where(n.blk) + " is split but has " + std::to_string(k.size()) + " children");
      continue;
    }
    const auto& l = k[0]->blk;
    const auto& r = k[1]->blk;
    uint64_t half = n.blk.size / 2;
    if (l.order + 1 != n.blk.order || r.order + 1 != n.blk.order || l.offset != n.blk.offset || r.offset != n.blk.offset + half)
      f.add(Prop::BuddyShape, where(n.blk) + " has children " + where(l) + " and " + where(r));
    else if ((l.offset ^ l.size) != r.offset)
      f.add(Prop::BuddyShape, where(l) + ": buddy offset is not offset ^ size");
  }
}

void check_partition(const BuddySnapshot& s, const std::vector<svm_buddy_blk_info>& leaves, Findings& f) {
  uint64_t next = 0;
  for (const auto& b : leaves) {
    if (b.state != SVM_BUDDY_STATE_FREE && b.state != SVM_BUDDY_STATE_ALLOCATED)
      f.add(Prop::BuddyPartition, where(b) + " is a leaf but neither free nor allocated");
    if (b.offset != next) {
      f.add(Prop::BuddyPartition,
            b.offset < next ? where(b) + " overlaps the leaf before it" : "bytes [" + hex(next) + ", " + hex(b.offset) + ") are in no leaf");
      return;
    }
    next = b.offset + b.size;
  }
  if (next != s.mm.size) f.add(Prop::BuddyPartition, "bytes [" + hex(next) + ", " + hex(s.mm.size) + ") are in no leaf");

  // The free lists hold exactly the free leaves, each once, on its order.
  std::map<uint64_t, svm_buddy_blk_info> free_leaves;
  for (const auto& b : leaves)
    if (b.state == SVM_BUDDY_STATE_FREE) free_leaves[b.id] = b;
  std::set<uint64_t> listed;
  for (const auto& e : s.free) {
    auto it = free_leaves.find(e.id);
    if (it == free_leaves.end()) {
      f.add(Prop::BuddyPartition, "a free-list entry (order " + std::to_string(e.list_order) + ") is not a free leaf");
      continue;
    }
    if (!listed.insert(e.id).second) f.add(Prop::BuddyPartition, where(it->second) + " is on the free lists twice");
    if (e.list_order != it->second.order) f.add(Prop::BuddyPartition, where(it->second) + " is on the free list of order " + std::to_string(e.list_order));
    if (e.list_clear <= 1 && e.list_clear != it->second.clear) f.add(Prop::BuddyPartition, where(it->second) + " is on the wrong clear/dirty free list");
  }
  for (const auto& [id, b] : free_leaves)
    if (!listed.count(id)) f.add(Prop::BuddyPartition, where(b) + " is free but on no free list");
}

void check_account(const BuddySnapshot& s, const std::vector<svm_buddy_blk_info>& leaves, Findings& f) {
  uint64_t avail = 0, clear = 0;
  for (const auto& b : leaves) {
    if (b.state != SVM_BUDDY_STATE_FREE) continue;
    avail += b.size;
    if (b.clear) clear += b.size;
  }
  if (avail != s.mm.avail) f.add(Prop::BuddyAccount, "avail " + hex(s.mm.avail) + " but free leaves hold " + hex(avail));
  if (clear != s.mm.clear_avail) f.add(Prop::BuddyAccount, "clear_avail " + hex(s.mm.clear_avail) + " but free clear leaves hold " + hex(clear));
}

void check_merged(const BuddySnapshot& s, Findings& f) {
  std::map<uint64_t, std::vector<const svm_buddy_blk_info*>> kids;
  for (const auto& n : s.nodes)
    if (n.parent) kids[n.parent].push_back(&n.blk);
  for (const auto& [parent, k] : kids) {
    if (k.size() != 2) continue;
    if (k[0]->state == SVM_BUDDY_STATE_FREE && k[1]->state == SVM_BUDDY_STATE_FREE && k[0]->clear == k[1]->clear)
      f.add(Prop::BuddyMerged, where(*k[0]) + " and its buddy are both free and " + (k[0]->clear ? "clear" : "dirty"));
  }
  const auto& mm = s.mm;
  if (mm.avail == mm.size && (mm.clear_avail == 0 || mm.clear_avail == mm.size))
    for (const auto& n : s.nodes)
      if (n.depth == 0 && n.blk.state != SVM_BUDDY_STATE_FREE)
        f.add(Prop::BuddyMerged, "everything is free but root " + where(n.blk) + " is not a free leaf");
}

}  // namespace

std::vector<svm_buddy_blk_info> BuddySnapshot::leaves() const {
  std::vector<svm_buddy_blk_info> out;
  for (const auto& n : nodes)
    if (n.blk.state != SVM_BUDDY_STATE_SPLIT) out.push_back(n.blk);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  return out;
}

BuddySnapshot take_buddy_snapshot(const svm_buddy_ops& ops, svm_buddy_mm* mm) {
  BuddySnapshot s;
  size_t cap = 64;
  for (;;) {
    s.nodes.assign(cap, {});
    s.free.assign(cap, {});
    svm_buddy_walk w{};
    w.nodes = s.nodes.data();
    w.nodes_cap = static_cast<uint32_t>(cap);
    w.free = s.free.data();
    w.free_cap = static_cast<uint32_t>(cap);
    int rc = ops.walk(mm, &w);
    s.mm = w.mm;
    if (rc || w.error) {
      s.walk_error = w.error ? w.error : "walker failed";
      s.nodes.clear();
      s.free.clear();
      return s;
    }
    if (w.n_nodes <= cap && w.n_free <= cap) {
      s.nodes.resize(w.n_nodes);
      s.free.resize(w.n_free);
      return s;
    }
    cap = std::max<size_t>(w.n_nodes, w.n_free) + 16;
  }
}

std::vector<Finding> check_buddy_invariants(const BuddySnapshot& s, const InvariantOptions& opt) {
  Findings f;
  if (!s.walk_error.empty()) {
    f.add(Prop::BuddyShape, "the allocator's structure cannot be walked: " + s.walk_error);
    return f.out;
  }
  check_mm(s, f);
  if (!f.out.empty()) return f.out;
  check_roots(s, f);
  check_nodes(s, f);
  auto leaves = s.leaves();
  check_partition(s, leaves, f);
  check_account(s, leaves, f);
  if (opt.check_merged) check_merged(s, f);
  return f.out;
}

std::string describe(const BuddySnapshot& s) {
  std::ostringstream o;
  o << "size " << hex(s.mm.size) << " chunk " << hex(s.mm.chunk_size) << " avail " << hex(s.mm.avail) << " clear_avail "
    << hex(s.mm.clear_avail) << " roots " << s.mm.n_roots << " nodes " << s.nodes.size();
  return o.str();
}

}  // namespace svm
