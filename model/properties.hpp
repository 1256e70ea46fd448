// SPDX-License-Identifier: MIT
// Every property ID of ../shared/spec/*.md, defined once. The model, the
// RapidCheck properties, the fuzz oracles, the proofs and the reports all
// name properties through this table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace svm {

enum class Prop {
  CopyOnce,
  CopyChunk,
  CopyEmpty,
  CopyContig,
  CopyData,
  CopyWait,
  CopyErr,
  CopyFence,
  CopyPrefence,
  CopyMinimal,
  BuddyShape,
  BuddyPartition,
  BuddyAccount,
  BuddyMerged,
  BuddyResult,
  BuddyAtomic,
  BuddyErrno,
  BuddyFit,
  BuddyClear,
  DevmemPfn,
  DevmemFree,
  DevmemBalance,
  DevmemOom,
  DevmemLock,
  KernelWarn,
  KernelAssert,
  KernelBug,
  MemSafety,
  Leak,
};

struct PropInfo {
  Prop prop;
  std::string_view id;       // "COPY-ONCE"
  std::string_view summary;  // one line, for reports
  bool advisory;             // reported separately, never part of a verdict
};

std::span<const PropInfo> all_props();
const PropInfo& info(Prop p);
std::string_view id(Prop p);
std::optional<Prop> parse_prop(std::string_view id);

// One violated property with the place that shows it (index, call, block).
struct Finding {
  Prop prop;
  std::string detail;
};

// The set of non-advisory property IDs among findings, sorted and unique.
std::vector<Prop> verdict_props(const std::vector<Finding>& findings);

// "pass" or a comma-separated, sorted list of IDs: the form of 'Expect:'.
std::string verdict_string(const std::vector<Prop>& props);
// Parses an 'Expect:' value; nullopt (with the bad word in *bad) on error.
std::optional<std::vector<Prop>> parse_verdict(std::string_view s, std::string* bad = nullptr);

}  // namespace svm
