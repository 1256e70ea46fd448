// SPDX-License-Identifier: MIT
// Verdict rows of the device-memory variants: the named scenarios, then a
// seeded random lifecycle search within the budget. Every property shown
// gets the shortest program that showed it as a reproducer,
// <corpus>/devmem_lifecycle/regress-<variant>-<property>, in the
// devmem_lifecycle byte format (fuzz/decoders/devmem_codec.hpp); a
// reproducer already there that still shows the property is kept, so the
// two geometries agree on one file where they can.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "abi/svm_copy_abi.h"
#include "fuzz/decoders/devmem_codec.hpp"
#include "model/devmem_oracle.hpp"
#include "model/devmem_scenarios.hpp"
#include "tools/verdict.hpp"

namespace svm {
namespace {

// Which program becomes a property's reproducer: lower rank first, then
// fewer bytes. A targeted scenario shows its property alone (a sanitizer
// build stops at the first error, so a program showing two properties in
// one operation may replay only one of them there).
enum class Rank { TargetedScenario, Scenario, Random };

struct Shown {
  Rank rank;
  std::vector<uint8_t> bytes;
  std::string detail;
};

std::optional<std::vector<uint8_t>> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

bool shows(const svm_devmem_variant& v, const std::vector<uint8_t>& bytes, Prop p) {
  return run_devmem(v, decode_devmem(bytes)).has(p);
}

uint64_t name_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  return h;
}

VariantVerdict judge(const svm_devmem_variant& v, const VerdictOptions& opt) {
  VariantVerdict row;
  row.algo = "devmem";
  row.variant = v.name;
  row.api = v.api;
  row.geometry = "PAGE_SHIFT=" + std::to_string(svm_page_shift());
  row.expected = v.expect;

  std::map<Prop, Shown> best;
  auto consider = [&](const DevmemProgram& program, bool scenario, std::optional<Prop> targets) {
    DevmemOutcome o = run_devmem(v, program);
    if (!o.error.empty() && row.error.empty()) row.error = o.error + " (" + format_devmem_program(program) + ")";
    for (const auto& f : o.findings) {
      Shown s{!scenario ? Rank::Random : targets == f.prop ? Rank::TargetedScenario : Rank::Scenario,
              encode_devmem(program), f.detail};
      auto it = best.find(f.prop);
      if (it == best.end() || s.rank < it->second.rank ||
          (s.rank == it->second.rank && s.bytes.size() < it->second.bytes.size()))
        best[f.prop] = std::move(s);
    }
  };

  for (const auto& s : devmem_scenarios()) consider(s.program, true, s.targets);
  uint64_t seed = opt.seed ^ name_hash(v.name);
  std::mt19937_64 rng(seed);
  auto stop = std::chrono::steady_clock::now() + std::chrono::duration<double>(opt.budget_seconds);
  uint64_t runs = 0;
  while (std::chrono::steady_clock::now() < stop) {
    consider(random_devmem_program(rng), false, std::nullopt);
    runs++;
  }
  if (opt.verbose)
    std::fprintf(stderr, "devmem %s: %zu scenarios, %llu random lifecycles (seed %llu)\n", v.name,
                 devmem_scenarios().size(), static_cast<unsigned long long>(runs), static_cast<unsigned long long>(seed));

  std::filesystem::path dir = std::filesystem::path(opt.corpus_dir) / "devmem_lifecycle";
  for (auto& [prop, shown] : best) {
    std::string name = "regress-" + std::string(v.name) + "-" + std::string(id(prop));
    Demonstration d{prop, "", shown.detail};
    if (!opt.corpus_dir.empty()) {
      auto path = dir / name;
      auto existing = read_bytes(path);
      if (existing && shows(v, *existing, prop)) {
        d.reproducer = path.string();
      } else if (opt.write_reproducers) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(shown.bytes.data()), static_cast<std::streamsize>(shown.bytes.size()));
        if (!out) {
          row.error = "cannot write " + path.string();
        } else {
          d.reproducer = path.string();
        }
      }
      if (!d.reproducer.empty() && !shows(v, *read_bytes(d.reproducer), prop) && row.error.empty())
        row.error = d.reproducer + " does not replay " + std::string(id(prop));
    }
    row.observed.push_back(d);
  }
  return row;
}

}  // namespace

std::vector<VariantVerdict> devmem_verdicts(const VerdictOptions& opt) {
  std::vector<VariantVerdict> rows;
  for (const auto* v : devmem_variants()) rows.push_back(judge(*v, opt));
  return rows;
}

}  // namespace svm
