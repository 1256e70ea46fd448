// SPDX-License-Identifier: MIT
#include "model/devmem_scenarios.hpp"

namespace svm {
namespace {

using K = DevmemOpKind;

DevmemOp alloc(uint32_t n) { return {K::Alloc, n}; }
DevmemOp put_all(uint32_t a, PutOrder o) { return {K::PutAll, a, static_cast<uint32_t>(o)}; }
DevmemOp free_blocks(uint32_t a) { return {K::FreeBlocks, a}; }

// Sizes below, at and above the 64 pages of one bitmap word, as one block
// (powers of two) and as several (the buddy splits the rest).
constexpr uint32_t kSizes[] = {1, 2, 3, 32, 63, 64, 65, 96, 128, 192, 256};
// Allocation points swept by the failure injection: enough to pass the
// buddy's own allocations and reach every per-block kzalloc of these sizes.
constexpr uint32_t kFailSweep = 24;

std::string order_name(PutOrder o) {
  return o == PutOrder::Ascending ? "ascending" : o == PutOrder::Descending ? "descending" : "evens_then_odds";
}

}  // namespace

std::vector<DevmemScenario> devmem_scenarios() {
  std::vector<DevmemScenario> out;
  const PutOrder orders[] = {PutOrder::Ascending, PutOrder::Descending, PutOrder::EvensThenOdds};

  // Defects of the posted design, each on its own.
  out.push_back({"bitmap_of_a_block_below_64_pages_is_not_overrun", {alloc(1), put_all(0, PutOrder::Ascending)},
                 Prop::MemSafety});
  out.push_back({"buddy_calls_hold_the_vram_manager_lock", {alloc(64), put_all(0, PutOrder::Ascending)},
                 Prop::DevmemLock});
  out.push_back({"free_blocks_keeps_blocks_whose_pages_are_in_use", {alloc(64), free_blocks(0)}, Prop::DevmemFree});
  for (uint32_t n = 1; n <= kFailSweep; n++)
    out.push_back({"kzalloc_failure_at_point_" + std::to_string(n) + "_of_a_64_page_allocation_is_returned",
                   {{K::FailSlab, n}, alloc(64), put_all(0, PutOrder::Ascending)},
                   Prop::DevmemOom});

  // Plain lifecycles.
  for (uint32_t n : kSizes)
    for (PutOrder o : orders)
      out.push_back({"alloc_" + std::to_string(n) + "_pages_then_put_them_" + order_name(o), {alloc(n), put_all(0, o)},
                     std::nullopt});
  out.push_back({"interleaved_allocations_put_in_mixed_orders",
                 {alloc(64), alloc(128), alloc(64), put_all(1, PutOrder::Descending), alloc(32),
                  put_all(0, PutOrder::EvensThenOdds), put_all(0, PutOrder::Ascending), put_all(0, PutOrder::Ascending)},
                 std::nullopt});
  for (uint32_t n : {1u, 3u, 64u, 65u, 200u})
    out.push_back({"free_blocks_with_all_" + std::to_string(n) + "_pages_out_then_put_them",
                   {alloc(n), free_blocks(0), put_all(0, PutOrder::Ascending)},
                   std::nullopt});
  for (uint32_t n : {1u, 64u, 128u})
    out.push_back({"free_blocks_after_every_page_of_" + std::to_string(n) + "_was_put",
                   {alloc(n), put_all(0, PutOrder::Descending), free_blocks(0)},
                   std::nullopt});
  out.push_back({"free_blocks_with_some_pages_out",
                 {alloc(128), {K::PutPage, 0}, {K::PutPage, 70}, free_blocks(0), put_all(0, PutOrder::Descending)},
                 std::nullopt});
  for (uint32_t n : {1u, 65u, 200u})
    for (uint32_t at = 1; at <= kFailSweep; at++)
      out.push_back({"slab_failure_at_point_" + std::to_string(at) + "_of_a_" + std::to_string(n) +
                         "_page_allocation_is_returned",
                     {{K::FailSlab, at}, alloc(n), put_all(0, PutOrder::Ascending)},
                     std::nullopt});
  for (uint32_t n : {1u, 64u, 200u})
    out.push_back({"buddy_failure_of_a_" + std::to_string(n) + "_page_allocation_is_returned",
                   {{K::FailBuddy, 1}, alloc(n), alloc(n), put_all(0, PutOrder::Ascending)},
                   std::nullopt});
  out.push_back({"allocation_larger_than_vram_fails_cleanly", {alloc(kDevmemMaxAllocPages), alloc(64)}, std::nullopt});
  return out;
}

DevmemProgram random_devmem_program(std::mt19937_64& rng) {
  auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  DevmemProgram p;
  uint32_t len = 1 + pick(12);
  for (uint32_t i = 0; i < len; i++) {
    switch (pick(10)) {
      case 0:
      case 1:
      case 2: {
        uint32_t n = pick(3) == 0 ? 64 * (1 + pick(4)) : 1 + pick(pick(2) ? 64 : 256);
        p.push_back(alloc(n));
        break;
      }
      case 3: p.push_back({K::PutPage, pick(1024)}); break;
      case 4:
      case 5: p.push_back(put_all(pick(4), static_cast<PutOrder>(pick(3)))); break;
      case 6:
      case 7: p.push_back(free_blocks(pick(4))); break;
      case 8: p.push_back({K::FailSlab, 1 + pick(kDevmemMaxFailAt)}); break;
      default: p.push_back({K::FailBuddy, 1 + pick(2)}); break;
    }
  }
  return p;
}

}  // namespace svm
