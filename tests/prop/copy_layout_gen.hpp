// SPDX-License-Identifier: MIT
// RapidCheck generator of copy inputs, built from runs and written as the
// text layout of fuzz/decoders/copy_codec.hpp, so every counterexample
// prints as a layout that `scripts/svmcheck layout` and parse_copy_layout()
// accept, and encodes as a corpus file.
//
//   dir=ram prefence=pending fail=2:-5 | @1:0 P{C+1} H2 +3 F4 S{C-1} @1:17 P2
//
// Lengths cluster around CHUNK ({kC+d}, k <= 2, |d| <= 3, sometimes any d
// below C), so one generated value describes the twin cases of both
// geometries. Holes (H, S, N), discontiguities (+n, -n, seeks inside the
// region), the region (0 or 1, fixed per input: one migration's pages come
// from one region), folio heads of order 1..9 (G2+, capped so the folio fits
// the page budget and does not wrap the region), pre-migrate fences (G3) and
// a failing k-th submission are all generated. Inputs stay inside the copy
// contract by construction; shrinking removes segments and moves counts
// toward 1, k toward 0 and the header toward its defaults.
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/copy_input.hpp"

namespace svm::prop {

// gen::inRange scales its range with RapidCheck's size (a small size
// draws only the lowest values); these choices must not depend on it.
rc::Gen<int> any_in(int min, int max);

// 0, 1, -1, 2, -2, ... up to +-max: shrinks toward 0.
rc::Gen<int> small_offset(int max);

// A weighted choice among generators that, unlike gen::weightedOneOf,
// shrinks toward the first alternative (list the simplest first).
template <typename T>
rc::Gen<T> weighted(std::vector<std::pair<int, rc::Gen<T>>> alternatives) {
  int total = 0;
  for (const auto& a : alternatives) total += a.first;
  return rc::gen::mapcat(any_in(0, total), [alternatives](int u) {
    for (const auto& [w, g] : alternatives) {
      if (u < w) return g;
      u -= w;
    }
    return alternatives.back().second;
  });
}

struct CopySeg {
  char kind = 'P';  // P H S N: entries; F: folio; + -: move the cursor; @: seek
  int k = 0;        // CHUNK multiplier of the count (P H S N + -)
  int d = 1;        // count offset (P H S N + -), folio order (F), page (@)
};

struct CopyCase {
  int api_gen = 3;
  int dir = 0;           // 0 to VRAM, 1 to RAM
  int prefence = 0;      // enum svm_prefence (G3 only)
  int fail_at = 0;       // 0: no failure
  int fail_errno = -12;  // one of the codec's errnos
  int region = 0;
  int start = 0;  // first device page: 0, a small offset, or near the region's end
  std::vector<CopySeg> segs;

  // The text layout (geometry neutral where counts are {kC+d}); segments
  // that do not fit the page budget are left out.
  std::string layout(const Geometry& g) const;
};

// Most pages one input may have: what the byte codec keeps.
uint32_t copy_page_budget(const Geometry& g);

rc::Gen<CopyCase> gen_copy_case(int api_gen, const Geometry& g);

// The input a case stands for: its layout, parsed.
std::optional<CopyInput> copy_case_input(const CopyCase& c, const Geometry& g, std::string* error = nullptr);

// RapidCheck prints a case as its layout text.
void showValue(const CopyCase& c, std::ostream& os);

}  // namespace svm::prop
