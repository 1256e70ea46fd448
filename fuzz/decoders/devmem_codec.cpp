// SPDX-License-Identifier: MIT
#include "fuzz/decoders/devmem_codec.hpp"

namespace svm {
namespace {

constexpr uint32_t kSmallAllocPages = 256;
constexpr uint16_t kLargeAllocFlag = 0x8000;

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : bytes_(b) {}
  bool done() const { return pos_ >= bytes_.size(); }
  uint8_t u8() { return pos_ < bytes_.size() ? bytes_[pos_++] : 0; }
  uint16_t u16() {
    uint16_t lo = u8();
    return static_cast<uint16_t>(lo | (u8() << 8));
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

void put_u16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>((v >> 8) & 0xff));
}

}  // namespace

DevmemProgram decode_devmem(std::span<const uint8_t> bytes) {
  DevmemProgram p;
  Reader r(bytes);
  while (!r.done() && p.size() < kDevmemMaxOps) {
    DevmemOp op{};
    switch (r.u8() % 6) {
      case 0: {
        uint16_t v = r.u16();
        op.kind = DevmemOpKind::Alloc;
        op.a = 1 + (v < kLargeAllocFlag ? v % kSmallAllocPages : v % kDevmemMaxAllocPages);
        break;
      }
      case 1:
        op.kind = DevmemOpKind::PutPage;
        op.a = r.u16();
        break;
      case 2: {
        uint8_t x = r.u8();
        op.kind = DevmemOpKind::PutAll;
        op.a = x >> 2;
        op.b = (x & 3) == 3 ? 0 : (x & 3);
        break;
      }
      case 3:
        op.kind = DevmemOpKind::FreeBlocks;
        op.a = r.u8();
        break;
      case 4:
        op.kind = DevmemOpKind::FailSlab;
        op.a = 1 + r.u8() % kDevmemMaxFailAt;
        break;
      default:
        op.kind = DevmemOpKind::FailBuddy;
        op.a = 1 + r.u8() % kDevmemMaxFailAt;
        break;
    }
    p.push_back(op);
  }
  return p;
}

std::vector<uint8_t> encode_devmem(const DevmemProgram& p) {
  std::vector<uint8_t> out;
  for (const auto& op : p) {
    switch (op.kind) {
      case DevmemOpKind::Alloc:
        out.push_back(0);
        put_u16(out, op.a <= kSmallAllocPages ? op.a - 1 : (kLargeAllocFlag | ((op.a - 1) % kDevmemMaxAllocPages)));
        break;
      case DevmemOpKind::PutPage:
        out.push_back(1);
        put_u16(out, op.a);
        break;
      case DevmemOpKind::PutAll:
        out.push_back(2);
        out.push_back(static_cast<uint8_t>((op.a << 2) | (op.b & 3)));
        break;
      case DevmemOpKind::FreeBlocks:
        out.push_back(3);
        out.push_back(static_cast<uint8_t>(op.a));
        break;
      case DevmemOpKind::FailSlab:
        out.push_back(4);
        out.push_back(static_cast<uint8_t>(op.a - 1));
        break;
      case DevmemOpKind::FailBuddy:
        out.push_back(5);
        out.push_back(static_cast<uint8_t>(op.a - 1));
        break;
    }
  }
  return out;
}

}  // namespace svm
