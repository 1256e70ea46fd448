// SPDX-License-Identifier: MIT
#include "model/properties.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace svm {
namespace {

constexpr std::array kProps = {
    PropInfo{Prop::CopyOnce, "COPY-ONCE", "every populated index is copied by exactly one call, no other index is", false},
    PropInfo{Prop::CopyChunk, "COPY-CHUNK", "no migrate call covers more than CHUNK = SZ_8M / PAGE_SIZE pages", false},
    PropInfo{Prop::CopyEmpty, "COPY-EMPTY", "no migrate call covers zero pages", false},
    PropInfo{Prop::CopyContig, "COPY-CONTIG", "a call's pages are DPA-contiguous from its base, its system pointer is its first entry, on its region's engine", false},
    PropInfo{Prop::CopyData, "COPY-DATA", "each populated destination holds its source's bytes; nothing else changed", false},
    PropInfo{Prop::CopyWait, "COPY-WAIT", "every issued job has completed when the function returns", false},
    PropInfo{Prop::CopyErr, "COPY-ERR", "a failed submission's error is returned, nothing is issued after it, earlier jobs completed", false},
    PropInfo{Prop::CopyFence, "COPY-FENCE", "fence references are balanced at return", false},
    PropInfo{Prop::CopyPrefence, "COPY-PREFENCE", "a pending pre-migrate fence is a dependency of the first job, or waited for when no job is issued", false},
    PropInfo{Prop::CopyMinimal, "COPY-MINIMAL", "the number of calls is the minimum (advisory)", true},
    PropInfo{Prop::BuddyShape, "BUDDY-SHAPE", "blocks are power-of-two sized and aligned, buddies at offset ^ size, roots as documented", false},
    PropInfo{Prop::BuddyPartition, "BUDDY-PARTITION", "every byte is in exactly one leaf; allocated blocks never overlap", false},
    PropInfo{Prop::BuddyAccount, "BUDDY-ACCOUNT", "avail and clear_avail equal the free (clear) leaves", false},
    PropInfo{Prop::BuddyMerged, "BUDDY-MERGED", "no two free buddies with the same clear state; all free means only roots", false},
    PropInfo{Prop::BuddyResult, "BUDDY-RESULT", "a successful allocation returns what the flags and sizes promise", false},
    PropInfo{Prop::BuddyAtomic, "BUDDY-ATOMIC", "a failed call changes nothing observable", false},
    PropInfo{Prop::BuddyErrno, "BUDDY-ERRNO", "invalid arguments give exactly the documented error code", false},
    PropInfo{Prop::BuddyFit, "BUDDY-FIT", "-ENOSPC only when no placement exists (advisory)", true},
    PropInfo{Prop::BuddyClear, "BUDDY-CLEAR", "clear preference, fallback and clear bits follow the flags", false},
    PropInfo{Prop::DevmemPfn, "DEVMEM-PFN", "an allocation returns npages distinct pfns of the region, each initialised and pointing at its block", false},
    PropInfo{Prop::DevmemFree, "DEVMEM-FREE", "a block returns to the buddy exactly when its last page is freed", false},
    PropInfo{Prop::DevmemBalance, "DEVMEM-BALANCE", "after every page is freed, avail and live metadata are back where they started", false},
    PropInfo{Prop::DevmemOom, "DEVMEM-OOM", "an injected allocation failure is returned with nothing leaked or dangling", false},
    PropInfo{Prop::DevmemLock, "DEVMEM-LOCK", "every buddy call happens with vram_mgr->lock held", false},
    PropInfo{Prop::KernelWarn, "KERNEL-WARN", "a WARN fired on in-contract input", false},
    PropInfo{Prop::KernelAssert, "KERNEL-ASSERT", "an assert fired on in-contract input", false},
    PropInfo{Prop::KernelBug, "KERNEL-BUG", "a BUG fired on in-contract input", false},
    PropInfo{Prop::MemSafety, "MEM-SAFETY", "out-of-bounds access, use after free or double free", false},
    PropInfo{Prop::Leak, "LEAK", "objects still allocated after teardown", false},
};

}  // namespace

std::span<const PropInfo> all_props() { return kProps; }

const PropInfo& info(Prop p) {
  for (const auto& i : kProps)
    if (i.prop == p) return i;
  throw std::logic_error("property missing from the table");
}

std::string_view id(Prop p) { return info(p).id; }

std::optional<Prop> parse_prop(std::string_view s) {
  for (const auto& i : kProps)
    if (i.id == s) return i.prop;
  return std::nullopt;
}

std::vector<Prop> verdict_props(const std::vector<Finding>& findings) {
  std::vector<Prop> out;
  for (const auto& f : findings)
    if (!info(f.prop).advisory) out.push_back(f.prop);
  std::sort(out.begin(), out.end(), [](Prop a, Prop b) { return id(a) < id(b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string verdict_string(const std::vector<Prop>& props) {
  if (props.empty()) return "pass";
  std::vector<std::string_view> ids;
  for (Prop p : props) ids.push_back(id(p));
  std::sort(ids.begin(), ids.end());
  std::string s;
  for (auto i : ids) {
    if (!s.empty()) s += ",";
    s += i;
  }
  return s;
}

std::optional<std::vector<Prop>> parse_verdict(std::string_view s, std::string* bad) {
  std::vector<Prop> out;
  if (s == "pass") return out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto word = s.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    auto p = parse_prop(word);
    if (!p) {
      if (bad) *bad = std::string(word);
      return std::nullopt;
    }
    out.push_back(*p);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  std::sort(out.begin(), out.end(), [](Prop a, Prop b) { return id(a) < id(b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace svm
