// SPDX-License-Identifier: MIT
// Corpus files of the copy_vs_model target: naming, reading and saving.
// A reproducer is named regress-<variant>-<PROPERTY>-p<PAGE_SHIFT>; files
// whose name ends in -p<N> belong to that geometry only, others to all.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/copy_input.hpp"
#include "model/properties.hpp"

namespace svm {

std::vector<std::string> copy_corpus_files(const std::string& corpus_dir, uint32_t page_shift);
bool corpus_file_for_geometry(const std::string& path, uint32_t page_shift);
std::optional<std::vector<uint8_t>> read_corpus_file(const std::string& path, std::string* error = nullptr);

// Writes the reproducer unless an existing file of that name already
// reproduces (then it is kept: corpus files are never overwritten; a file
// that no longer reproduces is kept too and the new one gets a suffix).
// Returns the path, or "" with *error set.
std::string save_copy_reproducer(const std::string& corpus_dir, const std::string& variant, Prop prop,
                                 uint32_t page_shift, const CopyInput& input,
                                 const std::function<bool(const CopyInput&)>& reproduces, std::string* error);

}  // namespace svm
