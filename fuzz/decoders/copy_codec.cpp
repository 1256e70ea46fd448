// SPDX-License-Identifier: MIT
// Copy input codec. Byte format (docs/corpus-format.md):
//
//   header  h0: bit0 direction (1 = to RAM), bits1-2 pre-fence (0 none,
//               1 signalled, 2 pending, 3 none), bit3 region of the cursor
//           h1: fail_at (0 = no failure)
//           h2: errno of the failure: {-ENOMEM, -EIO, -ETIME, -EAGAIN}[h2 & 3]
//   ops     op byte: kind = op & 7, arg = op >> 3; count(arg) = arg + 1, or
//           32 + u16le(next two bytes) when arg == 31
//     0 P  count populated entries      1 H  count device pages without system page
//     2 S  count system pages only      3 N  count entries with neither
//     4 F  one folio of order 1 + arg % 9 (head populated, tails device-only)
//     5 +  device cursor += count       6 @  cursor = (region arg & 1, page u16le)
//     7 -  device cursor -= count
//
// Every entry consumes one device page at the cursor (whether it uses it
// or not), so consecutive indices get consecutive pages unless an op moves
// the cursor. Entry i's system page, when it has one, is i + 1.
#include "fuzz/decoders/copy_codec.hpp"

#include <cctype>
#include <charconv>

namespace svm {
namespace {

enum OpKind : uint8_t { kRun, kHole, kSysOnly, kNone, kFolio, kGap, kSeek, kBack };
constexpr int32_t kErrnos[4] = {-12, -5, -62, -11};
constexpr int kMaxOrder = 9;

// Builds entries the way the decoder and the text parser both define them.
class LayoutBuilder {
 public:
  LayoutBuilder(CopyInput& in, uint32_t region_pages, uint32_t max_pages)
      : in_(in), region_pages_(region_pages ? region_pages : 1), max_pages_(max_pages) {}

  void seek(int32_t region, uint64_t page) {
    region_ = region & 1;
    page_ = page % region_pages_;
  }
  void move(int64_t delta) {
    int64_t m = static_cast<int64_t>(region_pages_);
    page_ = static_cast<uint64_t>(((static_cast<int64_t>(page_) + delta) % m + m) % m);
  }
  // Returns false once max_pages is reached.
  bool entries(OpKind kind, uint64_t count) {
    for (uint64_t k = 0; k < count; k++) {
      if (in_.entries.size() >= max_pages_) return false;
      push(kind == kRun || kind == kHole, kind == kRun || kind == kSysOnly, 0);
    }
    return true;
  }
  bool folio(int order) {
    uint64_t n = uint64_t{1} << order;
    if (in_.entries.size() + n > max_pages_) return false;
    push(true, true, static_cast<uint8_t>(order));
    for (uint64_t j = 1; j < n; j++) push(true, false, 0);
    return true;
  }

 private:
  void push(bool dev, bool sys, uint8_t order) {
    CopyEntry e;
    if (dev) {
      e.region = region_;
      e.page = static_cast<uint32_t>(page_);
    }
    e.sys_page = sys ? in_.entries.size() + 1 : 0;
    e.order = order;
    in_.entries.push_back(e);
    move(1);
  }
  CopyInput& in_;
  uint32_t region_pages_;
  uint32_t max_pages_;
  int32_t region_ = 0;
  uint64_t page_ = 0;
};

// One op of the layout: what the encoder writes and the formatter prints.
struct Op {
  OpKind kind;
  uint64_t count;  // entries, cursor delta, or page for kSeek
  int32_t region = 0;
  int order = 0;
};

OpKind entry_kind(const CopyEntry& e) {
  bool dev = e.region != SVM_NO_REGION, sys = e.sys_page != 0;
  return dev ? (sys ? kRun : kHole) : (sys ? kSysOnly : kNone);
}

// The inverse of LayoutBuilder: ops that rebuild 'in' (system page numbers
// are normalised to index + 1; folio heads are kept when their tails follow
// the builder's pattern, otherwise the order is dropped).
std::vector<Op> segment(const CopyInput& in, int32_t* first_region, uint32_t region_pages) {
  std::vector<Op> ops;
  int32_t region = 0;
  uint64_t page = 0;
  *first_region = 0;
  for (const auto& e : in.entries)
    if (e.region != SVM_NO_REGION) {
      *first_region = e.region & 1;
      break;
    }
  region = *first_region;
  auto advance = [&] { page = (page + 1) % region_pages; };
  size_t i = 0;
  while (i < in.entries.size()) {
    const CopyEntry& e = in.entries[i];
    OpKind kind = entry_kind(e);
    if (e.region != SVM_NO_REGION && (e.region != region || e.page != page)) {
      if (e.region == region && e.page > page && e.page - page <= 0xffff + 32) {
        ops.push_back({kGap, e.page - page});
      } else if (e.region == region && e.page < page && page - e.page <= 0xffff + 32) {
        ops.push_back({kBack, page - e.page});
      } else {
        ops.push_back({kSeek, e.page, e.region});
      }
      region = e.region;
      page = e.page;
    }
    if (kind == kRun && e.order > 0 && e.order <= kMaxOrder) {
      uint64_t n = uint64_t{1} << e.order;
      bool ok = i + n <= in.entries.size();
      for (uint64_t j = 1; ok && j < n; j++) {
        const CopyEntry& t = in.entries[i + j];
        ok = t.region == region && t.page == (page + j) % region_pages && t.sys_page == 0 &&
             t.order == 0;
      }
      if (ok) {
        ops.push_back({kFolio, 1, 0, e.order});
        page = (page + n) % region_pages;
        i += n;
        continue;
      }
    }
    // A device entry that needed a cursor move ended the previous op above.
    if (!ops.empty() && ops.back().kind == kind && ops.back().count < 0xffff + 32) {
      ops.back().count++;
    } else {
      ops.push_back({kind, 1});
    }
    advance();
    i++;
  }
  return ops;
}

uint8_t header0(const CopyInput& in, int32_t first_region) {
  uint8_t h = in.dir == SVM_TO_SRAM ? 1 : 0;
  h |= static_cast<uint8_t>((in.prefence & 3) << 1);
  h |= static_cast<uint8_t>((first_region & 1) << 3);
  return h;
}

void put_count(std::vector<uint8_t>& out, OpKind kind, uint64_t count) {
  if (count >= 1 && count <= 31) {
    out.push_back(static_cast<uint8_t>(kind | ((count - 1) << 3)));
    return;
  }
  out.push_back(static_cast<uint8_t>(kind | (31 << 3)));
  uint64_t v = count - 32;
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

}  // namespace

CopyDecodeLimits CopyDecodeLimits::for_geometry(const Geometry& g) {
  return CopyDecodeLimits{static_cast<uint32_t>(4 * g.chunk + 64), g.region_pages};
}

CopyInput decode_copy(std::span<const uint8_t> b, const CopyDecodeLimits& lim) {
  CopyInput in;
  size_t pos = 0;
  auto next = [&]() -> uint8_t { return pos < b.size() ? b[pos++] : 0; };
  uint8_t h0 = next(), h1 = next(), h2 = next();
  in.dir = (h0 & 1) ? SVM_TO_SRAM : SVM_TO_VRAM;
  uint32_t pf = (h0 >> 1) & 3;
  in.prefence = pf == 3 ? static_cast<uint32_t>(SVM_PREFENCE_NONE) : pf;
  in.fail_at = h1;
  in.fail_errno = kErrnos[h2 & 3];
  LayoutBuilder lb(in, lim.region_pages, lim.max_pages);
  lb.seek((h0 >> 3) & 1, 0);
  while (pos < b.size()) {
    uint8_t op = next();
    auto kind = static_cast<OpKind>(op & 7);
    uint32_t arg = op >> 3;
    auto count = [&]() -> uint64_t {
      if (arg < 31) return arg + 1;
      uint64_t lo = next(), hi = next();
      return 32 + (lo | (hi << 8));
    };
    bool more = true;
    switch (kind) {
      case kRun:
      case kHole:
      case kSysOnly:
      case kNone:
        more = lb.entries(kind, count());
        break;
      case kFolio:
        more = lb.folio(1 + static_cast<int>(arg % kMaxOrder));
        break;
      case kGap:
        lb.move(static_cast<int64_t>(count()));
        break;
      case kBack:
        lb.move(-static_cast<int64_t>(count()));
        break;
      case kSeek: {
        uint64_t lo = next(), hi = next();
        lb.seek(static_cast<int32_t>(arg & 1), lo | (hi << 8));
        break;
      }
    }
    if (!more) break;
  }
  return in;
}

std::vector<uint8_t> encode_copy(const CopyInput& in) {
  int32_t first_region = 0;
  uint32_t rp = svm_region_pages();
  auto ops = segment(in, &first_region, rp);
  std::vector<uint8_t> out;
  out.push_back(header0(in, first_region));
  out.push_back(static_cast<uint8_t>(in.fail_at > 255 ? 255 : in.fail_at));
  uint8_t sel = 0;
  for (uint8_t k = 0; k < 4; k++)
    if (kErrnos[k] == in.fail_errno) sel = k;
  out.push_back(sel);
  for (const Op& op : ops) {
    switch (op.kind) {
      case kFolio:
        out.push_back(static_cast<uint8_t>(kFolio | ((op.order - 1) << 3)));
        break;
      case kSeek:
        out.push_back(static_cast<uint8_t>(kSeek | ((op.region & 1) << 3)));
        out.push_back(static_cast<uint8_t>(op.count & 0xff));
        out.push_back(static_cast<uint8_t>((op.count >> 8) & 0xff));
        break;
      default:
        put_count(out, op.kind, op.count);
    }
  }
  return out;
}

std::optional<int64_t> eval_chunk_expr(std::string_view s, uint64_t chunk) {
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  if (s.empty()) return std::nullopt;
  // [k]C[(+|-)n] or n
  int64_t value = 0;
  size_t c = s.find('C');
  auto num = [](std::string_view t, int64_t* v) {
    if (t.empty()) return false;
    auto r = std::from_chars(t.data(), t.data() + t.size(), *v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  if (c == std::string_view::npos) {
    if (!num(s, &value)) return std::nullopt;
    return value;
  }
  int64_t k = 1;
  if (c > 0 && !num(s.substr(0, c), &k)) return std::nullopt;
  value = k * static_cast<int64_t>(chunk);
  std::string_view rest = s.substr(c + 1);
  if (!rest.empty()) {
    int64_t d = 0;
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    if (!num(rest.substr(1), &d)) return std::nullopt;
    value += rest[0] == '+' ? d : -d;
  }
  return value;
}

std::optional<CopyInput> parse_copy_layout(std::string_view text, const Geometry& g,
                                           std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<CopyInput> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  CopyInput in;
  std::string_view head, body = text;
  if (auto bar = text.find('|'); bar != std::string_view::npos) {
    head = text.substr(0, bar);
    body = text.substr(bar + 1);
  }
  auto words = [](std::string_view s) {
    std::vector<std::string_view> w;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) i++;
      size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) j++;
      if (j > i) w.push_back(s.substr(i, j - i));
      i = j;
    }
    return w;
  };
  for (auto w : words(head)) {
    auto eq = w.find('=');
    if (eq == std::string_view::npos) return fail("expected key=value in the header: '" + std::string(w) + "'");
    auto key = w.substr(0, eq), val = w.substr(eq + 1);
    if (key == "dir" && (val == "vram" || val == "ram")) {
      in.dir = val == "ram" ? SVM_TO_SRAM : SVM_TO_VRAM;
    } else if (key == "prefence" && (val == "none" || val == "signaled" || val == "pending")) {
      in.prefence = val == "none" ? SVM_PREFENCE_NONE
                    : val == "signaled" ? SVM_PREFENCE_SIGNALED
                                        : SVM_PREFENCE_PENDING;
    } else if (key == "fail") {
      auto colon = val.find(':');
      int64_t k = 0, e = -12;
      auto ks = val.substr(0, colon);
      if (std::from_chars(ks.data(), ks.data() + ks.size(), k).ec != std::errc() || k < 0)
        return fail("bad fail=K[:ERRNO]: '" + std::string(val) + "'");
      if (colon != std::string_view::npos) {
        auto es = val.substr(colon + 1);
        if (std::from_chars(es.data(), es.data() + es.size(), e).ec != std::errc() || e >= 0)
          return fail("bad errno in fail=: '" + std::string(val) + "'");
      }
      in.fail_at = static_cast<uint32_t>(k);
      in.fail_errno = static_cast<int32_t>(e);
    } else {
      return fail("unknown header setting '" + std::string(w) + "'");
    }
  }
  LayoutBuilder lb(in, g.region_pages, UINT32_MAX);
  for (auto w : words(body)) {
    char t = w[0];
    auto rest = w.substr(1);
    if (t == '@') {
      auto colon = rest.find(':');
      int64_t r = 0, p = 0;
      if (colon == std::string_view::npos ||
          std::from_chars(rest.data(), rest.data() + colon, r).ec != std::errc() ||
          !eval_chunk_expr(rest.substr(colon + 1), g.chunk) || (r != 0 && r != 1))
        return fail("bad seek '" + std::string(w) + "' (want @REGION:PAGE)");
      p = *eval_chunk_expr(rest.substr(colon + 1), g.chunk);
      lb.seek(static_cast<int32_t>(r), static_cast<uint64_t>(p));
      continue;
    }
    auto n = eval_chunk_expr(rest.empty() ? "1" : rest, g.chunk);
    if (!n || *n < 0) return fail("bad count in '" + std::string(w) + "'");
    switch (t) {
      case 'P': lb.entries(kRun, *n); break;
      case 'H': lb.entries(kHole, *n); break;
      case 'S': lb.entries(kSysOnly, *n); break;
      case 'N': lb.entries(kNone, *n); break;
      case '+': lb.move(*n); break;
      case '-': lb.move(-*n); break;
      case 'F':
        if (*n < 1 || *n > kMaxOrder) return fail("folio order out of 1..9 in '" + std::string(w) + "'");
        lb.folio(static_cast<int>(*n));
        break;
      default:
        return fail("unknown layout token '" + std::string(w) + "'");
    }
  }
  return in;
}

std::string format_copy_layout(const CopyInput& in) {
  int32_t first_region = 0;
  auto ops = segment(in, &first_region, svm_region_pages());
  std::string s = in.dir == SVM_TO_SRAM ? "dir=ram" : "dir=vram";
  if (in.prefence == SVM_PREFENCE_SIGNALED) s += " prefence=signaled";
  if (in.prefence == SVM_PREFENCE_PENDING) s += " prefence=pending";
  if (in.fail_at) s += " fail=" + std::to_string(in.fail_at) + ":" + std::to_string(in.fail_errno);
  s += " |";
  if (first_region != 0) s += " @" + std::to_string(first_region) + ":0";
  for (const Op& op : ops) {
    s += ' ';
    switch (op.kind) {
      case kRun: s += "P" + std::to_string(op.count); break;
      case kHole: s += "H" + std::to_string(op.count); break;
      case kSysOnly: s += "S" + std::to_string(op.count); break;
      case kNone: s += "N" + std::to_string(op.count); break;
      case kFolio: s += "F" + std::to_string(op.order); break;
      case kGap: s += "+" + std::to_string(op.count); break;
      case kBack: s += "-" + std::to_string(op.count); break;
      case kSeek: s += "@" + std::to_string(op.region) + ":" + std::to_string(op.count); break;
    }
  }
  return s;
}

}  // namespace svm
