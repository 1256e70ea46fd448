// SPDX-License-Identifier: MIT
// svmcheck-engine_p<PAGE_SHIFT>: the per-geometry engine behind
// scripts/svmcheck. Subcommands:
//   verdict [--algo copy|buddy|devmem|all] [--seed N] [--budget S] [--corpus DIR] [--no-write]
//   replay  [--variant V] [--expect PROP] FILE...
//   layout  --variant V 'TEXT'
//   list
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "tools/copy_corpus.hpp"
#include "tools/verdict.hpp"

namespace svm {
// Checkers of the other algorithms live in their own files; a build without
// them reports that instead of a verdict.
__attribute__((weak)) std::vector<VariantVerdict> buddy_verdicts(const VerdictOptions& opt);
__attribute__((weak)) std::vector<VariantVerdict> devmem_verdicts(const VerdictOptions& opt);
}  // namespace svm

namespace {

using namespace svm;

int usage(const std::string& why) {
  std::fprintf(stderr, "svmcheck-engine: %s (see 'scripts/svmcheck --help')\n", why.c_str());
  return 2;
}

std::string join_demos(const std::vector<Demonstration>& ds) {
  std::string s;
  for (const auto& d : ds) {
    if (!s.empty()) s += ";";
    s += std::string(id(d.prop)) + "=" + d.reproducer;
  }
  return s.empty() ? "-" : s;
}

std::string clean(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n') c = ' ';
  return s.empty() ? "-" : s;
}

int cmd_verdict(const std::vector<std::string>& args) {
  VerdictOptions opt;
  std::string algo = "all";
  for (size_t i = 0; i < args.size(); i++) {
    const auto& a = args[i];
    auto value = [&](const char* name) -> const std::string* {
      if (i + 1 >= args.size()) return nullptr;
      (void)name;
      return &args[++i];
    };
    try {
      if (a == "--algo") {
        auto v = value("--algo");
        if (!v || (*v != "copy" && *v != "buddy" && *v != "devmem" && *v != "all"))
          return usage("--algo takes copy, buddy, devmem or all");
        algo = *v;
      } else if (a == "--seed") {
        auto v = value("--seed");
        if (!v) return usage("--seed takes a number");
        opt.seed = std::stoull(*v);
      } else if (a == "--budget") {
        auto v = value("--budget");
        if (!v || std::stod(*v) <= 0) return usage("--budget takes a positive number of seconds");
        opt.budget_seconds = std::stod(*v);
      } else if (a == "--corpus") {
        auto v = value("--corpus");
        if (!v) return usage("--corpus takes a directory");
        opt.corpus_dir = *v;
      } else if (a == "--no-write") {
        opt.write_reproducers = false;
      } else {
        return usage("unknown verdict option '" + a + "'");
      }
    } catch (const std::exception&) {
      return usage("bad value for " + a);
    }
  }
  std::vector<VariantVerdict> rows;
  auto add = [&](const char* name, std::vector<VariantVerdict> (*fn)(const VerdictOptions&)) {
    if (algo != "all" && algo != name) return;
    if (!fn) {
      VariantVerdict r;
      r.algo = name;
      r.variant = "*";
      r.error = std::string("the ") + name + " checker is not built";
      rows.push_back(r);
      return;
    }
    auto more = fn(opt);
    rows.insert(rows.end(), more.begin(), more.end());
  };
  add("copy", &copy_verdicts);
  add("buddy", buddy_verdicts);
  add("devmem", devmem_verdicts);
  bool all_ok = true;
  for (const auto& r : rows) {
    all_ok = all_ok && r.matches();
    std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.algo.c_str(), r.variant.c_str(), clean(r.api).c_str(),
                clean(r.geometry).c_str(), clean(r.expected).c_str(), r.observed_string().c_str(),
                r.matches() ? "ok" : "MISMATCH", join_demos(r.observed).c_str(), join_demos(r.advisory).c_str(),
                clean(r.error).c_str());
  }
  return all_ok ? 0 : 1;
}

const svm_copy_variant* find_variant(const std::string& name) { return svm_copy_variant_find(name.c_str()); }

void print_run(const svm_copy_variant& v, const CopyInput& in, const Geometry& g, bool diagram) {
  auto run = run_copy(v, in);
  auto findings = check_copy(in, v.api_gen, run, g);
  std::printf("variant %s (%s), PAGE_SHIFT=%u, CHUNK=%llu: %s\n", v.name, v.api, g.page_shift,
              static_cast<unsigned long long>(g.chunk), format_copy_layout(in).c_str());
  if (auto why = copy_contract_violation(in, v.api_gen, g)) std::printf("  outside the contract: %s\n", why->c_str());
  std::printf("  returned %d, %zu call(s)\n", run.ret, run.calls.size());
  if (diagram && in.npages() <= 96) std::fputs(copy_diagram(in, v.api_gen, run, g).c_str(), stdout);
  for (const auto& f : findings)
    std::printf("  %s%s: %s\n", std::string(id(f.prop)).c_str(), info(f.prop).advisory ? " (advisory)" : "",
                f.detail.c_str());
  if (findings.empty()) std::printf("  no property violated\n");
}

int cmd_replay(const std::vector<std::string>& args) {
  std::string variant, expect;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--variant" && i + 1 < args.size()) {
      variant = args[++i];
    } else if (args[i] == "--expect" && i + 1 < args.size()) {
      expect = args[++i];
    } else if (args[i].rfind("--", 0) == 0) {
      return usage("unknown replay option '" + args[i] + "'");
    } else {
      files.push_back(args[i]);
    }
  }
  if (files.empty()) return usage("replay needs at least one corpus file");
  std::optional<Prop> want;
  if (!expect.empty() && !(want = parse_prop(expect))) return usage("unknown property ID '" + expect + "'");
  Geometry g = Geometry::current();
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  std::vector<const svm_copy_variant*> targets;
  if (!variant.empty()) {
    auto v = find_variant(variant);
    if (!v) return usage("no copy variant named '" + variant + "'");
    targets.push_back(v);
  } else {
    for (size_t k = 0; k < n; k++) targets.push_back(&vs[k]);
  }
  int rc = 0;
  for (const auto& file : files) {
    std::string err;
    auto bytes = read_corpus_file(file, &err);
    if (!bytes) {
      std::fprintf(stderr, "svmcheck-engine: %s\n", err.c_str());
      return 2;
    }
    if (!corpus_file_for_geometry(file, g.page_shift)) {
      std::printf("%s: recorded for another geometry, not replayed at PAGE_SHIFT=%u\n", file.c_str(), g.page_shift);
      continue;
    }
    auto in = decode_copy(*bytes, CopyDecodeLimits::for_geometry(g));
    std::printf("== %s\n", file.c_str());
    for (auto v : targets) {
      print_run(*v, in, g, true);
      if (want) {
        auto findings = check_copy(in, v->api_gen, run_copy(*v, in), g);
        bool found = false;
        for (const auto& f : findings) found = found || f.prop == *want;
        if (!found) {
          std::printf("  expected %s: not reproduced\n", expect.c_str());
          rc = 1;
        }
      }
    }
  }
  return rc;
}

int cmd_layout(const std::vector<std::string>& args) {
  std::string variant, text;
  bool have_text = false;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--variant" && i + 1 < args.size()) {
      variant = args[++i];
    } else if (!have_text) {
      text = args[i];
      have_text = true;
    } else {
      return usage("layout takes one layout text");
    }
  }
  if (!have_text) return usage("layout needs a layout text such as '| P5 H1 P2'");
  Geometry g = Geometry::current();
  std::string err;
  auto in = parse_copy_layout(text, g, &err);
  if (!in) return usage("bad layout: " + err);
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  bool any = false;
  for (size_t k = 0; k < n; k++) {
    if (!variant.empty() && variant != vs[k].name) continue;
    any = true;
    print_run(vs[k], *in, g, true);
  }
  if (!any) return usage("no copy variant named '" + variant + "'");
  return 0;
}

int cmd_list() {
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  for (size_t k = 0; k < n; k++)
    std::printf("copy\t%s\t%s\t%s\t%s\n", vs[k].name, vs[k].api, vs[k].expect, vs[k].file);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("missing subcommand (verdict, replay, layout, list)");
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (cmd == "verdict") return cmd_verdict(args);
    if (cmd == "replay") return cmd_replay(args);
    if (cmd == "layout") return cmd_layout(args);
    if (cmd == "list") return cmd_list();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "svmcheck-engine: internal error: %s\n", e.what());
    return 3;
  }
  return usage("unknown subcommand '" + cmd + "'");
}
