"""Measured refractive index n and extinction coefficient k from matminer's bundled refractiveindex.info subset.

matminer 0.10.1 ships `utils/data_files/optical_polyanskiy/database.tar.xz`: 274 material folders named by
formula, each with one YAML file per measurement (refractiveindex.info format, CC0 1.0, retrieved
2022-08-27 from github.com/polyanskiy/refractiveindex.info-database). Each file holds either a tabulated
(λ, n[, k]) list or the coefficients of one of refractiveindex.info's dispersion formulas, valid over a
stated wavelength range. We evaluate the file as refractiveindex.info defines it (formulas 1-8, tabulated
n/nk/k with linear interpolation) at fixed wavelengths inside the valid range — never extrapolated.

Choice among a folder's files (deterministic): files valid at 589.3 nm first; then the ordinary ray
(`-o` suffix: the crystalline measurements of uniaxial crystals), then files without an `-e`/`-alpha`...
suffix, then by file name. The chosen file, its reference and comment are stored with the values.
"""
from __future__ import annotations

import math
import tarfile
from pathlib import Path

import numpy as np
import yaml

SODIUM_D_UM = 0.5893
GRID_UM = [0.40, 0.45, 0.50, 0.55, 0.5893, 0.65, 0.70, 0.80, 1.00, 1.50, 2.00, 5.00, 10.0]


def _coeffs(block, size):
    c = np.zeros(size)
    vals = np.array(str(block["coefficients"]).split(), dtype=float)
    c[: len(vals)] = vals
    return c


def _formula_n(kind: str, c: np.ndarray, lam: float) -> float:
    l2 = lam * lam
    if kind == "formula 1":  # Sellmeier
        n2 = 1 + c[0] + sum(c[i] * l2 / (l2 - c[i + 1] ** 2) for i in range(1, 17, 2))
        return math.sqrt(n2)
    if kind == "formula 2":  # Sellmeier-2
        n2 = 1 + c[0] + sum(c[i] * l2 / (l2 - c[i + 1]) for i in range(1, 17, 2))
        return math.sqrt(n2)
    if kind == "formula 3":  # polynomial
        n2 = c[0] + sum(c[i] * lam ** c[i + 1] for i in range(1, 17, 2))
        return math.sqrt(n2)
    if kind == "formula 4":  # RefractiveIndex.INFO
        # A zero coefficient switches its term off (0 ** 0 would put a pole at λ = 1 µm).
        n2 = c[0]
        for i in (1, 5):
            if c[i] != 0:
                n2 += c[i] * lam ** c[i + 1] / (l2 - c[i + 2] ** c[i + 3])
        n2 += sum(c[i] * lam ** c[i + 1] for i in range(9, 17, 2) if c[i] != 0)
        return math.sqrt(n2)
    if kind == "formula 5":  # Cauchy
        return c[0] + sum(c[i] * lam ** c[i + 1] for i in range(1, 11, 2))
    if kind == "formula 6":  # gases
        return 1 + c[0] + sum(c[i] / (c[i + 1] - lam ** -2) for i in range(1, 11, 2))
    if kind == "formula 7":  # Herzberger
        d = l2 - 0.028
        return c[0] + c[1] / d + c[2] / d**2 + c[3] * l2 + c[4] * l2**2 + c[5] * l2**3
    if kind == "formula 8":  # Retro
        a = c[0] + c[1] * l2 / (l2 - c[2]) + c[3] * l2
        return math.sqrt((1 + 2 * a) / (1 - a))
    raise ValueError(kind)


class Dispersion:
    """n(λ), k(λ) for one refractiveindex.info file; λ in micrometres."""

    def __init__(self, doc: dict):
        self.n_part = None  # (kind, payload, (lo, hi))
        self.k_part = None
        for block in doc["DATA"]:
            kind = block["type"]
            if kind.startswith("formula"):
                lo, hi = (float(x) for x in str(block["wavelength_range"]).split())
                self.n_part = (kind, _coeffs(block, 17), (lo, hi))
            else:
                arr = np.array(str(block["data"]).split(), dtype=float)
                cols = {"tabulated nk": 3, "tabulated n": 2, "tabulated k": 2}[kind]
                arr = arr.reshape(-1, cols)
                arr = arr[np.argsort(arr[:, 0], kind="stable")]
                rng = (float(arr[0, 0]), float(arr[-1, 0]))
                if kind == "tabulated nk":
                    self.n_part = ("tab", arr[:, [0, 1]], rng)
                    self.k_part = ("tab", arr[:, [0, 2]], rng)
                elif kind == "tabulated n":
                    self.n_part = ("tab", arr, rng)
                else:
                    self.k_part = ("tab", arr, rng)

    @property
    def n_range(self):
        return self.n_part[2] if self.n_part else None

    def covers(self, lam: float) -> bool:
        return self.n_part is not None and self.n_part[2][0] <= lam <= self.n_part[2][1]

    def n(self, lam: float) -> float | None:
        if not self.covers(lam):
            return None
        kind, payload, _ = self.n_part
        if kind == "tab":
            return float(np.interp(lam, payload[:, 0], payload[:, 1]))
        try:
            v = _formula_n(kind, payload, lam)
        except (ValueError, ZeroDivisionError):  # n² < 0 or a pole: outside the formula's physics
            return None
        return None if not math.isfinite(v) else v

    def k(self, lam: float) -> float | None:
        if self.k_part is None:
            return None
        _, payload, (lo, hi) = self.k_part
        if not lo <= lam <= hi:
            return None
        return float(np.interp(lam, payload[:, 0], payload[:, 1]))


def _rank(name: str, disp: Dispersion):
    stem = Path(name).stem
    suffix = stem.rsplit("-", 1)[-1] if "-" in stem else ""
    axis_rank = 0 if suffix == "o" else (2 if suffix in ("e", "alpha", "beta", "gamma") else 1)
    return (0 if disp.covers(SODIUM_D_UM) else 1, axis_rank, name)


def load_optical(tar_path: Path) -> dict[str, dict]:
    """Formula folder name → the chosen measurement with n, k at the grid wavelengths."""
    files: dict[str, list[tuple[str, dict]]] = {}
    with tarfile.open(tar_path, "r:xz") as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if not m.isfile() or not m.name.endswith(".yml"):
                continue
            parts = m.name.split("/")
            material, fname = parts[-2], parts[-1]
            doc = yaml.safe_load(tar.extractfile(m).read())
            files.setdefault(material, []).append((fname, doc))
    out = {}
    for material, docs in sorted(files.items()):
        ranked = []
        for fname, doc in docs:
            try:
                disp = Dispersion(doc)
            except Exception:
                continue
            if disp.n_part is None:
                continue
            ranked.append((_rank(fname, disp), fname, doc, disp))
        if not ranked:
            continue
        ranked.sort(key=lambda r: r[0])
        _, fname, doc, disp = ranked[0]
        grid, ns, ks = [], [], []
        for lam in GRID_UM:
            n = disp.n(lam)
            if n is None:
                continue
            grid.append(lam)
            ns.append(round(n, 5))
            k = disp.k(lam)
            ks.append(None if k is None else round(k, 6))
        if not grid:
            continue
        n589 = disp.n(SODIUM_D_UM)
        k589 = disp.k(SODIUM_D_UM)
        lo, hi = disp.n_range
        out[material] = {
            "n_589nm": None if n589 is None else round(n589, 5),
            "k_589nm": None if k589 is None else round(k589, 6),
            "wavelength_um": grid,
            "n": ns,
            "k": ks if any(k is not None for k in ks) else None,
            "valid_range_um": [lo, hi],
            "file": f"{material}/{fname}",
            "files_available": len(docs),
            "reference": " ".join(str(doc.get("REFERENCES", "")).split()),
            "comment": " ".join(str(doc.get("COMMENTS", "")).split()) or None,
        }
    return out
