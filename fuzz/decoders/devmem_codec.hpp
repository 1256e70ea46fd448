// SPDX-License-Identifier: MIT
// The device-memory lifecycle input format: shared by the fuzz target
// devmem_lifecycle, the reproducers svmcheck writes to
// corpus/devmem_lifecycle/regress-<variant>-<property>, and the replay
// driver. Every byte string decodes to a valid program (fuzzers need that)
// and encode() of a program within the bounds of devmem_program.hpp decodes
// back to it.
//
// Format: a sequence of operations, each an opcode byte followed by its
// operand bytes; a missing operand byte reads as 0, decoding stops after
// kDevmemMaxOps operations. Little-endian.
//
//   opcode % 6   operation     operand bytes      meaning
//   0            alloc         u16 v              npages = 1 + v % 256     if v < 0x8000
//                                                 npages = 1 + v % 4096    otherwise
//   1            put           u16 k              the k-th outstanding page (mod their number)
//   2            put_all       u8 x               allocation x >> 2, order x & 3
//                                                 (0 asc, 1 desc, 2 evens, 3 asc)
//   3            free_blocks   u8 a               the a-th allocation not yet freed
//   4            fail_slab     u8 n               slab allocation 1 + n % 32 from now fails
//   5            fail_buddy    u8 n               buddy allocation 1 + n % 32 from now fails
//
// Small allocations (up to 256 pages) decode the same at every geometry, so
// a reproducer written at one PAGE_SHIFT replays at the other.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/devmem_program.hpp"

namespace svm {

DevmemProgram decode_devmem(std::span<const uint8_t> bytes);
std::vector<uint8_t> encode_devmem(const DevmemProgram& p);

}  // namespace svm
