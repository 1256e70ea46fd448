// SPDX-License-Identifier: MIT
#include "tests/prop/buddy_commands.hpp"

#include <algorithm>
#include <sstream>

#include "fuzz/decoders/buddy_codec.hpp"
#include "tests/prop/copy_layout_gen.hpp"

namespace svm::prop {
namespace {

constexpr uint32_t kLists = 4;  // of SVM_BUDDY_LISTS: few lists, so calls meet
constexpr uint32_t kMaxFailAt = 16;

struct Explanation {
  std::string text;
  std::vector<BuddyOp> ops;
};
Explanation& last() {
  static Explanation e;
  return e;
}

std::string fail_text(uint32_t fail_at) {
  return fail_at ? ", slab allocation " + std::to_string(fail_at) + " fails" : "";
}

rc::Gen<uint32_t> gen_fail_at() {
  return rc::gen::cast<uint32_t>(weighted<int>({{5, rc::gen::just(0)}, {1, any_in(1, kMaxFailAt + 1)}}));
}

rc::Gen<uint32_t> gen_list() { return rc::gen::cast<uint32_t>(any_in(0, kLists)); }

// ---- commands: one per API call ----------------------------------------

struct InitCmd : BuddyCommand {
  uint32_t fail_at = 0;
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(!s.initialised); }
  void apply(BuddyModelState& s) const override { s.initialised = true; }
  void run(const BuddyModelState& s, BuddySut& sut) const override {
    BuddyOp op;
    op.kind = BuddyOpKind::Init;
    op.size = s.cfg.size;
    op.min_block = s.cfg.chunk;
    op.fail_at = fail_at;
    sut.call(op);
    // An injected failure leaves no allocator: the caller tries again.
    if (fail_at && !sut.runner().model().initialised()) {
      op.fail_at = 0;
      sut.call(op);
    }
  }
  void show(std::ostream& os) const override {
    os << "init(valid size and chunk" << fail_text(fail_at) << (fail_at ? ", then init again" : "") << ")";
  }
};

// init with arguments drm_buddy_init() must refuse with -EINVAL.
struct InitInvalidCmd : BuddyCommand {
  int kind = 0;  // 0 chunk below 4 KiB, 1 chunk not a power of two, 2 size below chunk
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(!s.initialised); }
  void run(const BuddyModelState& s, BuddySut& sut) const override {
    BuddyOp op;
    op.kind = BuddyOpKind::Init;
    op.size = s.cfg.size;
    op.min_block = kind == 0 ? 2048 : kind == 1 ? 3 * s.cfg.chunk : s.cfg.chunk;
    if (kind == 2) op.size = s.cfg.chunk / 2;
    sut.call(op);
  }
  void show(std::ostream& os) const override {
    static const char* what[] = {"chunk below 4 KiB", "chunk not a power of two", "size below chunk"};
    os << "init(" << what[kind % 3] << ")";
  }
};

struct AllocCmd : BuddyCommand {
  uint32_t list = 0;
  uint32_t flags = 0;      // any combination of SVM_BUDDY_*
  uint64_t size_c = 1;     // chunks
  bool size_half = false;  // plus half a chunk (unaligned: -EINVAL)
  int min_kind = 0;        // 0-4: chunk << k; 5: chunk / 2; 6: 3 chunks
  int window = 0;          // 0: whole mm; 1: [start_c, end_c); 2: exact range at start_c
  uint64_t start_c = 0, end_c = 0;
  uint32_t fail_at = 0;

  BuddyOp op(const BuddyModelState& s) const {
    const uint64_t c = s.cfg.chunk;
    BuddyOp o;
    o.kind = BuddyOpKind::Alloc;
    o.list = list;
    o.flags = flags;
    o.size = size_c * c + (size_half ? c / 2 : 0);
    o.min_block = min_kind < 5 ? c << min_kind : min_kind == 5 ? c / 2 : 3 * c;
    o.start = window ? start_c * c : 0;
    o.end = window == 0 ? s.mm_chunks() * c : window == 1 ? end_c * c : o.start + o.size;
    o.fail_at = fail_at;
    return o;
  }
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void run(const BuddyModelState& s, BuddySut& sut) const override { sut.call(op(s)); }
  void show(std::ostream& os) const override {
    static const char* mins[] = {"chunk", "2 chunks", "4 chunks", "8 chunks", "16 chunks", "chunk/2", "3 chunks"};
    os << "alloc_blocks(list " << list << ", " << size_c << (size_half ? ".5" : "") << " chunks, min " << mins[min_kind]
       << ", flags 0x" << std::hex << flags << std::dec;
    if (window == 1) os << ", range chunks [" << start_c << ", " << end_c << ")";
    if (window == 2) os << ", exact range at chunk " << start_c;
    os << fail_text(fail_at) << ")";
  }
};

struct FreeBlockCmd : BuddyCommand {
  uint32_t list = 0, index = 0;
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void run(const BuddyModelState&, BuddySut& sut) const override {
    BuddyOp o;
    o.kind = BuddyOpKind::FreeBlock;
    o.list = list;
    o.index = index;
    sut.call(o);
  }
  void show(std::ostream& os) const override { os << "free_block(list " << list << ", block " << index << ")"; }
};

struct FreeListCmd : BuddyCommand {
  uint32_t list = 0;
  bool cleared = false;
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void run(const BuddyModelState&, BuddySut& sut) const override {
    BuddyOp o;
    o.kind = BuddyOpKind::FreeList;
    o.list = list;
    o.flags = cleared ? SVM_BUDDY_CLEARED : 0;
    sut.call(o);
  }
  void show(std::ostream& os) const override {
    os << "free_list(list " << list << (cleared ? ", CLEARED" : "") << ")";
  }
};

struct TrimCmd : BuddyCommand {
  uint32_t list = 0;
  bool has_start = false;
  uint64_t start_c = 0;  // chunks from the start of the list's block
  uint64_t size_c = 1;
  bool size_half = false;
  uint32_t fail_at = 0;
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void run(const BuddyModelState& s, BuddySut& sut) const override {
    const uint64_t c = s.cfg.chunk;
    auto blocks = sut.runner().list(list);
    BuddyOp o;
    o.kind = BuddyOpKind::Trim;
    o.list = list;
    o.has_start = has_start;
    o.start = has_start ? (blocks.size() == 1 ? blocks[0].offset : 0) + start_c * c : 0;
    o.size = size_c * c + (size_half ? c / 2 : 0);
    o.fail_at = fail_at;
    sut.call(o);
  }
  void show(std::ostream& os) const override {
    os << "block_trim(list " << list << ", " << size_c << (size_half ? ".5" : "") << " chunks";
    if (has_start) os << ", start = block + " << start_c << " chunks";
    os << fail_text(fail_at) << ")";
  }
};

struct ResetClearCmd : BuddyCommand {
  bool is_clear = false;
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void run(const BuddyModelState&, BuddySut& sut) const override {
    BuddyOp o;
    o.kind = BuddyOpKind::ResetClear;
    o.is_clear = is_clear;
    sut.call(o);
  }
  void show(std::ostream& os) const override { os << "reset_clear(" << (is_clear ? "clear" : "dirty") << ")"; }
};

// Frees every caller list first (fini of a busy allocator WARNs by design),
// then fini; a later init starts afresh.
struct FiniCmd : BuddyCommand {
  void checkPreconditions(const BuddyModelState& s) const override { RC_PRE(s.initialised); }
  void apply(BuddyModelState& s) const override { s.initialised = false; }
  void run(const BuddyModelState&, BuddySut& sut) const override {
    BuddyOp o;
    o.kind = BuddyOpKind::Fini;
    sut.call(o);
  }
  void show(std::ostream& os) const override { os << "free every list, fini()"; }
};

template <typename C>
rc::Gen<std::shared_ptr<const BuddyCommand>> as_command(rc::Gen<C> g) {
  return rc::gen::map(std::move(g), [](C c) -> std::shared_ptr<const BuddyCommand> {
    return std::make_shared<const C>(std::move(c));
  });
}

rc::Gen<uint64_t> chunks_up_to(uint64_t n) { return rc::gen::cast<uint64_t>(any_in(0, static_cast<int>(n) + 1)); }

}  // namespace

// ---- the system under test ------------------------------------------------

std::string buddy_space_rows(const BuddySnapshot& s, const std::vector<std::vector<ModelBlock>>& lists) {
  if (!s.walk_error.empty()) return "  (not walkable: " + s.walk_error + ")\n";
  const uint64_t chunk = s.mm.chunk_size ? s.mm.chunk_size : 1;
  const uint64_t n = s.mm.size / chunk;
  const uint64_t unit = std::max<uint64_t>(1, (n + 127) / 128);  // chunks per character
  std::string state(static_cast<size_t>((n + unit - 1) / unit), ' '), starts(state.size(), ' ');
  for (const auto& b : s.leaves()) {
    char ch = '?';
    if (b.state == SVM_BUDDY_STATE_FREE) ch = b.clear ? 'c' : '.';
    if (b.state == SVM_BUDDY_STATE_ALLOCATED) {
      ch = '!';
      for (size_t l = 0; l < lists.size(); l++)
        for (const auto& m : lists[l])
          if (m.id == b.id) ch = static_cast<char>('0' + l);
    }
    uint64_t first = b.offset / chunk / unit, last = (b.offset + b.size + chunk * unit - 1) / chunk / unit;
    for (uint64_t i = first; i < last && i < state.size(); i++) state[i] = ch;
    if (first < starts.size()) starts[first] = '|';
  }
  return "    [" + state + "]\n     " + starts + "\n";
}

void BuddySut::check(const std::string& when) {
  if (!shows_(runner_.findings())) return;
  std::ostringstream o;
  o << "calls made (" << ops_.size() << "), with the space after each: one character per chunk; "
    << "digit = allocated on that caller list, '!' allocated on no list, '.' free dirty, 'c' free clear, "
    << "'|' block start\n";
  for (const auto& r : rows_) o << r;
  o << "findings:\n" << describe_findings(runner_.findings());
  last() = {o.str(), ops_};
  std::vector<Prop> ids = verdict_props(runner_.findings());
  RC_FAIL(verdict_string(ids) + " " + when + "\n" + describe_findings(runner_.findings()));
}

void BuddySut::call(BuddyOp op) {
  ops_.push_back(op);
  size_t log_before = runner_.log().size();
  runner_.apply(op);
  std::string row;
  for (size_t i = log_before; i < runner_.log().size(); i++) row += "  " + runner_.log()[i] + "\n";
  if (!runner_.dead() && runner_.model().initialised()) {
    std::vector<std::vector<ModelBlock>> lists;
    for (uint32_t l = 0; l < SVM_BUDDY_LISTS; l++) lists.push_back(runner_.list(l));
    row += buddy_space_rows(runner_.snapshot(), lists);
  }
  rows_.push_back(row);
  check("after " + to_string(op));
}

void BuddySut::finish() {
  size_t log_before = runner_.log().size();
  runner_.finish();
  std::string row;
  for (size_t i = log_before; i < runner_.log().size(); i++) row += "  teardown: " + runner_.log()[i] + "\n";
  rows_.push_back(row);
  check("at teardown (every list freed, fini)");
}

// ---- generators ---------------------------------------------------------

void showValue(const BuddyConfig& c, std::ostream& os) {
  os << "mm size " << c.size << " (" << c.size / c.chunk << (c.size % c.chunk ? ".5" : "") << " chunks), chunk "
     << c.chunk;
}

rc::Gen<BuddyConfig> gen_buddy_config() {
  return rc::gen::map(rc::gen::tuple(any_in(0, 4), weighted<int>({{4, any_in(1, 33)}, {1, any_in(33, 1025)}}),
                                     weighted<int>({{4, rc::gen::just(0)}, {1, rc::gen::just(1)}})),
                      [](std::tuple<int, int, int> t) {
                        auto [shift, chunks, half] = t;
                        BuddyConfig c;
                        c.chunk = uint64_t{4096} << shift;
                        c.size = static_cast<uint64_t>(chunks) * c.chunk + (half ? c.chunk / 2 : 0);
                        return c;
                      });
}

rc::Gen<std::shared_ptr<const BuddyCommand>> gen_buddy_command(const BuddyModelState& s) {
  using rc::gen::set;
  if (!s.initialised)
    return weighted<std::shared_ptr<const BuddyCommand>>({
        {9, as_command(rc::gen::build<InitCmd>(set(&InitCmd::fail_at, gen_fail_at())))},
        {1, as_command(rc::gen::build<InitInvalidCmd>(set(&InitInvalidCmd::kind, any_in(0, 3))))},
    });
  const uint64_t m = s.mm_chunks();
  auto size_c = rc::gen::cast<uint64_t>(weighted<int>({{4, any_in(1, 5)},
                                                       {4, any_in(1, static_cast<int>(m) + 1)},
                                                       {1, rc::gen::just(0)},
                                                       {1, any_in(static_cast<int>(m) + 1, static_cast<int>(2 * m) + 2)}}));
  auto half = weighted<bool>({{9, rc::gen::just(false)}, {1, rc::gen::just(true)}});
  return weighted<std::shared_ptr<const BuddyCommand>>({
      {40, as_command(rc::gen::build<AllocCmd>(
               set(&AllocCmd::list, gen_list()), set(&AllocCmd::flags, rc::gen::cast<uint32_t>(any_in(0, 64))),
               set(&AllocCmd::size_c, size_c), set(&AllocCmd::size_half, half),
               set(&AllocCmd::min_kind, weighted<int>({{8, any_in(0, 5)}, {1, rc::gen::just(5)}, {1, rc::gen::just(6)}})),
               set(&AllocCmd::window, weighted<int>({{5, rc::gen::just(0)}, {3, rc::gen::just(1)}, {2, rc::gen::just(2)}})),
               set(&AllocCmd::start_c, chunks_up_to(m)), set(&AllocCmd::end_c, chunks_up_to(m)),
               set(&AllocCmd::fail_at, gen_fail_at())))},
      {15, as_command(rc::gen::build<FreeBlockCmd>(set(&FreeBlockCmd::list, gen_list()),
                                                   set(&FreeBlockCmd::index, rc::gen::cast<uint32_t>(any_in(0, 8)))))},
      {10, as_command(rc::gen::build<FreeListCmd>(set(&FreeListCmd::list, gen_list()),
                                                  set(&FreeListCmd::cleared, rc::gen::arbitrary<bool>())))},
      {12, as_command(rc::gen::build<TrimCmd>(
               set(&TrimCmd::list, gen_list()), set(&TrimCmd::has_start, rc::gen::arbitrary<bool>()),
               set(&TrimCmd::start_c, chunks_up_to(8)),
               set(&TrimCmd::size_c, rc::gen::cast<uint64_t>(weighted<int>({{6, any_in(1, 9)}, {1, rc::gen::just(0)}}))),
               set(&TrimCmd::size_half, half), set(&TrimCmd::fail_at, gen_fail_at())))},
      {5, as_command(rc::gen::build<ResetClearCmd>(set(&ResetClearCmd::is_clear, rc::gen::arbitrary<bool>())))},
      {3, as_command(rc::gen::just(FiniCmd()))},
  });
}

rc::detail::Property buddy_sequence_property(const svm_buddy_ops& ops, Shows shows) {
  return rc::detail::toProperty([&ops, shows] {
    BuddyModelState s0;
    s0.cfg = *gen_buddy_config();
    const auto cmds = *rc::state::gen::commands(s0, &gen_buddy_command);
    RC_CLASSIFY(cmds.size() >= 20, "20 commands or more");
    BuddySut sut(ops, shows);
    rc::state::runAll(cmds, s0, sut);
    sut.finish();
    // What the sequence reached, from the runner's call log.
    int ok_allocs = 0, injected = 0, nospc = 0, trims = 0, inits = 0;
    for (const auto& line : sut.runner().log()) {
      bool ok = line.ends_with("-> 0");
      ok_allocs += line.starts_with("alloc(") && ok;
      trims += line.starts_with("block_trim(") && ok;
      inits += line.starts_with("init(") && ok;
      injected += line.find("(injected)") != std::string::npos;
      nospc += line.find("-> -28") != std::string::npos;
    }
    RC_CLASSIFY(ok_allocs >= 5, "5+ successful allocations");
    RC_CLASSIFY(injected > 0, "injected slab failure fired");
    RC_CLASSIFY(nospc > 0, "-ENOSPC");
    RC_CLASSIFY(trims > 0, "successful trim");
    RC_CLASSIFY(inits > 1, "fini and init again");
  });
}

std::string last_buddy_explanation() {
  const auto& e = last();
  if (e.text.empty()) return "";
  std::string err;
  auto bytes = encode_buddy_ops(e.ops, &err);
  std::string corpus = bytes.empty() ? "(not expressible in the corpus format: " + err + ")" : hex(bytes);
  return e.text + "corpus (fuzz/decoders/buddy_codec.hpp): " + corpus + "\n";
}

std::vector<uint8_t> last_buddy_corpus() { return encode_buddy_ops(last().ops); }

void forget_last_buddy_failure() { last() = {}; }

}  // namespace svm::prop
