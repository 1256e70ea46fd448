// SPDX-License-Identifier: MIT
// RapidCheck stateful test of a devmem variant: a plain model struct plus
// one command class per lifecycle operation of model/devmem_program.hpp
// (allocate, put one page, put every page of an allocation, free_blocks,
// fail the n-th slab allocation, fail the n-th buddy allocation).
//
// The devmem oracle runs a whole program in a child process (a crash of
// the code under test becomes a finding) and checks after every operation,
// so run() appends its operation to the program and the property runs the
// program once the sequence is complete. Operands are resolved by the
// oracle modulo what exists, so every sequence is valid.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <cstdint>
#include <string>
#include <vector>

#include "abi/svm_devmem_abi.h"
#include "model/devmem_oracle.hpp"
#include "model/devmem_program.hpp"
#include "tests/prop/prop_support.hpp"

namespace svm::prop {

// What command generation needs: how much the sequence has allocated.
struct DevmemModelState {
  uint32_t allocs = 0;
  uint32_t pages = 0;  // pages requested so far (an upper bound on outstanding pages)
};

struct DevmemSut {
  DevmemProgram program;
};

using DevmemCommand = rc::state::Command<DevmemModelState, DevmemSut>;

rc::Gen<std::shared_ptr<const DevmemCommand>> gen_devmem_command(const DevmemModelState& s);

// The property: a generated lifecycle on `v`; fails when `shows` holds for
// the oracle's findings (or the oracle reports a harness error).
rc::detail::Property devmem_lifecycle_property(const svm_devmem_variant& v, Shows shows);

// The last failing program (the shrunk one when RapidCheck is done),
// explained: text form, corpus bytes, and a step table that runs every
// prefix of the program to show at which operation each property first
// shows.
std::string last_devmem_explanation(const svm_devmem_variant& v);
std::vector<uint8_t> last_devmem_corpus();
void forget_last_devmem_failure();

}  // namespace svm::prop
