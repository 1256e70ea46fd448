// SPDX-License-Identifier: MIT
// Fuzz target buddy_random_walk: sequences of drm_buddy API calls on one
// buddy variant, the reference model in lockstep (model/buddy_runner.hpp):
// after every call the invariant checker and the model judge the walker's
// view of the allocator; a slab failure countdown from the input makes
// -ENOMEM reachable at every allocation a call makes.
//
// Property: BUDDY-SHAPE, BUDDY-PARTITION, BUDDY-ACCOUNT, BUDDY-MERGED,
//           BUDDY-RESULT, BUDDY-ATOMIC, BUDDY-ERRNO, BUDDY-CLEAR,
//           KERNEL-BUG, KERNEL-WARN, LEAK (BUDDY-FIT is advisory)
// Expect: the variant's 'Expect:' line; failing variants' targets are *_xfail.
//
// Input: the buddy call codec (fuzz/decoders/buddy_codec.hpp); every byte
// string is a valid call sequence. The hand-written seeds are written in
// the codec's bytes as hex (fuzz/seeds/buddy_random_walk.txt).
#include "abi/svm_buddy_abi.h"
#include "fuzz/decoders/buddy_codec.hpp"
#include "fuzz/support/fuzz_target.hpp"
#include "fuzz/support/hex_seed.hpp"
#include "model/buddy_runner.hpp"

namespace svm::fuzz {
namespace {

const svm_buddy_variant& variant() {
  static const svm_buddy_variant& v = require_variant(svm_buddy_variant_find(SVM_FUZZ_VARIANT), "buddy_random_walk", SVM_FUZZ_VARIANT);
  return v;
}

int call(const svm_buddy_ops& ops, svm_buddy_mm* mm, const BuddyOp& op) {
  switch (op.kind) {
    case BuddyOpKind::Init: return ops.init(mm, op.size, op.min_block);
    case BuddyOpKind::Alloc: return ops.alloc_blocks(mm, op.start, op.end, op.size, op.min_block, op.list, op.flags);
    case BuddyOpKind::FreeBlock: return ops.free_block(mm, op.list, op.index % ops.list_count(mm, op.list));
    case BuddyOpKind::FreeList: return ops.free_list(mm, op.list, op.flags);
    case BuddyOpKind::Trim: return ops.block_trim(mm, op.list, op.has_start ? &op.start : nullptr, op.size);
    case BuddyOpKind::ResetClear: return ops.reset_clear(mm, op.is_clear);
    case BuddyOpKind::Fini:
    case BuddyOpKind::Count_: break;
  }
  return 0;
}

// The same calls the runner makes, with no snapshot, model or check and no
// failure injection: the throughput baseline of bench/.
void run_bare(const svm_buddy_ops& ops, const std::vector<BuddyOp>& seq) {
  svm_buddy_mm* mm = ops.create();
  bool initialised = false;
  auto teardown = [&] {
    for (uint32_t l = 0; l < SVM_BUDDY_LISTS; l++) ops.free_list(mm, l, 0);
    ops.fini(mm);
    initialised = false;
  };
  for (const BuddyOp& op : seq) {
    bool init = op.kind == BuddyOpKind::Init;
    if (init == initialised || (op.kind == BuddyOpKind::FreeBlock && ops.list_count(mm, op.list) == 0)) continue;
    if (op.kind == BuddyOpKind::Fini) {
      teardown();
      continue;
    }
    int ret = call(ops, mm, op);
    if (ret == SVM_BUDDY_BUGGED) return;  // the instance is not usable any more
    if (init && ret == 0) initialised = true;
  }
  if (initialised) teardown();
  ops.destroy(mm);
}

}  // namespace

Outcome run_input(std::span<const uint8_t> data, const RunMode& mode) {
  Outcome o;
  std::vector<BuddyOp> seq = decode_buddy_ops(data);
  if (mode.bare) {
    run_bare(*variant().ops, seq);
    return o;
  }
  BuddyRunResult r = run_buddy_ops(*variant().ops, seq);
  o.findings = std::move(r.findings);
  o.findings.insert(o.findings.end(), r.advisory.begin(), r.advisory.end());
  return o;
}

std::vector<uint8_t> canonical_bytes(std::span<const uint8_t> data) {
  std::vector<BuddyOp> seq = decode_buddy_ops(data);
  std::string error;
  auto bytes = encode_buddy_ops(seq, &error);
  // Every decoded sequence is encodable; keep the input as it is otherwise.
  return bytes.empty() && !seq.empty() ? std::vector<uint8_t>(data.begin(), data.end()) : bytes;
}

std::string describe_input(std::span<const uint8_t> data) {
  std::string s;
  for (const BuddyOp& op : decode_buddy_ops(data)) s += (s.empty() ? "" : "; ") + to_string(op);
  return s.empty() ? "(no call)" : s;
}

std::optional<std::vector<uint8_t>> seed_from_text(std::string_view text, std::string* error) {
  return bytes_from_hex(text, error);
}

}  // namespace svm::fuzz
