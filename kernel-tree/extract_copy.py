#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Extracts the copy functions of a kernel tree's xe_svm.c as a copy variant.

The tree's file is never edited. clang parses it (against the userspace
kernel's headers; headers the shim does not have are replaced by empty files
in a scratch directory, found with clang's own -MM -MG), and the JSON AST
gives the byte ranges of what the copy path needs: the ops table's
copy_to_devmem / copy_to_ram callbacks, every function, enum, struct, typedef
and file-scope variable of the same file they reach, and the file's macros
they name (found with clang's preprocessor, -dD). Those byte ranges are copied
verbatim, in file order, under #line directives pointing at the tree, into a
generated variant file whose header states Variant, Api (detected), Source
(tree and git describe) and Expect: observed (nobody declares what a user's
tree does: the harness observes it). An ops table of the generation's type
with the two copy members, which the glue calls, closes the file.

Errors are one line on stderr, exit status 1:
  svmcheck: kernel tree DIR: <what is missing or not understood>
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

XE_SVM = "drivers/gpu/drm/xe/xe_svm.c"
OPS_TYPES = {
    "drm_gpusvm_devmem_ops": ("gpusvm_devmem_ops", "drm/drm_gpusvm.h"),
    "drm_pagemap_devmem_ops": ("dpagemap_devmem_ops", "drm/drm_pagemap.h"),
}
# Parameter shapes of copy_to_devmem, per generation (shared/spec/copy.md).
GENERATIONS = {
    ("struct page **", "dma_addr_t *", "unsigned long"): ("G1", "drm_gpusvm_devmem_ops"),
    ("struct page **", "struct drm_pagemap_addr *", "unsigned long"): ("G2", "drm_pagemap_devmem_ops"),
    ("struct page **", "struct drm_pagemap_addr *", "unsigned long", "struct dma_fence *"):
        ("G3", "drm_pagemap_devmem_ops"),
}
HERE = os.path.dirname(os.path.abspath(__file__))
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Refused(Exception):
    pass


def git_describe(tree):
    try:
        out = subprocess.run(["git", "-C", tree, "describe", "--always", "--tags", "--dirty"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    # Only when the tree itself is the top of a work tree, not a folder of another repository.
    top = subprocess.run(["git", "-C", tree, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode != 0 or os.path.realpath(top.stdout.strip()) != os.path.realpath(tree):
        return None
    return out.stdout.strip()


class Parser:
    """clang over a byte-identical copy of the file in a scratch directory."""

    def __init__(self, cc, src, includes, scratch):
        self.cc = cc
        self.includes = includes
        self.scratch = scratch
        self.stubs = os.path.join(scratch, "missing-headers")
        os.makedirs(self.stubs, exist_ok=True)
        # In place, quoted includes would find the tree's own headers next to
        # the file (and with them the whole kernel); the copy has no neighbours.
        self.file = os.path.join(scratch, "src", os.path.basename(src))
        os.makedirs(os.path.dirname(self.file), exist_ok=True)
        shutil.copyfile(src, self.file)
        self.stub_missing_headers()

    def flags(self, gen):
        f = ["-std=gnu11", "-w", "-ferror-limit=0", "-D__KERNEL__", "-DPAGE_SHIFT=12", f"-DSVM_API_GEN={gen}",
             "-include", os.path.join(HERE, "include", "ktree_config.h")]
        for d in self.includes + [self.stubs]:
            f += ["-I", d]
        return f

    def stub_missing_headers(self):
        for _ in range(8):
            r = subprocess.run([self.cc, "-MM", "-MG"] + self.flags(1) + [self.file],
                               capture_output=True, text=True)
            deps = r.stdout.replace("\\\n", " ").split(":", 1)[-1].split()
            missing = [d for d in deps if not os.path.isabs(d) and not os.path.exists(d)]
            if not missing:
                return
            for m in missing:
                path = os.path.join(self.stubs, m)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").close()

    def ast(self, gen):
        r = subprocess.run([self.cc, "-fsyntax-only", "-Xclang", "-ast-dump=json"] + self.flags(gen) + [self.file],
                           capture_output=True, text=True)
        if not r.stdout.strip():
            raise Refused(f"{XE_SVM}: clang could not parse the file: {first_error(r.stderr)}")
        return json.loads(r.stdout)

    def macro_lines(self, gen):
        """Names and lines of the macros the file itself defines (active branches only)."""
        r = subprocess.run([self.cc, "-E", "-dD"] + self.flags(gen) + [self.file], capture_output=True, text=True)
        out, cur, line = {}, None, 0
        for text in r.stdout.split("\n"):
            m = re.match(r'^# (\d+) "(.*)"', text)
            if m:
                line, cur = int(m.group(1)), m.group(2)
                continue
            if cur == self.file:
                d = re.match(r"^#define ([A-Za-z_][A-Za-z0-9_]*)", text)
                if d:
                    out.setdefault(d.group(1), line)
            line += 1
        return out


def first_error(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            return line.strip()
    return (stderr.strip().splitlines() or ["no output"])[0]


def annotate_files(node, state):
    """Clang's JSON names a location's file only when it changes; give every location its file."""
    if isinstance(node, dict):
        if "offset" in node:
            if "file" in node:
                state["file"] = node["file"]
            node["_file"] = state["file"]
        for k, v in node.items():
            if k != "includedFrom":
                annotate_files(v, state)
    elif isinstance(node, list):
        for v in node:
            annotate_files(v, state)


def loc_of(loc):
    """(file, offset) of a location, the expansion site for macro locations."""
    if "expansionLoc" in loc:
        loc = loc["expansionLoc"]
    return loc.get("_file"), loc.get("offset"), loc.get("tokLen", 0)


def walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            yield n
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, list):
            stack.extend(reversed(n))


class TopDecl:
    def __init__(self, node, begin, end):
        self.node = node
        self.kind = node["kind"]
        self.name = node.get("name", "")
        self.begin = begin
        self.end = end


def top_decls(ast, main):
    out = []
    for n in ast.get("inner", []):
        if n.get("isImplicit"):
            continue
        r = n.get("range")
        if not r:
            continue
        bf, b, _ = loc_of(r["begin"])
        ef, e, elen = loc_of(r["end"])
        if bf != main or ef != main or b is None or e is None:
            continue
        out.append(TopDecl(n, b, e + elen))
    return out


def has_body(n):
    return any(c.get("kind") == "CompoundStmt" for c in n.get("inner", []))


def param_types(fn):
    return tuple(re.sub(r"\s+", " ", p["type"]["qualType"]).strip()
                 for p in fn.get("inner", []) if p.get("kind") == "ParmVarDecl")


def find_ops_table(decls):
    for d in decls:
        if d.kind != "VarDecl":
            continue
        qt = d.node.get("type", {}).get("qualType", "")
        m = re.search(r"struct (\w+)$", qt)
        if m and m.group(1) in OPS_TYPES:
            return d, m.group(1)
    return None, None


def record_fields(ast, name):
    for n in walk(ast):
        if n.get("kind") == "RecordDecl" and n.get("name") == name and n.get("completeDefinition"):
            return [f["name"] for f in n.get("inner", []) if f.get("kind") == "FieldDecl"]
    return None


def ops_members(ast, ops, type_name):
    """Field name -> function name of the ops table's initialiser."""
    fields = record_fields(ast, type_name)
    init = next((c for c in ops.node.get("inner", []) if c.get("kind") == "InitListExpr"), None)
    if fields is None or init is None:
        return None
    out = {}
    for field, expr in zip(fields, init.get("inner", [])):
        for n in walk(expr):
            ref = n.get("referencedDecl")
            if n.get("kind") == "DeclRefExpr" and ref and ref.get("kind") == "FunctionDecl":
                out[field] = ref["name"]
                break
    return out


def extract(tree, out_path, name, includes, cc, meta_path, check_glue):
    tree = os.path.abspath(tree)
    src = os.path.join(tree, XE_SVM)
    if not os.path.isdir(tree):
        raise Refused("not a directory")
    if not os.path.isfile(src):
        raise Refused(f"missing {XE_SVM}")
    data = open(src, "rb").read()
    with tempfile.TemporaryDirectory(prefix="svm-extract-") as scratch:
        p = Parser(cc, src, includes, scratch)
        ast = p.ast(1)
        annotate_files(ast, {"file": None})
        decls = top_decls(ast, p.file)
        ops, ops_type = find_ops_table(decls)
        if ops is None:
            raise Refused(f"{XE_SVM}: no devmem ops table (a variable of type struct drm_gpusvm_devmem_ops "
                          "or struct drm_pagemap_devmem_ops)")
        gen_pass = 1 if ops_type == "drm_gpusvm_devmem_ops" else 3
        if gen_pass != 1:
            ast = p.ast(gen_pass)
            annotate_files(ast, {"file": None})
            decls = top_decls(ast, p.file)
            ops, ops_type = find_ops_table(decls)
        members = ops_members(ast, ops, ops_type) or {}
        for member in ("copy_to_devmem", "copy_to_ram"):
            if member not in members:
                raise Refused(f"{XE_SVM}: ops table '{ops.name}' has no .{member} callback")
        functions = {d.name: d for d in decls if d.kind == "FunctionDecl" and has_body(d.node)}
        for member in ("copy_to_devmem", "copy_to_ram"):
            if members[member] not in functions:
                raise Refused(f"{XE_SVM}: .{member} callback '{members[member]}' is not defined in the file")
        params = param_types(functions[members["copy_to_devmem"]].node)
        if params not in GENERATIONS:
            raise Refused(f"{XE_SVM}: unknown copy API generation: {members['copy_to_devmem']}({', '.join(params)}) "
                          "matches none of G1, G2, G3")
        api, want_type = GENERATIONS[params]
        if want_type != ops_type:
            raise Refused(f"{XE_SVM}: unknown copy API generation: {api}-shaped callbacks in a "
                          f"struct {ops_type} table")
        if param_types(functions[members["copy_to_ram"]].node) != params:
            raise Refused(f"{XE_SVM}: unknown copy API generation: .copy_to_ram and .copy_to_devmem "
                          "callbacks have different parameters")
        gen = int(api[1])
        if gen != gen_pass:
            ast = p.ast(gen)
            annotate_files(ast, {"file": None})
            decls = top_decls(ast, p.file)
            functions = {d.name: d for d in decls if d.kind == "FunctionDecl" and has_body(d.node)}
        picked = closure(decls, functions, [members["copy_to_devmem"], members["copy_to_ram"]])
        worker = common_callee(functions, members)
        macros = macro_chunks(data, p.macro_lines(gen), picked)
    chunks = sorted([(d.begin, d.end, d.kind != "FunctionDecl") for d in picked] +
                    [(b, e, False) for b, e in macros])
    describe = git_describe(tree)
    source = f"{tree} {XE_SVM}" + (f" (git describe: {describe})" if describe else " (not a git tree)")
    ops_var, header = OPS_TYPES[ops_type]
    text = render(data, src, name, api, source, chunks, picked, worker, members, ops_type, ops_var, header)
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    if check_glue:
        compile_check(cc, tmp, check_glue, includes, gen)
    os.replace(tmp, out_path)
    if meta_path:
        with open(meta_path, "w") as f:
            json.dump({"api": api, "source": source, "file": src, "ops_type": ops_type,
                       "copy_to_devmem": members["copy_to_devmem"], "copy_to_ram": members["copy_to_ram"],
                       "worker": worker, "extracted": [d.name for d in sorted(picked, key=lambda d: d.begin)],
                       "macros": len(macros)}, f, indent=1)
    return api


def closure(decls, functions, roots):
    by_name = {}
    for d in decls:
        if d.name and (d.kind != "FunctionDecl" or has_body(d.node)):
            by_name.setdefault(d.name, d)
    enum_of = {}
    for d in decls:
        if d.kind == "EnumDecl":
            for c in d.node.get("inner", []):
                if c.get("kind") == "EnumConstantDecl":
                    enum_of[c["name"]] = d
    picked, todo = [], [functions[r] for r in roots]
    seen = set()
    while todo:
        d = todo.pop()
        if id(d) in seen:
            continue
        seen.add(id(d))
        picked.append(d)
        for n in walk(d.node):
            ref = n.get("referencedDecl")
            if ref:
                target = enum_of.get(ref.get("name")) if ref.get("kind") == "EnumConstantDecl" else None
                target = target or (by_name.get(ref.get("name")) if ref.get("kind") in
                                    ("FunctionDecl", "VarDecl") else None)
                if target and target.kind in ("FunctionDecl", "VarDecl", "EnumDecl"):
                    todo.append(target)
            for key in ("type", "desugaredType"):
                qt = n.get(key, {}).get("qualType", "") if isinstance(n.get(key), dict) else ""
                for m in re.finditer(r"\b(?:struct|union|enum) (\w+)|\b(\w+)\b", qt):
                    target = by_name.get(m.group(1) or m.group(2))
                    if target and target.kind in ("RecordDecl", "EnumDecl", "TypedefDecl"):
                        todo.append(target)
    # A definition that sits inside another picked one (a struct in a typedef) is already there.
    picked.sort(key=lambda d: (d.begin, -d.end))
    out = []
    for d in picked:
        if out and d.end <= out[-1].end:
            continue
        out.append(d)
    return out


def common_callee(functions, members):
    def callees(fn):
        return {n["referencedDecl"]["name"] for n in walk(functions[fn].node)
                if n.get("kind") == "DeclRefExpr" and n.get("referencedDecl", {}).get("kind") == "FunctionDecl"}
    both = callees(members["copy_to_devmem"]) & callees(members["copy_to_ram"])
    both &= set(functions)
    return sorted(both)[0] if both else None


def macro_chunks(data, active, picked):
    """Byte ranges of the file's #define lines for the macros the picked code names, transitively."""
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln.encode()) + 1)
    def directive(name, line):
        # The small parser keyed on the preprocessor's line: the #define and its continuations.
        i = line - 1
        if i < 0 or i >= len(lines) or not re.match(r"\s*#\s*define\s+" + re.escape(name) + r"\b", lines[i]):
            cands = [k for k, ln in enumerate(lines) if re.match(r"\s*#\s*define\s+" + re.escape(name) + r"\b", ln)]
            if not cands:
                return None
            i = cands[0]
        j = i
        while lines[j].endswith("\\") and j + 1 < len(lines):
            j += 1
        return starts[i], starts[j] + len(lines[j].encode())
    spans = [(d.begin, d.end) for d in picked]
    names = set()
    for b, e in spans:
        names |= set(IDENT.findall(data[b:e].decode("utf-8", "replace")))
    out, done = [], set()
    todo = [n for n in names if n in active]
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        r = directive(name, active[name])
        if not r or any(b <= r[0] < e for b, e in spans):
            continue
        out.append(r)
        todo += [n for n in IDENT.findall(data[r[0]:r[1]].decode("utf-8", "replace")) if n in active]
    return sorted(set(out))


def render(data, src, name, api, source, chunks, picked, worker, members, ops_type, ops_var, header):
    spdx = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if "SPDX-License-Identifier" not in spdx:
        spdx = "/* SPDX-License-Identifier: see the kernel tree's file */"
    names = ", ".join(d.name for d in sorted(picked, key=lambda d: d.begin))
    out = [spdx, "/*",
           f" * Variant: {name}",
           f" * Api: {api}",
           f" * Source: {source}",
           " * Expect: observed",
           " *",
           f" * Generated by kernel-tree/extract_copy.py; do not edit, do not commit.",
           f" * The copy path of a kernel tree's xe_svm.c, byte for byte: {names}.",
           f" * Worker: {worker or 'none found'}. Nobody declared what this code does, so its",
           " * verdict row is informational: the harness reports what it observes.",
           " */",
           "#include <linux/types.h>",
           f"#include <{header}>",
           '#include "xe_migrate.h"',
           '#include "xe_svm.h"',
           f'#include "{os.path.join(HERE, "include", "ktree_config.h")}"',
           ""]
    for b, e, needs_semicolon in chunks:
        line = data[:b].count(b"\n") + 1
        col = b - (data.rfind(b"\n", 0, b) + 1)
        out.append(f'#line {line} "{src}"')
        out.append(" " * col + data[b:e].decode("utf-8", "replace") + (";" if needs_semicolon else ""))
    here = "\n".join(out).count("\n") + 3
    out.append(f'#line {here} "{name}.c"')
    out.append(f"static const struct {ops_type} {ops_var} __maybe_unused = {{")
    out.append(f"\t.copy_to_devmem = {members['copy_to_devmem']},")
    out.append(f"\t.copy_to_ram = {members['copy_to_ram']},")
    out.append("};")
    return "\n".join(out) + "\n"


def compile_check(cc, path, glue, includes, gen):
    cmd = [cc, "-fsyntax-only", "-std=gnu11", "-Wno-everything", "-Werror=implicit-function-declaration",
           "-Werror=incompatible-pointer-types", "-DPAGE_SHIFT=12", f"-DSVM_API_GEN={gen}",
           f'-DSVM_VARIANT_FILE="{path}"', "-DSVM_VARIANT_ENTRY=svm_syntax_check"]
    for d in includes:
        cmd += ["-I", d]
    r = subprocess.run(cmd + [glue], capture_output=True, text=True)
    if r.returncode != 0:
        err = first_error(r.stderr)
        m = re.search(r"implicit declaration of function '(\w+)'|use of undeclared identifier '(\w+)'|"
                      r"unknown type name '(\w+)'", err)
        if m:
            what = next(g for g in m.groups() if g)
            raise Refused(f"{XE_SVM}: the copy path needs '{what}', which the userspace kernel does not provide "
                          f"({err.split(': error:')[0].rsplit('/', 1)[-1]})")
        raise Refused(f"{XE_SVM}: the extracted copy path does not compile: {err}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="kernel_tree")
    ap.add_argument("-I", dest="includes", action="append", default=[])
    ap.add_argument("--cc", default=shutil.which("clang-14") or shutil.which("clang") or "clang")
    ap.add_argument("--meta")
    ap.add_argument("--check-glue", help="glue_copy.c: compile the result through it before writing")
    a = ap.parse_args()
    try:
        api = extract(a.tree, a.out, a.name, a.includes, a.cc, a.meta, a.check_glue)
    except Refused as e:
        print(f"svmcheck: kernel tree {a.tree}: {e}", file=sys.stderr)
        return 1
    print(f"{a.name}: {api} copy path of {os.path.join(os.path.abspath(a.tree), XE_SVM)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
