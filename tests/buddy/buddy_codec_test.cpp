// SPDX-License-Identifier: MIT
// The buddy_random_walk reproducer codec: every byte string decodes, and
// the canonical encoding of decoded calls decodes to the same calls.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "fuzz/decoders/buddy_codec.hpp"

namespace svm {
namespace {

TEST(BuddyCodec, EveryByteStringDecodesAndRoundTrips) {
  const uint64_t seed = std::random_device{}();
  std::printf("buddy codec seed: %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 2000; i++) {
    std::vector<uint8_t> bytes(rng() % 200);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    auto ops = decode_buddy_ops(bytes);
    ASSERT_FALSE(ops.empty());
    ASSERT_EQ(ops.front().kind, BuddyOpKind::Init);
    std::string err;
    auto enc = encode_buddy_ops(ops, &err);
    ASSERT_FALSE(enc.empty()) << "seed " << seed << " case " << i << ": " << err;
    ASSERT_EQ(decode_buddy_ops(enc), ops) << "seed " << seed << " case " << i;
  }
}

TEST(BuddyCodec, EmptyInputIsOneInitOfOneChunk) {
  auto ops = decode_buddy_ops({});
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].size, 4096u);
  EXPECT_EQ(ops[0].min_block, 4096u);
}

TEST(BuddyCodec, RandomCallSequencesAreEncodable) {
  for (uint64_t seed = 1; seed <= 300; seed++) {
    auto ops = random_buddy_ops(seed, 80);
    std::string err;
    auto enc = encode_buddy_ops(ops, &err);
    ASSERT_FALSE(enc.empty()) << "seed " << seed << ": " << err;
    ASSERT_EQ(decode_buddy_ops(enc), ops) << "seed " << seed;
  }
}

TEST(BuddyCodec, UnexpressibleCallsAreRefusedWithAReason) {
  BuddyOp init;
  init.kind = BuddyOpKind::Init;
  init.size = 3 * 4096;
  init.min_block = 12288;  // not a chunk size the format has
  std::string err;
  std::vector<BuddyOp> ops{init};
  EXPECT_TRUE(encode_buddy_ops(ops, &err).empty());
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace svm
