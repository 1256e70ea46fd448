// SPDX-License-Identifier: MIT
#include "fuzz/decoders/buddy_codec.hpp"

#include <random>

namespace svm {

namespace {

constexpr size_t kMaxCalls = 256;
constexpr uint32_t kSpan = 2048;  // chunk counts of alloc/trim arguments

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  bool u8(uint8_t& v) {
    if (pos_ >= b_.size()) return false;
    v = b_[pos_++];
    return true;
  }
  bool u16(uint16_t& v) {
    uint8_t lo, hi;
    if (!u8(lo) || !u8(hi)) return false;
    v = static_cast<uint16_t>(lo | hi << 8);
    return true;
  }
  // Header bytes past the end read as zero, so every string has one.
  uint8_t u8_or0() {
    uint8_t v = 0;
    u8(v);
    return v;
  }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
};

struct Header {
  uint64_t chunk;
  uint64_t size;
};

BuddyOp init_op(const Header& h, uint32_t fail_at) {
  BuddyOp op;
  op.kind = BuddyOpKind::Init;
  op.size = h.size;
  op.min_block = h.chunk;
  op.fail_at = fail_at;
  return op;
}

void put16(std::vector<uint8_t>& out, uint64_t v) {
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

// Chunks (plus an optional half chunk) for a byte count the format can hold.
bool chunks_of(uint64_t bytes, uint64_t chunk, bool allow_half, uint64_t& n, bool& half) {
  half = allow_half && bytes % chunk == chunk / 2;
  uint64_t whole = bytes - (half ? chunk / 2 : 0);
  if (whole % chunk) return false;
  n = whole / chunk;
  return n < kSpan;
}

}  // namespace

std::vector<BuddyOp> decode_buddy_ops(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  std::vector<BuddyOp> ops;
  uint8_t b0 = r.u8_or0();
  uint16_t sz = static_cast<uint16_t>(r.u8_or0() | r.u8_or0() << 8);
  Header h;
  h.chunk = uint64_t{4096} << (b0 & 3);
  h.size = (1 + sz % 1024) * h.chunk + ((b0 & 4) ? h.chunk / 2 : 0);
  if (b0 & 8) ops.push_back(init_op(h, 1 + (b0 >> 4)));
  ops.push_back(init_op(h, 0));
  const uint64_t mm_size = h.size - h.size % h.chunk;

  for (size_t n = 0; n < kMaxCalls; n++) {
    uint8_t tag, fail = 0;
    if (!r.u8(tag)) break;
    if ((tag & 8) && !r.u8(fail)) break;
    BuddyOp op;
    op.list = (tag >> 4) & 7;
    op.fail_at = (tag & 8) ? 1 + fail % 16 : 0;
    const uint64_t c = h.chunk;
    switch (tag & 7) {
      case 0:
      case 1:
      case 2: {
        uint8_t f, m;
        uint16_t size;
        if (!r.u8(f) || !r.u16(size) || !r.u8(m)) return ops;
        op.kind = BuddyOpKind::Alloc;
        op.flags = f & 0x3f;
        op.size = (size % kSpan) * c + ((f & 0x40) ? c / 2 : 0);
        op.min_block = (m & 8) ? ((m & 0x10) ? 3 * c : c / 2) : c << (m & 7);
        op.start = 0;
        op.end = mm_size;
        if (f & 0x80) {
          uint16_t s, e;
          if (!r.u16(s) || !r.u16(e)) return ops;
          op.start = (s % kSpan) * c;
          op.end = (e % kSpan) * c;
        }
        break;
      }
      case 3: {
        uint8_t i;
        if (!r.u8(i)) return ops;
        op.kind = BuddyOpKind::FreeBlock;
        op.index = i;
        break;
      }
      case 4: {
        uint8_t f;
        if (!r.u8(f)) return ops;
        op.kind = BuddyOpKind::FreeList;
        op.flags = (f & 1) ? SVM_BUDDY_CLEARED : 0;
        break;
      }
      case 5: {
        uint8_t t;
        uint16_t size, start = 0;
        if (!r.u8(t) || !r.u16(size)) return ops;
        if ((t & 1) && !r.u16(start)) return ops;
        op.kind = BuddyOpKind::Trim;
        op.size = (size % kSpan) * c + ((t & 2) ? c / 2 : 0);
        op.has_start = t & 1;
        op.start = op.has_start ? (start % kSpan) * c : 0;
        break;
      }
      case 6: {
        uint8_t v;
        if (!r.u8(v)) return ops;
        op.kind = BuddyOpKind::ResetClear;
        op.is_clear = v & 1;
        break;
      }
      case 7:
        op = BuddyOp{};
        op.kind = BuddyOpKind::Fini;
        ops.push_back(op);
        op = init_op(h, 0);
        break;
    }
    ops.push_back(op);
  }
  return ops;
}

std::vector<uint8_t> encode_buddy_ops(std::span<const BuddyOp> ops, std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    return std::vector<uint8_t>{};
  };
  size_t i = 0;
  if (ops.empty() || ops[0].kind != BuddyOpKind::Init) return fail("a sequence starts with init");
  const BuddyOp& first = ops[0];
  uint8_t b0 = 0;
  if (ops.size() > 1 && first.fail_at && ops[1].kind == BuddyOpKind::Init) {
    if (first.fail_at > 16) return fail("init failure index past 16");
    b0 |= static_cast<uint8_t>(8 | (first.fail_at - 1) << 4);
    i = 1;
  } else if (first.fail_at) {
    return fail("a failing init is followed by a second init");
  }
  const BuddyOp& init = ops[i++];
  Header h{init.min_block, init.size};
  int shift = -1;
  for (int k = 0; k < 4; k++)
    if (h.chunk == uint64_t{4096} << k) shift = k;
  if (shift < 0) return fail("chunk size is not 4, 8, 16 or 32 KiB");
  b0 |= static_cast<uint8_t>(shift);
  uint64_t n;
  bool half;
  if (!chunks_of(h.size, h.chunk, true, n, half) || n < 1 || n > 1024) return fail("mm size outside 1..1024 chunks");
  if (half) b0 |= 4;
  if (first.size != init.size || first.min_block != init.min_block) return fail("the two inits differ");
  std::vector<uint8_t> out{b0};
  put16(out, n - 1);
  const uint64_t c = h.chunk, mm_size = h.size - h.size % c;

  for (size_t calls = 0; i < ops.size(); i++, calls++) {
    const BuddyOp& op = ops[i];
    if (calls >= kMaxCalls) return fail("more than 256 calls");
    if (op.list >= 8) return fail("list index past 7");
    if (op.fail_at > 16) return fail("failure index past 16");
    uint8_t tag = static_cast<uint8_t>(op.list << 4 | (op.fail_at ? 8 : 0));
    std::vector<uint8_t> args;
    switch (op.kind) {
      case BuddyOpKind::Init: return fail("init only at the start or after fini");
      case BuddyOpKind::Alloc: {
        if (op.flags & ~0x3fu) return fail("unknown alloc flags");
        bool window = !(op.start == 0 && op.end == mm_size);
        uint64_t s;
        bool shalf;
        if (!chunks_of(op.size, c, true, s, shalf)) return fail("alloc size not expressible");
        uint8_t m;
        if (op.min_block == c / 2) m = 8;
        else if (op.min_block == 3 * c) m = 0x18;
        else {
          m = 0xff;
          for (uint8_t k = 0; k < 8; k++)
            if (op.min_block == c << k) m = k;
          if (m == 0xff) return fail("min_block_size not expressible");
        }
        args.push_back(static_cast<uint8_t>(op.flags | (shalf ? 0x40 : 0) | (window ? 0x80 : 0)));
        put16(args, s);
        args.push_back(m);
        if (window) {
          uint64_t st, en;
          bool h1, h2;
          if (!chunks_of(op.start, c, false, st, h1) || !chunks_of(op.end, c, false, en, h2)) return fail("window not expressible");
          put16(args, st);
          put16(args, en);
        }
        break;
      }
      case BuddyOpKind::FreeBlock:
        tag |= 3;
        if (op.index > 255) return fail("block index past 255");
        args.push_back(static_cast<uint8_t>(op.index));
        break;
      case BuddyOpKind::FreeList:
        tag |= 4;
        if (op.flags & ~SVM_BUDDY_CLEARED) return fail("free_list takes only CLEARED");
        args.push_back(op.flags ? 1 : 0);
        break;
      case BuddyOpKind::Trim: {
        tag |= 5;
        uint64_t s, st = 0;
        bool shalf, h1;
        if (!chunks_of(op.size, c, true, s, shalf)) return fail("trim size not expressible");
        if (op.has_start && !chunks_of(op.start, c, false, st, h1)) return fail("trim start not expressible");
        if (!op.has_start && op.start) return fail("trim start without has_start");
        args.push_back(static_cast<uint8_t>((op.has_start ? 1 : 0) | (shalf ? 2 : 0)));
        put16(args, s);
        if (op.has_start) put16(args, st);
        break;
      }
      case BuddyOpKind::ResetClear:
        tag |= 6;
        args.push_back(op.is_clear ? 1 : 0);
        break;
      case BuddyOpKind::Fini:
        tag = 7;
        if (op.fail_at || op.list) return fail("fini takes no list or failure");
        if (i + 1 >= ops.size() || !(ops[i + 1] == init_op(h, 0))) return fail("fini is followed by the same init");
        i++;
        break;
      case BuddyOpKind::Count_: return fail("bad call kind");
    }
    out.push_back(tag);
    if (op.fail_at) out.push_back(static_cast<uint8_t>(op.fail_at - 1));
    out.insert(out.end(), args.begin(), args.end());
  }
  return out;
}

std::vector<BuddyOp> random_buddy_ops(uint64_t seed, size_t max_calls) {
  std::mt19937_64 rng(seed);
  auto pick = [&](uint64_t n) { return n ? rng() % n : 0; };
  Header h;
  h.chunk = uint64_t{4096} << pick(2);
  uint64_t chunks = 1 + pick(pick(4) ? 64 : 1024);
  h.size = chunks * h.chunk + (pick(8) ? 0 : h.chunk / 2);
  std::vector<BuddyOp> ops;
  if (!pick(16)) ops.push_back(init_op(h, 1 + static_cast<uint32_t>(pick(4))));
  ops.push_back(init_op(h, 0));
  const uint64_t c = h.chunk;
  auto pow2_chunks = [&](uint64_t limit) {
    uint64_t k = 0;
    while ((uint64_t{2} << k) <= limit && pick(2)) k++;
    return uint64_t{1} << k;
  };
  size_t calls = 1 + pick(max_calls);
  for (size_t n = 0; n < calls; n++) {
    BuddyOp op;
    op.list = static_cast<uint32_t>(pick(3));
    op.fail_at = pick(8) ? 0 : 1 + static_cast<uint32_t>(pick(8));
    uint64_t kind = pick(16);
    if (kind < 8) {
      op.kind = BuddyOpKind::Alloc;
      op.flags = static_cast<uint32_t>(pick(64)) & ~SVM_BUDDY_CLEARED;
      if (pick(4)) op.flags &= ~(pick(2) ? SVM_BUDDY_RANGE : SVM_BUDDY_CONTIGUOUS);
      op.size = (1 + pick(pick(3) ? chunks / 2 + 1 : chunks + 2)) * c;
      if (!pick(32)) op.size += c / 2;
      op.min_block = c * pow2_chunks(8);
      if (!pick(32)) op.min_block = pick(2) ? c / 2 : 3 * c;
      op.start = 0;
      op.end = chunks * c;
      if ((op.flags & SVM_BUDDY_RANGE) || !pick(8)) {
        op.start = pick(chunks) * c;
        op.end = std::min<uint64_t>(op.start + (1 + pick(chunks)) * c, chunks * c + (pick(16) ? 0 : c));
        if (!pick(4) && op.size % c == 0) op.end = op.start + op.size;  // the exact-range path
      }
      if (op.size >= kSpan * c) op.size = c;
      if (op.end >= kSpan * c || op.start >= kSpan * c) op.end = op.start = 0;
    } else if (kind < 10) {
      op.kind = BuddyOpKind::FreeBlock;
      op.index = static_cast<uint32_t>(pick(256));
    } else if (kind < 12) {
      op.kind = BuddyOpKind::FreeList;
      op.flags = pick(2) ? SVM_BUDDY_CLEARED : 0;
    } else if (kind < 14) {
      op.kind = BuddyOpKind::Trim;
      op.size = (1 + pick(8)) * c;
      op.has_start = pick(2);
      op.start = op.has_start ? pick(chunks) * c : 0;
    } else if (kind < 15) {
      op.kind = BuddyOpKind::ResetClear;
      op.is_clear = pick(2);
    } else {
      if (!pick(4)) {
        op = BuddyOp{};
        op.kind = BuddyOpKind::Fini;
        ops.push_back(op);
        ops.push_back(init_op(h, 0));
      }
      continue;
    }
    ops.push_back(op);
  }
  return ops;
}

}  // namespace svm
