// SPDX-License-Identifier: MIT
#include "tests/prop/prop_support.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace svm::prop {
namespace {

std::string rc_params() {
  const char* p = std::getenv("RC_PARAMS");
  return p ? p : "";
}

bool rc_params_set(std::string_view key) {
  return rc_params().find(std::string(key) + "=") != std::string::npos;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  int n = std::atoi(v);
  return n > 0 ? n : fallback;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string result_message(const rc::detail::TestResult& r) {
  std::ostringstream o;
  rc::detail::printResultMessage(r, o);
  return o.str();
}

// A declared failure is the expected outcome of a search: RapidCheck's
// global listener would announce it at exit as a failure to reproduce.
class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// Per-tag share of the cases (RapidCheck prints every tag combination).
std::string tag_shares(const rc::detail::SuccessResult& ok) {
  std::map<std::string, int> per_tag;
  int total = 0;
  for (const auto& [tags, n] : ok.distribution) {
    total += n;
    for (const auto& t : tags) per_tag[t] += n;
  }
  std::ostringstream o;
  o << "[ property ] cases covered:";
  for (const auto& [t, n] : per_tag) o << " " << t << " " << (100 * n + total / 2) / std::max(total, 1) << "%;";
  return o.str();
}

std::string replay_hint(uint64_t s) {
  return "replay: RC_PARAMS=\"seed=" + std::to_string(s) + "\" <test binary> --gtest_filter='" +
         current_test_name() + "'";
}

}  // namespace

int cases(Mode mode) {
  if (rc_params_set("max_success")) return rc::detail::configuration().testParams.maxSuccess;
  return env_int(mode == Mode::Search ? "SVM_PROP_SEARCH_CASES" : "SVM_PROP_CASES", 1000);
}

uint64_t seed(Mode mode, std::string_view key) {
  if (mode == Mode::Holds || rc_params_set("seed")) return rc::detail::configuration().testParams.seed;
  return fnv1a(key);
}

rc::detail::TestParams params(Mode mode, std::string_view key) {
  rc::detail::TestParams p = rc::detail::configuration().testParams;
  p.seed = seed(mode, key);
  p.maxSuccess = cases(mode);
  return p;
}

std::string current_test_name() {
  const auto* t = ::testing::UnitTest::GetInstance()->current_test_info();
  if (!t) return "?";
  return std::string(t->test_suite_name()) + "." + t->name();
}

rc::detail::TestResult run_property(const std::string& sentence, Mode mode, std::string_view key,
                                    const rc::detail::Property& property) {
  auto p = params(mode, key);
  std::cout << "[ property ] " << sentence << "\n[ property ] " << p.maxSuccess << " cases, seed=" << p.seed
            << (mode != Mode::Holds && !rc_params_set("seed") ? " (fixed for this test)" : "") << "\n[ property ] "
            << replay_hint(p.seed) << std::endl;
  rc::detail::TestMetadata meta;
  meta.id = current_test_name();
  meta.description = sentence;
  if (mode != Mode::Search) return rc::detail::checkProperty(property, meta, p);
  QuietListener quiet;
  return rc::detail::checkProperty(property, meta, p, quiet, rc::detail::configuration().reproduce);
}

void expect_holds(const std::string& sentence, Mode mode, std::string_view key,
                  const rc::detail::Property& property, const Explain& explain) {
  auto r = run_property(sentence, mode, key, property);
  if (r.template is<rc::detail::SuccessResult>()) {
    const auto& ok = r.template get<rc::detail::SuccessResult>();
    std::cout << "[ property ] held for " << ok.numSuccess << " cases" << std::endl;
    if (!ok.distribution.empty()) std::cout << tag_shares(ok) << std::endl;
    return;
  }
  std::string why;
  if (r.template is<rc::detail::FailureResult>()) why = explain(r.template get<rc::detail::FailureResult>().counterExample);
  ADD_FAILURE() << "property does not hold: " << sentence << "\n"
                << result_message(r) << "\n"
                << why << replay_hint(params(mode, key).seed);
}

void expect_found(Prop prop, const std::string& sentence, std::string_view key,
                  const rc::detail::Property& property, const Explain& explain) {
  auto r = run_property(sentence, Mode::Search, key, property);
  if (r.template is<rc::detail::FailureResult>()) {
    const auto& f = r.template get<rc::detail::FailureResult>();
    std::string why = explain(f.counterExample);
    std::cout << "[ property ] " << id(prop) << " found after " << f.numSuccess + 1
              << " cases; minimal counterexample:\n"
              << result_message(r) << "\n"
              << why << std::endl;
    EXPECT_FALSE(why.empty()) << id(prop) << ": the counterexample could not be rebuilt from its printed form";
    return;
  }
  ADD_FAILURE() << "declared property " << id(prop) << " was not demonstrated: " << sentence << "\n"
                << result_message(r) << "\n"
                << replay_hint(params(Mode::Search, key).seed);
}

std::vector<Prop> undeclared(const std::vector<Finding>& findings, const std::vector<Prop>& declared) {
  std::vector<Prop> out;
  for (Prop p : verdict_props(findings))
    if (std::find(declared.begin(), declared.end(), p) == declared.end()) out.push_back(p);
  return out;
}

Shows shows_prop(Prop p) {
  return [p](const std::vector<Finding>& f) {
    return std::any_of(f.begin(), f.end(), [p](const Finding& x) { return x.prop == p; });
  };
}

Shows shows_undeclared(std::vector<Prop> declared) {
  return [declared](const std::vector<Finding>& f) { return !undeclared(f, declared).empty(); };
}

std::string describe_findings(const std::vector<Finding>& findings) {
  std::string s;
  for (const auto& f : findings)
    s += "  " + std::string(id(f.prop)) + (info(f.prop).advisory ? " (advisory)" : "") + ": " + f.detail + "\n";
  return s;
}

std::vector<Prop> declared_props(const char* expect) {
  if (expect && std::string_view(expect) == "observed") return {};  // kernel-tree variants declare nothing
  std::string bad;
  auto v = parse_verdict(expect ? expect : "", &bad);
  if (!v) {
    ADD_FAILURE() << "'Expect: " << (expect ? expect : "") << "' names an unknown property ID '" << bad << "'";
    return {};
  }
  return *v;
}

std::string param_name(std::string_view variant, std::string_view pid) {
  std::string s(variant);
  if (!pid.empty()) s += "__" + std::string(pid);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::string write_counterexample(const std::string& name, const std::vector<uint8_t>& bytes) {
  std::error_code ec;
  std::filesystem::create_directories("counterexamples", ec);
  std::string path = "counterexamples/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) return "";
  return std::filesystem::absolute(path, ec).string();
}

std::string hex(const std::vector<uint8_t>& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

void check_nothing_undeclared(const VariantUnderTest& v) {
  if (v.expect && std::string_view(v.expect) == "observed") {
    // A user's kernel file declares no verdict: what it does is reported by
    // the verdict table (scripts/svmcheck --kernel-tree), not judged here.
    std::printf("%s %s: 'Expect: observed', no declared verdict to check; see the verdict table\n", v.algo.c_str(),
                v.name.c_str());
    return;
  }
  auto declared = declared_props(v.expect);
  std::string sentence = "The " + v.algo + " variant " + v.name + " violates no property outside its declared '" +
                         verdict_string(declared) + "' on any generated " + v.inputs;
  Shows shows = shows_undeclared(declared);
  expect_holds(sentence, declared.empty() ? Mode::Holds : Mode::HoldsFixedSeed,
               v.name + "/undeclared/" + v.geometry, v.property(shows),
               v.explain(v.name + "-undeclared-" + v.geometry, shows));
}

void check_declared_found(const VariantUnderTest& v, Prop prop) {
  std::string pid(id(prop));
  std::string sentence = "The " + v.algo + " variant " + v.name + " never violates " + pid + " on any generated " +
                         v.inputs + " (declared violated: the search must falsify this)";
  Shows shows = shows_prop(prop);
  expect_found(prop, sentence, v.name + "/" + pid + "/" + v.geometry, v.property(shows),
               v.explain(v.name + "-" + pid + "-" + v.geometry, shows));
}

Explain explain_kept(std::function<std::string()> text, std::function<std::vector<uint8_t>()> corpus,
                     std::string file_name) {
  return [text, corpus, file_name](const rc::detail::Example&) {
    std::string t = text();
    auto bytes = corpus();
    std::string path = bytes.empty() ? "" : write_counterexample(file_name, bytes);
    return t + (path.empty() ? "" : "written to " + path + "\n");
  };
}

}  // namespace svm::prop
