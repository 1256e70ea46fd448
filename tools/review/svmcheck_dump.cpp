// SPDX-License-Identifier: MIT
// svmcheck-dump_p<PAGE_SHIFT>: one copy input, every copy variant's run of
// it, as JSON for 'scripts/svmcheck explain' and 'review' (which draw the
// page layout, the addresses and the calls, in text and SVG).
//   svmcheck-dump_p21 FILE [--variant V]...       a corpus or regress file
//   svmcheck-dump_p21 --layout 'TEXT' [--variant V]...
// Exit 0; 2 on bad arguments or an unreadable file (one line on stderr).
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/decoders/copy_codec.hpp"
#include "model/copy_oracle.hpp"
#include "tools/copy_corpus.hpp"

namespace {

using namespace svm;

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

std::string u(uint64_t v) { return std::to_string(v); }
std::string i(int64_t v) { return std::to_string(v); }

std::string dump_variant(const svm_copy_variant& v, const CopyInput& in, const Geometry& g) {
  auto run = run_copy(v, in);
  auto contract = copy_contract_violation(in, v.api_gen, g);
  auto findings = check_copy(in, v.api_gen, run, g);
  std::string o = "{\"name\":" + json_str(v.name) + ",\"api\":" + json_str(v.api) + ",\"api_gen\":" + i(v.api_gen) +
                  ",\"expect\":" + json_str(v.expect) + ",\"file\":" + json_str(v.file) +
                  ",\"in_contract\":" + (contract ? "false" : "true") +
                  ",\"contract\":" + json_str(contract ? *contract : "") + ",\"ret\":" + i(run.ret) +
                  ",\"bugged\":" + (run.bugged ? "true" : "false") + ",\"calls\":[";
  for (size_t k = 0; k < run.calls.size(); k++) {
    const auto& c = run.calls[k];
    o += std::string(k ? "," : "") + "{\"seq\":" + u(c.seq) + ",\"engine\":" + i(c.engine) +
         ",\"vram_base\":" + u(c.vram_base) + ",\"npages\":" + u(c.npages) + ",\"sys_index\":" + i(c.sys_index) +
         ",\"result\":" + i(c.result) + ",\"contract\":" + (c.contract ? "true" : "false") +
         ",\"dep_prefence\":" + (c.dep_prefence ? "true" : "false") + "}";
  }
  o += "],\"findings\":[";
  for (size_t k = 0; k < findings.size(); k++)
    o += std::string(k ? "," : "") + "{\"prop\":" + json_str(std::string(id(findings[k].prop))) +
         ",\"advisory\":" + (info(findings[k].prop).advisory ? "true" : "false") +
         ",\"detail\":" + json_str(findings[k].detail) + "}";
  o += "],\"reports\":[";
  for (size_t k = 0; k < run.reports.size(); k++)
    o += std::string(k ? "," : "") + "{\"file\":" + json_str(run.reports[k].file) +
         ",\"line\":" + i(run.reports[k].line) + ",\"what\":" + json_str(run.reports[k].what) + "}";
  std::string pop;
  for (bool b : copy_populated(in, v.api_gen)) pop += b ? '1' : '0';
  o += "],\"populated\":" + json_str(pop) + ",\"diagram\":" + json_str(in.npages() <= 96 ? copy_diagram(in, v.api_gen, run, g) : "") + "}";
  return o;
}

int usage(const std::string& why) {
  std::fprintf(stderr, "svmcheck-dump: %s\n", why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc), variants;
  std::string file, layout;
  for (size_t k = 0; k < args.size(); k++) {
    if (args[k] == "--variant" && k + 1 < args.size()) {
      variants.push_back(args[++k]);
    } else if (args[k] == "--layout" && k + 1 < args.size()) {
      layout = args[++k];
    } else if (args[k].rfind("--", 0) == 0 || !file.empty()) {
      return usage("usage: svmcheck-dump FILE | --layout TEXT [--variant V]...");
    } else {
      file = args[k];
    }
  }
  if (file.empty() == layout.empty()) return usage("give one corpus file or one --layout");
  Geometry g = Geometry::current();
  CopyInput in;
  if (!file.empty()) {
    std::string err;
    auto bytes = read_corpus_file(file, &err);
    if (!bytes) return usage(err);
    in = decode_copy(*bytes, CopyDecodeLimits::for_geometry(g));
  } else {
    std::string err;
    auto parsed = parse_copy_layout(layout, g, &err);
    if (!parsed) return usage("bad layout: " + err);
    in = *parsed;
  }
  size_t n = 0;
  const svm_copy_variant* vs = svm_copy_variants(&n);
  std::vector<const svm_copy_variant*> targets;
  for (const auto& name : variants) {
    auto v = svm_copy_variant_find(name.c_str());
    if (!v) return usage("no copy variant named '" + name + "'");
    targets.push_back(v);
  }
  if (variants.empty())
    for (size_t k = 0; k < n; k++) targets.push_back(&vs[k]);
  int gen = 3;
  auto populated = copy_populated(in, gen);
  std::string o = "{\"geometry\":{\"page_shift\":" + u(g.page_shift) + ",\"page_size\":" + u(g.page_size) +
                  ",\"chunk\":" + u(g.chunk) + ",\"region_pages\":" + u(g.region_pages) +
                  ",\"dpa_base\":[" + u(svm_region_dpa_base(0)) + "," + u(svm_region_dpa_base(1)) + "]}" +
                  ",\"file\":" + json_str(file) + ",\"layout\":" + json_str(format_copy_layout(in)) +
                  ",\"dir\":" + json_str(in.dir == SVM_TO_VRAM ? "to_vram" : "to_sram") + ",\"fail_at\":" +
                  u(in.fail_at) + ",\"fail_errno\":" + i(in.fail_errno) + ",\"prefence\":" + u(in.prefence) +
                  ",\"entries\":[";
  for (uint32_t k = 0; k < in.npages(); k++) {
    const auto& e = in.entries[k];
    o += std::string(k ? "," : "") + "{\"region\":" + i(e.region) + ",\"page\":" + u(e.page) +
         ",\"sys\":" + u(e.sys_page) + ",\"order\":" + u(e.order) + ",\"populated\":" +
         (populated[k] ? "true" : "false") + "}";
  }
  o += "],\"minimal_calls\":[";
  auto mc = minimal_calls(in, gen, g);
  for (size_t k = 0; k < mc.size(); k++)
    o += std::string(k ? "," : "") + "{\"start\":" + u(mc[k].start) + ",\"npages\":" + u(mc[k].npages) + "}";
  o += "],\"variants\":[";
  for (size_t k = 0; k < targets.size(); k++) o += (k ? "," : "") + dump_variant(*targets[k], in, g);
  o += "]}\n";
  std::fputs(o.c_str(), stdout);
  return 0;
}
