// SPDX-License-Identifier: MIT
// Buddy rows of the verdict table: every variant of the buddy registry
// replays the committed buddy_random_walk corpus, then runs seeded random
// call sequences (slab failures injected on some calls) in lockstep with
// the reference model until the budget is spent. Each demonstrated
// property keeps its shortest sequence, shrunk call by call, written as
// <corpus>/buddy_random_walk/regress-<variant>-<PROPERTY>.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "abi/svm_buddy_abi.h"
#include "fuzz/decoders/buddy_codec.hpp"
#include "model/buddy_runner.hpp"
#include "model/copy_input.hpp"
#include "tools/verdict.hpp"

namespace svm {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

struct Best {
  std::vector<uint8_t> bytes;
  std::string detail;
};

std::vector<Finding> all_findings(const svm_buddy_ops& ops, const std::vector<uint8_t>& bytes) {
  auto seq = decode_buddy_ops(bytes);
  auto res = run_buddy_ops(ops, seq);
  res.findings.insert(res.findings.end(), res.advisory.begin(), res.advisory.end());
  return res.findings;
}

bool shows(const svm_buddy_ops& ops, const std::vector<uint8_t>& bytes, Prop p, std::string* detail) {
  for (const auto& f : all_findings(ops, bytes))
    if (f.prop == p) {
      if (detail) *detail = f.detail;
      return true;
    }
  return false;
}

// Drops calls one at a time (never the leading init) while the property
// still shows and the sequence still encodes.
std::vector<uint8_t> shrink(const svm_buddy_ops& ops, std::vector<uint8_t> bytes, Prop p, Clock::time_point deadline) {
  auto seq = decode_buddy_ops(bytes);
  bool progress = true;
  while (progress && Clock::now() < deadline) {
    progress = false;
    for (size_t i = seq.size(); i-- > 1 && Clock::now() < deadline;) {
      auto cand = seq;
      cand.erase(cand.begin() + static_cast<long>(i));
      auto enc = encode_buddy_ops(cand);
      if (enc.empty() || !shows(ops, enc, p, nullptr)) continue;
      seq = decode_buddy_ops(enc);
      bytes = enc;
      progress = true;
    }
  }
  return bytes;
}

std::vector<std::vector<uint8_t>> corpus_inputs(const std::string& dir) {
  std::vector<std::vector<uint8_t>> out;
  std::error_code ec;
  fs::path d = fs::path(dir) / "buddy_random_walk";
  if (dir.empty() || !fs::is_directory(d, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(d, ec))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

std::string save(const std::string& dir, const std::string& variant, Prop p, const std::vector<uint8_t>& bytes, std::string* err) {
  fs::path d = fs::path(dir) / "buddy_random_walk";
  std::error_code ec;
  fs::create_directories(d, ec);
  fs::path f = d / ("regress-" + variant + "-" + std::string(id(p)));
  std::ofstream out(f, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    *err = "cannot write " + f.string();
    return "";
  }
  return f.string();
}

}  // namespace

std::vector<VariantVerdict> buddy_verdicts(const VerdictOptions& opt) {
  std::vector<VariantVerdict> rows;
  size_t count = 0;
  const svm_buddy_variant* vs = svm_buddy_variants(&count);
  const auto geometry = "PAGE_SHIFT=" + std::to_string(Geometry::current().page_shift);
  const auto corpus = corpus_inputs(opt.corpus_dir);
  for (size_t k = 0; k < count; k++) {
    const svm_buddy_variant& v = vs[k];
    VariantVerdict row;
    row.algo = "buddy";
    row.variant = v.name;
    row.api = v.api;
    row.geometry = geometry;
    row.expected = v.expect;
    const auto start = Clock::now();
    const auto search_end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.budget_seconds * 0.8));
    const auto shrink_end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.budget_seconds));

    std::map<Prop, Best> best;
    auto consider = [&](const std::vector<uint8_t>& bytes) {
      for (const auto& f : all_findings(*v.ops, bytes)) {
        auto it = best.find(f.prop);
        if (it == best.end() || bytes.size() < it->second.bytes.size()) best[f.prop] = Best{bytes, f.detail};
      }
    };
    for (const auto& bytes : corpus) consider(bytes);

    const uint64_t seed = opt.seed ^ std::hash<std::string>{}(v.name);
    if (opt.verbose) std::fprintf(stderr, "buddy %s: seed %llu\n", v.name, static_cast<unsigned long long>(seed));
    uint64_t runs = 0;
    for (; Clock::now() < search_end || runs == 0; runs++) {
      auto seq = random_buddy_ops(seed + runs, 64);
      std::string err;
      auto bytes = encode_buddy_ops(seq, &err);
      if (bytes.empty()) {
        row.error = "harness: the generator made a sequence the codec cannot express (" + err + ")";
        break;
      }
      consider(bytes);
    }
    if (opt.verbose) std::fprintf(stderr, "buddy %s: %llu random sequences\n", v.name, static_cast<unsigned long long>(runs));

    for (auto& [prop, b] : best) {
      b.bytes = shrink(*v.ops, b.bytes, prop, shrink_end);
      shows(*v.ops, b.bytes, prop, &b.detail);
      Demonstration d{prop, "", b.detail};
      if (opt.write_reproducers && !opt.corpus_dir.empty()) {
        std::string err;
        d.reproducer = save(opt.corpus_dir, v.name, prop, b.bytes, &err);
        if (d.reproducer.empty()) row.error = err;
      } else {
        d.reproducer = "(not written: " + std::to_string(b.bytes.size()) + " bytes)";
      }
      (info(prop).advisory ? row.advisory : row.observed).push_back(d);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace svm
