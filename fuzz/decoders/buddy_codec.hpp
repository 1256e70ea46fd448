// SPDX-License-Identifier: MIT
// Byte codec of buddy API call sequences: the input format of the
// buddy_random_walk fuzz target and of its corpus/buddy_random_walk/
// reproducers. Every byte string decodes to a valid sequence (decoding
// stops at the first incomplete call), and encode(decode(x)) decodes to
// the same calls.
//
// Layout (integers little-endian, sizes in chunks unless said otherwise):
//   header  b0: bits 0-1 chunk = 4 KiB << n; bit 2 the mm size is half a
//               chunk more (rounded down by init); bit 3 the first init
//               fails at slab allocation 1 + bits 4-7 (a second init
//               without failure follows)
//           u16: mm size = 1 + (v % 1024) chunks
//   then up to 256 calls, each a tag byte
//           bits 0-2: 0-2 alloc, 3 free_block, 4 free_list, 5 block_trim,
//                     6 reset_clear, 7 fini followed by a fresh init
//           bit 3: a fail byte follows: slab allocation 1 + (b % 16) of
//                  this call fails
//           bits 4-6: caller list
//         and its arguments:
//   alloc       f: flags = f & 0x3f (SVM_BUDDY_*); bit 6 size is half a
//                  chunk more; bit 7 a window follows (else start 0, end
//                  the mm size)
//               u16 size (v % 2048); m: min_block = chunk << (m & 7), or
//                  with bit 3 set chunk / 2 (bit 4 clear) or 3 chunks;
//               [u16 start, u16 end] (v % 2048)
//   free_block  index byte (taken modulo the list's length when run)
//   free_list   f: bit 0 DRM_BUDDY_CLEARED
//   block_trim  h: bit 0 a start follows, bit 1 new size is half a chunk
//                  more; u16 new size (v % 2048); [u16 start (v % 2048)]
//   reset_clear c: bit 0 is_clear
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/buddy_model.hpp"

namespace svm {

std::vector<BuddyOp> decode_buddy_ops(std::span<const uint8_t> bytes);

// The canonical bytes of `ops`; empty (with *error set) when a call has a
// value the format cannot express or the sequence does not start the way
// decode_buddy_ops() sequences do.
std::vector<uint8_t> encode_buddy_ops(std::span<const BuddyOp> ops, std::string* error = nullptr);

// A random, encodable call sequence biased toward in-contract calls on a
// small mm: what the randomised verdict search feeds the runner.
std::vector<BuddyOp> random_buddy_ops(uint64_t seed, size_t max_calls);

}  // namespace svm
