// SPDX-License-Identifier: MIT
// The copy input codec: text layouts, byte encoding and their round trips.
#include <gtest/gtest.h>

#include <random>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "model/copy_search.hpp"

namespace svm {
namespace {

TEST(CopyCodec, chunk_expressions_evaluate_with_the_geometry_chunk) {
  EXPECT_EQ(eval_chunk_expr("{C+1}", 4), 5);
  EXPECT_EQ(eval_chunk_expr("{2C-3}", 2048), 4093);
  EXPECT_EQ(eval_chunk_expr("7", 4), 7);
  EXPECT_EQ(eval_chunk_expr("C", 4), 4);
  EXPECT_FALSE(eval_chunk_expr("{C*2}", 4));
  EXPECT_FALSE(eval_chunk_expr("", 4));
}

TEST(CopyCodec, layout_text_builds_the_documented_entries) {
  Geometry g = Geometry::current();
  auto in = parse_copy_layout("dir=ram fail=2:-5 | P2 H1 S1 N1 +3 P1 @1:7 F1", g);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->dir, static_cast<uint32_t>(SVM_TO_SRAM));
  EXPECT_EQ(in->fail_at, 2u);
  EXPECT_EQ(in->fail_errno, -5);
  ASSERT_EQ(in->npages(), 8u);
  EXPECT_EQ(in->entries[0].page, 0u);
  EXPECT_EQ(in->entries[1].page, 1u);
  EXPECT_EQ(in->entries[1].sys_page, 2u);
  EXPECT_EQ(in->entries[2].sys_page, 0u);                // hole
  EXPECT_EQ(in->entries[3].region, SVM_NO_REGION);       // system page only
  EXPECT_EQ(in->entries[4].region, SVM_NO_REGION);       // neither
  EXPECT_EQ(in->entries[4].sys_page, 0u);
  EXPECT_EQ(in->entries[5].page, 5u + 3u);               // cursor moved by 3
  EXPECT_EQ(in->entries[6].region, 1);
  EXPECT_EQ(in->entries[6].page, 7u);
  EXPECT_EQ(in->entries[6].order, 1);
  EXPECT_EQ(in->entries[7].sys_page, 0u);                // folio tail
  EXPECT_EQ(in->entries[7].page, 8u);
}

TEST(CopyCodec, bad_layout_text_is_a_one_line_error) {
  Geometry g = Geometry::current();
  std::string err;
  EXPECT_FALSE(parse_copy_layout("| P2 Q1", g, &err));
  EXPECT_NE(err.find("Q1"), std::string::npos);
  EXPECT_EQ(err.find('\n'), std::string::npos);
  EXPECT_FALSE(parse_copy_layout("colour=red | P1", g, &err));
  EXPECT_FALSE(parse_copy_layout("| F12", g, &err));
}

TEST(CopyCodec, encode_then_decode_returns_random_layouts_unchanged) {
  Geometry g = Geometry::current();
  uint64_t seed = std::random_device{}();
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  for (int k = 0; k < 500; k++) {
    CopyInput in = random_copy_input(rng, 3, g);
    auto back = decode_copy(encode_copy(in), CopyDecodeLimits::for_geometry(g));
    ASSERT_EQ(back, in) << "seed " << seed << " case " << k << ": " << format_copy_layout(in);
    auto text = parse_copy_layout(format_copy_layout(in), g);
    ASSERT_TRUE(text);
    ASSERT_EQ(*text, in) << format_copy_layout(in);
  }
}

TEST(CopyCodec, every_byte_string_decodes_within_the_limits) {
  Geometry g = Geometry::current();
  auto lim = CopyDecodeLimits::for_geometry(g);
  std::mt19937_64 rng(7);
  for (int k = 0; k < 2000; k++) {
    std::vector<uint8_t> bytes(rng() % 64);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    auto in = decode_copy(bytes, lim);
    ASSERT_LE(in.npages(), lim.max_pages);
    for (const auto& e : in.entries) {
      if (e.region != SVM_NO_REGION) {
        ASSERT_LT(e.page, lim.region_pages);
      }
    }
  }
}

}  // namespace
}  // namespace svm
