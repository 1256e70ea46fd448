// SPDX-License-Identifier: MIT
// Fuzz target copy_vs_model: the copy loop of one variant against the copy
// oracle (model/copy_oracle.hpp).
//
// Property: COPY-ONCE, COPY-CHUNK, COPY-EMPTY, COPY-CONTIG, COPY-DATA,
//           COPY-WAIT, COPY-ERR, COPY-FENCE, COPY-PREFENCE, KERNEL-WARN,
//           KERNEL-ASSERT, KERNEL-BUG (COPY-MINIMAL is advisory: never aborts)
// Expect: the variant's 'Expect:' line (SVM_FUZZ_EXPECT); targets of variants
//         declared failing are named *_xfail.
//
// Structure-aware through the copy byte codec (fuzz/decoders/copy_codec.hpp,
// docs/corpus-format.md): run-length ops, so a few bytes describe thousands
// of pages and every chunk boundary is a two-byte edit away; the header
// picks direction, pre-migrate fence and an injected submission failure.
// Every byte string decodes; inputs outside the copy function's contract
// (device pages from two regions, ...) run nothing and report nothing.
#include "abi/svm_copy_abi.h"
#include "fuzz/decoders/copy_codec.hpp"
#include "fuzz/support/fuzz_target.hpp"
#include "model/copy_oracle.hpp"

namespace svm::fuzz {
namespace {

const svm_copy_variant& variant() {
  static const svm_copy_variant& v = require_variant(svm_copy_variant_find(SVM_FUZZ_VARIANT), "copy_vs_model", SVM_FUZZ_VARIANT);
  return v;
}

const Geometry& geometry() {
  static const Geometry g = Geometry::current();
  return g;
}

CopyInput decode(std::span<const uint8_t> data) {
  static const CopyDecodeLimits lim = CopyDecodeLimits::for_geometry(geometry());
  CopyInput in = decode_copy(data, lim);
  // The pre-fence header bits mean nothing before G3: ignore them rather
  // than spend half of all inputs outside the contract.
  if (variant().api_gen < 3) in.prefence = SVM_PREFENCE_NONE;
  return in;
}

}  // namespace

Outcome run_input(std::span<const uint8_t> data, const RunMode& mode) {
  Outcome o;
  const svm_copy_variant& v = variant();
  CopyInput in = decode(data);
  if (mode.bare) {
    svm_copy_input abi = in.abi();
    svm_copy_trace trace{};
    svm_copy_run(&v, &abi, &trace);
    svm_copy_trace_free(&trace);
    return o;
  }
  if (auto why = copy_contract_violation(in, v.api_gen, geometry())) {
    o.in_contract = false;
    o.contract = *why;
    return o;
  }
  o.findings = check_copy(in, v.api_gen, run_copy(v, in), geometry());
  return o;
}

std::vector<uint8_t> canonical_bytes(std::span<const uint8_t> data) { return encode_copy(decode(data)); }

std::string describe_input(std::span<const uint8_t> data) { return format_copy_layout(decode(data)); }

std::optional<std::vector<uint8_t>> seed_from_text(std::string_view text, std::string* error) {
  auto in = parse_copy_layout(text, geometry(), error);
  if (!in) return std::nullopt;
  return encode_copy(*in);
}

}  // namespace svm::fuzz
