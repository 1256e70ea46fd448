// SPDX-License-Identifier: MIT
// Named device-memory lifecycles: the scenario tests run every one on
// every variant, and the verdict table runs them before its random search.
// A scenario that targets a known defect of the posted design says which
// property a variant with that defect fails (targets); the others are
// plain lifecycles a correct variant passes.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "model/devmem_program.hpp"
#include "model/properties.hpp"

namespace svm {

struct DevmemScenario {
  std::string name;  // a sentence, snake_case
  DevmemProgram program;
  std::optional<Prop> targets;  // the property a variant with the targeted defect fails
};

// Every scenario, the sweeps expanded (one program per allocation point).
std::vector<DevmemScenario> devmem_scenarios();

// A random lifecycle: allocations below and above 64 pages, puts in every
// order, free_blocks with and without pages out, injected failures.
DevmemProgram random_devmem_program(std::mt19937_64& rng);

}  // namespace svm
