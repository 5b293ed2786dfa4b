"""Gemmological descriptions from `gemmology-mineral-database` (MIT, github.com/gemmology-dev/mineral-database).

The package's SQLite file holds 159 mineral families (116 natural) and 216 habit entries whose
`description` column is prose. A family matches an AMCSD entry when the normalised family name equals
the entry's normalised mineral name (names.py); its habit descriptions are joined in id order. Only
natural families are used (synthetics and simulants such as "cubic zirconia" describe products, not
minerals). Numeric ranges (Mohs hardness, refractive index, specific gravity) come with the text.
"""
from __future__ import annotations

import sqlite3
from importlib.metadata import version
from pathlib import Path

import mineral_database

from names import normalise_mineral


def _num_range(lo, hi):
    if lo is None and hi is None:
        return None
    return [lo, hi]


def load_gemmology() -> dict[str, dict]:
    db = Path(mineral_database.__file__).parent / "data" / "minerals.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    habits: dict[str, list[str]] = {}
    for r in con.execute(
        "select e.family_id, m.id, m.description from minerals m join mineral_expressions e on e.id = m.id "
        "order by e.family_id, m.id"
    ):
        text = (r["description"] or "").strip()
        if text and text not in habits.setdefault(r["family_id"], []):
            habits[r["family_id"]].append(text)
    out: dict[str, dict] = {}
    for r in con.execute("select * from mineral_families where origin = 'natural' order by id"):
        key = normalise_mineral(r["name"])
        if not key or key in out or not habits.get(r["id"]):
            continue
        out[key] = {
            "family": r["name"],
            "group": r["mineral_group"],
            "chemistry": r["chemistry"],
            "text": " ".join(habits[r["id"]]),
            "hardness_mohs": _num_range(r["hardness_min"], r["hardness_max"]),
            "refractive_index": _num_range(r["ri_min"], r["ri_max"]),
            "specific_gravity": _num_range(r["sg_min"], r["sg_max"]),
            "source": f"gemmology-mineral-database {version('gemmology-mineral-database')} (MIT)",
        }
    con.close()
    return out
