// SPDX-License-Identifier: MIT
#include "fuzz/support/hex_seed.hpp"

namespace svm::fuzz {

std::optional<std::vector<uint8_t>> bytes_from_hex(std::string_view text, std::string* error) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<uint8_t> out;
  int high = -1;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    int v = nibble(c);
    if (v < 0) {
      if (error) *error = std::string("not a hex digit: '") + c + "'";
      return std::nullopt;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) {
    if (error) *error = "odd number of hex digits";
    return std::nullopt;
  }
  return out;
}

}  // namespace svm::fuzz
