// SPDX-License-Identifier: MIT
// Copy rows of the verdict table: every variant of the registry is run on
// the directed rows, the committed corpus, a bounded enumeration of small
// layouts and a seeded random search; each demonstrated property keeps its
// smallest input, shrunk, written as a copy_vs_model reproducer.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "model/copy_search.hpp"
#include "model/copy_table.hpp"
#include "tools/copy_corpus.hpp"
#include "tools/verdict.hpp"

namespace svm {
namespace fs = std::filesystem;

namespace {

struct Best {
  CopyInput input;
  std::string detail;
};

bool shows(const svm_copy_variant& v, const CopyInput& in, Prop p, const Geometry& g, std::string* detail) {
  if (copy_contract_violation(in, v.api_gen, g)) return false;
  auto run = run_copy(v, in);
  for (const auto& f : check_copy(in, v.api_gen, run, g))
    if (f.prop == p) {
      if (detail) *detail = f.detail;
      return true;
    }
  return false;
}

}  // namespace

std::vector<VariantVerdict> copy_verdicts(const VerdictOptions& opt) {
  std::vector<VariantVerdict> rows;
  Geometry g = Geometry::current();
  size_t count = 0;
  const svm_copy_variant* vs = svm_copy_variants(&count);
  for (size_t k = 0; k < count; k++) {
    const svm_copy_variant& v = vs[k];
    VariantVerdict row;
    row.algo = "copy";
    row.variant = v.name;
    row.api = v.api;
    row.geometry = "PAGE_SHIFT=" + std::to_string(g.page_shift);
    row.expected = v.expect;
    std::map<Prop, Best> best;
    auto consider = [&](const CopyInput& in) {
      if (copy_contract_violation(in, v.api_gen, g)) return;
      auto run = run_copy(v, in);
      for (const auto& f : check_copy(in, v.api_gen, run, g)) {
        auto it = best.find(f.prop);
        if (it == best.end() || copy_input_smaller(in, it->second.input, v.api_gen))
          best[f.prop] = Best{in, f.detail};
      }
    };
    for (const auto& r : copy_rows())
      if (r.min_api <= v.api_gen)
        if (auto in = parse_copy_layout(r.layout, g)) consider(*in);
    if (!opt.corpus_dir.empty())
      for (const auto& file : copy_corpus_files(opt.corpus_dir, g.page_shift))
        if (auto bytes = read_corpus_file(file)) consider(decode_copy(*bytes, CopyDecodeLimits::for_geometry(g)));
    enumerate_copy_inputs(v.api_gen, g, g.chunk <= 16 ? 3 : 2, [&](const CopyInput& in) {
      consider(in);
      return true;
    });
    std::mt19937_64 rng(opt.seed ^ std::hash<std::string>{}(v.name));
    uint64_t iterations = static_cast<uint64_t>(opt.budget_seconds * (g.chunk <= 16 ? 4000 : 200));
    for (uint64_t it = 0; it < iterations; it++) consider(random_copy_input(rng, v.api_gen, g));

    for (auto& [found, b] : best) {
      const Prop prop = found;  // a plain variable: lambdas may not capture bindings (C++20 in clang 14)
      b.input = shrink_copy_input(
          b.input, [&](const CopyInput& c) { return shows(v, c, prop, g, nullptr); },
          opt.budget_seconds);
      shows(v, b.input, prop, g, &b.detail);
      Demonstration d{prop, "", b.detail};
      if (opt.write_reproducers && !opt.corpus_dir.empty()) {
        std::string err;
        d.reproducer = save_copy_reproducer(opt.corpus_dir, v.name, prop, g.page_shift, b.input,
                                            [&](const CopyInput& c) { return shows(v, c, prop, g, nullptr); }, &err);
        if (d.reproducer.empty()) row.error = err;
      } else {
        d.reproducer = "'" + format_copy_layout(b.input) + "'";
      }
      (info(prop).advisory ? row.advisory : row.observed).push_back(d);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace svm
