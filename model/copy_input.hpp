// SPDX-License-Identifier: MIT
// A copy input as the C++ side sees it, convertible to the ABI struct.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/svm_copy_abi.h"

namespace svm {

struct CopyEntry {
  int32_t region = SVM_NO_REGION;  // device page: region, or none
  uint32_t page = 0;               // device page number inside the region
  uint64_t sys_page = 0;           // system page number, 0: no page
  uint8_t order = 0;               // folio order of a head (G2+)
  bool operator==(const CopyEntry&) const = default;
};

struct CopyInput {
  uint32_t dir = SVM_TO_VRAM;
  std::vector<CopyEntry> entries;
  uint32_t fail_at = 0;      // 0: never; k: the k-th submission fails
  int32_t fail_errno = -12;  // -ENOMEM
  uint32_t prefence = SVM_PREFENCE_NONE;
  bool operator==(const CopyInput&) const = default;

  uint32_t npages() const { return static_cast<uint32_t>(entries.size()); }
  // The ABI view; valid while *this lives and is not modified.
  svm_copy_input abi() const;
};

// The geometry of the linked C world, read through the ABI.
struct Geometry {
  uint32_t page_shift;
  uint64_t page_size;
  uint64_t chunk;         // pages per migrate call
  uint32_t region_pages;  // pages per VRAM region
  static Geometry current();
};

}  // namespace svm
