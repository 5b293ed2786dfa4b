#!/usr/bin/env python3
"""Compute robocrys descriptions for the ordered AMCSD structures the shared file lacks.

Same settings as ../shared/data/amcsd-robocrys.jsonl (its README): robocrys 0.2.13, pymatgen from
pip, `condenser.mineral_matcher = None`, primitive cell from the CIF, numpy-2 reprs stripped. Each
structure gets a 60 s cap (SIGALRM); failures and timeouts are recorded as `{"id", "error"}` lines so
that a rerun skips them. Results are appended to the output file, one JSON line per structure, smallest
structures first, so the run can be stopped at any time and resumed later by running it again.

Usage (low priority, in the background):
    nice -n 19 python Scripts/corpus/robocrys_fill.py \
        --shared ../shared/data/amcsd-robocrys.jsonl --out Corpora/amcsd/robocrys-extra.jsonl
Candidates: ordered, parsed, element-consistent entries (see build.py) with at most --max-sites sites
in the conventional cell (default 100) and no element beyond Pu (Z ≤ 94).
"""
from __future__ import annotations

import argparse
import io
import json
import re
import signal
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import amcsd_source  # noqa: E402

NUMPY_REPR = re.compile(r"np\.(?:int|float)\d+\(([^)]*)\)")


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def done_ids(*paths: Path) -> set[int]:
    ids = set()
    for p in paths:
        if p.exists():
            for line in p.open():
                line = line.strip()
                if line:
                    ids.add(int(json.loads(line)["id"]))
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--max-sites", type=int, default=100)
    ap.add_argument("--cap", type=int, default=60, help="seconds per structure")
    ap.add_argument("--limit", type=int, default=0, help="stop after this many (0: all)")
    args = ap.parse_args()

    from pymatgen.core import Element
    from pymatgen.io.cif import CifParser
    from robocrys import StructureCondenser, StructureDescriber

    have = done_ids(args.shared, args.out)
    todo = []
    for e in amcsd_source.read_entries():
        if e["amcsd_id"] in have:
            continue
        try:
            s = amcsd_source.parse_structure(e["cif"])
        except Exception:
            continue
        elems = {el.symbol for el in s.composition.elements}
        if not s.is_ordered or len(s) > args.max_sites or any(Element(x).Z > 94 for x in elems):
            continue
        if not elems <= set(e["amcsd_elements"]) | {"H", "D"}:
            continue
        todo.append((len(s), e["amcsd_id"], e["cif"]))
    todo.sort()
    print(f"{len(todo)} structures to describe", flush=True)

    cond = StructureCondenser()
    cond.mineral_matcher = None
    desc = StructureDescriber()
    signal.signal(signal.SIGALRM, _alarm)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a") as out:
        for i, (nsites, cid, cif) in enumerate(todo):
            if args.limit and i >= args.limit:
                break
            t0 = time.time()
            signal.alarm(args.cap)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    s = CifParser(io.StringIO(cif), **amcsd_source.CIF_OPTS).parse_structures(primitive=True)[0]
                    text = desc.describe(cond.condense_structure(s))
                rec = {"id": cid, "nsites": nsites, "text": NUMPY_REPR.sub(r"\1", text),
                       "seconds": round(time.time() - t0, 2)}
            except Timeout:
                rec = {"id": cid, "nsites": nsites, "error": f"timeout after {args.cap} s"}
            except Exception as ex:  # robocrys fails on ~1 in 15 structures
                rec = {"id": cid, "nsites": nsites, "error": f"{type(ex).__name__}: {ex}"[:300]}
            finally:
                signal.alarm(0)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
            print(i, cid, nsites, rec.get("seconds", rec.get("error")), flush=True)


if __name__ == "__main__":
    main()
