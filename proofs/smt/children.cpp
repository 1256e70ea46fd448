// SPDX-License-Identifier: MIT
#include "proofs/smt/children.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace children {

namespace {

struct Child {
  size_t task;
  pid_t pid;
  int fd;
  std::string got;
};

void write_all(int fd, const std::string& s) {
  for (size_t w = 0; w < s.size();) {
    ssize_t k = write(fd, s.data() + w, s.size() - w);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return;
    w += static_cast<size_t>(k);
  }
}

// How child c ended, once its pipe is closed (or it was killed).
Ended reap(Child& c, bool killed) {
  close(c.fd);
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) return {std::nullopt, "did not answer in time"};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {std::move(c.got), ""};
  if (WIFSIGNALED(status))
    return {std::nullopt, std::string("its process was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                              strsignal(WTERMSIG(status)) + (WTERMSIG(status) == SIGKILL ? "; out of memory?" : "") + ")"};
  std::string why = c.got.empty() ? "its process ended without an answer" : c.got;  // exit 1: the exception's text
  return {std::nullopt, why};
}

}  // namespace

void run(size_t n, unsigned at_once, const std::function<std::string(size_t)>& task,
         const std::function<bool(size_t, const Ended&)>& done,
         std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::vector<Child> kids;
  size_t next = 0;
  bool stop = false;
  auto finish = [&](size_t i, const Ended& e) { stop = done(i, e) || stop; };
  while (!stop && (next < n || !kids.empty())) {
    // Start tasks up to at_once.
    while (!stop && next < n && kids.size() < std::max(1u, at_once)) {
      size_t i = next++;
      int fds[2];
      std::fflush(nullptr);
      pid_t pid = -1;
      if (pipe(fds) == 0) {
        pid = fork();
        if (pid < 0) {
          close(fds[0]);
          close(fds[1]);
        }
      }
      if (pid < 0) {  // no child: here, in this process
        Ended e;
        try {
          e.answer = task(i);
        } catch (const std::exception& x) {
          e.why = x.what();
        } catch (...) {
          e.why = "the task failed";
        }
        finish(i, e);
        continue;
      }
      if (pid == 0) {
        close(fds[0]);
        int code = 0;
        std::string out;
        try {
          out = task(i);
        } catch (const std::exception& x) {
          out = x.what();
          code = 1;
        } catch (...) {
          out.clear();
          code = 1;
        }
        write_all(fds[1], out);
        _exit(code);
      }
      close(fds[1]);
      kids.push_back({i, pid, fds[0], ""});
    }
    if (stop || kids.empty()) break;
    std::vector<pollfd> pf;
    for (auto& k : kids) pf.push_back({k.fd, POLLIN, 0});
    int wait_ms = -1;
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      wait_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
    }
    int ready = poll(pf.data(), pf.size(), wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {  // the deadline (or poll failed): the ones still running did not answer
      for (auto& k : kids) kill(k.pid, SIGKILL);
      std::vector<Child> left = std::move(kids);
      kids.clear();
      for (auto& k : left) finish(k.task, reap(k, true));
      next = n;
      break;
    }
    for (size_t j = 0; j < kids.size();) {
      Child& k = kids[j];
      if (!(pf[j].revents & (POLLIN | POLLHUP | POLLERR))) {
        j++;
        continue;
      }
      char buf[65536];
      ssize_t got = read(k.fd, buf, sizeof buf);
      if (got > 0 || (got < 0 && errno == EINTR)) {
        if (got > 0) k.got.append(buf, static_cast<size_t>(got));
        j++;
        continue;
      }
      // EOF: the child is done.
      Child c = std::move(k);
      kids.erase(kids.begin() + static_cast<long>(j));
      pf.erase(pf.begin() + static_cast<long>(j));
      finish(c.task, reap(c, false));
    }
  }
  for (auto& k : kids) {  // stopped by done(): the others are not needed
    kill(k.pid, SIGKILL);
    reap(k, true);
  }
}

std::string pack(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& s : parts) out += std::to_string(s.size()) + "\n" + s;
  return out;
}

std::optional<std::vector<std::string>> unpack(const std::string& text) {
  std::vector<std::string> parts;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) return std::nullopt;
    std::string len = text.substr(at, nl - at);
    if (len.empty() || len.size() > 12 || len.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    size_t k = std::stoul(len);
    if (k > text.size() - nl - 1) return std::nullopt;
    parts.push_back(text.substr(nl + 1, k));
    at = nl + 1 + k;
  }
  return parts;
}

}  // namespace children
