// SPDX-License-Identifier: MIT
#include "proofs/llvm2smt/compile.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "proofs/llvm2smt/translate.hpp"

namespace l2s {

std::string source_dir() { return SVM_SOURCE_DIR; }

std::vector<std::string> c_include_dirs() {
  std::vector<std::string> out;
  std::stringstream ss(SVM_C_INCLUDES);
  std::string d;
  while (std::getline(ss, d, '|'))
    if (!d.empty()) out.push_back(d);
  return out;
}

void compile_to_ir(const CompileJob& job) {
  std::vector<std::string> argv{SVM_CLANG, "-S", "-emit-llvm", "-O1", "-g", "-std=gnu11",
                                "-fno-strict-aliasing", "-fno-strict-overflow", "-w"};
  for (auto& d : job.defines) argv.push_back("-D" + d);
  for (auto& i : c_include_dirs()) argv.push_back("-I" + i);
  argv.push_back(job.source);
  argv.push_back("-o");
  argv.push_back(job.output);
  std::string log = job.output + ".log";
  pid_t pid = fork();
  if (pid < 0) throw Unsupported("cannot fork clang");
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    std::vector<char*> a;
    for (auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    execv(a[0], a.data());
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    std::ifstream in(log);
    std::string line, first;
    while (std::getline(in, line))
      if (line.find("error:") != std::string::npos) {
        first = line;
        break;
      }
    throw Unsupported("clang failed on " + job.source + (first.empty() ? "" : ": " + first));
  }
}

}  // namespace l2s
