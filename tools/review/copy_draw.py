# SPDX-License-Identifier: MIT
"""Pictures of one copy input and the calls variants issue for it.

Input: the JSON of svmcheck-dump_p<shift> (tools/review/svmcheck_dump.cpp).
text(dump)  -> the page layout, addresses and calls as plain text;
svg(dump)   -> a self-contained SVG: one column per index; rows for the
               device page (region:page and its DPA), the system page, the
               populated mark, then per variant one bar per migrate call
               (index range, DPA, page count) and a coverage strip that is
               red where an index is copied zero times (but populated) or
               more than once.
"""
from html import escape

REGION_FILL = ["#cfe3ff", "#ffe2c2"]
CELL_MAX, CELL_MIN, LEFT, ROW = 44, 10, 150, 22


def _hex(v):
    return f"{v:#x}"


def dpa(dump, e):
    if e["region"] < 0:
        return None
    g = dump["geometry"]
    return g["dpa_base"][e["region"]] + e["page"] * g["page_size"]


def coverage(n, calls):
    cov = [0] * n
    for c in calls:
        if c["sys_index"] < 0:
            continue
        for k in range(c["sys_index"], min(n, c["sys_index"] + c["npages"])):
            cov[k] += 1
    return cov


def text(dump, variants=None):
    g = dump["geometry"]
    out = [f"layout: {dump['layout']}",
           f"geometry: PAGE_SHIFT={g['page_shift']} (page {g['page_size']:#x} bytes, CHUNK={g['chunk']} pages)"]
    if dump.get("fail_at"):
        out.append(f"submission #{dump['fail_at']} fails with {dump['fail_errno']}")
    out.append("")
    out.append(f"{'index':>5}  {'device page':<12} {'DPA':<18} {'system page':<12} {'order':<5}")
    for i, e in enumerate(dump["entries"]):
        dev = "-" if e["region"] < 0 else f"r{e['region']}:{e['page']}"
        addr = "-" if e["region"] < 0 else _hex(dpa(dump, e))
        sysp = "-" if not e["sys"] else str(e["sys"])
        out.append(f"{i:>5}  {dev:<12} {addr:<18} {sysp:<12} {e['order'] or '':<5}")
    mc = ", ".join(f"[{c['start']}..{c['start'] + c['npages'] - 1}]" for c in dump["minimal_calls"])
    out.append(f"\nminimal calls (the model): {mc or 'none'}")
    for v in dump["variants"]:
        if variants and v["name"] not in variants:
            continue
        out.append(f"\nvariant {v['name']} ({v['api']}): returned {v['ret']}, {len(v['calls'])} call(s)")
        if not v["in_contract"]:
            out.append(f"  outside the contract: {v['contract']}")
        for c in v["calls"]:
            end = c["sys_index"] + c["npages"] - 1
            res = "" if not c["result"] else f"  -> error {c['result']}"
            bad = "  (breaks the migrate contract)" if c["contract"] else ""
            out.append(f"  call #{c['seq']}: indices {c['sys_index']}..{end} ({c['npages']} pages) "
                       f"DPA {_hex(c['vram_base'])} engine {c['engine']}{res}{bad}")
        for f in v["findings"]:
            out.append(f"  {f['prop']}{' (advisory)' if f['advisory'] else ''}: {f['detail']}")
        if not v["findings"]:
            out.append("  no property violated")
    return "\n".join(out) + "\n"


def svg(dump, variants=None, title=None):
    ents = dump["entries"]
    n = max(1, len(ents))
    cell = max(CELL_MIN, min(CELL_MAX, int(1000 / n)))
    vs = [v for v in dump["variants"] if not variants or v["name"] in variants]
    width = max(720, LEFT + n * cell + 20)
    rows = []
    y = 30
    parts = []

    def label(yy, s, cls="lbl"):
        parts.append(f'<text x="8" y="{yy + 15}" class="{cls}">{escape(s)}</text>')

    head = title or f"{dump['layout']}"
    parts.append(f'<text x="8" y="18" class="title">{escape(head)}</text>')
    # Index ruler.
    label(y, "index")
    for i in range(n if ents else 0):
        if cell >= 18 or i % 5 == 0:
            parts.append(f'<text x="{LEFT + i * cell + cell / 2}" y="{y + 15}" class="idx">{i}</text>')
    y += ROW
    # Device pages with their DPA (addresses).
    label(y, "device page")
    label(y + ROW, "DPA (MiB)")
    for i, e in enumerate(ents):
        x = LEFT + i * cell
        if e["region"] >= 0:
            fill = REGION_FILL[e["region"] % 2]
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{ROW - 2}" fill="{fill}" stroke="#678">'
                         f'<title>index {i}: region {e["region"]} page {e["page"]}, DPA {_hex(dpa(dump, e))}</title></rect>')
            if cell >= 26:
                parts.append(f'<text x="{x + cell / 2}" y="{y + 14}" class="cell">{e["page"]}</text>')
                parts.append(f'<text x="{x + cell / 2}" y="{y + ROW + 14}" class="cell">'
                             f'{dpa(dump, e) >> 20}</text>')
    y += 2 * ROW
    label(y, "system page")
    for i, e in enumerate(ents):
        x = LEFT + i * cell
        if e["sys"]:
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{ROW - 2}" fill="#e4f5e0" stroke="#6a6">'
                         f'<title>index {i}: system page {e["sys"]}{", folio order " + str(e["order"]) if e["order"] else ""}</title></rect>')
            if cell >= 26:
                parts.append(f'<text x="{x + cell / 2}" y="{y + 14}" class="cell">{e["sys"]}{"F" if e["order"] else ""}</text>')
    y += ROW
    rows.append(y)
    for v in vs:
        y += 8
        pop = v.get("populated") or "".join("1" if e["populated"] else "0" for e in ents)
        label(y, f"{v['name']} ({v['api']})", "vname")
        y += ROW
        label(y, "populated")
        for i in range(len(ents)):
            if pop[i] == "1":
                parts.append(f'<rect x="{LEFT + i * cell + 2}" y="{y + 4}" width="{cell - 5}" height="{ROW - 10}" '
                             f'fill="#445"><title>index {i} must be copied exactly once</title></rect>')
        y += ROW
        label(y, "calls")
        lane_end = []
        for c in v["calls"]:
            s = c["sys_index"]
            lane = next((k for k, e in enumerate(lane_end) if e <= s), len(lane_end))
            if lane == len(lane_end):
                lane_end.append(0)
            lane_end[lane] = s + max(1, c["npages"])
            yy = y + lane * ROW
            x = LEFT + max(0, s) * cell
            w = max(3, c["npages"] * cell - 2) if c["npages"] else 3
            bad = c["contract"] or c["result"] or c["npages"] == 0 or c["npages"] > dump["geometry"]["chunk"]
            fill = "#f3b0b0" if bad else "#b9c8f5"
            tip = (f"call #{c['seq']}: indices {s}..{s + c['npages'] - 1}, {c['npages']} pages, "
                   f"DPA {_hex(c['vram_base'])}, engine {c['engine']}" + (f", error {c['result']}" if c["result"] else ""))
            parts.append(f'<rect x="{x}" y="{yy + 1}" width="{w}" height="{ROW - 4}" rx="4" fill="{fill}" '
                         f'stroke="#335"><title>{escape(tip)}</title></rect>')
            if w >= 40:
                parts.append(f'<text x="{x + 4}" y="{yy + 14}" class="call">#{c["seq"]} n={c["npages"]} '
                             f'@{c["vram_base"] >> 20}M</text>')
        y += max(1, len(lane_end)) * ROW
        label(y, "copied")
        cov = coverage(len(ents), v["calls"])
        for i, k in enumerate(cov):
            want = 1 if pop[i] == "1" else 0
            fill = "#7c7" if k == want and k else ("#f66" if k != want else "none")
            if fill != "none":
                parts.append(f'<rect x="{LEFT + i * cell}" y="{y + 2}" width="{cell - 1}" height="{ROW - 6}" '
                             f'fill="{fill}"><title>index {i}: copied {k} time(s), expected {want}</title></rect>')
                if cell >= 18:
                    parts.append(f'<text x="{LEFT + i * cell + cell / 2}" y="{y + 13}" class="cell">{k}</text>')
        y += ROW
        props = ", ".join(sorted({f["prop"] for f in v["findings"] if not f["advisory"]})) or "no property violated"
        cls = "ok" if props == "no property violated" else "verdict"
        parts.append(f'<text x="{LEFT}" y="{y + 14}" class="{cls}">{escape(props)} (returned {v["ret"]})</text>')
        y += ROW
    height = y + 10
    style = ("<style>.title{font:bold 13px sans-serif}.lbl{font:12px sans-serif;fill:#333}"
             ".vname{font:bold 12px sans-serif;fill:#114}.idx{font:10px monospace;text-anchor:middle;fill:#555}"
             ".cell{font:10px monospace;text-anchor:middle}.call{font:10px monospace}"
             ".verdict{font:bold 12px sans-serif;fill:#822}.ok{font:bold 12px sans-serif;fill:#262}</style>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(head)}">{style}'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
