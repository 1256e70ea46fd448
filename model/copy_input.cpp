// SPDX-License-Identifier: MIT
#include "model/copy_input.hpp"

namespace svm {

svm_copy_input CopyInput::abi() const {
  static_assert(sizeof(CopyEntry) == sizeof(svm_copy_entry));
  static_assert(offsetof(CopyEntry, sys_page) == offsetof(svm_copy_entry, sys_page));
  static_assert(offsetof(CopyEntry, order) == offsetof(svm_copy_entry, order));
  svm_copy_input in{};
  in.dir = dir;
  in.npages = npages();
  in.entries = reinterpret_cast<const svm_copy_entry*>(entries.data());
  in.fail_at = fail_at;
  in.fail_errno = fail_errno;
  in.prefence = prefence;
  return in;
}

Geometry Geometry::current() {
  return Geometry{svm_page_shift(), svm_page_size(), svm_chunk_pages(), svm_region_pages()};
}

}  // namespace svm
