// SPDX-License-Identifier: MIT
// Proof drivers: bounded proofs of every stated property of one variant
// (minimal counterexamples as corpus files and diagrams), equivalence of two
// variants, and the replay of corpus files through both oracles.
#pragma once

#include <string>
#include <vector>

#include "model/properties.hpp"
#include "proofs/copy/world.hpp"

namespace svm::proof {

struct ProveOptions {
  std::string variant;
  unsigned max_pages = 8;
  unsigned first_pages = 0;  // smallest page count checked (--from)
  std::string out_dir;  // corpus directory for counterexamples ("" = no files)
  std::string work_dir;
  unsigned timeout_ms = 60000;  // per solver query
  std::vector<Prop> only;       // empty: every stated property
  bool verbose = false;
  bool keyed = true;  // index-keyed loop instances (see l2s::Limits::keyed)
  bool prune = true;  // solver pruning of loop instances (l2s::Limits::prune); off: linear translation
};

enum class Status { Proved, Refuted, Unknown };
const char* status_name(Status s);

struct PropResult {
  Prop prop;
  Status status = Status::Proved;
  unsigned pages = 0;  // refuted: npages of the counterexample; proved/unknown: proved up to
  bool proved_some = false;  // some page count was proved (pages is meaningful)
  CopyInput cex;
  unsigned populated = 0;
  std::string corpus_path;
  std::string replay;  // what run_copy + check_copy said about the reproducer
  bool replay_ok = false;
  std::string diagram;
  double seconds = 0;
  std::string note;
};

struct ProveReport {
  VariantFile variant;
  unsigned first_pages = 0;  // page counts below this were not checked
  GeometryFacts geometry;
  std::vector<PropResult> results;
  std::vector<std::string> mem_safety;  // translator-only findings
  bool unwinding_ok = true;
  std::string unwinding_note;
  unsigned keyed_loops = 0;  // loops translated with index keys
  bool fences_abstracted = false;  // CopyProver::translate(abstract_fences)
  // CopyProver::translate(abstract_addresses) first, the exact translation
  // for what that does not prove (no MEM-SAFETY, no COPY-ONCE asked)
  bool addresses_abstracted = false;
  bool mem_checked = true;          // memory events were checked (not with --prop unless MEM-SAFETY)
  std::string keying_note;   // why keying was given up, if it was
  double translate_seconds = 0, total_seconds = 0;
};

ProveReport prove_copy(const ProveOptions& opt);

// An input replayed through run_copy with both oracles (check_copy and the
// z3 oracle); ok when both report prop.
struct Replay {
  bool ok = false;
  std::string text;     // "check_copy: ..., z3 oracle: ..."
  std::string diagram;  // copy_diagram of the run
};
Replay replay_input(const VariantFile& v, const CopyInput& in, Prop prop, const GeometryFacts& g);
std::string format_report(const ProveReport& r);
// The declared verdict against the proved one, for the properties stated
// here; empty when they agree, else one line per disagreement.
// Where the proof disagrees with the variant's declared verdict. A declared
// property proved up to N pages disagrees only when the harness's committed
// reproducer for it (corpus_dir/copy_vs_model/regress-<variant>-<ID>*-p<shift>)
// has at most N pages; otherwise the defect lies beyond the bound, which is
// reported in *beyond (when given). Without corpus_dir every declared
// property must be refuted.
// A property the solver gave up on is a disagreement only when it is
// declared and its reproducer fits the bound reached, or when it is not
// declared and the bound reached is below min_pages.
std::vector<std::string> expect_mismatches(const ProveReport& r, const std::string& corpus_dir = "",
                                           std::vector<std::string>* beyond = nullptr, unsigned min_pages = 0);

struct EquivReport {
  bool equivalent = true;
  bool unknown = false;
  unsigned pages = 0;
  CopyInput input;
  std::string detail;
  double seconds = 0;
};
EquivReport prove_equiv(const std::string& a, const std::string& b, unsigned max_pages, const std::string& work_dir,
                        unsigned timeout_ms);

// Replays corpus files through run_copy and both oracles; returns the number
// of files whose verdicts (on the stated properties) disagree.
int z3_oracle_replay(const std::string& variant, const std::vector<std::string>& files, bool verbose);

}  // namespace svm::proof
