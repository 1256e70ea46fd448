// SPDX-License-Identifier: MIT
// Seeds of targets without a text form are written as hex bytes ("01 4a
// ff", spaces and '#' comments to the end of the line ignored).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svm::fuzz {

std::optional<std::vector<uint8_t>> bytes_from_hex(std::string_view text, std::string* error);

}  // namespace svm::fuzz
