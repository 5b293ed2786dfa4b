"""Properties joined by reduced formula: experimental formation enthalpy and MP transport.

Formation enthalpy: pymatgen's `analysis/compatibility/exp_compounds.json.gz` (MIT), the 2,135
experimental standard enthalpies of formation (298 K) used to fit the MP2020 energy corrections
(A. Wang et al., Sci. Rep. 11, 15496 (2021), compiled from Kubaschewski et al. and NIST-JANAF). The file
gives eV per formula unit of its `formula`; we store eV/atom (per-formula value and formula kept).
When two rows share a reduced formula, the one with the smaller uncertainty wins (then the first);
515 rows have no uncertainty (NaN in the file, null here).

Transport: matminer's `utils/data_files/mp_transport/transport_database.tar.xz` (modified BSD), a
47,737-row condensation of Ricci et al., Sci. Data 4, 170085 (2017) (BoltzTraP on Materials Project
band structures, constant relaxation time τ = 1e-14 s). Columns sigma, S, kappa, PF, m for p- and n-type.
matminer does not restate the conditions; they are the Ricci tabular summary's fixed-condition values
(average eigenvalues at 300 K and 1e18 carriers/cm³). Units: S in µV/K, σ in S/m (for τ = 1e-14 s),
κ_e in µW/(m·K) (same τ; κ_e/(σT) has median 1.7e-2 = 0.7e6 × the Lorenz number 2.44e-8 W·Ω/K², so
the column is in micro-units), PF ≈ S²σ in µW/(m·K²) (median deviation 2-3 %: the file averages the
tensor eigenvalues of each quantity separately), m in electron masses. Values are the source's, unfiltered
(wide-gap entries can show effective masses of 1e3-1e5 m_e). Several MP entries can share a formula (polymorphs): we take the one with the
smallest numeric MP id (deterministic; usually the earliest-catalogued, common phase, but not always the
ground state) and record how many candidates there were.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import math
import tarfile
from pathlib import Path

from pymatgen.core import Composition

TRANSPORT_CONDITIONS = {"temperature_K": 300.0, "carrier_concentration_per_cm3": 1e18, "relaxation_time_s": 1e-14}
TRANSPORT_UNITS = {
    "seebeck": "µV/K",
    "conductivity": "S/m",
    "thermal_conductivity_electronic": "µW/(m·K)",
    "power_factor": "µW/(m·K²)",
    "effective_mass": "m_e",
}
_COLUMNS = {"seebeck": "S", "conductivity": "sigma", "thermal_conductivity_electronic": "kappa",
            "power_factor": "PF", "effective_mass": "m"}


def reduced(formula: str) -> str | None:
    try:
        return Composition(formula).reduced_formula
    except Exception:
        return None


def load_formation_enthalpy(path: Path) -> dict[str, dict]:
    rows = json.load(gzip.open(path))
    out: dict[str, dict] = {}
    for r in rows:
        comp = Composition(r["formula"])
        key = comp.reduced_formula
        natoms = comp.num_atoms
        unc = r.get("uncertainty")
        unc = None if unc is None or not math.isfinite(unc) else round(unc / natoms, 6)
        rec = {
            "value": round(r["exp energy"] / natoms, 6),
            "units": "eV/atom",
            "uncertainty": unc,  # null where the source has NaN
            "per_formula_unit": round(r["exp energy"], 6),
            "formula": r["formula"],
            "temperature_K": 298.15,
            "source": "pymatgen exp_compounds.json.gz (MP2020 fit set; Wang et al., Sci. Rep. 11, 15496 (2021))",
        }
        old = out.get(key)
        def rank(x):
            return math.inf if x["uncertainty"] is None else x["uncertainty"]
        if old is None or rank(rec) < rank(old):
            out[key] = rec
    return out


def _mp_number(mp_id: str) -> int:
    try:
        return int(mp_id.split("-")[1])
    except (IndexError, ValueError):
        return 1 << 62


def load_transport(path: Path) -> tuple[dict[str, dict], float]:
    """Reduced formula → transport record; also the median relative |PF − S²σ| (a unit check)."""
    with tarfile.open(path, "r:xz") as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".csv"))
        text = tar.extractfile(member).read().decode()
    by_formula: dict[str, list[dict]] = {}
    deviations = []
    for row in csv.DictReader(io.StringIO(text)):
        key = reduced(row["pretty_formula"])
        if key is None:
            continue
        by_formula.setdefault(key, []).append(row)
        for c in "pn":
            s, sigma, pf = (float(row[f"{n}_{c}"]) for n in ("S", "sigma", "PF"))
            if abs(pf) > 1e-6:
                deviations.append(abs(pf - s * s * sigma * 1e-6) / abs(pf))
    out = {}
    for key, rows in by_formula.items():
        rows.sort(key=lambda r: _mp_number(r["mp_id"]))
        row = rows[0]
        values = {}
        for name, col in _COLUMNS.items():
            for carrier in ("p", "n"):
                try:
                    v = float(row[f"{col}_{carrier}"])
                except ValueError:
                    continue
                if math.isfinite(v):
                    values[f"{name}_{carrier}"] = {"value": v, "units": TRANSPORT_UNITS[name]}
        out[key] = {
            "mp_id": row["mp_id"],
            "candidates": len(rows),
            **TRANSPORT_CONDITIONS,
            "values": values,
            "source": "matminer 0.10.1 mp_transport (Ricci et al., Sci. Data 4, 170085 (2017); BoltzTraP, DFT)",
        }
    deviations.sort()
    return out, deviations[len(deviations) // 2]
