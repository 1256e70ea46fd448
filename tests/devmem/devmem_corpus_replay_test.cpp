// SPDX-License-Identifier: MIT
// Replays corpus/devmem_lifecycle/regress-<variant>-<PROPERTY>: each file
// still shows its property on its variant, and every property a variant
// declares in 'Expect:' has a reproducer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/decoders/devmem_codec.hpp"
#include "model/devmem_oracle.hpp"

namespace svm {
namespace {

const std::filesystem::path kDir = std::filesystem::path(SVM_CORPUS_DIR) / "devmem_lifecycle";

TEST(DevmemCorpus, EveryReproducerShowsItsProperty) {
  ASSERT_TRUE(std::filesystem::is_directory(kDir)) << kDir;
  int replayed = 0;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    std::string name = e.path().filename().string();
    if (name.rfind("regress-", 0) != 0) continue;
    const svm_devmem_variant* v = nullptr;
    std::optional<Prop> prop;
    for (const auto* cand : devmem_variants()) {
      std::string prefix = "regress-" + std::string(cand->name) + "-";
      if (name.rfind(prefix, 0) == 0) {
        v = cand;
        prop = parse_prop(name.substr(prefix.size()));
      }
    }
    ASSERT_NE(v, nullptr) << name << ": names no built devmem variant";
    ASSERT_TRUE(prop) << name << ": names no property";
    std::ifstream in(e.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    DevmemProgram p = decode_devmem(bytes);
    DevmemOutcome o = run_devmem(*v, p);
    EXPECT_TRUE(o.has(*prop)) << name << " (" << format_devmem_program(p) << ") no longer shows " << id(*prop);
    replayed++;
  }
  EXPECT_GT(replayed, 0);
}

TEST(DevmemCorpus, EveryDeclaredPropertyHasAReproducer) {
  for (const auto* v : devmem_variants()) {
    auto expected = parse_verdict(v->expect);
    ASSERT_TRUE(expected) << v->file;
    for (Prop p : *expected)
      EXPECT_TRUE(std::filesystem::exists(kDir / ("regress-" + std::string(v->name) + "-" + std::string(id(p)))))
          << v->name << " declares " << id(p) << " but corpus/devmem_lifecycle has no reproducer for it";
  }
}

}  // namespace
}  // namespace svm
