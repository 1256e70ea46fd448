// SPDX-License-Identifier: MIT
// Fuzz target devmem_lifecycle: programs of xe_devm_alloc_pages, put_page
// (the dev_pagemap page_free callback), xe_devm_free_blocks and injected
// slab/buddy failures on one device-memory variant, judged after every
// operation by the page/block ownership oracle (model/devmem_oracle.hpp).
//
// Property: DEVMEM-PFN, DEVMEM-FREE, DEVMEM-BALANCE, DEVMEM-OOM, DEVMEM-LOCK,
//           MEM-SAFETY, KERNEL-BUG, KERNEL-WARN, KERNEL-ASSERT
// Expect: the variant's 'Expect:' line; failing variants' targets are *_xfail.
//
// Input: the lifecycle codec (fuzz/decoders/devmem_codec.hpp); every byte
// string is a valid program. The fuzzer runs the oracle in process, so the
// engine sees coverage and a memory error is the sanitizer's crash; the
// replay program runs it in a child, so such a crash is classified
// (MEM-SAFETY, or DEVMEM-OOM after an injected failure) instead of ending
// the replay. Seeds are written in the program text form
// ("alloc 64; put_all 0 desc").
#include <algorithm>
#include <cerrno>

#include "abi/svm_devmem_abi.h"
#include "fuzz/decoders/devmem_codec.hpp"
#include "fuzz/support/fuzz_target.hpp"
#include "model/devmem_oracle.hpp"

namespace svm::fuzz {
namespace {

const svm_devmem_variant& variant() {
  static const svm_devmem_variant& v = require_variant(devmem_variant(SVM_FUZZ_VARIANT), "devmem_lifecycle", SVM_FUZZ_VARIANT);
  return v;
}

// The program's calls with no model and no check: the throughput baseline
// of bench/ (only meaningful on a variant that does not corrupt memory).
void run_bare(const svm_devmem_variant& v, const DevmemProgram& program) {
  if (svm_devmem_begin(&v, 0)) return;
  struct Alloc {
    uint32_t handle;
    std::vector<uint64_t> pfns;  // outstanding pages
    bool list_freed = false;
  };
  std::vector<Alloc> allocs;
  auto put = [](uint32_t op, uint64_t pfn) { svm_devmem_put_page(op, pfn); };
  for (uint32_t i = 0; i < program.size(); i++) {
    const DevmemOp& op = program[i];
    const uint32_t n = i + 1;
    switch (op.kind) {
      case DevmemOpKind::Alloc: {
        Alloc a{};
        a.pfns.resize(op.a);
        if (svm_devmem_alloc(n, op.a, a.pfns.data(), &a.handle).ret == 0) allocs.push_back(std::move(a));
        break;
      }
      case DevmemOpKind::PutPage: {
        size_t total = 0;
        for (const auto& a : allocs) total += a.pfns.size();
        if (!total) break;
        size_t k = op.a % total;
        for (auto& a : allocs) {
          if (k < a.pfns.size()) {
            put(n, a.pfns[k]);
            a.pfns.erase(a.pfns.begin() + static_cast<long>(k));
            break;
          }
          k -= a.pfns.size();
        }
        break;
      }
      case DevmemOpKind::PutAll:
        if (!allocs.empty()) {
          auto& a = allocs[op.a % allocs.size()];
          for (uint64_t pfn : a.pfns) put(n, pfn);
          a.pfns.clear();
        }
        break;
      case DevmemOpKind::FreeBlocks: {
        auto it = std::find_if(allocs.begin(), allocs.end(), [](const Alloc& a) { return !a.list_freed; });
        for (uint32_t k = 0; it != allocs.end() && k < op.a % allocs.size(); k++)
          it = std::find_if(it + 1, allocs.end(), [](const Alloc& a) { return !a.list_freed; });
        if (it != allocs.end()) {
          svm_devmem_free_blocks(n, it->handle);
          it->list_freed = true;
        }
        break;
      }
      case DevmemOpKind::FailSlab: svm_devmem_fail_slab(op.a); break;
      case DevmemOpKind::FailBuddy: svm_devmem_fail_buddy(op.a, -ENOMEM); break;
    }
  }
  for (auto& a : allocs)
    for (uint64_t pfn : a.pfns) put(static_cast<uint32_t>(program.size() + 1), pfn);
  svm_devmem_end();
}

}  // namespace

Outcome run_input(std::span<const uint8_t> data, const RunMode& mode) {
  Outcome o;
  DevmemProgram program = decode_devmem(data);
  if (mode.bare) {
    run_bare(variant(), program);
    return o;
  }
  DevmemRunOptions opt;
  opt.isolate = mode.isolate;
  DevmemOutcome r = run_devmem(variant(), program, opt);
  if (!r.error.empty()) {
    // The run could not start: a harness problem, never silently clean.
    std::fprintf(stderr, "devmem_lifecycle: %s\n", r.error.c_str());
    std::abort();
  }
  o.findings = std::move(r.findings);
  return o;
}

std::vector<uint8_t> canonical_bytes(std::span<const uint8_t> data) { return encode_devmem(decode_devmem(data)); }

std::string describe_input(std::span<const uint8_t> data) {
  std::string s = format_devmem_program(decode_devmem(data));
  return s.empty() ? "(no operation)" : s;
}

std::optional<std::vector<uint8_t>> seed_from_text(std::string_view text, std::string* error) {
  auto program = parse_devmem_program(text, error);
  if (!program) return std::nullopt;
  return encode_devmem(*program);
}

}  // namespace svm::fuzz
