// SPDX-License-Identifier: MIT
#include "model/devmem_oracle.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <new>
#include <set>
#include <sstream>

#if defined(__SANITIZE_ADDRESS__)
#define SVM_DEVMEM_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SVM_DEVMEM_LSAN 1
#endif
#endif
#ifdef SVM_DEVMEM_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace svm {
namespace {


std::string hex(uint64_t v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

std::string op_name(const DevmemProgram& p, uint32_t index) {
  if (index == 0) return "set-up";
  if (index > p.size()) return "final put of the outstanding pages";
  return "op " + std::to_string(index) + " (" + format_devmem_program({p[index - 1]}) + ")";
}

struct BlockModel {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t live_pages = 0;
  bool returned = false;
};

struct AllocModel {
  uint32_t handle = 0;
  std::vector<uint64_t> pfns;
  std::vector<uint64_t> block_of;  // block id per page
  std::vector<bool> live;
  bool blocks_freed = false;
  size_t live_count() const { return std::count(live.begin(), live.end(), true); }
};

// Runs one program in this process and reports every finding to emit.
class Checker {
 public:
  explicit Checker(const DevmemProgram& p, std::function<void(const Finding&)> emit)
      : program_(p), emit_(std::move(emit)) {}

  // False (with *error) when the run could not start.
  bool run(const svm_devmem_variant& v, uint32_t vram_pages, std::string* error) {
    int err = svm_devmem_begin(&v, vram_pages);
    if (err) {
      *error = "svm_devmem_begin failed (" + std::to_string(err) + ")";
      return false;
    }
    svm_devmem_get_state(&start_);
    for (uint32_t i = 0; i < program_.size() && !stopped_; i++) exec(i + 1, program_[i]);
    if (!stopped_) drain();
    if (!stopped_) check_balance("after every page was freed");
    svm_devmem_end();
    return true;
  }

 private:
  const DevmemProgram& program_;
  std::function<void(const Finding&)> emit_;
  ::svm_devmem_state start_{};
  std::vector<AllocModel> allocs_;
  std::map<uint64_t, BlockModel> blocks_;
  std::set<Prop> seen_;
  bool stopped_ = false;
  std::string where_;

  void finding(Prop p, const std::string& detail) {
    if (p != Prop::DevmemLock) stopped_ = true;
    if (!seen_.insert(p).second) return;
    emit_(Finding{p, where_ + ": " + detail});
  }

  uint64_t pfn_of(uint64_t offset) const { return start_.region_pfn_first + offset / start_.page_size; }

  std::string block_name(const BlockModel& b) const {
    return "block [" + hex(b.offset) + ", +" + std::to_string(b.size / start_.page_size) + " pages)";
  }

  void check_reports() {
    const shim_report_entry* r = nullptr;
    uint32_t n = svm_devmem_reports(&r);
    for (uint32_t i = 0; i < n; i++) {
      std::string what = std::string(r[i].what ? r[i].what : "?") + " at " + (r[i].file ? r[i].file : "?") +
                         ":" + std::to_string(r[i].line);
      switch (r[i].kind) {
        case SHIM_REPORT_LOCK: finding(Prop::DevmemLock, what); break;
        case SHIM_REPORT_MEMORY: finding(Prop::MemSafety, what); break;
        case SHIM_REPORT_ASSERT: finding(Prop::KernelAssert, what); break;
        case SHIM_REPORT_BUG: finding(Prop::KernelBug, what); break;
        default: finding(Prop::KernelWarn, what); break;
      }
    }
  }

  // Blocks handed out and taken back during the operation; ids of the
  // blocks handed out in it.
  std::set<uint64_t> apply_events() {
    const svm_devmem_event* ev = nullptr;
    uint32_t n = svm_devmem_events(&ev);
    std::set<uint64_t> fresh;
    for (uint32_t i = 0; i < n; i++) {
      const auto& e = ev[i];
      if (e.kind == SVM_DEVMEM_EV_ALLOC) {
        blocks_[e.id] = BlockModel{e.offset, e.size, 0, false};
        fresh.insert(e.id);
      } else if (e.kind == SVM_DEVMEM_EV_FREE) {
        auto it = blocks_.find(e.id);
        std::string at = std::string(" (") + (e.file ? e.file : "?") + ":" + std::to_string(e.line) + ")";
        if (it == blocks_.end()) {
          finding(Prop::DevmemFree, "the buddy got back a block it never handed out" + at);
        } else if (it->second.returned) {
          finding(Prop::DevmemFree, block_name(it->second) + " returned to the buddy twice" + at);
        } else if (it->second.live_pages) {
          finding(Prop::DevmemFree, block_name(it->second) + " returned to the buddy while " +
                                        std::to_string(it->second.live_pages) + " of its pages are in use" + at);
        }
        if (it != blocks_.end()) it->second.returned = true;
      }
    }
    return fresh;
  }

  void after_op(const svm_devmem_result& r) {
    check_reports();
    if (r.bugged) finding(Prop::KernelBug, "BUG() unwound the call");
  }

  void exec(uint32_t index, const DevmemOp& op) {
    where_ = op_name(program_, index);
    switch (op.kind) {
      case DevmemOpKind::Alloc: alloc(index, op.a); break;
      case DevmemOpKind::PutPage: {
        std::vector<std::pair<size_t, size_t>> live;
        for (size_t a = 0; a < allocs_.size(); a++)
          for (size_t k = 0; k < allocs_[a].pfns.size(); k++)
            if (allocs_[a].live[k]) live.emplace_back(a, k);
        if (!live.empty()) put(index, live[op.a % live.size()]);
        break;
      }
      case DevmemOpKind::PutAll: put_all(index, op.a, static_cast<PutOrder>(op.b)); break;
      case DevmemOpKind::FreeBlocks: free_blocks(index, op.a); break;
      case DevmemOpKind::FailSlab: svm_devmem_fail_slab(op.a); break;
      case DevmemOpKind::FailBuddy: svm_devmem_fail_buddy(op.a, -ENOMEM); break;
    }
  }

  void alloc(uint32_t index, uint32_t npages) {
    ::svm_devmem_state before{};
    svm_devmem_get_state(&before);
    std::vector<uint64_t> pfns(npages);
    uint32_t handle = 0;
    svm_devmem_result r = svm_devmem_alloc(index, npages, pfns.data(), &handle);
    std::set<uint64_t> fresh = apply_events();
    after_op(r);
    if (stopped_) return;
    if (r.ret == 0 && !r.injected) {
      check_pfns(handle, pfns, fresh);
      return;
    }
    Prop p = r.injected ? Prop::DevmemOom : Prop::DevmemBalance;
    std::string why = r.injected ? "after the injected allocation failure" : "after a failed allocation (" +
                                                                                 std::to_string(r.ret) + ")";
    if (r.injected && r.ret != -ENOMEM) {
      finding(p, "returned " + std::to_string(r.ret) + " " + why + " instead of -ENOMEM");
      return;
    }
    ::svm_devmem_state after{};
    svm_devmem_get_state(&after);
    if (!svm_devmem_list_empty(handle)) finding(p, "the caller's list is not empty " + why);
    if (after.buddy_avail != before.buddy_avail)
      finding(p, "the buddy's avail moved from " + hex(before.buddy_avail) + " to " + hex(after.buddy_avail) + " " +
                     why);
    if (after.slab_live != before.slab_live)
      finding(p, std::to_string(after.slab_live) + " live slab objects instead of " +
                     std::to_string(before.slab_live) + " " + why);
    for (uint64_t id : fresh)
      if (!blocks_[id].returned) finding(p, block_name(blocks_[id]) + " kept " + why);
    std::vector<uint64_t> busy(64);
    uint32_t nbusy = svm_devmem_busy_pages(busy.data(), static_cast<uint32_t>(busy.size()));
    size_t model_live = 0;
    for (const auto& a : allocs_) model_live += a.live_count();
    if (nbusy > model_live)
      finding(p, std::to_string(nbusy - model_live) + " page(s) left initialised " + why);
  }

  void check_pfns(uint32_t handle, const std::vector<uint64_t>& pfns, const std::set<uint64_t>& fresh) {
    std::vector<svm_devmem_block> list(4096);
    uint32_t nlist = svm_devmem_list(handle, list.data(), static_cast<uint32_t>(list.size()));
    list.resize(std::min<uint32_t>(nlist, static_cast<uint32_t>(list.size())));
    std::map<uint64_t, const svm_devmem_block*> by_id;
    uint64_t list_pages = 0;
    for (const auto& b : list) {
      by_id[b.id] = &b;
      list_pages += b.size / start_.page_size;
      if (!fresh.count(b.id)) finding(Prop::DevmemPfn, "the caller's list holds a block this call did not allocate");
    }
    if (list_pages != pfns.size())
      finding(Prop::DevmemPfn, "the list's blocks hold " + std::to_string(list_pages) + " pages, " +
                                   std::to_string(pfns.size()) + " were asked for");
    AllocModel a;
    a.handle = handle;
    std::set<uint64_t> distinct;
    for (size_t k = 0; k < pfns.size(); k++) {
      ::svm_devmem_page pg{};
      svm_devmem_get_page(pfns[k], &pg);
      std::string at = "pfn[" + std::to_string(k) + "] = " + hex(pfns[k]);
      if (!distinct.insert(pfns[k]).second) finding(Prop::DevmemPfn, at + " appears twice");
      if (!pg.in_region) {
        finding(Prop::DevmemPfn, at + " is outside the tile's VRAM region");
        continue;
      }
      if (pg.refcount != 1) finding(Prop::DevmemPfn, at + ": page refcount " + std::to_string(pg.refcount));
      auto it = by_id.find(pg.block_id);
      if (it == by_id.end()) {
        finding(Prop::DevmemPfn, at + ": zone_device_data is not a block of the list");
        continue;
      }
      uint64_t first = pfn_of(it->second->offset);
      if (pfns[k] < first || pfns[k] - first >= it->second->size / start_.page_size)
        finding(Prop::DevmemPfn, at + " lies outside the block its zone_device_data points at");
      a.pfns.push_back(pfns[k]);
      a.block_of.push_back(pg.block_id);
      a.live.push_back(true);
      blocks_[pg.block_id].live_pages++;
    }
    allocs_.push_back(std::move(a));
  }

  void put(uint32_t index, std::pair<size_t, size_t> which) {
    auto& a = allocs_[which.first];
    size_t k = which.second;
    uint64_t block = a.block_of[k];
    a.live[k] = false;
    blocks_[block].live_pages--;
    svm_devmem_result r = svm_devmem_put_page(index, a.pfns[k]);
    apply_events();
    after_op(r);
    if (stopped_) return;
    const auto& b = blocks_[block];
    if (b.live_pages == 0 && !b.returned)
      finding(Prop::DevmemFree, block_name(b) + ": its last page was freed (pfn " + hex(a.pfns[k]) +
                                    ") but it was not returned to the buddy");
  }

  void put_all(uint32_t index, uint32_t which, PutOrder order) {
    std::vector<size_t> candidates;
    for (size_t a = 0; a < allocs_.size(); a++)
      if (allocs_[a].live_count()) candidates.push_back(a);
    if (candidates.empty()) return;
    size_t a = candidates[which % candidates.size()];
    std::vector<size_t> seq(allocs_[a].pfns.size());
    for (size_t k = 0; k < seq.size(); k++) seq[k] = k;
    if (order == PutOrder::Descending) std::reverse(seq.begin(), seq.end());
    if (order == PutOrder::EvensThenOdds)
      std::stable_partition(seq.begin(), seq.end(), [](size_t k) { return k % 2 == 0; });
    for (size_t k : seq) {
      if (stopped_) return;
      if (allocs_[a].live[k]) put(index, {a, k});
    }
  }

  void free_blocks(uint32_t index, uint32_t which) {
    std::vector<size_t> candidates;
    for (size_t a = 0; a < allocs_.size(); a++)
      if (!allocs_[a].blocks_freed) candidates.push_back(a);
    if (candidates.empty()) return;
    auto& a = allocs_[candidates[which % candidates.size()]];
    a.blocks_freed = true;
    svm_devmem_result r = svm_devmem_free_blocks(index, a.handle);
    apply_events();
    after_op(r);
  }

  void drain() {
    uint32_t index = static_cast<uint32_t>(program_.size()) + 1;
    where_ = op_name(program_, index);
    for (size_t a = 0; a < allocs_.size() && !stopped_; a++)
      for (size_t k = 0; k < allocs_[a].pfns.size() && !stopped_; k++)
        if (allocs_[a].live[k]) put(index, {a, k});
  }

  void check_balance(const std::string& when) {
    ::svm_devmem_state now{};
    svm_devmem_get_state(&now);
    where_ = "end of run";
    if (now.buddy_avail != start_.buddy_avail)
      finding(Prop::DevmemBalance, "the buddy's avail is " + hex(now.buddy_avail) + " " + when + ", it started at " +
                                       hex(start_.buddy_avail));
    if (now.slab_live != start_.slab_live)
      finding(Prop::DevmemBalance, std::to_string(now.slab_live) + " live slab objects " + when + ", " +
                                       std::to_string(start_.slab_live) + " at the start");
  }
};

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  return s;
}

bool write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

std::string read_fd(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// The first line of a sanitizer report in a child's stderr, if any.
std::string sanitizer_line(const std::string& err, bool* memory_error) {
  *memory_error = false;
  auto pos = err.find("ERROR: AddressSanitizer: ");
  if (pos != std::string::npos) {
    auto end = err.find('\n', pos);
    std::string line = err.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    for (const char* kind : {"heap-buffer-overflow", "heap-use-after-free", "double-free", "attempting free",
                             "use-after-poison", "global-buffer-overflow", "stack-buffer-overflow"})
      if (line.find(kind) != std::string::npos) *memory_error = true;
    return line;
  }
  pos = err.find("runtime error: ");
  if (pos != std::string::npos) {
    auto end = err.find('\n', pos);
    return "UBSan " + err.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  }
  return "";
}

DevmemOutcome run_isolated(const svm_devmem_variant& v, const DevmemProgram& program, const DevmemRunOptions& opt) {
  DevmemOutcome out;
  void* shared = mmap(nullptr, sizeof(svm_devmem_progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    out.error = std::string("mmap: ") + std::strerror(errno);
    return out;
  }
  auto* progress = new (shared) svm_devmem_progress{};
  int pipefd[2];
  FILE* err_file = std::tmpfile();
  if (!err_file || pipe(pipefd) != 0) {
    out.error = std::string("pipe/tmpfile: ") + std::strerror(errno);
    if (err_file) std::fclose(err_file);
    munmap(shared, sizeof(svm_devmem_progress));
    return out;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    out.error = std::string("fork: ") + std::strerror(errno);
  } else if (pid == 0) {
    close(pipefd[0]);
    dup2(fileno(err_file), STDERR_FILENO);
    alarm(opt.timeout_seconds);
    svm_devmem_set_progress(progress);
    int fd = pipefd[1];
    Checker c(program, [fd](const Finding& f) { write_all(fd, std::string(id(f.prop)) + "\t" + one_line(f.detail) + "\n"); });
    std::string error;
    if (!c.run(v, opt.vram_pages, &error)) write_all(fd, "ERROR\t" + one_line(error) + "\n");
#ifdef SVM_DEVMEM_LSAN
    if (__lsan_do_recoverable_leak_check())
      write_all(fd, std::string(id(Prop::Leak)) + "\tLeakSanitizer found memory lost by the run\n");
#endif
    write_all(fd, "DONE\n");
    _exit(0);
  }
  close(pipefd[1]);
  std::string text = pid > 0 ? read_fd(pipefd[0]) : "";
  close(pipefd[0]);
  int status = 0;
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  std::string err = [&] {
    std::string s;
    std::fflush(err_file);
    std::rewind(err_file);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), err_file)) > 0) s.append(buf, n);
    std::fclose(err_file);
    return s;
  }();
  uint32_t op = progress->op, injected_op = progress->injected_op;
  munmap(shared, sizeof(svm_devmem_progress));
  if (pid < 0) return out;

  bool done = false;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == "DONE") {
      done = true;
      continue;
    }
    auto tab = line.find('\t');
    std::string key = line.substr(0, tab), detail = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (key == "ERROR") {
      out.error = detail;
    } else if (auto p = parse_prop(key)) {
      out.findings.push_back(Finding{*p, detail});
    } else {
      out.error = "unreadable line from the run: " + line;
    }
  }
  if (done && WIFEXITED(status) && WEXITSTATUS(status) == 0) return out;

  out.crashed = true;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    out.error = "the run did not finish within " + std::to_string(opt.timeout_seconds) + " s in " +
                op_name(program, op);
    return out;
  }
  bool memory_error = false;
  std::string san = sanitizer_line(err, &memory_error);
  std::string how = !san.empty() ? san
                    : WIFSIGNALED(status) ? std::string("killed by signal ") + strsignal(WTERMSIG(status))
                                          : "exited with status " + std::to_string(WEXITSTATUS(status));
  std::string where = op_name(program, op);
  bool explained = std::any_of(out.findings.begin(), out.findings.end(),
                               [](const Finding& f) { return f.prop != Prop::DevmemLock; });
  if (explained) return out;  // the crash follows a finding already made
  if (!memory_error && op != 0 && injected_op == op)
    out.findings.push_back(Finding{Prop::DevmemOom, where + ": crashed after the injected allocation failure, "
                                                            "which was not handled (" + how + ")"});
  else
    out.findings.push_back(Finding{Prop::MemSafety, where + ": " + how});
  return out;
}

}  // namespace

bool DevmemOutcome::has(Prop p) const {
  return std::any_of(findings.begin(), findings.end(), [p](const Finding& f) { return f.prop == p; });
}

DevmemOutcome run_devmem(const svm_devmem_variant& v, const DevmemProgram& program, const DevmemRunOptions& opt) {
  if (opt.isolate) return run_isolated(v, program, opt);
  DevmemOutcome out;
  Checker c(program, [&out](const Finding& f) { out.findings.push_back(f); });
  c.run(v, opt.vram_pages, &out.error);
  return out;
}

std::vector<const svm_devmem_variant*> devmem_variants() {
  size_t n = 0;
  const svm_devmem_variant* all = svm_devmem_variants(&n);
  std::vector<const svm_devmem_variant*> out;
  for (size_t i = 0; i < n; i++) out.push_back(&all[i]);
  return out;
}

const svm_devmem_variant* devmem_variant(std::string_view name) {
  for (const auto* v : devmem_variants())
    if (name == v->name) return v;
  return nullptr;
}

}  // namespace svm
