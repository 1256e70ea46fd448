// SPDX-License-Identifier: MIT
// Compiles a C translation unit of the code under test to LLVM IR the way
// the build compiles it (same include directories, gnu11, the kernel's
// -fno-strict-aliasing -fno-strict-overflow), at -O1 so that static helpers
// inline and constant ops tables fold into direct calls.
#pragma once

#include <string>
#include <vector>

namespace l2s {

struct CompileJob {
  std::string source;                // the .c file to compile
  std::vector<std::string> defines;  // NAME=VALUE
  std::string output;                // the .ll file to write
};

// Runs clang; throws Unsupported with clang's first error line on failure.
void compile_to_ir(const CompileJob& job);

// The repository root and the C include path the build uses.
std::string source_dir();
std::vector<std::string> c_include_dirs();

}  // namespace l2s
