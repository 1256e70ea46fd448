// SPDX-License-Identifier: MIT
#include "tools/copy_corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/decoders/copy_codec.hpp"

namespace svm {
namespace fs = std::filesystem;

bool corpus_file_for_geometry(const std::string& path, uint32_t page_shift) {
  std::string name = fs::path(path).filename().string();
  auto dash = name.rfind("-p");
  if (dash == std::string::npos) return true;
  std::string tail = name.substr(dash + 2);
  if (tail.empty() || !std::all_of(tail.begin(), tail.end(), ::isdigit)) return true;
  return tail == std::to_string(page_shift);
}

std::vector<std::string> copy_corpus_files(const std::string& corpus_dir, uint32_t page_shift) {
  std::vector<std::string> out;
  fs::path dir = fs::path(corpus_dir) / "copy_vs_model";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && corpus_file_for_geometry(e.path().string(), page_shift))
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::vector<uint8_t>> read_corpus_file(const std::string& path, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    if (error) *error = path + ": cannot open";
    return std::nullopt;
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::string save_copy_reproducer(const std::string& corpus_dir, const std::string& variant, Prop prop,
                                 uint32_t page_shift, const CopyInput& input,
                                 const std::function<bool(const CopyInput&)>& reproduces, std::string* error) {
  fs::path dir = fs::path(corpus_dir) / "copy_vs_model";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    *error = dir.string() + ": " + ec.message();
    return "";
  }
  std::string stem = "regress-" + variant + "-" + std::string(id(prop));
  std::string suffix = "-p" + std::to_string(page_shift);
  Geometry g = Geometry::current();
  for (int n = 0; n < 100; n++) {
    fs::path p = dir / (stem + (n ? "." + std::to_string(n) : "") + suffix);
    if (fs::exists(p, ec)) {
      auto bytes = read_corpus_file(p.string());
      if (bytes && reproduces(decode_copy(*bytes, CopyDecodeLimits::for_geometry(g)))) return p.string();
      continue;
    }
    auto bytes = encode_copy(input);
    if (!reproduces(decode_copy(bytes, CopyDecodeLimits::for_geometry(g)))) {
      *error = stem + ": the encoded reproducer does not decode to an input that reproduces";
      return "";
    }
    fs::path tmp = p;
    tmp += ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary);
      f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      if (!f) {
        *error = tmp.string() + ": write failed";
        return "";
      }
    }
    fs::rename(tmp, p, ec);
    if (ec) {
      *error = p.string() + ": " + ec.message();
      return "";
    }
    return p.string();
  }
  *error = stem + ": too many reproducers that no longer reproduce";
  return "";
}

}  // namespace svm
