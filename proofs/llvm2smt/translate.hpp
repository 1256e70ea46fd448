// SPDX-License-Identifier: MIT
// LLVM IR to SMT: bounded symbolic execution of one function with path
// merging. SSA values become expressions, phi nodes 'ite' over the incoming
// edges' path guards, loops are unrolled per iteration (the iteration
// vector of the enclosing loops is part of each block instance), calls to
// defined functions are inlined, and everything the code reaches outside
// itself (memory objects, external functions) is asked of a World. Any
// instruction the translator has no rule for is an Unsupported error naming
// the instruction and its source line; nothing is approximated silently.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "proofs/smt/smt.hpp"

namespace llvm {
class BasicBlock;
class Function;
class Instruction;
class Module;
class Type;
class Value;
class LLVMContext;
}  // namespace llvm

namespace l2s {

struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "file:line" of an instruction (debug info), or the function name.
std::string where(const llvm::Instruction& inst);
std::string describe(const llvm::Instruction& inst);  // the instruction as text
[[noreturn]] void unsupported(const llvm::Instruction& inst, const std::string& why = "");

// A pointer is a set of guarded alternatives, each an object and an
// offset: idx whole elements of the object plus off bytes. Guards of the
// alternatives are mutually exclusive and cover every path that defines it.
struct Alt {
  smt::Expr guard;
  int obj;
  smt::Expr idx;  // BV64, elements of the object's element size
  smt::Expr off;  // BV64, bytes
};

struct Value {
  smt::Expr v;           // integers: BV of the type's width; i1: Bool
  std::vector<Alt> ptr;  // pointers
  bool is_ptr = false;
  static Value of(smt::Expr e) { return Value{std::move(e), {}, false}; }
  static Value pointer(std::vector<Alt> alts) { return Value{{}, std::move(alts), true}; }
};

// Merges values of mutually exclusive paths (guard, value).
Value merge(const std::vector<std::pair<smt::Expr, Value>>& in);

struct Object {
  std::string name;
  uint64_t base = 0;       // numeric address (ptrtoint, comparisons)
  uint64_t elem_size = 1;  // bytes per element
  uint64_t count = 1;      // elements (bounds of a valid access)
};

// The mutable state of a path besides SSA values: cells the World keeps
// (arrays, counters), merged with 'ite' where paths join. Cells live in
// shared copy-on-write chunks of 64, so copying a state along every edge and
// merging states that differ in a few cells cost the chunks touched, not
// every cell (a trace of thousands of calls keeps a counter per call).
class State {
 public:
  static constexpr int kChunk = 64;
  struct Chunk {
    smt::Expr v[kChunk];
    uint64_t present = 0;
  };
  const smt::Expr* find(int c) const;
  void set(int c, smt::Expr v);
  const std::map<int, std::shared_ptr<const Chunk>>& chunks() const { return chunks_; }
  void set_chunk(int key, std::shared_ptr<const Chunk> ch) { chunks_[key] = std::move(ch); }

 private:
  std::map<int, std::shared_ptr<const Chunk>> chunks_;
};

class Exec;

class World {
 public:
  virtual ~World() = default;
  virtual const Object& object(int id) const = 0;
  virtual int object_count() const = 0;
  // The value of a cell that a path never wrote.
  virtual smt::Expr cell_initial(int cell) const = 0;
  // Memory access through one alternative of a pointer, on the current path.
  virtual Value load(Exec& x, const Alt& a, const llvm::Type* ty, const llvm::Instruction& at) = 0;
  virtual void store(Exec& x, const Alt& a, const Value& v, const llvm::Type* ty, const llvm::Instruction& at) = 0;
  // An external function; nullopt if the World has no semantics for it.
  virtual std::optional<Value> call(Exec& x, const std::string& callee, const std::vector<Value>& args,
                                    const llvm::Instruction& at) = 0;
  // A global variable of the module as an object id, or -1 if none.
  virtual int global(const std::string& name) { return -1; }
  // Called before two pointers are compared; may refuse the comparison.
  virtual void compare(const Value& a, const Value& b, const llvm::Instruction& at) {}
};

// The value of cell c in s: what a path wrote, else the World's initial value.
smt::Expr cell_value(const State& s, const World& w, int c);

struct Limits {
  unsigned unwind = 8;       // iterations per loop (per entry)
  unsigned max_inline = 16;  // call depth
  bool prune = true;         // drop loop iterations whose path guard is unsat (solver call per iteration)
  // Index-keyed loops: a loop whose counter starts at a constant and only
  // grows (i++, i += span) gets one instance per value of the counter
  // (0..unwind) instead of one per iteration, so array indices stay
  // concrete. Values outside that range, or a counter that does not grow,
  // are unwinding violations (Result::key_violation).
  bool keyed = true;
  // Cut-point mode (translate_segment): loop headers end a segment.
  bool cut = false;
};

struct Result {
  smt::Expr ret_guard;  // some path returned
  Value ret;            // the return value (merged)
  State state;          // at return (merged)
  smt::Expr unwind_violation;  // some loop wanted more iterations than the bound
  smt::Expr key_violation;     // a keyed loop's counter left 0..unwind or did not grow
  unsigned keyed_loops = 0;    // loops translated with a key
  std::vector<smt::Expr> defs; // definitions of the named join variables (assume them)
  unsigned instances = 0;      // block instances executed
  unsigned pruned = 0;         // loop iterations dropped as infeasible
};

// The execution context a World sees while a block instance runs.
class Exec {
 public:
  virtual ~Exec() = default;
  virtual const smt::Expr& guard() const = 0;  // path condition of the instance
  virtual State& state() = 0;
  smt::Expr cell(int c);
  void set_cell(int c, smt::Expr v) { state().set(c, std::move(v)); }
  World& world;
  explicit Exec(World& w) : world(w) {}
};

// Translates F applied to args. 'assumptions' (the input contract) are used
// to prune infeasible loop iterations; they are not part of the result.
Result translate(llvm::Function& f, const std::vector<Value>& args, World& w, const Limits& lim,
                 const std::vector<smt::Expr>& assumptions);

// Cut-point translation, for Horn clauses. Every loop header of the
// function is a cut point. A segment starts at the function entry or at a
// cut point, with given values for the header's variables (its phis, then
// the values defined before the loop and used from it on), runs every path
// without entering any loop header (calls are inlined; a called function
// with a loop is refused) and ends where a path reaches a cut point or
// returns. A loop is then a relation over those variables; the segments
// are the clauses between them.
struct CutPoint {
  const llvm::BasicBlock* header = nullptr;
  std::vector<const llvm::Value*> vars;  // the header's phis, then the values live into it
  std::string name;                      // "loop at file:line"
};
std::vector<CutPoint> cut_points(llvm::Function& f);

// An integer comparison (llvm::CmpInst::Predicate pred) of two bit-vectors,
// or nothing for a predicate that is not an integer one.
std::optional<smt::Expr> icmp(unsigned pred, const smt::Expr& a, const smt::Expr& b);

struct SegmentEnd {
  int to = -1;              // cut point index, or -1: the function returned
  smt::Expr guard;          // path condition of reaching it
  std::vector<Value> vals;  // values of the cut point's vars; a return: {return value}
  State state;
};
struct Segment {
  // The cut point's values as the segment used them: the given ones, but
  // those live into the loop that the code computes from others there
  // computed again (empty from the entry).
  std::vector<Value> start;
  std::vector<SegmentEnd> ends;
  std::vector<smt::Expr> defs;  // definitions of the named join variables
  unsigned instances = 0;
};
// from: a cut point index with vals for its vars, or -1 (the entry; vals empty).
Segment translate_segment(llvm::Function& f, const std::vector<CutPoint>& cuts, int from,
                          const std::vector<Value>& vals, const std::vector<Value>& args, const State& state,
                          World& w, const Limits& lim);

// Numeric address of a pointer value (ptrtoint semantics).
smt::Expr address(const World& w, const Value& p);
smt::Expr address(const World& w, const Alt& a);

// Loads an IR file (text or bitcode); throws Unsupported with the parse error.
std::unique_ptr<llvm::Module> load_module(const std::string& path, llvm::LLVMContext& ctx);
// Inlines every call to a defined function into f (depth limit 16; a
// recursive call is an Unsupported error), then puts f in LCSSA form again.
// Cut-point mode needs the loops in the function it cuts.
void inline_calls(llvm::Function& f);
// Puts every loop of the module in LCSSA form (uses outside a loop go through
// exit-block phis), which the instance numbering relies on.
void prepare(llvm::Module& m);

}  // namespace l2s
