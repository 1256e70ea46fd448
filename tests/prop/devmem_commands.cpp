// SPDX-License-Identifier: MIT
#include "tests/prop/devmem_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "fuzz/decoders/devmem_codec.hpp"
#include "tests/prop/copy_layout_gen.hpp"

namespace svm::prop {
namespace {

// Runs take milliseconds; one that runs for seconds is stuck, and a search
// that shrinks it must not wait a minute per candidate.
DevmemOutcome run(const svm_devmem_variant& v, const DevmemProgram& p) {
  DevmemRunOptions opt;
  opt.timeout_seconds = 1;
  return run_devmem(v, p, opt);
}

DevmemProgram& last() {
  static DevmemProgram p;
  return p;
}

// One command class per operation; `op` is what run() appends.
template <DevmemOpKind K>
struct OpCmd : DevmemCommand {
  uint32_t a = 0, b = 0;
  DevmemOp op() const { return DevmemOp{K, a, b}; }
  void checkPreconditions(const DevmemModelState& s) const override {
    // Putting and freeing need an allocation to act on.
    if (K == DevmemOpKind::PutPage || K == DevmemOpKind::PutAll || K == DevmemOpKind::FreeBlocks) RC_PRE(s.allocs > 0u);
  }
  void apply(DevmemModelState& s) const override {
    if (K == DevmemOpKind::Alloc) {
      s.allocs++;
      s.pages += a;
    }
  }
  void run(const DevmemModelState&, DevmemSut& sut) const override { sut.program.push_back(op()); }
  void show(std::ostream& os) const override { os << format_devmem_program({op()}); }
};

using AllocCmd = OpCmd<DevmemOpKind::Alloc>;
using PutPageCmd = OpCmd<DevmemOpKind::PutPage>;
using PutAllCmd = OpCmd<DevmemOpKind::PutAll>;
using FreeBlocksCmd = OpCmd<DevmemOpKind::FreeBlocks>;
using FailSlabCmd = OpCmd<DevmemOpKind::FailSlab>;
using FailBuddyCmd = OpCmd<DevmemOpKind::FailBuddy>;

template <typename C>
rc::Gen<std::shared_ptr<const DevmemCommand>> command(rc::Gen<uint32_t> a, rc::Gen<uint32_t> b = rc::gen::just(0u)) {
  return rc::gen::map(rc::gen::pair(std::move(a), std::move(b)), [](std::pair<uint32_t, uint32_t> ab) {
    auto c = std::make_shared<C>();
    c->a = ab.first;
    c->b = ab.second;
    return std::shared_ptr<const DevmemCommand>(std::move(c));
  });
}

rc::Gen<uint32_t> u32_in(int min, int max) { return rc::gen::cast<uint32_t>(any_in(min, max)); }

}  // namespace

rc::Gen<std::shared_ptr<const DevmemCommand>> gen_devmem_command(const DevmemModelState& s) {
  const int allocs = static_cast<int>(std::max(s.allocs, 1u));
  const int pages = static_cast<int>(std::max(s.pages, 1u));
  // Page counts: small, around a power of two (block boundaries), or any.
  auto npages = rc::gen::cast<uint32_t>(weighted<int>({
      {5, any_in(1, 17)},
      {3, rc::gen::map(rc::gen::pair(any_in(1, 10), small_offset(1)),
                       [](std::pair<int, int> kd) { return (1 << kd.first) + kd.second; })},
      {1, any_in(1, static_cast<int>(kDevmemMaxAllocPages) + 1)},
  }));
  auto nth = u32_in(1, static_cast<int>(kDevmemMaxFailAt) + 1);
  return weighted<std::shared_ptr<const DevmemCommand>>({
      {30, command<AllocCmd>(npages)},
      {25, command<PutPageCmd>(u32_in(0, pages))},
      {15, command<PutAllCmd>(u32_in(0, allocs), u32_in(0, 3))},
      {15, command<FreeBlocksCmd>(u32_in(0, allocs))},
      {6, command<FailSlabCmd>(nth)},
      {6, command<FailBuddyCmd>(nth)},
  });
}

rc::detail::Property devmem_lifecycle_property(const svm_devmem_variant& v, Shows shows) {
  return rc::detail::toProperty([&v, shows] {
    DevmemModelState s0;
    const auto cmds = *rc::state::gen::commands(s0, &gen_devmem_command);
    DevmemSut sut;
    rc::state::runAll(cmds, s0, sut);
    auto out = run(v, sut.program);
    RC_CLASSIFY(out.crashed, "crashed");
    RC_CLASSIFY(sut.program.size() >= 10, "10 operations or more");
    RC_CLASSIFY(std::any_of(sut.program.begin(), sut.program.end(),
                            [](const DevmemOp& o) {
                              return o.kind == DevmemOpKind::FailSlab || o.kind == DevmemOpKind::FailBuddy;
                            }),
                "failure injection");
    if (!out.error.empty()) {
      last() = sut.program;
      RC_FAIL("the run did not complete: " + out.error);
    }
    if (shows(out.findings)) {
      last() = sut.program;
      RC_FAIL(verdict_string(out.props()) + " on '" + format_devmem_program(sut.program) + "'\n" +
              describe_findings(out.findings));
    }
  });
}

std::string last_devmem_explanation(const svm_devmem_variant& v) {
  const DevmemProgram& p = last();
  if (p.empty()) return "";
  std::ostringstream o;
  o << "program:  " << format_devmem_program(p) << "\n"
    << "corpus (fuzz/decoders/devmem_codec.hpp): " << hex(encode_devmem(p)) << "\n"
    << "  op  operation                 properties shown by ops 1..op (then every page put)\n";
  std::vector<Prop> seen;
  for (size_t k = 1; k <= p.size(); k++) {
    DevmemProgram prefix(p.begin(), p.begin() + static_cast<long>(k));
    auto out = run(v, prefix);
    std::vector<Prop> now = out.props(), added;
    for (Prop q : now)
      if (std::find(seen.begin(), seen.end(), q) == seen.end()) added.push_back(q);
    char line[64];
    std::snprintf(line, sizeof line, "  %2zu  %-24s  ", k, format_devmem_program({p[k - 1]}).c_str());
    o << line << (!out.error.empty() ? "(" + out.error + ") " : "") << (now.empty() ? "-" : verdict_string(now)) << (added.empty() ? "" : "   <- new: " + verdict_string(added))
      << (out.crashed ? "  (crashed)" : "") << "\n";
    seen = now;
  }
  o << "findings of the whole program:\n" << describe_findings(run(v, p).findings);
  return o.str();
}

std::vector<uint8_t> last_devmem_corpus() { return last().empty() ? std::vector<uint8_t>{} : encode_devmem(last()); }

void forget_last_devmem_failure() { last().clear(); }

}  // namespace svm::prop
