// SPDX-License-Identifier: MIT
// Runs buddy API calls on one variant in lockstep with the reference model:
// after every call the walker's state goes through the invariant checker
// and the model, the shim's report log is read (KERNEL-WARN, KERNEL-BUG),
// and an armed slab failure tells the model that -ENOMEM is legitimate.
// Teardown frees every caller list, calls fini and checks the live slab
// count (LEAK).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "abi/svm_buddy_abi.h"
#include "model/buddy_model.hpp"
#include "model/buddy_snapshot.hpp"
#include "model/properties.hpp"

namespace svm {

class BuddyRunner {
 public:
  explicit BuddyRunner(const svm_buddy_ops& ops);
  ~BuddyRunner();
  BuddyRunner(const BuddyRunner&) = delete;
  BuddyRunner& operator=(const BuddyRunner&) = delete;

  // Executes one call and checks it. Calls that do not apply (an init
  // while initialised, anything else before init, a block of an empty
  // list) are not made; `last_skipped()` says so. Returns the call's
  // errno (or SVM_BUDDY_BUGGED), 0 when skipped.
  int apply(const BuddyOp& op);
  // Frees every caller list, calls fini, checks for warnings and leaks.
  void finish();

  bool last_skipped() const { return skipped_; }
  // A BUG fired or the structure cannot be walked: no further calls.
  bool dead() const { return dead_; }
  const BuddyModel& model() const { return model_; }
  BuddySnapshot snapshot() const;
  std::vector<ModelBlock> list(uint32_t l) const;
  svm_buddy_mm* mm() const { return mm_; }
  const svm_buddy_ops& ops() const { return ops_; }

  // Everything found so far (non-advisory, then advisory), and the calls
  // made, one line each.
  const std::vector<Finding>& findings() const { return findings_; }
  const std::vector<Finding>& advisory() const { return advisory_; }
  const std::vector<std::string>& log() const { return log_; }

 private:
  int call(const BuddyOp& op);
  void read_reports(const std::string& what);
  void add(Prop p, std::string detail);

  const svm_buddy_ops& ops_;
  svm_buddy_mm* mm_;
  BuddyModel model_;
  bool dead_ = false;
  bool skipped_ = false;
  uint64_t live_before_init_ = 0;
  std::vector<Finding> findings_, advisory_;
  std::vector<std::string> log_;
};

struct BuddyRunResult {
  std::vector<Finding> findings;
  std::vector<Finding> advisory;
  std::vector<std::string> log;
};

// Runs a whole op sequence (teardown included) on a fresh instance.
BuddyRunResult run_buddy_ops(const svm_buddy_ops& ops, std::span<const BuddyOp> seq);

}  // namespace svm
