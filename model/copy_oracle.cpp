// SPDX-License-Identifier: MIT
// The copy oracle: ../shared/spec/copy.md turned into checks over what the
// hardware doubles recorded. It never looks at a variant's code.
#include "model/copy_oracle.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "abi/svm_report_abi.h"

namespace svm {
namespace {

bool has_dev(const CopyEntry& e) { return e.region != SVM_NO_REGION; }

uint64_t dpa(const CopyEntry& e, const Geometry& g) {
  return svm_region_dpa_base(e.region) + static_cast<uint64_t>(e.page) * g.page_size;
}

std::string idx(uint64_t i) { return "index " + std::to_string(i); }

std::string call_name(const svm_copy_call& c) {
  std::ostringstream o;
  o << "call #" << c.seq << " (start " << c.sys_index << ", " << c.npages << " pages, base 0x" << std::hex
    << c.vram_base << ")";
  return o.str();
}

// Folio heads of G2+: entry h with order > 0 and a system page. Returns, per
// index, the head it belongs to (itself for a head), or -1.
std::vector<int64_t> folio_heads(const CopyInput& in, int api_gen) {
  std::vector<int64_t> head(in.entries.size(), -1);
  if (api_gen < 2) return head;
  for (size_t h = 0; h < in.entries.size(); h++) {
    const auto& e = in.entries[h];
    if (e.order == 0 || e.sys_page == 0 || head[h] != -1) continue;
    uint64_t n = uint64_t{1} << e.order;
    for (uint64_t j = 0; j < n && h + j < in.entries.size(); j++) head[h + j] = static_cast<int64_t>(h);
  }
  return head;
}

}  // namespace

CopyRun run_copy(const svm_copy_variant& v, const CopyInput& in) {
  svm_copy_input abi = in.abi();
  svm_copy_trace t{};
  svm_copy_run(&v, &abi, &t);
  CopyRun r;
  r.ret = t.ret;
  r.bugged = t.bugged;
  r.calls.assign(t.calls, t.calls + t.ncalls);
  for (uint32_t i = 0; i < t.nreports; i++)
    r.reports.push_back({t.reports[i].kind, t.reports[i].file ? t.reports[i].file : "?", t.reports[i].line,
                         t.reports[i].what ? t.reports[i].what : ""});
  r.changes.assign(t.changes, t.changes + t.nchanges);
  r.prefence_signaled_at_return = t.prefence_signaled_at_return;
  r.prefence_refs_at_end = t.prefence_refs_at_end;
  svm_copy_trace_free(&t);
  return r;
}

namespace {

uint64_t sys_page_with_heads(const CopyInput& in, const std::vector<int64_t>& heads, uint32_t i) {
  const auto& e = in.entries[i];
  if (e.sys_page) return e.sys_page;
  if (heads[i] >= 0 && heads[i] != i) return in.entries[heads[i]].sys_page + (i - heads[i]);
  return 0;
}

}  // namespace

uint64_t copy_sys_page(const CopyInput& in, int api_gen, uint32_t i) {
  return sys_page_with_heads(in, folio_heads(in, api_gen), i);
}

std::vector<bool> copy_populated(const CopyInput& in, int api_gen) {
  std::vector<bool> pop(in.entries.size(), false);
  auto heads = folio_heads(in, api_gen);
  for (size_t i = 0; i < in.entries.size(); i++) {
    const auto& e = in.entries[i];
    if (!has_dev(e)) continue;
    if (e.sys_page) {
      pop[i] = true;
    } else if (heads[i] >= 0 && has_dev(in.entries[heads[i]])) {
      pop[i] = true;  // tail of a populated head, its device page present
    }
  }
  return pop;
}

std::optional<std::string> copy_contract_violation(const CopyInput& in, int api_gen, const Geometry& g) {
  int32_t region = SVM_NO_REGION;
  for (size_t i = 0; i < in.entries.size(); i++) {
    const auto& e = in.entries[i];
    if (!has_dev(e)) continue;
    if (e.region < 0 || e.region >= SVM_MAX_REGIONS || e.page >= g.region_pages)
      return idx(i) + ": device page outside every VRAM region";
    if (region != SVM_NO_REGION && e.region != region)
      return idx(i) + ": device pages of one migration come from one VRAM region";
    region = e.region;
  }
  if (in.fail_at && in.fail_errno >= 0) return "an injected failure needs a negative errno";
  if (api_gen >= 2) {
    for (size_t h = 0; h < in.entries.size(); h++) {
      const auto& e = in.entries[h];
      if (e.order == 0) continue;
      if (e.order > 9) return idx(h) + ": folio order above 9";
      uint64_t n = uint64_t{1} << e.order;
      if (e.sys_page == 0) return idx(h) + ": a folio head has a system page";
      if (h + n > in.entries.size()) return idx(h) + ": folio runs past npages";
      for (uint64_t j = 1; j < n; j++) {
        const auto& t = in.entries[h + j];
        if (t.sys_page || t.order) return idx(h + j) + ": a folio tail carries no address of its own";
        if (has_dev(e) != has_dev(t)) return idx(h + j) + ": a folio migrates to a whole device folio or not at all";
        if (has_dev(e) && (t.region != e.region || dpa(t, g) != dpa(e, g) + j * g.page_size))
          return idx(h + j) + ": a device folio is physically contiguous";
      }
      h += n - 1;
    }
  }
  if (api_gen < 3 && in.prefence != SVM_PREFENCE_NONE) return "pre-migrate fences exist from G3 on";
  return std::nullopt;
}

std::vector<ExpectedCall> minimal_calls(const CopyInput& in, int api_gen, const Geometry& g) {
  auto pop = copy_populated(in, api_gen);
  std::vector<ExpectedCall> out;
  size_t i = 0;
  while (i < pop.size()) {
    if (!pop[i]) {
      i++;
      continue;
    }
    size_t j = i + 1;
    while (j < pop.size() && pop[j] && in.entries[j].region == in.entries[i].region &&
           dpa(in.entries[j], g) == dpa(in.entries[j - 1], g) + g.page_size)
      j++;
    for (size_t s = i; s < j; s += g.chunk)
      out.push_back({static_cast<uint32_t>(s), std::min<uint64_t>(g.chunk, j - s)});
    i = j;
  }
  return out;
}

std::vector<Finding> check_copy(const CopyInput& in, int api_gen, const CopyRun& run, const Geometry& g) {
  std::vector<Finding> f;
  if (copy_contract_violation(in, api_gen, g)) return f;
  const uint64_t n = in.entries.size();
  auto pop = copy_populated(in, api_gen);
  int32_t region = SVM_NO_REGION;
  for (const auto& e : in.entries)
    if (has_dev(e)) region = e.region;

  // Shape of every submission, successful or not.
  const svm_copy_call* failed = nullptr;
  for (const auto& c : run.calls) {
    if (c.npages == 0) f.push_back({Prop::CopyEmpty, call_name(c) + " covers no page"});
    if (c.npages > g.chunk)
      f.push_back({Prop::CopyChunk, call_name(c) + " covers " + std::to_string(c.npages) + " pages, CHUNK is " +
                                        std::to_string(g.chunk)});
    if (c.sys_index < 0) {
      f.push_back({Prop::CopyContig, call_name(c) + ": system pointer is not an entry of the array"});
    } else {
      for (uint64_t k = 0; k < c.npages; k++) {
        uint64_t i = static_cast<uint64_t>(c.sys_index) + k;
        if (i >= n) {
          f.push_back({Prop::CopyContig, call_name(c) + " runs past npages at " + idx(i)});
          break;
        }
        const auto& e = in.entries[i];
        if (!has_dev(e) || dpa(e, g) != c.vram_base + k * g.page_size || e.region != c.engine) {
          f.push_back({Prop::CopyContig, call_name(c) + ": " + idx(i) +
                                             (has_dev(e) ? " is not at base + k pages on this engine"
                                                         : " has no device page")});
          break;
        }
      }
    }
    if (region != SVM_NO_REGION && c.engine != region)
      f.push_back({Prop::CopyContig, call_name(c) + " went to engine " + std::to_string(c.engine) +
                                         ", the pages live in region " + std::to_string(region)});
    if (c.result != 0 && !failed) failed = &c;
  }

  if (!failed) {
    if (run.ret != 0 && !run.bugged)
      f.push_back({Prop::CopyErr, "returned " + std::to_string(run.ret) + " although no submission failed"});
  } else {
    if (run.ret != failed->result)
      f.push_back({Prop::CopyErr, call_name(*failed) + " failed with " + std::to_string(failed->result) +
                                      ", the function returned " + std::to_string(run.ret)});
    for (const auto& c : run.calls)
      if (c.seq > failed->seq) {
        f.push_back({Prop::CopyErr, call_name(c) + " was issued after " + call_name(*failed) + " failed"});
        break;
      }
    for (const auto& c : run.calls)
      if (c.seq < failed->seq && c.result == 0 && !c.completed_at_return) {
        f.push_back({Prop::CopyErr, call_name(c) + " had not completed when the error was returned"});
        break;
      }
  }

  // Coverage and data: only meaningful when nothing failed.
  if (!failed && !run.bugged) {
    std::vector<uint32_t> cover(n, 0);
    for (const auto& c : run.calls)
      if (c.result == 0 && c.sys_index >= 0)
        for (uint64_t k = 0; k < c.npages && static_cast<uint64_t>(c.sys_index) + k < n; k++)
          cover[c.sys_index + k]++;
    for (uint64_t i = 0; i < n; i++) {
      if (pop[i] && cover[i] != 1) {
        f.push_back({Prop::CopyOnce, idx(i) + " is populated and copied " + std::to_string(cover[i]) + " times"});
        break;
      }
      if (!pop[i] && cover[i] != 0) {
        f.push_back({Prop::CopyOnce, idx(i) + " is not populated but copied " + std::to_string(cover[i]) + " times"});
        break;
      }
    }
    // Expected final memory: each populated destination holds its source.
    std::map<std::pair<uint32_t, uint64_t>, uint64_t> want;
    auto heads = folio_heads(in, api_gen);
    for (uint64_t i = 0; i < n; i++) {
      if (!pop[i]) continue;
      const auto& e = in.entries[i];
      uint64_t sp = sys_page_with_heads(in, heads, static_cast<uint32_t>(i));
      std::pair<uint32_t, uint64_t> sys{SVM_SPACE_SYS, sp}, dev{SVM_SPACE_VRAM(e.region), e.page};
      auto src = in.dir == SVM_TO_VRAM ? sys : dev;
      auto dst = in.dir == SVM_TO_VRAM ? dev : sys;
      want[dst] = svm_initial_tag(src.first, src.second);
    }
    std::set<std::pair<uint32_t, uint64_t>> changed;
    bool data_bad = false;
    for (const auto& c : run.changes) {
      std::pair<uint32_t, uint64_t> key{c.space, c.page};
      changed.insert(key);
      auto w = want.find(key);
      if (w != want.end()) {
        if (c.after != w->second && !data_bad) {
          data_bad = true;
          f.push_back({Prop::CopyData, "destination page " + std::to_string(c.page) + " of space " +
                                           std::to_string(c.space) +
                                           (c.after == svm_cleared_tag() ? " was cleared after the copy"
                                                                         : " does not hold its source's bytes")});
        }
      } else if (!(c.cleared && c.after == svm_cleared_tag()) && !data_bad) {
        data_bad = true;
        f.push_back({Prop::CopyData, "page " + std::to_string(c.page) + " of space " + std::to_string(c.space) +
                                         " changed but is no populated destination"});
      }
    }
    for (const auto& [key, tag] : want)
      if (!changed.count(key) && svm_initial_tag(key.first, key.second) != tag && !data_bad) {
        data_bad = true;
        f.push_back({Prop::CopyData, "destination page " + std::to_string(key.second) + " of space " +
                                         std::to_string(key.first) + " was never written"});
      }
    auto minimal = minimal_calls(in, api_gen, g);
    size_t issued = run.calls.size();
    if (f.empty() && issued > minimal.size())
      f.push_back({Prop::CopyMinimal, std::to_string(issued) + " calls where " + std::to_string(minimal.size()) +
                                          " suffice"});
  }

  for (const auto& c : run.calls)
    if (c.result == 0 && !c.completed_at_return) {
      f.push_back({Prop::CopyWait, call_name(c) + " had not completed when the function returned"});
      break;
    }

  for (const auto& c : run.calls)
    if (c.result == 0 && c.fence_refs_at_end != 0) {
      f.push_back({Prop::CopyFence, call_name(c) + ": its fence holds " + std::to_string(c.fence_refs_at_end) +
                                        " references after return"});
      break;
    }
  if (in.prefence != SVM_PREFENCE_NONE && run.prefence_refs_at_end != 1)
    f.push_back({Prop::CopyFence, "the pre-migrate fence holds " + std::to_string(run.prefence_refs_at_end) +
                                      " references after return, the caller's 1 expected"});
  for (const auto& r : run.reports)
    if (r.kind == SHIM_REPORT_FENCE) {
      f.push_back({Prop::CopyFence, r.what + " (" + r.file + ":" + std::to_string(r.line) + ")"});
      break;
    }

  if (api_gen >= 3 && in.prefence == SVM_PREFENCE_PENDING) {
    const svm_copy_call* first = nullptr;
    for (const auto& c : run.calls)
      if (c.result == 0) {
        first = &c;
        break;
      }
    if (first && !first->dep_prefence)
      f.push_back({Prop::CopyPrefence, call_name(*first) + " is the first job but does not depend on the pre-migrate fence"});
    if (!first && !run.prefence_signaled_at_return)
      f.push_back({Prop::CopyPrefence, "no job was issued and the pre-migrate fence was not waited for"});
  }

  for (const auto& r : run.reports) {
    std::string where = r.what + " (" + r.file + ":" + std::to_string(r.line) + ")";
    if (r.kind == SHIM_REPORT_WARN || r.kind == SHIM_REPORT_LOCK) f.push_back({Prop::KernelWarn, where});
    if (r.kind == SHIM_REPORT_ASSERT) f.push_back({Prop::KernelAssert, where});
    if (r.kind == SHIM_REPORT_BUG) f.push_back({Prop::KernelBug, where});
  }
  if (run.bugged && std::none_of(f.begin(), f.end(), [](const Finding& x) { return x.prop == Prop::KernelBug; }))
    f.push_back({Prop::KernelBug, "BUG() unwound the call"});
  return f;
}

std::string copy_diagram(const CopyInput& in, int api_gen, const CopyRun& run, const Geometry& g) {
  std::ostringstream o;
  auto pop = copy_populated(in, api_gen);
  auto heads = folio_heads(in, api_gen);
  o << "  idx  device page (DPA)       system addr          P  calls\n";
  for (size_t i = 0; i < in.entries.size(); i++) {
    const auto& e = in.entries[i];
    char buf[96];
    if (has_dev(e))
      std::snprintf(buf, sizeof buf, "r%d:%-5u 0x%-12llx", e.region, e.page,
                    static_cast<unsigned long long>(dpa(e, g)));
    else
      std::snprintf(buf, sizeof buf, "%-21s", "-");
    o << (i < 10000 ? "  " : "") << std::string(std::max<int>(0, 3 - static_cast<int>(std::to_string(i).size())), ' ')
      << i << "  " << buf << "  ";
    uint64_t sp = sys_page_with_heads(in, heads, static_cast<uint32_t>(i));
    char sbuf[64];
    if (e.sys_page)
      std::snprintf(sbuf, sizeof sbuf, "0x%-12llx%s", static_cast<unsigned long long>(e.sys_page * g.page_size),
                    e.order ? (" F" + std::to_string(e.order)).c_str() : "   ");
    else if (sp)
      std::snprintf(sbuf, sizeof sbuf, "(tail)         ");
    else
      std::snprintf(sbuf, sizeof sbuf, "0              ");
    o << sbuf << "     " << (pop[i] ? '*' : ' ') << "  ";
    for (const auto& c : run.calls) {
      char mark = ' ';
      if (c.sys_index >= 0 && i >= static_cast<uint64_t>(c.sys_index) && i < c.sys_index + c.npages) {
        mark = c.result ? 'x' : (i == static_cast<uint64_t>(c.sys_index) ? '+' : '|');
      } else if (c.npages == 0 && static_cast<int64_t>(i) == c.sys_index) {
        mark = '0';
      }
      o << mark;
    }
    o << "\n";
  }
  o << "  calls (column order): ";
  for (const auto& c : run.calls)
    o << "#" << c.seq << "[" << c.sys_index << "+" << c.npages << (c.result ? " failed" : "") << "] ";
  o << "\n  legend: * populated, + first page of a call, | covered, 0 empty call, x failed submission\n";
  return o.str();
}

}  // namespace svm
