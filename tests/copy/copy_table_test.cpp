// SPDX-License-Identifier: MIT
// Table-driven copy tests, in the style of the kernel's scatterlist test:
// every row of model/copy_table.cpp on every copy variant of this build's
// geometry. 'fixed' must issue exactly the row's calls and return its value;
// for the other variants a row either passes or exposes exactly the
// property IDs listed below.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "model/copy_table.hpp"

namespace svm {
namespace {

// Rows that expose a violation, per variant; every other (row, variant) pair
// must pass. These were derived by hand from copy.md and each is confirmed
// by a run; the twin geometries share one expectation.
const std::map<std::string, std::map<std::string, std::string>> kExposes = {
    {"seed_v4",
     {
         {"run_chunk_plus_one", "COPY-CHUNK"},
         {"run_two_chunks_plus_one", "COPY-CHUNK"},
         {"to_ram_chunk_plus_one", "COPY-CHUNK"},
         {"stale_run_start_at_chunk", "COPY-EMPTY"},
         {"to_ram_stale_run_start", "COPY-EMPTY"},
         {"stale_run_start_then_long_run", "COPY-CHUNK,COPY-EMPTY"},
     }},
    {"folio",
     {
         {"run_chunk_plus_one", "COPY-CHUNK,KERNEL-ASSERT,KERNEL-WARN"},
         {"run_two_chunks_plus_one", "COPY-CHUNK,KERNEL-ASSERT,KERNEL-WARN"},
         {"to_ram_chunk_plus_one", "COPY-CHUNK,KERNEL-ASSERT,KERNEL-WARN"},
         {"discontiguous_run", "KERNEL-ASSERT"},
         {"discontiguous_last_page", "KERNEL-ASSERT"},
         {"descending_pages", "KERNEL-ASSERT"},
         {"chunk_then_discontiguous_last", "KERNEL-ASSERT"},
         {"last_single_call_fails", "KERNEL-ASSERT"},
         {"stale_run_start_at_chunk", "COPY-EMPTY"},
         {"to_ram_stale_run_start", "COPY-EMPTY"},
         {"stale_run_start_then_long_run", "COPY-CHUNK,COPY-EMPTY,KERNEL-ASSERT,KERNEL-WARN"},
         {"folio_alone", "COPY-DATA,COPY-ONCE"},
         {"page_then_folio_at_end", "COPY-DATA,COPY-ONCE"},
         {"folio_across_chunk_boundary", "COPY-CHUNK,KERNEL-ASSERT,KERNEL-WARN"},
         {"folio_after_discontiguity", "KERNEL-ASSERT"},
     }},
};

const std::map<std::string, std::string>& exposes(const std::string& variant) {
  static const std::map<std::string, std::string> none;
  // prefence runs the G2 loop: it exposes what folio does on the same rows,
  // plus the rows that only G3 inputs reach.
  static const std::map<std::string, std::string> prefence = [] {
    auto m = kExposes.at("folio");
    m["prefence_pending_two_runs"] = "COPY-CHUNK,KERNEL-ASSERT,KERNEL-WARN";
    return m;
  }();
  if (variant == "prefence") return prefence;
  auto it = kExposes.find(variant);
  return it == kExposes.end() ? none : it->second;
}

struct Case {
  const svm_copy_variant* variant;
  const CopyRow* row;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  for (size_t k = 0; k < n; k++)
    for (const auto& r : copy_rows())
      if (r.min_api <= vs[k].api_gen) out.push_back({&vs[k], &r});
  return out;
}

class CopyTable : public ::testing::TestWithParam<Case> {};

TEST_P(CopyTable, row_gives_the_documented_calls_or_exactly_the_exposed_properties) {
  const auto& [v, row] = GetParam();
  Geometry g = Geometry::current();
  std::string err;
  auto in = parse_copy_layout(row->layout, g, &err);
  ASSERT_TRUE(in) << row->layout << ": " << err;
  ASSERT_FALSE(copy_contract_violation(*in, v->api_gen, g)) << "row is outside the contract";
  auto run = run_copy(*v, *in);
  auto findings = check_copy(*in, v->api_gen, run, g);
  std::string observed = verdict_string(verdict_props(findings));
  auto want = exposes(v->name);
  auto it = want.find(row->name);
  std::string expected = it == want.end() ? "pass" : it->second;
  std::string why;
  for (const auto& f : findings) why += "  " + std::string(id(f.prop)) + ": " + f.detail + "\n";
  if (std::string(v->expect) == "observed") {
    // Kernel-tree / review variant: nothing declared; the row reports what it observed.
    RecordProperty("observed", observed);
    if (observed != "pass") std::printf("observed %s on %s:\n%s", observed.c_str(), row->name, why.c_str());
    return;
  }
  EXPECT_EQ(observed, expected) << "layout " << row->layout << "\n"
                                << why << copy_diagram(*in, v->api_gen, run, g);
  if (std::string(v->name) != "fixed") return;
  // The corrected loop issues exactly the calls the row documents.
  auto calls = parse_expected_calls(row->calls, g.chunk);
  ASSERT_EQ(run.calls.size(), calls.size()) << copy_diagram(*in, v->api_gen, run, g);
  for (size_t i = 0; i < calls.size(); i++) {
    EXPECT_EQ(run.calls[i].sys_index, calls[i].first.start) << "call #" << i + 1;
    EXPECT_EQ(run.calls[i].npages, calls[i].first.npages) << "call #" << i + 1;
    EXPECT_EQ(run.calls[i].result != 0, calls[i].second) << "call #" << i + 1;
  }
  EXPECT_EQ(run.ret, row->ret);
}

INSTANTIATE_TEST_SUITE_P(Rows, CopyTable, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return std::string(p.param.variant->name) + "__" + p.param.row->name;
                         });

TEST(CopyTableSelf, every_variant_has_every_row_it_can_take) {
  size_t n = 0;
  svm_copy_variants(&n);
  EXPECT_GE(n, 4u);
  EXPECT_GE(all_cases().size(), n * 30);
}

TEST(CopyTableSelf, fixed_expectations_match_the_minimal_calls_of_the_model) {
  // The hand-written calls and the model's minimal_calls() are two
  // statements of one fact; they must agree on every row without failure.
  Geometry g = Geometry::current();
  for (const auto& r : copy_rows()) {
    auto in = parse_copy_layout(r.layout, g);
    ASSERT_TRUE(in);
    if (in->fail_at) continue;
    auto want = parse_expected_calls(r.calls, g.chunk);
    auto model = minimal_calls(*in, 3, g);
    ASSERT_EQ(model.size(), want.size()) << r.name;
    for (size_t i = 0; i < want.size(); i++) EXPECT_EQ(model[i], want[i].first) << r.name << " call " << i;
  }
}

}  // namespace
}  // namespace svm
