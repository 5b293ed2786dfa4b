"""Stage 1: read larixite's bundled AMCSD copy and parse every CIF with pymatgen.

The database file is opened directly (a private copy in a temporary directory, read-only): larixite's
`get_amcsd()` would try a download first. The CIF text is larixite's own reconstruction of each entry
(`CifStructure.ciftext`: header with the paper, cell, H-M symbol, the full list of symmetry operations,
the atom-site loop with occupancies and isotropic U, and anisotropic U where given) — the same text
larixite hands to pymatgen and the same text the shared robocrys descriptions were made from.
"""
from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tempfile
import warnings
from pathlib import Path

import larixite
from larixite.amcsd import AMCSD

# larixite's own CifParser options (larixite/amcsd_utils.py PMG_CIF_OPTS).
CIF_OPTS = dict(occupancy_tolerance=10, site_tolerance=5e-3)


def database_path() -> Path:
    return Path(larixite.__file__).parent / "amcsd_cif1.db"


def split_title(raw: str) -> tuple[str, list[str]]:
    """AMCSD titles are multi-line; lines starting with 'Note:' are curator notes, not the title."""
    title_lines, notes = [], []
    for line in (raw or "").splitlines():
        s = line.strip()
        if not s:
            continue
        if s.lower().startswith("note:"):
            notes.append(s[5:].strip())
        elif notes:  # continuation of a note
            notes[-1] += " " + s
        else:
            title_lines.append(s)
    return " ".join(title_lines), notes


def read_entries():
    """Yields one dict per AMCSD entry (sorted by id) with the raw metadata and the CIF text."""
    src = database_path()
    tmp = Path(tempfile.mkdtemp(prefix="amcsd-"))
    db_file = tmp / src.name
    shutil.copyfile(src, db_file)
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        ids = [r[0] for r in con.execute("select id from cif order by id")]
        elems = {}
        for cid, el in con.execute("select cif_id, element from cif_elements"):
            elems.setdefault(int(cid), set()).add(el)
        version = con.execute("select tag, date, notes from version order by id").fetchall()
        con.close()
        db = AMCSD(str(db_file), read_only=True)
        for cid in ids:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cs = db.get_cif(cid)
            raw = db.execone(db.tables["cif"].select().where(db.tables["cif"].c.id == cid))
            pub = cs.publication
            yield dict(
                amcsd_id=cid,
                mineral=None if cs.mineral.name == "<missing>" else cs.mineral.name,
                formula_title=None if cs.formula_title in (None, "<missing>") else cs.formula_title,
                compound=None if cs.compound in (None, "<missing>") else cs.compound,
                formula=cs.formula,
                hm_symbol=cs.hm_symbol,
                hm_setting=cs.spacegroup.hm_notation,
                symops=json.loads(cs.spacegroup.symmetry_xyz),
                density=raw.crystal_density,
                volume=raw.cell_volume,
                pub_title=cs.pub_title,
                journal=pub.journalname,
                volume_pub=pub.volume,
                year=pub.year,
                page_first=pub.page_first,
                page_last=pub.page_last,
                authors=list(pub.authors),
                amcsd_elements=sorted(elems.get(cid, ())),
                cif=cs.ciftext,
            )
        db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def db_version():
    con = sqlite3.connect(f"file:{database_path()}?mode=ro", uri=True)
    rows = con.execute("select tag, date, notes from version order by id").fetchall()
    con.close()
    return rows


def parse_structure(cif: str):
    """pymatgen Structure of the conventional cell as written (no primitive reduction), or raises."""
    from pymatgen.io.cif import CifParser
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = CifParser(io.StringIO(cif), **CIF_OPTS)
        return parser.parse_structures(primitive=False)[0]
