// SPDX-License-Identifier: MIT
#include "model/devmem_program.hpp"

#include <array>
#include <charconv>
#include <sstream>

namespace svm {
namespace {

struct OpName {
  DevmemOpKind kind;
  std::string_view name;
  int operands;  // PutAll's second operand is an order word
};

constexpr std::array kOpNames = {
    OpName{DevmemOpKind::Alloc, "alloc", 1},           OpName{DevmemOpKind::PutPage, "put", 1},
    OpName{DevmemOpKind::PutAll, "put_all", 2},        OpName{DevmemOpKind::FreeBlocks, "free_blocks", 1},
    OpName{DevmemOpKind::FailSlab, "fail_slab", 1},    OpName{DevmemOpKind::FailBuddy, "fail_buddy", 1},
};

constexpr std::array<std::string_view, 3> kOrderNames = {"asc", "desc", "evens"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view next_word(std::string_view& s) {
  s = trim(s);
  auto end = s.find(' ');
  auto w = s.substr(0, end);
  s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  return w;
}

std::optional<uint32_t> number(std::string_view w) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc() || p != w.data() + w.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string format_devmem_program(const DevmemProgram& p) {
  std::ostringstream o;
  for (size_t i = 0; i < p.size(); i++) {
    if (i) o << "; ";
    for (const auto& n : kOpNames) {
      if (n.kind != p[i].kind) continue;
      o << n.name << ' ' << p[i].a;
      if (n.operands == 2) o << ' ' << (p[i].b < kOrderNames.size() ? kOrderNames[p[i].b] : "asc");
    }
  }
  return o.str();
}

std::optional<DevmemProgram> parse_devmem_program(std::string_view text, std::string* error) {
  DevmemProgram out;
  auto fail = [&](std::string msg) -> std::optional<DevmemProgram> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  while (!trim(text).empty()) {
    auto semi = text.find(';');
    std::string_view item = text.substr(0, semi);
    text.remove_prefix(semi == std::string_view::npos ? text.size() : semi + 1);
    if (trim(item).empty()) continue;
    std::string_view rest = item;
    auto name = next_word(rest);
    const OpName* op = nullptr;
    for (const auto& n : kOpNames)
      if (n.name == name) op = &n;
    if (!op) return fail("unknown devmem operation '" + std::string(name) + "'");
    DevmemOp d{op->kind};
    auto a = number(next_word(rest));
    if (!a) return fail("'" + std::string(trim(item)) + "': expected a number after " + std::string(name));
    d.a = *a;
    if (op->operands == 2) {
      auto w = next_word(rest);
      bool found = w.empty();
      for (size_t k = 0; k < kOrderNames.size(); k++)
        if (kOrderNames[k] == w) {
          d.b = static_cast<uint32_t>(k);
          found = true;
        }
      if (!found) return fail("'" + std::string(trim(item)) + "': order must be asc, desc or evens");
    }
    if (!trim(rest).empty()) return fail("'" + std::string(trim(item)) + "': unexpected '" + std::string(trim(rest)) + "'");
    if (d.kind == DevmemOpKind::Alloc && (d.a == 0 || d.a > kDevmemMaxAllocPages))
      return fail("alloc needs 1.." + std::to_string(kDevmemMaxAllocPages) + " pages");
    if ((d.kind == DevmemOpKind::FailSlab || d.kind == DevmemOpKind::FailBuddy) &&
        (d.a == 0 || d.a > kDevmemMaxFailAt))
      return fail(std::string(name) + " needs 1.." + std::to_string(kDevmemMaxFailAt));
    out.push_back(d);
    if (out.size() > kDevmemMaxOps) return fail("more than " + std::to_string(kDevmemMaxOps) + " operations");
  }
  return out;
}

}  // namespace svm
