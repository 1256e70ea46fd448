// SPDX-License-Identifier: MIT
// The device-memory oracle, written from ../shared/spec/devmem.md: it runs a
// lifecycle program on a variant through src/abi/svm_devmem_abi.h, keeps a
// model of which pages and buddy blocks are in use, and checks after every
// operation:
//   DEVMEM-PFN      a successful allocation: npages distinct pfns of the
//                   region, each page initialised, pointing at the list block
//                   that contains it;
//   DEVMEM-FREE     every block the buddy takes back was handed out, is
//                   returned once, and only when none of its pages is in use;
//                   a block whose last page goes is returned in that call;
//   DEVMEM-BALANCE  a failed allocation (not injected) and the end of a run
//                   leave the buddy's avail and the live slab objects where
//                   they started;
//   DEVMEM-OOM      an allocation during which an injected failure fired
//                   returns -ENOMEM, leaves nothing allocated, no page
//                   initialised and the caller's list empty; a crash after
//                   the injected failure in the same operation is an
//                   unhandled failure;
//   DEVMEM-LOCK     the buddy's checking wrappers and the mutex double
//                   (SHIM_REPORT_LOCK);
//   MEM-SAFETY      the slab double's red zones, poison and double-kfree
//                   checks (SHIM_REPORT_MEMORY), a sanitizer report, or a
//                   crash not explained by an injected failure;
//   KERNEL-BUG/-WARN/-ASSERT  the shim's report log.
// A run ends with every outstanding page put, then the balance check. It
// stops at the first operation with a finding other than DEVMEM-LOCK: after
// a broken invariant the allocator's state means nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/svm_devmem_abi.h"
#include "model/devmem_program.hpp"
#include "model/properties.hpp"

namespace svm {

struct DevmemRunOptions {
  uint32_t vram_pages = 0;  // pages the buddy manages, 0: the whole region
  bool isolate = true;      // run in a child process, so a crash becomes a finding
  unsigned timeout_seconds = 60;  // an isolated run taking longer is stopped (reported in `error`)
};

struct DevmemOutcome {
  std::vector<Finding> findings;  // one per property, its first occurrence
  std::string error;              // a harness problem (the run proves nothing)
  bool crashed = false;           // the child died (signal, sanitizer)
  bool has(Prop p) const;
  std::vector<Prop> props() const { return verdict_props(findings); }
};

// Runs program on variant v and judges it.
DevmemOutcome run_devmem(const svm_devmem_variant& v, const DevmemProgram& program,
                         const DevmemRunOptions& opt = {});

// Variants of the build (the generated registry), and one by name.
std::vector<const svm_devmem_variant*> devmem_variants();
const svm_devmem_variant* devmem_variant(std::string_view name);

}  // namespace svm
