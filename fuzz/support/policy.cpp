// SPDX-License-Identifier: MIT
#include "fuzz/support/policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace svm::fuzz {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Strips a trailing -p<digits>; returns the shift if there was one.
std::optional<uint32_t> strip_geometry(std::string_view* name) {
  auto dash = name->rfind("-p");
  if (dash == std::string_view::npos || !all_digits(name->substr(dash + 2))) return std::nullopt;
  auto digits = name->substr(dash + 2);
  if (digits.size() > 3) return std::nullopt;
  uint32_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<uint32_t>(c - '0');
  *name = name->substr(0, dash);
  return v;
}

}  // namespace

Policy policy_from_env() {
  Policy p;
#ifdef SVM_FUZZ_TOLERATE_DECLARED
  p.tolerate_declared = true;
#endif
  if (const char* d = std::getenv("SVM_FUZZ_DECLARED")) {
    if (!std::strcmp(d, "abort")) {
      p.tolerate_declared = false;
    } else if (!std::strcmp(d, "tolerate")) {
      p.tolerate_declared = true;
    } else {
      std::fprintf(stderr, "svm-fuzz: SVM_FUZZ_DECLARED must be 'abort' or 'tolerate', not '%s'\n", d);
      std::exit(2);
    }
  }
  if (const char* only = std::getenv("SVM_FUZZ_ONLY"); only && *only) {
    std::string bad;
    auto props = parse_verdict(only, &bad);
    if (!props || props->empty()) {
      std::fprintf(stderr, "svm-fuzz: SVM_FUZZ_ONLY: '%s' is not a property ID\n", bad.c_str());
      std::exit(2);
    }
    p.only = *props;
  }
  if (const char* b = std::getenv("SVM_FUZZ_BARE")) p.bare = *b && std::strcmp(b, "0") != 0;
  return p;
}

std::vector<Prop> declared_props(const TargetInfo& t) {
  auto props = parse_verdict(t.expect);
  return props ? *props : std::vector<Prop>{};
}

bool declared_pass(const TargetInfo& t) { return declared_props(t).empty(); }

std::optional<Finding> armed_finding(const Outcome& o, const TargetInfo& t, const Policy& p) {
  if (!o.in_contract) return std::nullopt;
  auto declared = declared_props(t);
  for (const auto& f : o.findings) {
    if (info(f.prop).advisory) continue;
    if (!p.only.empty() && std::find(p.only.begin(), p.only.end(), f.prop) == p.only.end()) continue;
    if (p.tolerate_declared && std::find(declared.begin(), declared.end(), f.prop) != declared.end()) continue;
    return f;
  }
  return std::nullopt;
}

std::string finding_line(const Finding& f, const TargetInfo& t) {
  std::string detail = f.detail;
  std::replace(detail.begin(), detail.end(), '\n', ' ');
  return "FINDING " + std::string(id(f.prop)) + " variant=" + std::string(t.variant) +
         " target=" + std::string(t.target) + ": " + detail;
}

std::optional<RegressName> parse_regress_name(std::string_view name) {
  constexpr std::string_view kPrefix = "regress-";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  RegressName r{};
  r.page_shift = strip_geometry(&name);
  // A second reproducer of the same property carries .<n>.
  if (auto dot = name.rfind('.'); dot != std::string_view::npos && all_digits(name.substr(dot + 1)))
    name = name.substr(0, dot);
  auto dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  auto prop = parse_prop(name.substr(dash + 1));
  if (!prop) return std::nullopt;
  r.variant = std::string(name.substr(0, dash));
  r.prop = *prop;
  return r;
}

bool file_for_geometry(std::string_view name, uint32_t page_shift) {
  auto shift = strip_geometry(&name);
  return !shift || *shift == page_shift;
}

}  // namespace svm::fuzz
