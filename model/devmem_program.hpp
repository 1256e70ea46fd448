// SPDX-License-Identifier: MIT
// A device-memory lifecycle: the operations a run performs on xe_devm_*,
// as the tests, the verdict search, the reproducers (through
// fuzz/decoders/devmem_codec.hpp) and the fuzz target share them.
//
// Operands that name pages or allocations are resolved against the run's
// state when the operation executes, modulo what exists, so every program
// is valid: an operation with nothing to act on does nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svm {

enum class DevmemOpKind : uint8_t {
  Alloc,        // xe_devm_alloc_pages(npages = a) with a fresh list
  PutPage,      // put_page on the a-th outstanding page (allocation order, then pfn order)
  PutAll,       // put_page on every outstanding page of the a-th live allocation, in order b
  FreeBlocks,   // xe_devm_free_blocks on the list of the a-th allocation not yet given to it
  FailSlab,     // the a-th slab allocation from now fails (kzalloc, the buddy's own, ...)
  FailBuddy,    // the a-th drm_buddy_alloc_blocks call from now fails with -ENOMEM
};

// Orders of PutAll.
enum class PutOrder : uint8_t { Ascending = 0, Descending = 1, EvensThenOdds = 2 };

struct DevmemOp {
  DevmemOpKind kind;
  uint32_t a = 0;
  uint32_t b = 0;
  bool operator==(const DevmemOp&) const = default;
};

using DevmemProgram = std::vector<DevmemOp>;

// Bounds every decoder and generator respects.
inline constexpr uint32_t kDevmemMaxAllocPages = 4096;
inline constexpr uint32_t kDevmemMaxFailAt = 32;
inline constexpr uint32_t kDevmemMaxOps = 512;

// Text form, one operation per ';':
//   "alloc 64; put 3; put_all 0 desc; free_blocks 0; fail_slab 5; fail_buddy 1"
// put_all orders: asc, desc, evens.
std::string format_devmem_program(const DevmemProgram& p);
std::optional<DevmemProgram> parse_devmem_program(std::string_view text, std::string* error = nullptr);

}  // namespace svm
