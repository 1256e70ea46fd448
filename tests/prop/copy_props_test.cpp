// SPDX-License-Identifier: MIT
// RapidCheck properties of the copy loop, on every copy variant of this
// binary's geometry (one binary per PAGE_SHIFT), checked by the copy oracle.
//
// A variant's declared verdict ('Expect:') is checked, not tolerated:
//  - every variant: no property outside its declared set is violated over
//    the cases (for a pass variant: every property holds);
//  - every declared property ID: a search with a fixed seed for that ID
//    finds a violation, shrinks it, and prints it as a layout, corpus bytes
//    and a diagram.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "tests/prop/copy_layout_gen.hpp"
#include "tests/prop/copy_props.hpp"

namespace svm::prop {
namespace {

std::vector<const svm_copy_variant*> variants() {
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  std::vector<const svm_copy_variant*> out;
  for (size_t i = 0; i < n; i++) out.push_back(&vs[i]);
  return out;
}

struct DeclaredCase {
  const svm_copy_variant* variant;
  Prop prop;
};

std::vector<DeclaredCase> declared_cases() {
  std::vector<DeclaredCase> out;
  for (const auto* v : variants()) {
    auto props = parse_verdict(v->expect);
    if (!props) continue;  // reported by the undeclared test of the variant
    for (Prop p : *props) out.push_back({v, p});
  }
  return out;
}

TEST(CopyGenerator, every_generated_layout_is_in_contract_and_survives_the_text_and_byte_round_trips) {
  Geometry g = Geometry::current();
  for (int api_gen = 1; api_gen <= 3; api_gen++) {
    std::string sentence = "Every generated G" + std::to_string(api_gen) +
                           " layout parses, lies inside the copy contract, and its canonical text and corpus "
                           "bytes rebuild the same input";
    expect_holds(
        sentence, Mode::Holds, "generator",
        rc::detail::toProperty([api_gen, g] {
          const auto c = *gen_copy_case(api_gen, g);
          std::string err;
          auto in = copy_case_input(c, g, &err);
          RC_ASSERT(in.has_value());
          auto why = copy_contract_violation(*in, api_gen, g);
          if (why) RC_FAIL("outside the contract: " + *why);
          RC_ASSERT(in->npages() <= copy_page_budget(g));
          RC_ASSERT(parse_copy_layout(format_copy_layout(*in), g) == in);
          RC_ASSERT(decode_copy(encode_copy(*in), CopyDecodeLimits::for_geometry(g)) == *in);
        }),
        [](const rc::detail::Example&) { return std::string(); });
  }
}

class CopyVerdict : public ::testing::TestWithParam<const svm_copy_variant*> {};

TEST_P(CopyVerdict, satisfies_every_property_it_does_not_declare) {
  const svm_copy_variant& v = *GetParam();
  auto declared = declared_props(v.expect);
  std::string sentence = "The copy variant " + std::string(v.name) + " violates no property outside its declared '" +
                         verdict_string(declared) + "' on any generated layout";
  Mode mode = declared.empty() ? Mode::Holds : Mode::HoldsFixedSeed;
  expect_holds(sentence, mode, std::string(v.name) + "/undeclared/" + geometry_tag(),
               copy_undeclared_property(v, declared),
               explain_copy(v, std::string(v.name) + "-undeclared-" + geometry_tag(), shows_undeclared(declared)));
}

INSTANTIATE_TEST_SUITE_P(Variants, CopyVerdict, ::testing::ValuesIn(variants()),
                         [](const ::testing::TestParamInfo<const svm_copy_variant*>& p) {
                           return param_name(p.param->name);
                         });

class CopyDeclared : public ::testing::TestWithParam<DeclaredCase> {};

TEST_P(CopyDeclared, property_search_demonstrates_the_declared_violation) {
  const auto& [vp, prop] = GetParam();
  const svm_copy_variant& v = *vp;
  std::string sentence = "The copy variant " + std::string(v.name) + " never violates " + std::string(id(prop)) +
                         " (declared violated: the search must falsify this)";
  expect_found(prop, sentence, std::string(v.name) + "/" + std::string(id(prop)) + "/" + geometry_tag(),
               copy_never_violates(v, prop),
               explain_copy(v, std::string(v.name) + "-" + std::string(id(prop)) + "-" + geometry_tag(),
                            shows_prop(prop)));
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CopyDeclared);
INSTANTIATE_TEST_SUITE_P(Declared, CopyDeclared, ::testing::ValuesIn(declared_cases()),
                         [](const ::testing::TestParamInfo<DeclaredCase>& p) {
                           return param_name(p.param.variant->name, id(p.param.prop));
                         });

}  // namespace
}  // namespace svm::prop
