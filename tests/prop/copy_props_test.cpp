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

SVM_PROP_VERDICT_SUITES(Copy, svm_copy_variant, svm_copy_variants, copy_under_test);

}  // namespace
}  // namespace svm::prop
