"""Mineral-name normalisation shared by the split and the gemmology join.

`Quartz`, `Iron-alpha`, `Wurtzite-8H`, `Monazite-(Ce)`, `Beta - fergusonite-(Y)`, `Lizardite-1T` →
`quartz`, `iron`, `wurtzite`, `monazite`, `fergusonite`, `lizardite`: accents stripped, lower case,
parenthesised suffixes (rare-earth and site suffixes) removed, and tokens that name a polymorph or
polytype rather than a species dropped (Greek letters, roman numerals, tokens with digits, tokens of at
most two letters). If nothing is left, the lower-cased name itself is the key (e.g. `ima2008-067`).
"""
from __future__ import annotations

import re
import unicodedata

GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "omega"}
MODIFIERS = {"ideal", "high", "low"}
ROMAN = re.compile(r"^[ivx]+$")


def normalise_mineral(name: str | None) -> str | None:
    if not name:
        return None
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().strip()
    base = re.sub(r"\([^)]*\)", " ", s)
    tokens = [t for t in re.split(r"[\s\-_/,.]+", base) if t]
    kept = [
        t for t in tokens
        if t not in GREEK and t not in MODIFIERS and not ROMAN.match(t)
        and not any(c.isdigit() for c in t) and len(t) > 2
    ]
    return " ".join(kept) if kept else " ".join(tokens) or s
