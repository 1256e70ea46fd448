// SPDX-License-Identifier: MIT
// The devmem_lifecycle input format: any bytes decode to a program within
// bounds, programs round-trip through bytes and through text.
#include <gtest/gtest.h>

#include <random>

#include "fuzz/decoders/devmem_codec.hpp"
#include "model/devmem_scenarios.hpp"

namespace svm {
namespace {

TEST(DevmemCodec, EveryScenarioRoundTripsThroughBytesAndText) {
  for (const auto& s : devmem_scenarios()) {
    EXPECT_EQ(decode_devmem(encode_devmem(s.program)), s.program) << s.name;
    auto back = parse_devmem_program(format_devmem_program(s.program));
    ASSERT_TRUE(back) << s.name;
    EXPECT_EQ(*back, s.program) << s.name;
  }
}

TEST(DevmemCodec, RandomBytesDecodeToProgramsWithinBounds) {
  uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (int i = 0; i < 2000; i++) {
    std::vector<uint8_t> bytes(rng() % 64);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    DevmemProgram p = decode_devmem(bytes);
    EXPECT_LE(p.size(), kDevmemMaxOps);
    for (const auto& op : p) {
      if (op.kind == DevmemOpKind::Alloc) {
        EXPECT_TRUE(op.a >= 1 && op.a <= kDevmemMaxAllocPages);
      }
      if (op.kind == DevmemOpKind::FailSlab || op.kind == DevmemOpKind::FailBuddy) {
        EXPECT_TRUE(op.a >= 1 && op.a <= kDevmemMaxFailAt);
      }
    }
    EXPECT_EQ(decode_devmem(encode_devmem(p)), p);
  }
}

TEST(DevmemCodec, RandomProgramsRoundTrip) {
  uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (int i = 0; i < 500; i++) {
    DevmemProgram p = random_devmem_program(rng);
    EXPECT_EQ(decode_devmem(encode_devmem(p)), p) << format_devmem_program(p);
  }
}

TEST(DevmemCodec, BadTextIsOneClearError) {
  std::string err;
  EXPECT_FALSE(parse_devmem_program("alloc 0", &err));
  EXPECT_NE(err.find("alloc needs"), std::string::npos) << err;
  EXPECT_FALSE(parse_devmem_program("alloc 4; frob 2", &err));
  EXPECT_EQ(err, "unknown devmem operation 'frob'");
  EXPECT_FALSE(parse_devmem_program("put_all 1 sideways", &err));
  EXPECT_NE(err.find("order must be"), std::string::npos) << err;
  EXPECT_TRUE(parse_devmem_program(""));
}

TEST(DevmemCodec, EmptyInputIsTheEmptyProgram) { EXPECT_TRUE(decode_devmem({}).empty()); }

}  // namespace
}  // namespace svm
