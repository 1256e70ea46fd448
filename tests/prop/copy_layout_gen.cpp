// SPDX-License-Identifier: MIT
#include "tests/prop/copy_layout_gen.hpp"

#include <algorithm>
#include <string_view>

#include "fuzz/decoders/copy_codec.hpp"

namespace svm::prop {
namespace {

uint64_t count_of(const CopySeg& s, const Geometry& g) {
  int64_t n = static_cast<int64_t>(s.k) * static_cast<int64_t>(g.chunk) + s.d;
  return n < 1 ? 1 : static_cast<uint64_t>(n);
}

// "7", "{C}", "{C+1}", "{2C-3}": the count in CHUNK terms, evaluating to
// count_of() at every geometry where CHUNK >= 4.
std::string count_text(const CopySeg& s, const Geometry& g) {
  if (s.k == 0) return std::to_string(count_of(s, g));
  std::string t = "{" + (s.k == 1 ? std::string() : std::to_string(s.k)) + "C";
  if (s.d > 0) t += "+" + std::to_string(s.d);
  if (s.d < 0) t += "-" + std::to_string(-s.d);
  return t + "}";
}

CopySeg seg(char kind, int k, int d) { return CopySeg{kind, k, d}; }

template <typename T>
rc::Gen<T> just_as(T v) {
  return rc::gen::just<T>(std::move(v));
}

// Entry counts: small, near a CHUNK multiple, or anywhere up to 2C.
rc::Gen<std::pair<int, int>> gen_count(const Geometry& g, int small_weight) {
  int c = static_cast<int>(g.chunk);
  auto pair = [](int k, rc::Gen<int> d) {
    return rc::gen::map(std::move(d), [k](int v) { return std::pair<int, int>{k, v}; });
  };
  return weighted<std::pair<int, int>>({
      {small_weight, pair(0, any_in(1, 9))},
      {4, pair(1, small_offset(3))},
      {1, pair(2, small_offset(3))},
      {1, pair(0, any_in(1, 2 * c + 1))},
  });
}

rc::Gen<CopySeg> gen_seg(int api_gen, const Geometry& g) {
  auto counted = [&](char kind, int small_weight) {
    return rc::gen::map(gen_count(g, small_weight), [kind](std::pair<int, int> kd) { return seg(kind, kd.first, kd.second); });
  };
  auto folio = rc::gen::map(any_in(1, 10), [](int order) { return seg('F', 0, order); });
  auto seek = rc::gen::map(any_in(0, static_cast<int>(g.region_pages)), [](int p) { return seg('@', 0, p); });
  return weighted<CopySeg>({
      {35, counted('P', 4)},
      {10, counted('H', 4)},
      {8, counted('S', 4)},
      {6, counted('N', 4)},
      {12, counted('+', 16)},
      {6, counted('-', 16)},
      {3, seek},
      {api_gen >= 2 ? 15 : 0, folio},
  });
}

// Adjacent segments of one counted kind are one run: 'P{C-3} P2' becomes
// 'P{C-1}', so a shrunk counterexample has no token a reader must add up.
// Exact at every geometry: counts with k > 0 are never clamped (C >= 4).
std::vector<CopySeg> merge_adjacent(std::vector<CopySeg> segs) {
  std::vector<CopySeg> out;
  for (const auto& s : segs) {
    bool counted = std::string_view("PHSN+-").find(s.kind) != std::string_view::npos;
    if (counted && !out.empty() && out.back().kind == s.kind) {
      out.back().k += s.k;
      out.back().d += s.d;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace

rc::Gen<int> any_in(int min, int max) { return rc::gen::resize(rc::kNominalSize, rc::gen::inRange(min, max)); }

rc::Gen<int> small_offset(int max) {
  return rc::gen::map(any_in(0, 2 * max + 1), [](int u) { return u % 2 ? (u + 1) / 2 : -(u / 2); });
}

uint32_t copy_page_budget(const Geometry& g) { return CopyDecodeLimits::for_geometry(g).max_pages; }

std::string CopyCase::layout(const Geometry& g) const {
  std::string s = dir ? "dir=ram" : "dir=vram";
  if (prefence == SVM_PREFENCE_SIGNALED) s += " prefence=signaled";
  if (prefence == SVM_PREFENCE_PENDING) s += " prefence=pending";
  if (fail_at) s += " fail=" + std::to_string(fail_at) + ":" + std::to_string(fail_errno);
  const uint64_t rp = g.region_pages, budget = copy_page_budget(g);
  uint64_t cur = start >= 0 ? static_cast<uint64_t>(start) % rp : rp - static_cast<uint64_t>(-start) % rp;
  uint64_t used = 0;
  s += " | @" + std::to_string(region) + ":" + std::to_string(cur);
  for (const auto& sg : segs) {
    switch (sg.kind) {
      case 'P':
      case 'H':
      case 'S':
      case 'N': {
        uint64_t n = count_of(sg, g);
        if (used + n > budget) continue;
        used += n;
        cur = (cur + n) % rp;
        s += std::string(" ") + sg.kind + count_text(sg, g);
        break;
      }
      case '+':
      case '-': {
        uint64_t n = count_of(sg, g) % rp;
        cur = sg.kind == '+' ? (cur + n) % rp : (cur + rp - n) % rp;
        s += std::string(" ") + sg.kind + count_text(sg, g);
        break;
      }
      case '@':
        cur = static_cast<uint64_t>(sg.d) % rp;
        s += " @" + std::to_string(region) + ":" + std::to_string(cur);
        break;
      case 'F': {
        // A device folio is physically contiguous: it neither wraps the
        // region nor passes the page budget.
        int order = std::clamp(sg.d, 1, 9);
        while (order >= 1 && (used + (uint64_t{1} << order) > budget || cur + (uint64_t{1} << order) > rp)) order--;
        if (order < 1) continue;
        used += uint64_t{1} << order;
        cur = (cur + (uint64_t{1} << order)) % rp;
        s += " F" + std::to_string(order);
        break;
      }
    }
  }
  return s;
}

rc::Gen<CopyCase> gen_copy_case(int api_gen, const Geometry& g) {
  using rc::gen::set;
  return rc::gen::build<CopyCase>(
      set(&CopyCase::api_gen, rc::gen::just(api_gen)),
      set(&CopyCase::dir, weighted<int>({{7, just_as<int>(SVM_TO_VRAM)}, {3, just_as<int>(SVM_TO_SRAM)}})),
      set(&CopyCase::prefence, weighted<int>({{5, just_as<int>(SVM_PREFENCE_NONE)},
                                              {api_gen >= 3 ? 2 : 0, just_as<int>(SVM_PREFENCE_SIGNALED)},
                                              {api_gen >= 3 ? 3 : 0, just_as<int>(SVM_PREFENCE_PENDING)}})),
      set(&CopyCase::fail_at, weighted<int>({{3, just_as(0)}, {1, any_in(1, 5)}})),
      set(&CopyCase::fail_errno,
          weighted<int>({{1, just_as(-12)}, {1, just_as(-5)}, {1, just_as(-62)}, {1, just_as(-11)}})),
      set(&CopyCase::region, weighted<int>({{1, just_as(0)}, {1, just_as(1)}})),
      set(&CopyCase::start,
          weighted<int>({{6, just_as(0)}, {2, any_in(1, 9)}, {1, rc::gen::map(any_in(1, 9), [](int x) { return -x; })}})),
      // 1 to 4 segments at RapidCheck's smallest size, up to 13 at its
      // largest; the segments themselves do not depend on the size.
      set(&CopyCase::segs, rc::gen::map(rc::gen::withSize([seg = gen_seg(api_gen, g)](int size) {
                                          auto rest = rc::gen::resize(3 + size * 9 / rc::kNominalSize,
                                                                      rc::gen::container<std::vector<CopySeg>>(seg));
                                          return rc::gen::map(rc::gen::pair(seg, rest), [](auto first_rest) {
                                            first_rest.second.insert(first_rest.second.begin(), first_rest.first);
                                            return first_rest.second;
                                          });
                                        }),
                                        merge_adjacent)));
}

std::optional<CopyInput> copy_case_input(const CopyCase& c, const Geometry& g, std::string* error) {
  return parse_copy_layout(c.layout(g), g, error);
}

void showValue(const CopyCase& c, std::ostream& os) { os << c.layout(Geometry::current()); }

}  // namespace svm::prop
