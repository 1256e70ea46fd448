// SPDX-License-Identifier: MIT
// Tasks in child processes: each task runs on its own copy of the process
// (fork), so nothing of Z3 or LLVM is shared or cancelled across tasks, and
// sends its answer back as a string on a pipe. Used by Spacer's portfolio
// (one seed per child) and by the Spacer driver's --parallel (properties in
// parallel).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace children {

// How a task ended: its answer, or why there is none (the child died, was
// killed, or did not answer before the deadline).
struct Ended {
  std::optional<std::string> answer;
  std::string why;
};

// Runs task(0) .. task(n - 1), at most at_once at a time, each in a child
// process, starting them in index order. done(i, ended) is called in this
// process as task i ends; when it returns true, the children still running
// are killed and no more are started (a portfolio's winner). At the
// deadline, if one is given, the children still running are killed and
// reported as not answering in time; tasks not started by then are not run
// and not reported. When a child cannot be started the task runs here
// instead (an exception it throws is its "why").
void run(size_t n, unsigned at_once, const std::function<std::string(size_t)>& task,
         const std::function<bool(size_t, const Ended&)>& done,
         std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

// Several strings as one and back (each as its length, a newline, its
// bytes): an answer with parts. unpack() returns nothing for a malformed
// or truncated text.
std::string pack(const std::vector<std::string>& parts);
std::optional<std::vector<std::string>> unpack(const std::string& text);

}  // namespace children
