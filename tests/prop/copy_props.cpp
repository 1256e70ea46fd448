// SPDX-License-Identifier: MIT
#include "tests/prop/copy_props.hpp"

#include <algorithm>
#include <sstream>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "model/copy_search.hpp"
#include "tests/prop/copy_layout_gen.hpp"

namespace svm::prop {

std::string geometry_tag() { return "p" + std::to_string(Geometry::current().page_shift); }

// Runs one generated case on the variant. A case the generator should never
// make (unparseable, outside the contract) is a generator bug, checked by
// its own property below; here it is discarded, never blamed on the variant.
CopyOutcome run_case(const svm_copy_variant& v, const CopyCase& c) {
  Geometry g = Geometry::current();
  std::string err;
  auto in = copy_case_input(c, g, &err);
  RC_PRE(in.has_value());
  RC_PRE(!copy_contract_violation(*in, v.api_gen, g));
  CopyOutcome o{*in, run_copy(v, *in), {}};
  o.findings = check_copy(o.in, v.api_gen, o.run, g);
  return o;
}

namespace {

std::string explain_input(const svm_copy_variant& v, const CopyInput& in, const std::string& file_name) {
  Geometry g = Geometry::current();
  auto run = run_copy(v, in);
  auto findings = check_copy(in, v.api_gen, run, g);
  auto bytes = encode_copy(in);
  std::string path = write_counterexample(file_name, bytes);
  std::ostringstream o;
  o << "layout:    " << format_copy_layout(in) << "\n"
    << "corpus:    " << hex(bytes) << (path.empty() ? "" : "  (written to " + path + ")") << "\n"
    << "returned " << run.ret << ", " << run.calls.size() << " calls; findings:\n"
    << describe_findings(findings) << copy_diagram(in, v.api_gen, run, g);
  return o.str();
}

}  // namespace

// Rebuilds RapidCheck's shrunk counterexample from its printed layout, then
// lets the model's delta debugger (which may cut a run RapidCheck can only
// shorten) make it minimal, and explains both: layout, corpus bytes (also
// written to counterexamples/), findings and the diagram.
Explain explain_copy(const svm_copy_variant& v, std::string file_name, Shows shows) {
  return [&v, file_name, shows](const rc::detail::Example& example) -> std::string {
    Geometry g = Geometry::current();
    for (const auto& [type, shown] : example) {
      auto in = parse_copy_layout(shown, g);
      if (!in) continue;
      std::ostringstream o;
      o << "variant " << v.name << " (" << v.api << "), PAGE_SHIFT " << g.page_shift << ", CHUNK " << g.chunk
        << "\nRapidCheck's counterexample: " << shown << "\n";
      auto minimal = shrink_copy_input(
          *in,
          [&](const CopyInput& c) {
            if (copy_contract_violation(c, v.api_gen, g)) return false;
            return shows(check_copy(c, v.api_gen, run_copy(v, c), g));
          },
          0.5);
      if (!(minimal == *in)) {
        o << explain_input(v, *in, file_name + "-rc") << "delta-debugged to a smaller input:\n";
      }
      o << explain_input(v, minimal, file_name);
      return o.str();
    }
    return "";
  };
}

namespace {

// What the cases covered, printed with the result (RapidCheck's tags).
void classify(const CopyCase& c, const CopyOutcome& o) {
  Geometry g = Geometry::current();
  auto pop = copy_populated(o.in, c.api_gen);
  RC_CLASSIFY(o.in.npages() > g.chunk, "more than CHUNK pages");
  RC_CLASSIFY(std::any_of(o.in.entries.begin(), o.in.entries.end(), [](const CopyEntry& e) { return e.order > 0; }),
              "folio");
  RC_CLASSIFY(c.fail_at != 0, "failing submission");
  RC_CLASSIFY(c.prefence == SVM_PREFENCE_PENDING, "pending pre-fence");
  RC_CLASSIFY(c.dir == SVM_TO_SRAM, "to RAM");
  RC_CLASSIFY(c.region == 1, "region 1");
  RC_CLASSIFY(std::count(pop.begin(), pop.end(), true) == 0, "nothing to copy");
  RC_CLASSIFY(o.run.calls.size() >= 3, "three calls or more");
}

}  // namespace

rc::detail::Property copy_property(const svm_copy_variant& v, Shows shows) {
  return rc::detail::toProperty([&v, shows] {
    const auto c = *gen_copy_case(v.api_gen, Geometry::current());
    auto o = run_case(v, c);
    classify(c, o);
    if (shows(o.findings)) RC_FAIL(verdict_string(verdict_props(o.findings)) + " on " + v.name + "\n" +
                                   describe_findings(o.findings));
  });
}

VariantUnderTest copy_under_test(const svm_copy_variant& v) {
  return {"copy",
          v.name,
          v.expect,
          "layout",
          geometry_tag(),
          [&v](Shows shows) { return copy_property(v, std::move(shows)); },
          [&v](std::string file_name, Shows shows) { return explain_copy(v, std::move(file_name), std::move(shows)); }};
}

}  // namespace svm::prop
