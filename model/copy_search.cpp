// SPDX-License-Identifier: MIT
#include "model/copy_search.hpp"

#include <chrono>
#include <vector>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"

namespace svm {
namespace {

std::string count_near_boundary(std::mt19937_64& rng, const Geometry& g, uint64_t at) {
  uint64_t c = g.chunk;
  uint64_t to_boundary = c - at % c;
  std::vector<uint64_t> choices = {1, 2, 3, c > 1 ? c - 1 : 1, c, c + 1, 2 * c, to_boundary,
                                   to_boundary + 1, to_boundary > 1 ? to_boundary - 1 : 1};
  std::uniform_int_distribution<size_t> pick(0, choices.size());
  size_t k = pick(rng);
  uint64_t n = k < choices.size() ? choices[k] : std::uniform_int_distribution<uint64_t>(1, 2 * c)(rng);
  return std::to_string(n ? n : 1);
}

void canonical_sys_pages(CopyInput& in) {
  for (size_t i = 0; i < in.entries.size(); i++)
    if (in.entries[i].sys_page) in.entries[i].sys_page = i + 1;
}

uint32_t populated_count(const CopyInput& in, int api_gen) {
  uint32_t n = 0;
  for (bool p : copy_populated(in, api_gen)) n += p;
  return n;
}

}  // namespace

std::string random_copy_layout(std::mt19937_64& rng, int api_gen, const Geometry& g) {
  auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  std::string head;
  if (roll(10) < 3) head += " dir=ram";
  if (api_gen >= 3) {
    int p = roll(10);
    if (p < 3) head += " prefence=pending";
    else if (p < 5) head += " prefence=signaled";
  }
  if (roll(4) == 0) head += " fail=" + std::to_string(1 + roll(4)) + (roll(2) ? ":-12" : ":-5");
  std::string body;
  uint64_t at = 0, limit = 4 * g.chunk + 32;
  int segments = 1 + roll(6);
  int max_order = 0;
  while (max_order < 9 && (uint64_t{2} << max_order) <= 2 * g.chunk) max_order++;
  for (int s = 0; s < segments && at < limit; s++) {
    int kind = roll(api_gen >= 2 ? 100 : 88);
    std::string tok;
    uint64_t len = 0;
    if (kind < 40) {
      tok = "P" + count_near_boundary(rng, g, at);
    } else if (kind < 52) {
      tok = "H" + count_near_boundary(rng, g, at);
    } else if (kind < 60) {
      tok = "S" + count_near_boundary(rng, g, at);
    } else if (kind < 66) {
      tok = "N" + count_near_boundary(rng, g, at);
    } else if (kind < 80) {
      tok = "+" + std::to_string(1 + roll(5)) + " P" + count_near_boundary(rng, g, at);
    } else if (kind < 88) {
      tok = "-" + std::to_string(1 + roll(5)) + " P" + count_near_boundary(rng, g, at);
    } else {
      int order = 1 + roll(max_order ? max_order : 1);
      tok = "F" + std::to_string(order);
      len = uint64_t{1} << order;
    }
    if (!len) {
      auto p = tok.find_last_of("PHSN");
      len = std::stoull(tok.substr(p + 1));
    }
    if (at + len > limit) break;
    at += len;
    body += " " + tok;
  }
  return head + " |" + body;
}

CopyInput random_copy_input(std::mt19937_64& rng, int api_gen, const Geometry& g) {
  auto in = parse_copy_layout(random_copy_layout(rng, api_gen, g), g);
  return in ? *in : CopyInput{};
}

void enumerate_copy_inputs(int api_gen, const Geometry& g, int max_segments,
                           const std::function<bool(const CopyInput&)>& fn) {
  std::vector<std::string> alphabet = {"P1", "P2", "P{C-1}", "P{C}", "P{C+1}", "H1", "H{C-1}",
                                       "S1", "N1", "+3 P1", "-2 P1"};
  if (api_gen >= 2) {
    alphabet.push_back("F1");
    alphabet.push_back("F2");
  }
  std::vector<std::string> heads = {"", "dir=ram", "fail=1:-12", "fail=2:-5"};
  if (api_gen >= 3) {
    heads.push_back("prefence=pending");
    heads.push_back("prefence=pending fail=1:-12");
  }
  std::vector<size_t> digits;
  for (int len = 1; len <= max_segments; len++) {
    digits.assign(len, 0);
    while (true) {
      std::string body;
      for (size_t d : digits) body += " " + alphabet[d];
      for (const auto& h : heads) {
        auto in = parse_copy_layout(h + " |" + body, g);
        if (in && !fn(*in)) return;
      }
      size_t k = 0;
      while (k < digits.size() && ++digits[k] == alphabet.size()) digits[k++] = 0;
      if (k == digits.size()) break;
    }
  }
}

bool copy_input_smaller(const CopyInput& a, const CopyInput& b, int api_gen) {
  if (a.npages() != b.npages()) return a.npages() < b.npages();
  return populated_count(a, api_gen) < populated_count(b, api_gen);
}

CopyInput shrink_copy_input(CopyInput in, const std::function<bool(const CopyInput&)>& still_fails,
                            double max_seconds) {
  auto t0 = std::chrono::steady_clock::now();
  auto out_of_time = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > max_seconds;
  };
  auto attempt = [&](CopyInput cand) {
    canonical_sys_pages(cand);
    if (cand == in || !still_fails(cand)) return false;
    in = std::move(cand);
    return true;
  };
  // Simplify the header first: fewer knobs make a clearer reproducer.
  if (in.fail_at) {
    CopyInput c = in;
    c.fail_at = 0;
    attempt(c);
  }
  if (in.prefence != SVM_PREFENCE_NONE) {
    CopyInput c = in;
    c.prefence = SVM_PREFENCE_NONE;
    attempt(c);
  }
  if (in.dir != SVM_TO_VRAM) {
    CopyInput c = in;
    c.dir = SVM_TO_VRAM;
    attempt(c);
  }
  bool progress = true;
  while (progress && !out_of_time()) {
    progress = false;
    for (size_t size = std::max<size_t>(1, in.entries.size() / 2); size >= 1 && !out_of_time(); size /= 2) {
      for (size_t p = 0; p + size <= in.entries.size() && !out_of_time();) {
        CopyInput c = in;
        c.entries.erase(c.entries.begin() + p, c.entries.begin() + p + size);
        if (attempt(c))
          progress = true;
        else
          p += size;
      }
      if (size == 1) break;
    }
    // Fewer populated entries: turn one into a hole, keeping npages.
    for (size_t i = 0; i < in.entries.size() && !out_of_time(); i++) {
      if (!in.entries[i].sys_page || in.entries[i].order) continue;
      CopyInput c = in;
      c.entries[i].sys_page = 0;
      if (attempt(c)) progress = true;
    }
  }
  return in;
}

}  // namespace svm
