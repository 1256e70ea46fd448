// SPDX-License-Identifier: MIT
// svmcheck-prove: Z3 proofs over the compiled copy variants.
//
//   svmcheck-prove copy --variant V [--pages N] [--geometry scaled|real] [--out DIR]
//                       [--prop ID]... [--timeout S] [--check-expect] [--verbose] (--help: all options)
//   svmcheck-prove copy --equiv A B [--pages N]
//   svmcheck-prove copy --z3-oracle --variant V FILE...
//   svmcheck-prove copy --spacer [--variant V] [--prop ID]... [--timeout S] [--chunk any] [--jobs N]
//                       [--parallel N] [--invariants FILE] [--verbose]
//
// This executable is the scaled geometry (PAGE_SHIFT 21); --geometry real
// runs svmcheck-prove-p12 next to it with the same arguments.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "model/properties.hpp"
#include "fuzz/decoders/copy_codec.hpp"
#include "proofs/chc/spacer.hpp"
#include "proofs/copy/driver.hpp"
#include "proofs/llvm2smt/compile.hpp"

namespace {

const char* kUsage =
    "usage: svmcheck-prove copy --variant V [--pages N] [--geometry scaled|real] [--out DIR]\n"
    "                           [--prop ID]... [--timeout S] [--check-expect [--corpus DIR]] [--verbose]\n"
    "                           [--from N0] [--min-pages K] [--unkeyed] [--no-prune]\n"
    "       svmcheck-prove copy --equiv A B [--pages N]\n"
    "       svmcheck-prove copy --z3-oracle --variant V FILE...\n"
    "       svmcheck-prove copy --spacer [--variant V] [--prop ID]... [--timeout S] [--chunk any] [--jobs N]\n"
    "                           [--parallel N] [--invariants FILE] [--verbose]\n";

int fail(const std::string& msg) {
  std::fprintf(stderr, "svmcheck-prove: %s\n", msg.c_str());
  return 2;
}

bool parse_uint(const char* s, unsigned& out) {
  char* end = nullptr;
  unsigned long v = std::strtoul(s, &end, 10);
  if (!*s || *end || v > 100000) return false;
  out = static_cast<unsigned>(v);
  return true;
}

[[maybe_unused]] int exec_geometry(int argc, char** argv, const std::string& exe) {
  std::string self = std::filesystem::read_symlink("/proc/self/exe").parent_path() / exe;
  std::vector<char*> args{const_cast<char*>(self.c_str())};
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--geometry")) {
      i++;
      continue;
    }
    args.push_back(argv[i]);
  }
  args.push_back(nullptr);
  execv(self.c_str(), args.data());
  return fail("cannot run " + self + " for --geometry real (built with SVM_PAGE_SHIFTS containing 12?)");
}

const char* kHelp =
    "\nBounded proofs of the copy properties on the compiled variant (clang IR -> Z3), for\n"
    "every input of 0..N pages; a refuted property prints a minimal counterexample and\n"
    "writes it as a copy_vs_model corpus file (regress-<variant>-<ID>-p<shift>).\n"
    "  --variant V        a variant of src/copy/variants, or a path to a variant .c file\n"
    "  --pages N          largest page count (default 8); --from N0 starts at N0 instead of 0\n"
    "  --geometry G       scaled (PAGE_SHIFT 21, CHUNK 4; default) or real (PAGE_SHIFT 12)\n"
    "  --prop ID          only this property (repeatable); default every stated property\n"
    "  --timeout S        per solver query (default 60); a property the solver gives up on\n"
    "                     stays proved up to the previous page count\n"
    "  --out DIR          where counterexamples go (default corpus/copy_vs_model); --no-write: nowhere\n"
    "  --check-expect     compare with the variant's 'Expect:' line; --corpus DIR finds the\n"
    "                     committed reproducers of declared defects beyond the bound;\n"
    "                     --min-pages K fails if a holding property is proved below K pages\n"
    "  --unkeyed          unroll loops by iteration instead of keying them by their counter\n"
    "  --no-prune         no solver calls while translating (infeasible loop instances stay in\n"
    "                     the formula): linear translation time, for very large page counts\n"
    "  --verbose          per page count: formula size, and each query's result and time\n"
    "  --equiv A B        prove that A and B issue the same calls and return the same value\n"
    "  --z3-oracle        replay corpus files through both oracles and compare verdicts\n"
    "  --spacer           every npages at once: the loops as Horn clauses, solved by Z3's Spacer\n"
    "                     (every property the bounded prover states, and MEM-SAFETY; COPY-ONCE with a\n"
    "                     ghost witness index, -WAIT/-ERR/-FENCE/-PREFENCE as monitors of ghost cells\n"
    "                     checked at the return; default variant fixed); each property but COPY-ONCE\n"
    "                     and -CONTIG first with the entries' contents abstracted (fresh reads), then\n"
    "                     exactly. Loop invariants read off the compiled code by LLVM (scalar\n"
    "                     evolution, guards on the way into a loop and of its back edge) are\n"
    "                     candidates: the clauses assume those Z3 proves inductive. --verbose\n"
    "                     prints each candidate (kept or dropped), each violation clause checked\n"
    "                     against the kept ones (and for one left open, a state there that they\n"
    "                     allow, by the candidates' names), and the invariants Spacer found\n"
    "  --jobs N           with --spacer: a portfolio of N Spacer runs per query (random seeds 0,\n"
    "                     1000, 2000, ...), each in a child process; the first to prove or refute\n"
    "                     wins (Spacer's time varies several-fold with the seed); default 1\n"
    "  --parallel N       with --spacer: check up to N properties at once, each in a child process:\n"
    "                     COPY-ONCE, -CONTIG and each monitor alone (COPY-ONCE and -CONTIG first),\n"
    "                     the properties without ghost state together; the output is in property\n"
    "                     order as without it. N x --jobs processes at most; default 1\n"
    "  --invariants FILE  with --spacer: more candidate loop invariants, in SMT-LIB 2 (definitions,\n"
    "                     then per loop a '; loop FILE:LINE' line and (assert ...) lines) over the\n"
    "                     loop's variables by source name (i, c.len; a pointer's shapes c.vr@NULL, ...),\n"
    "                     the inputs (npages, has, page, addr, order, rem, region, w, k, ...), the ghost\n"
    "                     cells cover/failed/sys_addr, dpa_base and page_size; a wrong name is an error\n"
    "                     that lists the names. Checked like the others (only what Z3 proves inductive\n"
    "                     is kept); when the kept invariants exclude every violation, that is the proof.\n"
    "                     May be given more than once (each file's candidates, each once). A comment\n"
    "                     line '; property ID' (repeatable) keeps a file to those properties\n"
    "  --chunk any        with --spacer: every CHUNK >= 1 (SZ_8M an unknown constant), the contents\n"
    "                     abstracted; COPY-ONCE and -CONTIG are not stated\n"
    "Environment: SVM_SPACER_PARAMS=name=value,... extra Z3 fixedpoint parameters for --spacer\n"
    "(e.g. fp.spacer.random_seed=3), for experiments.\n"
    "Exit: 0 proved or confirmed; 1 refuted, unknown or mismatch; 2 bad usage or unsupported code;\n"
    "3 equivalence or Spacer unknown.\n";

int run(int argc, char** argv) {
  if (argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"))) {
    std::fputs(kUsage, stdout);
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (argc < 2 || std::strcmp(argv[1], "copy")) {
    std::fputs(kUsage, stderr);
    return argc < 2 ? 2 : fail(std::string("unknown algorithm '") + argv[1] + "' (only 'copy' has proofs)");
  }
  svm::proof::ProveOptions opt;
  opt.out_dir = l2s::source_dir() + "/corpus/copy_vs_model";
  std::string equiv_a, equiv_b, geometry = "scaled";
  std::string corpus_dir;
  bool check_expect = false, z3_oracle = false, spacer = false, out_given = false, chunk_any = false;
  std::vector<std::string> files;
  unsigned timeout_s = 60, jobs = 1, parallel = 1;
  unsigned min_pages = 0;
  std::vector<std::string> invariants;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) return nullptr;
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--variant") {
      const char* v = next();
      if (!v) return fail("--variant needs a name");
      opt.variant = v;
    } else if (a == "--pages") {
      const char* v = next();
      if (!v || !parse_uint(v, opt.max_pages)) return fail("--pages needs a page count");
    } else if (a == "--timeout") {
      const char* v = next();
      if (!v || !parse_uint(v, timeout_s) || !timeout_s) return fail("--timeout needs seconds (> 0)");
    } else if (a == "--geometry") {
      const char* v = next();
      if (!v || (std::strcmp(v, "scaled") && std::strcmp(v, "real")))
        return fail("--geometry takes 'scaled' or 'real'");
      geometry = v;
    } else if (a == "--out") {
      const char* v = next();
      if (!v) return fail("--out needs a directory");
      opt.out_dir = v;
      out_given = true;
    } else if (a == "--no-write") {
      opt.out_dir.clear();
    } else if (a == "--prop") {
      const char* v = next();
      auto p = v ? svm::parse_prop(v) : std::nullopt;
      if (!p) return fail(std::string("unknown property '") + (v ? v : "") + "'");
      opt.only.push_back(*p);
    } else if (a == "--equiv") {
      const char* x = next();
      const char* y = next();
      if (!x || !y) return fail("--equiv needs two variants");
      equiv_a = x;
      equiv_b = y;
    } else if (a == "--check-expect") {
      check_expect = true;
    } else if (a == "--corpus") {
      const char* v = next();
      if (!v) return fail("--corpus needs a directory");
      corpus_dir = v;
    } else if (a == "--z3-oracle") {
      z3_oracle = true;
    } else if (a == "--spacer") {
      spacer = true;
    } else if (a == "--chunk") {
      const char* v = next();
      if (!v || std::string(v) != "any") return fail("--chunk takes 'any' (every CHUNK >= 1; with --spacer)");
      chunk_any = true;
    } else if (a == "--jobs") {
      const char* v = next();
      if (!v || !parse_uint(v, jobs) || jobs < 1 || jobs > 16) return fail("--jobs needs a count from 1 to 16");
    } else if (a == "--parallel") {
      const char* v = next();
      if (!v || !parse_uint(v, parallel) || parallel < 1 || parallel > 16)
        return fail("--parallel needs a count from 1 to 16");
    } else if (a == "--invariants") {
      const char* v = next();
      if (!v) return fail("--invariants needs a file of candidate loop invariants");
      invariants.push_back(v);
    } else if (a == "--verbose") {
      opt.verbose = true;
    } else if (a == "--from") {
      const char* v = next();
      if (!v || !parse_uint(v, opt.first_pages)) return fail("--from needs a page count");
    } else if (a == "--min-pages") {
      const char* v = next();
      if (!v || !parse_uint(v, min_pages)) return fail("--min-pages needs a page count");
    } else if (a == "--no-prune") {
      opt.prune = false;
    } else if (a == "--unkeyed") {
      opt.keyed = false;
    } else if (!a.empty() && a[0] != '-' && z3_oracle) {
      files.push_back(a);
    } else {
      return fail("unknown option '" + a + "'");
    }
  }
  (void)out_given;
#if SVM_PROVE_SHIFT == 21
  if (geometry == "real") return exec_geometry(argc, argv, "svmcheck-prove-p12");
#else
  if (geometry == "scaled") geometry = "real";
#endif
  opt.timeout_ms = timeout_s * 1000;
  opt.work_dir = std::filesystem::temp_directory_path() / ("svmcheck-prove-" + std::to_string(getpid()));
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{opt.work_dir};

  if (!invariants.empty() && !spacer) return fail("--invariants is for --spacer (candidate loop invariants)");
  if (jobs != 1 && !spacer) return fail("--jobs is for --spacer (a portfolio of Spacer runs)");
  if (parallel != 1 && !spacer) return fail("--parallel is for --spacer (properties checked at once)");
  if (chunk_any && !spacer) return fail("--chunk any needs --spacer (the bounded prover takes the geometry's CHUNK)");
  if (spacer) {
    svm::proof::SpacerOptions so;
    if (!opt.variant.empty()) so.variant = opt.variant;
    so.work_dir = opt.work_dir;
    so.timeout_ms = opt.timeout_ms;
    so.only = opt.only;
    so.verbose = opt.verbose;
    so.chunk_any = chunk_any;
    so.jobs = jobs;
    so.parallel = parallel;
    so.invariants = invariants;
    auto r = svm::proof::spacer_copy(so);
    std::fputs(r.text.c_str(), stdout);
    return r.exit_code;
  }
  if (z3_oracle) {
    if (opt.variant.empty()) return fail("--z3-oracle needs --variant");
    if (files.empty()) return fail("--z3-oracle needs corpus files");
    return svm::proof::z3_oracle_replay(opt.variant, files, opt.verbose) ? 1 : 0;
  }
  if (!equiv_a.empty()) {
    auto r = svm::proof::prove_equiv(equiv_a, equiv_b, opt.max_pages, opt.work_dir, opt.timeout_ms);
    if (r.equivalent) {
      std::printf("equivalent: %s and %s issue the same calls and return the same value for every input of 0..%u "
                  "pages (%.2fs)\n", equiv_a.c_str(), equiv_b.c_str(), r.pages, r.seconds);
      return 0;
    }
    if (r.unknown) {
      std::printf("unknown: %s (%.2fs)\n", r.detail.c_str(), r.seconds);
      return 3;
    }
    std::printf("NOT equivalent: distinguishing input of %u pages: %s\n%s\n(%.2fs)\n", r.pages,
                svm::format_copy_layout(r.input).c_str(), r.detail.c_str(), r.seconds);
    return 1;
  }
  if (opt.variant.empty()) return fail("missing --variant (or --equiv A B)");
  if (opt.first_pages > opt.max_pages) return fail("--from must not exceed --pages");
  if (check_expect && opt.first_pages) return fail("--check-expect needs every page count from 0 (drop --from)");
  auto rep = svm::proof::prove_copy(opt);
  std::fputs(svm::proof::format_report(rep).c_str(), stdout);
  std::vector<std::string> beyond;
  auto mism = svm::proof::expect_mismatches(rep, corpus_dir, &beyond, min_pages);
  if (check_expect) {
    for (auto& b : beyond) std::printf("BEYOND BOUND %s: %s\n", rep.variant.name.c_str(), b.c_str());
    for (auto& m : mism) std::printf("MISMATCH %s: %s\n", rep.variant.name.c_str(), m.c_str());
    std::printf("%s: declared verdict %s\n", rep.variant.name.c_str(), mism.empty() ? "confirmed" : "NOT confirmed");
    return mism.empty() ? 0 : 1;
  }
  bool all_proved = true;
  for (auto& r : rep.results) all_proved = all_proved && r.status == svm::proof::Status::Proved;
  return all_proved && rep.unwinding_ok && rep.mem_safety.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
