// SPDX-License-Identifier: MIT
// The copy input format shared by the fuzz target copy_vs_model, the corpus,
// the reproducers svmcheck writes, the proofs' counterexamples and the
// replay driver. A few bytes describe thousands of pages. The format is
// documented in docs/corpus-format.md; every byte string decodes to some
// input (fuzzers need that), and encode() of any input decodes back to it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/copy_input.hpp"

namespace svm {

struct CopyDecodeLimits {
  uint32_t max_pages;     // inputs are clamped to this many pages
  uint32_t region_pages;  // device cursor wraps at this page count
  static CopyDecodeLimits for_geometry(const Geometry& g);
};

CopyInput decode_copy(std::span<const uint8_t> bytes, const CopyDecodeLimits& lim);
std::vector<uint8_t> encode_copy(const CopyInput& in);

// The text form used in tests, reports and 'svmcheck explain':
//   "dir=ram prefence=pending fail=2:-5 | P{C+1} H2 +3 P4 F3 S1 N2 @1:100 P2"
// Tokens: P<n> populated run, H<n> device page without system page,
// S<n> system page without device page, N<n> neither, F<k> folio head of
// order k with its tails, +<n>/-<n> move the device cursor, @<r>:<p> seek.
// Counts accept C (CHUNK) arithmetic: {C}, {C+1}, {2C-1}.
std::optional<CopyInput> parse_copy_layout(std::string_view text, const Geometry& g,
                                           std::string* error = nullptr);
std::string format_copy_layout(const CopyInput& in);

// Evaluates "7", "C", "{C+1}", "{2C-3}" with C = chunk.
std::optional<int64_t> eval_chunk_expr(std::string_view s, uint64_t chunk);

}  // namespace svm
