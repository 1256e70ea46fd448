// SPDX-License-Identifier: MIT
// The replay program of a fuzz target: the same target file, driven by a
// plain main() instead of libFuzzer, so any compiler (gcc in the dev preset)
// replays the corpus in the ordinary test run (ctest label fuzz-replay).
//
//   <target>-replay [--corpus DIR]... [FILE|DIR...]
//       Replays every file of each --corpus DIR that belongs to this
//       geometry, and every FILE (every file of a plain DIR). A file named regress-<this variant>-<PROPERTY>... must
//       show that property on this variant; every other file, and every
//       other finding, must be one the variant declares (none for a pass
//       variant). With --corpus, a variant declared failing must have a
//       regress file of this geometry for each declared ID.
//   <target>-replay --classify FILE...    the finding that would abort the
//       fuzzer under the SVM_FUZZ_* environment, then every non-advisory ID
//       the input shows: "<file> <ID>|clean|out-of-contract <ID,...>|none"
//   <target>-replay --canonical IN OUT    writes the canonical encoding
//   <target>-replay --seed TEXT OUT       writes a seed from the text form
//   <target>-replay --describe FILE...    the decoded input, one line each
//   <target>-replay --info                target, variant, Expect, PAGE_SHIFT
// Environment: SVM_FUZZ_IN_PROCESS=1 runs oracles in this process (coverage).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "fuzz/support/fuzz_target.hpp"
#include "fuzz/support/policy.hpp"

namespace fs = std::filesystem;
using namespace svm;
using namespace svm::fuzz;

namespace {

std::optional<std::vector<uint8_t>> read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

// Writes without ever replacing an existing file.
bool write_new_file(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::error_code ec;
  if (fs::exists(p, ec)) {
    std::fprintf(stderr, "%s: exists, not overwritten\n", p.c_str());
    return false;
  }
  fs::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      std::fprintf(stderr, "%s: write failed\n", tmp.c_str());
      return false;
    }
  }
  fs::rename(tmp, p, ec);
  return !ec;
}

std::string ids(const std::vector<Finding>& fs_) {
  std::set<std::string> s;
  for (const auto& f : fs_)
    if (!info(f.prop).advisory) s.insert(std::string(id(f.prop)));
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out.empty() ? "none" : out;
}

// Replays run each input's oracle in a child where it can (a crash is
// classified, not fatal); SVM_FUZZ_IN_PROCESS=1 runs it in this process,
// for coverage builds (a child's profile is never written).
RunMode replay_mode() {
  const char* e = std::getenv("SVM_FUZZ_IN_PROCESS");
  return RunMode{false, !(e && std::string(e) == "1")};
}

// The rule a corpus file is held to; "" when it holds.
std::string judge(const fs::path& p, const Outcome& o, const TargetInfo& t) {
  auto declared = declared_props(t);
  auto is_declared = [&](Prop q) { return std::find(declared.begin(), declared.end(), q) != declared.end(); };
  auto regress = parse_regress_name(p.filename().string());
  bool mine = regress && regress->variant == t.variant;
  if (mine) {
    if (!o.in_contract) return "reproducer is outside the contract: " + o.contract;
    bool shown = std::any_of(o.findings.begin(), o.findings.end(), [&](const Finding& f) { return f.prop == regress->prop; });
    if (!shown) return "does not reproduce " + std::string(id(regress->prop)) + " (shows " + ids(o.findings) + ")";
  }
  if (!o.in_contract) return "";
  // Kernel-tree / review variants declare nothing: findings are printed as observed, not judged.
  if (t.expect == "observed") return "";
  for (const auto& f : o.findings)
    if (!info(f.prop).advisory && !is_declared(f.prop))
      return "undeclared finding " + std::string(id(f.prop)) + " on " + std::string(t.variant) + ": " + f.detail;
  return "";
}

int replay(const std::vector<std::string>& corpora, const std::vector<std::string>& files) {
  const TargetInfo& t = target_info();
  std::vector<fs::path> todo;
  for (const auto& d : corpora) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) {
      std::fprintf(stderr, "%s: no such corpus folder\n", d.c_str());
      return 2;
    }
    std::vector<fs::path> in_dir;
    for (const auto& e : fs::directory_iterator(d, ec))
      if (e.is_regular_file() && file_for_geometry(e.path().filename().string(), t.page_shift))
        in_dir.push_back(e.path());
    std::sort(in_dir.begin(), in_dir.end());
    todo.insert(todo.end(), in_dir.begin(), in_dir.end());
  }
  for (const auto& f : files) {
    std::error_code ec;
    if (fs::is_directory(f, ec)) {
      for (const auto& e : fs::directory_iterator(f, ec))
        if (e.is_regular_file()) todo.push_back(e.path());
    } else {
      todo.emplace_back(f);
    }
  }

  int passed = 0, failed = 0;
  std::set<Prop> reproduced;
  for (const auto& p : todo) {
    auto bytes = read_file(p);
    if (!bytes) {
      std::printf("FAIL %s: cannot read\n", p.c_str());
      failed++;
      continue;
    }
    Outcome o = run_input(*bytes, replay_mode());
    std::string why = judge(p, o, t);
    if (why.empty()) {
      passed++;
      auto regress = parse_regress_name(p.filename().string());
      if (regress && regress->variant == t.variant) reproduced.insert(regress->prop);
      std::printf("ok   %s: %s\n", p.filename().c_str(), o.in_contract ? ids(o.findings).c_str() : "out of contract");
    } else {
      failed++;
      std::printf("FAIL %s: %s\n     input: %s\n", p.c_str(), why.c_str(), describe_input(*bytes).c_str());
    }
  }
  if (!corpora.empty())
    for (Prop q : declared_props(t))
      if (!reproduced.count(q)) {
        failed++;
        std::printf("FAIL %.*s is declared to fail %.*s but no regress-%.*s-%.*s-p%u reproducer replays it\n",
                    static_cast<int>(t.variant.size()), t.variant.data(), static_cast<int>(id(q).size()),
                    id(q).data(), static_cast<int>(t.variant.size()), t.variant.data(),
                    static_cast<int>(id(q).size()), id(q).data(), t.page_shift);
      }
  std::printf("%.*s (Expect: %.*s): %zu files replayed\n%d passed, %d failed\n", static_cast<int>(t.target.size()),
              t.target.data(), static_cast<int>(t.expect.size()), t.expect.data(), todo.size(), passed, failed);
  return failed ? 1 : 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: %s-replay [--corpus DIR]... [FILE...]\n"
               "       --classify FILE... | --canonical IN OUT | --seed TEXT OUT | --describe FILE... | --info\n",
               std::string(target_info().target).c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const TargetInfo& t = target_info();
  if (args.empty()) return usage();
  const std::string& mode = args[0];
  if (mode == "--info") {
    std::printf("target=%.*s harness=%.*s variant=%.*s expect=%.*s page_shift=%u\n",
                static_cast<int>(t.target.size()), t.target.data(), static_cast<int>(t.harness.size()),
                t.harness.data(), static_cast<int>(t.variant.size()), t.variant.data(),
                static_cast<int>(t.expect.size()), t.expect.data(), t.page_shift);
    return 0;
  }
  if (mode == "--classify" || mode == "--describe") {
    Policy pol = policy_from_env();
    int status = 0;
    for (size_t i = 1; i < args.size(); i++) {
      auto bytes = read_file(args[i]);
      if (!bytes) {
        std::printf("%s unreadable\n", args[i].c_str());
        status = 1;
        continue;
      }
      if (mode == "--describe") {
        std::printf("%s %s\n", args[i].c_str(), describe_input(*bytes).c_str());
        continue;
      }
      Outcome o = run_input(*bytes, replay_mode());
      auto f = armed_finding(o, t, pol);
      std::printf("%s %s %s\n", args[i].c_str(),
                  !o.in_contract ? "out-of-contract" : f ? std::string(id(f->prop)).c_str() : "clean",
                  o.in_contract ? ids(o.findings).c_str() : "none");
    }
    return status;
  }
  if (mode == "--canonical" || mode == "--seed") {
    if (args.size() != 3) return usage();
    std::vector<uint8_t> out;
    if (mode == "--canonical") {
      auto bytes = read_file(args[1]);
      if (!bytes) {
        std::fprintf(stderr, "%s: cannot read\n", args[1].c_str());
        return 1;
      }
      out = canonical_bytes(*bytes);
    } else {
      std::string err;
      auto seed = seed_from_text(args[1], &err);
      if (!seed) {
        std::fprintf(stderr, "'%s': %s\n", args[1].c_str(), err.c_str());
        return 1;
      }
      out = *seed;
    }
    return write_new_file(args[2], out) ? 0 : 1;
  }
  std::vector<std::string> corpora, files;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--corpus" && i + 1 < args.size()) {
      corpora.push_back(args[++i]);
    } else if (args[i].rfind("--", 0) == 0) {
      return usage();
    } else {
      files.push_back(args[i]);
    }
  }
  return replay(corpora, files);
}
