// SPDX-License-Identifier: MIT
// The posted design (seed_v2) fails for the reasons the review found and
// the reading of the code shows; each defect is one test that asserts the
// property it breaks. The fixed design passes the same programs.
#include <gtest/gtest.h>

#include "model/devmem_oracle.hpp"

namespace svm {
namespace {

const svm_devmem_variant& variant(const char* name) {
  const svm_devmem_variant* v = devmem_variant(name);
  if (!v) throw std::runtime_error(std::string("devmem variant '") + name + "' is not built");
  return *v;
}

DevmemOutcome run(const char* name, const char* text) {
  std::string err;
  auto p = parse_devmem_program(text, &err);
  if (!p) throw std::runtime_error(err);
  return run_devmem(variant(name), *p);
}

std::string detail(const DevmemOutcome& o, Prop p) {
  for (const auto& f : o.findings)
    if (f.prop == p) return f.detail;
  return "";
}

TEST(SeedV2, BitmapOfABlockBelow64PagesIsOverrunMemSafety) {
  DevmemOutcome o = run("seed_v2", "alloc 1");
  ASSERT_TRUE(o.error.empty()) << o.error;
  ASSERT_TRUE(o.has(Prop::MemSafety));
  std::string d = detail(o, Prop::MemSafety);
  // Without ASan the slab's red zone shows the overrun; with ASan, ASan does.
  EXPECT_TRUE(d.find("red zone") != std::string::npos || d.find("heap-buffer-overflow") != std::string::npos) << d;
  EXPECT_NE(d.find("op 1 (alloc 1)"), std::string::npos) << d;
}

TEST(SeedV2, BlocksOf64PagesOrMoreDoNotOverrunTheBitmap) {
  DevmemOutcome o = run("seed_v2", "alloc 64; alloc 128; put_all 0 asc; put_all 0 desc");
  ASSERT_TRUE(o.error.empty()) << o.error;
  EXPECT_FALSE(o.has(Prop::MemSafety)) << detail(o, Prop::MemSafety);
}

TEST(SeedV2, UncheckedKzallocIsDevmemOom) {
  // Sweep the allocation points of one 64-page allocation (one block): the
  // early ones belong to the buddy, which fails cleanly; the block's kzalloc
  // comes after them.
  std::string found;
  for (uint32_t n = 1; n <= kDevmemMaxFailAt && found.empty(); n++) {
    DevmemOutcome o = run_devmem(variant("seed_v2"), {{DevmemOpKind::FailSlab, n}, {DevmemOpKind::Alloc, 64}});
    ASSERT_TRUE(o.error.empty()) << o.error;
    if (o.has(Prop::DevmemOom)) found = detail(o, Prop::DevmemOom);
  }
  ASSERT_FALSE(found.empty()) << "no allocation point of alloc 64 gave DEVMEM-OOM";
  EXPECT_NE(found.find("injected allocation failure"), std::string::npos) << found;
}

TEST(SeedV2, BuddyCallsWithoutTheVramManagerLockAreDevmemLock) {
  DevmemOutcome o = run("seed_v2", "alloc 64; put_all 0 asc");
  ASSERT_TRUE(o.error.empty()) << o.error;
  ASSERT_TRUE(o.has(Prop::DevmemLock));
  EXPECT_NE(detail(o, Prop::DevmemLock).find("drm_buddy_alloc_blocks without vram_mgr->lock"), std::string::npos);
  EXPECT_EQ(o.props(), std::vector<Prop>{Prop::DevmemLock});
}

TEST(SeedV2, FreeBlocksReturnsABlockWhosePagesAreInUseDevmemFree) {
  DevmemOutcome o = run("seed_v2", "alloc 64; free_blocks 0");
  ASSERT_TRUE(o.error.empty()) << o.error;
  ASSERT_TRUE(o.has(Prop::DevmemFree));
  EXPECT_NE(detail(o, Prop::DevmemFree).find("while 64 of its pages are in use"), std::string::npos)
      << detail(o, Prop::DevmemFree);
}

TEST(Fixed, PassesTheProgramsThatShowTheSeedDefects) {
  for (const char* text : {"alloc 1", "alloc 64; put_all 0 asc", "alloc 64; free_blocks 0",
                           "alloc 64; put_all 0 desc; free_blocks 0"}) {
    DevmemOutcome o = run("fixed", text);
    EXPECT_TRUE(o.error.empty()) << text << ": " << o.error;
    EXPECT_TRUE(o.findings.empty()) << text << ": " << (o.findings.empty() ? "" : o.findings[0].detail);
  }
  for (uint32_t n = 1; n <= kDevmemMaxFailAt; n++) {
    DevmemOutcome o = run_devmem(variant("fixed"), {{DevmemOpKind::FailSlab, n}, {DevmemOpKind::Alloc, 64}});
    EXPECT_TRUE(o.findings.empty()) << "fail_slab " << n << ": " << o.findings[0].detail;
  }
}

}  // namespace
}  // namespace svm
