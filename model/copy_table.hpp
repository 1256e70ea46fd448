// SPDX-License-Identifier: MIT
// Page/address layouts with the calls a correct implementation issues, in
// the style of the kernel's scatterlist test. Counts are written in terms of
// CHUNK ({C}, {C+1}, ...), so one row describes the twin cases of every
// geometry. Used by the table tests and as directed inputs by the verdict
// search.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/copy_oracle.hpp"

namespace svm {

struct CopyRow {
  const char* name;    // what the row covers
  const char* layout;  // parse_copy_layout() text
  const char* calls;   // correct calls, "START+COUNT ..." (C arithmetic allowed),
                       // a trailing '!' marks the submission the input makes fail
  int ret;             // what a correct implementation returns
  int min_api;         // first API generation the layout applies to
};

std::span<const CopyRow> copy_rows();

// Parses a row's 'calls' column; the bool is the failure mark.
std::vector<std::pair<ExpectedCall, bool>> parse_expected_calls(const char* text, uint64_t chunk);

}  // namespace svm
