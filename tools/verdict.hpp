// SPDX-License-Identifier: MIT
// What every algorithm's checker reports to the verdict table of
// 'scripts/svmcheck': one row per variant and geometry, the declared and the
// demonstrated verdict, and a reproducer for every demonstrated property.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/properties.hpp"

namespace svm {

struct VerdictOptions {
  uint64_t seed = 1;           // every randomised search derives from it (printed)
  double budget_seconds = 5;   // per variant, for randomised search
  std::string corpus_dir;      // where reproducers are written (corpus/)
  bool write_reproducers = true;
  bool verbose = false;
};

struct Demonstration {
  Prop prop;
  std::string reproducer;  // path of the corpus file that replays it
  std::string detail;      // first violation, one line
};

struct VariantVerdict {
  std::string algo;      // "copy", "buddy", "devmem"
  std::string variant;
  std::string api;
  std::string geometry;  // "PAGE_SHIFT=12"
  std::string expected;  // as declared ('Expect:')
  std::vector<Demonstration> observed;  // non-advisory properties demonstrated
  std::vector<Demonstration> advisory;  // reported separately
  std::string error;     // a harness problem (non-empty: the row fails)

  std::string observed_string() const;
  bool matches() const;  // observed == expected and no error
};

// One per algorithm, each in tools/verdict_<algo>.cpp.
std::vector<VariantVerdict> copy_verdicts(const VerdictOptions& opt);
std::vector<VariantVerdict> buddy_verdicts(const VerdictOptions& opt);
std::vector<VariantVerdict> devmem_verdicts(const VerdictOptions& opt);

}  // namespace svm
