#!/usr/bin/env python3
"""Build Matlas's corpus: Corpora/amcsd/materials.jsonl.gz (+ split.json, excluded.json, coverage.md)
and Corpora/text/arxiv-condmat.jsonl.gz.

Run from the repository root, with the pinned packages of requirements.txt installed:
    python -m pip install -r Scripts/corpus/requirements.txt
    python Scripts/corpus/build.py --out Corpora
Takes ~3 minutes on one core. Inputs are all bundled in pip packages except the robocrys descriptions:
`--robocrys` (default ../shared/data/amcsd-robocrys.jsonl, the precomputed set) and
Corpora/amcsd/robocrys-extra.jsonl (made by robocrys_fill.py). Output is byte-for-byte reproducible
(sorted records, gzip with mtime 0 and no file name).
See Corpora/README.md and Corpora/amcsd/SCHEMA.md for what each field means.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import amcsd_source  # noqa: E402
import arxiv_text  # noqa: E402
import gemmology  # noqa: E402
import optical  # noqa: E402
import properties  # noqa: E402
import spacegroups  # noqa: E402
from names import normalise_mineral  # noqa: E402

AMCSD_CITATION = {
    "role": "database",
    "title": "The American Mineralogist crystal structure database",
    "authors": ["Downs, R. T.", "Hall-Wallace, M."],
    "journal": "American Mineralogist",
    "volume": "88",
    "pages": "247-250",
    "year": 2003,
}
ROBOCRYS_PROVENANCE = "robocrys 0.2.13, machine-generated"
TAG = re.compile(r"<[^>]+>")
DOI = re.compile(r"https?://doi\.org/([^\"'\s<>]+)")


def gzip_lines(path: Path, records) -> int:
    """Writes JSON Lines through gzip with a fixed header (no name, mtime 0) so rebuilds are identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            for rec in records:
                gz.write((json.dumps(rec, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode())
                n += 1
    return n


def number(text):
    if text is None:
        return None
    s = str(text).split("(")[0].strip()
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        v = float(s)
    except ValueError:
        return None
    return v if v > 0 else None


def load_robocrys(paths: list[Path]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for p, origin in paths:
        if not p.exists():
            print(f"warning: {p} missing", file=sys.stderr)
            continue
        for line in p.open():
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if "text" in r and int(r["id"]) not in out:
                out[int(r["id"])] = {"text": r["text"], "provenance": ROBOCRYS_PROVENANCE, "computed": origin}
    return out


def split_of(key: str) -> str:
    """80/10/10 by the first 8 bytes of SHA-256 of the group key."""
    bucket = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % 100
    return "train" if bucket < 80 else ("validation" if bucket < 90 else "test")


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The representative is a mineral name if the group has one, else a formula; ties broken
            # alphabetically, so the result does not depend on the order of unions.
            lo, hi = sorted((ra, rb), key=lambda k: (not k.startswith("mineral:"), k))
            self.parent[hi] = lo


def pages(first, last):
    first = None if first in (None, "", "0", "None") else str(first)
    last = None if last in (None, "", "0", "None") else str(last)
    if first and last and last != first:
        return f"{first}-{last}"
    return first


def material_record(e, s, robocrys, gem, props_tables):
    from pymatgen.core import Element

    elements = sorted({el.symbol for el in s.composition.elements}, key=lambda x: (Element(x).Z, x))
    number_ = spacegroups.number_from_symbol(e["hm_symbol"])
    sg_source = "hm-symbol"
    if number_ is None:
        number_ = spacegroups.number_from_operations(e["symops"], s.lattice.matrix)
        sg_source = "symmetry-operations"
    if number_ is None:
        from pymatgen.symmetry.analyzer import SpacegroupAnalyzer
        try:
            number_ = SpacegroupAnalyzer(s, symprec=0.01).get_space_group_number()
            sg_source = "spglib"
        except Exception:
            number_, sg_source = None, None
    # Cross-check (reported in coverage.md, not stored): the group of the CIF's own operations.
    ops_number = spacegroups.number_from_operations(e["symops"], s.lattice.matrix)
    title, notes = amcsd_source.split_title(e["pub_title"])
    ref = {
        "role": "source",
        "title": title,
        "authors": e["authors"],
        "journal": e["journal"],
        "volume": None if e["volume_pub"] in (None, "", "0") else str(e["volume_pub"]),
        "pages": pages(e["page_first"], e["page_last"]),
        "year": int(e["year"]),
    }
    if notes:
        ref["notes"] = notes
    lat = s.lattice
    red = properties.reduced(e["formula"]) or s.composition.reduced_formula
    rec = {
        "id": f"amcsd:{e['amcsd_id']:07d}",
        "amcsd_id": e["amcsd_id"],
        "mineral": e["mineral"],
        "name": e["mineral"] or e["formula_title"] or red,
        "formula": e["formula"],
        "reduced_formula": red,
        "structure_formula": s.composition.reduced_formula,
        "elements": elements,
        "spacegroup": {
            "symbol": e["hm_symbol"],
            "number": number_,
            "crystal_system": spacegroups.crystal_system(number_) if number_ else None,
            "number_from": sg_source,
        },
        "density": number(e["density"]),
        "cell": {
            "a": round(lat.a, 5), "b": round(lat.b, 5), "c": round(lat.c, 5),
            "alpha": round(lat.alpha, 4), "beta": round(lat.beta, 4), "gamma": round(lat.gamma, 4),
            "volume": round(lat.volume, 4),
        },
        "nsites": len(s),
        "ordered": bool(s.is_ordered),
        "sample": e["compound"],
        "references": [ref, AMCSD_CITATION],
        "description": robocrys.get(e["amcsd_id"]),
        "gemmology": gem.get(normalise_mineral(e["mineral"])) if e["mineral"] else None,
        "properties": {},
        "cif": e["cif"],
        "_ops_agree": ops_number == number_,
    }
    enthalpy, transport, optics = props_tables
    if red in enthalpy:
        rec["properties"]["formation_enthalpy"] = enthalpy[red]
    if red in transport:
        rec["properties"]["transport"] = transport[red]
    if red in optics:
        rec["properties"]["optical"] = optics[red]
    return rec


def clean_optics(table):
    for v in table.values():
        ref = v["reference"]
        v["doi"] = sorted(set(DOI.findall(ref))) or None
        v["reference"] = " ".join(TAG.sub("", ref).split())
        v["units"] = {"wavelength": "µm", "n": "1", "k": "1"}
        v["source"] = "matminer 0.10.1 optical_polyanskiy (refractiveindex.info database, CC0 1.0)"
    return table


def coverage(records, split_counts, excluded, n_arxiv, n_abstracts, transport_check):
    def cnt(pred):
        return sum(1 for r in records if pred(r))
    rows = [
        ("records (materials)", len(records)),
        ("ordered", cnt(lambda r: r["ordered"])),
        ("partially occupied / disordered", cnt(lambda r: not r["ordered"])),
        ("mineral name", cnt(lambda r: r["mineral"])),
        ("space-group number from H-M symbol", cnt(lambda r: r["spacegroup"]["number_from"] == "hm-symbol")),
        ("space-group number from the CIF's symmetry operations (symbol not in table)",
         cnt(lambda r: r["spacegroup"]["number_from"] == "symmetry-operations")),
        ("space-group number from spglib on the structure", cnt(lambda r: r["spacegroup"]["number_from"] == "spglib")),
        ("space-group number equal to spglib's group of the CIF's symmetry operations", cnt(lambda r: r["_ops_agree"])),
        ("measured density", cnt(lambda r: r["density"] is not None)),
        ("source paper with title", cnt(lambda r: r["references"][0]["title"])),
        ("source paper with volume and pages", cnt(lambda r: r["references"][0]["volume"] and r["references"][0]["pages"])),
        ("robocrys description", cnt(lambda r: r["description"])),
        ("  from the shared precomputed file", cnt(lambda r: r["description"] and r["description"]["computed"] == "shared")),
        ("  computed by robocrys_fill.py", cnt(lambda r: r["description"] and r["description"]["computed"] == "robocrys_fill")),
        ("gemmology description", cnt(lambda r: r["gemmology"])),
        ("formation enthalpy (exp.)", cnt(lambda r: "formation_enthalpy" in r["properties"])),
        ("transport (MP, BoltzTraP)", cnt(lambda r: "transport" in r["properties"])),
        ("optical n,k (any wavelength)", cnt(lambda r: "optical" in r["properties"])),
        ("optical n at 589 nm", cnt(lambda r: "optical" in r["properties"] and r["properties"]["optical"]["n_589nm"] is not None)),
        ("any property", cnt(lambda r: r["properties"])),
    ]
    lines = ["| field / property | materials |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |" for k, v in rows]
    lines += ["", "| split | materials | groups |", "|---|---:|---:|"]
    for name in ("train", "validation", "test"):
        m, g = split_counts[name]
        lines.append(f"| {name} | {m:,} | {g:,} |")
    lines += ["", f"Excluded AMCSD entries: {len(excluded)} (see excluded.json).",
              f"arXiv cond-mat texts: {n_arxiv:,} titles, {n_abstracts} with abstracts.",
              f"Transport unit check: median relative |PF − S²σ|/PF over all rows = {transport_check:.3f}."]
    return "\n".join(lines) + "\n"


def paste_into_readme(readme: Path, table: str):
    """Replaces the text between the coverage markers of Corpora/README.md with the new table."""
    begin, end = "<!-- coverage:begin (written by Scripts/corpus/build.py) -->", "<!-- coverage:end -->"
    if not readme.exists():
        return
    text = readme.read_text()
    if begin not in text or end not in text:
        print(f"warning: no coverage markers in {readme}", file=sys.stderr)
        return
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(head + begin + "\n" + table + end + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("Corpora"), help="the Corpora directory")
    ap.add_argument("--robocrys", type=Path, default=Path("../shared/data/amcsd-robocrys.jsonl"))
    args = ap.parse_args()
    t0 = time.time()
    out_amcsd = args.out / "amcsd"

    import pymatgen.analysis.compatibility as compat
    import matminer
    mm = Path(matminer.__file__).parent / "utils" / "data_files"
    enthalpy = properties.load_formation_enthalpy(Path(compat.__file__).parent / "exp_compounds.json.gz")
    transport, pf_check = properties.load_transport(mm / "mp_transport" / "transport_database.tar.xz")
    optics = clean_optics(optical.load_optical(mm / "optical_polyanskiy" / "database.tar.xz"))
    gem = gemmology.load_gemmology()
    robocrys = load_robocrys([(args.robocrys, "shared"), (out_amcsd / "robocrys-extra.jsonl", "robocrys_fill")])
    print(f"sources loaded in {time.time() - t0:.0f} s: {len(enthalpy)} enthalpies, {len(transport)} transport "
          f"formulas, {len(optics)} optical, {len(gem)} gemmology, {len(robocrys)} robocrys", flush=True)

    from pymatgen.core import Element
    records, excluded = [], []
    for i, e in enumerate(amcsd_source.read_entries()):
        try:
            s = amcsd_source.parse_structure(e["cif"])
        except Exception as ex:
            excluded.append({"amcsd_id": e["amcsd_id"], "reason": f"pymatgen cannot parse: {ex}"})
            continue
        elems = {el.symbol for el in s.composition.elements}
        extra = sorted(elems - set(e["amcsd_elements"]) - {"H", "D"})
        if extra:
            # Site labels read as the wrong element (NH4 → Nh, 'Wat' → W, B1 → Bi): the structure is wrong.
            excluded.append({"amcsd_id": e["amcsd_id"],
                             "reason": f"parsed structure has elements not in AMCSD's formula: {', '.join(extra)}"})
            continue
        records.append(material_record(e, s, robocrys, gem, (enthalpy, transport, optics)))
        if i % 1000 == 0:
            print(f"  {i} entries, {time.time() - t0:.0f} s", flush=True)

    # Split groups: minerals by normalised name, unnamed entries by reduced formula, and any two groups
    # that share a reduced formula merged (polymorphs and synthetic analogues travel together).
    uf = UnionFind()
    for r in records:
        fkey = "formula:" + r["reduced_formula"]
        uf.find(fkey)
        if r["mineral"]:
            uf.union("mineral:" + normalise_mineral(r["mineral"]), fkey)
    group_sizes = Counter()
    for r in records:
        r["group"] = uf.find("formula:" + r["reduced_formula"]).split(":", 1)[1]
        r["split"] = split_of(r["group"])
        group_sizes[r["group"]] += 1
    split_counts = {}
    for name in ("train", "validation", "test"):
        members = [r for r in records if r["split"] == name]
        split_counts[name] = (len(members), len({r["group"] for r in members}))
    # Field order: the CIF last so a human skimming a line sees the metadata first.
    order = ["id", "amcsd_id", "split", "group"]
    records = [{**{k: r[k] for k in order}, **{k: v for k, v in r.items() if k not in order}} for r in records]

    arxiv = list(arxiv_text.records())
    gzip_lines(args.out / "text" / "arxiv-condmat.jsonl.gz", arxiv)
    n_abs = sum("abstract" in r for r in arxiv)

    cov = coverage(records, split_counts, excluded, len(arxiv), n_abs, pf_check)  # before private fields go
    for r in records:
        r.pop("_ops_agree")
    n = gzip_lines(out_amcsd / "materials.jsonl.gz", records)
    (out_amcsd / "split.json").write_text(json.dumps({
        "method": "group = connected set of normalised mineral names and reduced formulas that co-occur "
                  "in a record (named by its alphabetically first mineral name, else its formula); "
                  "bucket = first 8 bytes of SHA-256(group) as big-endian integer mod 100; "
                  "train < 80 <= validation < 90 <= test",
        "counts": {k: {"materials": m, "groups": g} for k, (m, g) in split_counts.items()},
        "largest_groups": [[g, c] for g, c in group_sizes.most_common(10)],
        "groups": {g: split_of(g) for g in sorted(group_sizes)},
    }, indent=1, ensure_ascii=False) + "\n")
    (out_amcsd / "excluded.json").write_text(json.dumps(excluded, indent=1) + "\n")

    versions = {p: version(p) for p in ("larixite", "pymatgen", "matminer", "gemmology-mineral-database",
                                        "jarvis-leaderboard", "spglib")}
    cov = ("Generated by Scripts/corpus/build.py with " +
           ", ".join(f"{k} {v}" for k, v in versions.items()) + ".\n\n" + cov)
    (out_amcsd / "coverage.md").write_text(cov)
    paste_into_readme(args.out / "README.md", cov)
    print(cov)
    print(f"{n} materials written in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
