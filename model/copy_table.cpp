// SPDX-License-Identifier: MIT
#include "model/copy_table.hpp"

#include <array>
#include <sstream>
#include <stdexcept>

#include "fuzz/decoders/copy_codec.hpp"

namespace svm {
namespace {

// clang-format off
constexpr std::array kRows = {
  CopyRow{"single_page",                    "| P1",                         "0+1",                 0, 1},
  CopyRow{"run_below_chunk",                "| P{C-1}",                     "0+{C-1}",             0, 1},
  CopyRow{"run_exactly_chunk",              "| P{C}",                       "0+{C}",               0, 1},
  CopyRow{"run_chunk_plus_one",             "| P{C+1}",                     "0+{C} {C}+1",         0, 1},
  CopyRow{"run_chunk_plus_two",             "| P{C+2}",                     "0+{C} {C}+2",         0, 1},
  CopyRow{"run_two_chunks_plus_one",        "| P{2C+1}",                    "0+{C} {C}+{C} {2C}+1", 0, 1},
  CopyRow{"to_ram_chunk_plus_one",          "dir=ram | P{C+1}",             "0+{C} {C}+1",         0, 1},
  CopyRow{"hole_inside_run",                "| P2 H1 P2",                   "0+2 3+2",             0, 1},
  CopyRow{"system_page_without_device_page","| P2 S1 P2",                   "0+2 3+2",             0, 1},
  CopyRow{"discontiguous_run",              "| P2 +5 P2",                   "0+2 2+2",             0, 1},
  CopyRow{"discontiguous_last_page",        "| P2 +5 P1",                   "0+2 2+1",             0, 1},
  CopyRow{"descending_pages",               "| @0:10 P1 @0:5 P1",           "0+1 1+1",             0, 1},
  CopyRow{"hole_at_last_index",             "| P3 H1",                      "0+3",                 0, 1},
  CopyRow{"chunk_then_discontiguous_last",  "| P{C} +3 P1",                 "0+{C} {C}+1",         0, 1},
  CopyRow{"stale_run_start_at_chunk",       "| P1 H{C-1} P2",               "0+1 {C}+2",           0, 1},
  CopyRow{"stale_run_start_at_last",        "| P1 H{C-1} P1",               "0+1 {C}+1",           0, 1},
  CopyRow{"stale_run_start_then_long_run",  "| P{C-1} H1 P{C+1}",           "0+{C-1} {C}+{C} {2C}+1", 0, 1},
  CopyRow{"no_device_pages",                "| S3",                         "",                    0, 1},
  CopyRow{"no_system_pages",                "| H3",                         "",                    0, 1},
  CopyRow{"nothing",                        "| N3",                         "",                    0, 1},
  CopyRow{"zero_pages",                     "|",                            "",                    0, 1},
  CopyRow{"second_region",                  "| @1:0 P3",                    "0+3",                 0, 1},
  CopyRow{"to_ram_with_holes",              "dir=ram | P2 H1 P2",           "0+2 3+2",             0, 1},
  CopyRow{"to_ram_stale_run_start",         "dir=ram | P{C-1} H1 P2",       "0+{C-1} {C}+2",       0, 1},
  CopyRow{"first_submission_fails",         "fail=1:-12 | P2 H1 P2",        "0+2!",              -12, 1},
  CopyRow{"second_submission_fails",        "fail=2:-5 | P2 H1 P2",         "0+2 3+2!",           -5, 1},
  CopyRow{"last_single_call_fails",         "fail=2:-62 | P2 +5 P1",        "0+2 2+1!",          -62, 1},
  CopyRow{"folio_alone",                    "| F2",                         "0+4",                 0, 2},
  CopyRow{"folio_then_page",                "| F1 P1",                      "0+3",                 0, 2},
  CopyRow{"folio_then_hole",                "| F1 H1",                      "0+2",                 0, 2},
  CopyRow{"page_then_folio_at_end",         "| P1 F1",                      "0+3",                 0, 2},
  CopyRow{"folio_across_chunk_boundary",    "| P{C-2} F2 H1",               "0+{C} {C}+2",         0, 2},
  CopyRow{"folio_after_discontiguity",      "| P1 +3 F1 P1",                "0+1 1+3",             0, 2},
  CopyRow{"folio_to_ram",                   "dir=ram | F2 H1",              "0+4",                 0, 2},
  CopyRow{"prefence_pending",               "prefence=pending | P3",        "0+3",                 0, 3},
  CopyRow{"prefence_signaled",              "prefence=signaled | P3",       "0+3",                 0, 3},
  CopyRow{"prefence_pending_no_job",        "prefence=pending | H2 N1",     "",                    0, 3},
  CopyRow{"prefence_pending_first_fails",   "prefence=pending fail=1:-12 | P2", "0+2!",          -12, 3},
  CopyRow{"prefence_pending_two_runs",      "prefence=pending | P2 H1 P{C+1}", "0+2 3+{C} {C+3}+1", 0, 3},
};
// clang-format on

}  // namespace

std::span<const CopyRow> copy_rows() { return kRows; }

std::vector<std::pair<ExpectedCall, bool>> parse_expected_calls(const char* text, uint64_t chunk) {
  std::vector<std::pair<ExpectedCall, bool>> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) {
    bool fail = !w.empty() && w.back() == '!';
    if (fail) w.pop_back();
    auto plus = w.find('+', w.front() == '{' ? w.find('}') : 0);
    if (plus == std::string::npos) throw std::invalid_argument("bad expected call '" + w + "'");
    auto s = eval_chunk_expr(w.substr(0, plus), chunk), n = eval_chunk_expr(w.substr(plus + 1), chunk);
    if (!s || !n) throw std::invalid_argument("bad expected call '" + w + "'");
    out.push_back({ExpectedCall{static_cast<uint32_t>(*s), static_cast<uint64_t>(*n)}, fail});
  }
  return out;
}

}  // namespace svm
