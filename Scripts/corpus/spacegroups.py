"""Hermann–Mauguin symbol (as AMCSD writes it, any setting) → space-group number and crystal system.

The table is built from spglib's 530 Hall settings (`spglib.get_spacegroup_type`): every setting's
short and full H-M symbol, compared after removing spaces and subscript underscores and ignoring case
of nothing (H-M symbols are case-sensitive: `P` vs `p` never occurs in AMCSD). AMCSD writes full symbols
such as `P 1 21/a 1` and origin/axis variants marked `%var…` in larixite's table (ignored here, the
number does not depend on them). Symbols the table does not know fall back to pymatgen's
`SpaceGroup(symbol)` and, failing that, to spglib on the parsed structure (see build.py).
"""
from __future__ import annotations

import re

import spglib

_TABLE: dict[str, int] | None = None


def normalise(symbol: str) -> str:
    s = symbol.split("%var")[0]
    s = s.split(":")[0]
    s = re.sub(r"[\s_]", "", s)
    # AMCSD sometimes writes the bar before or after the digit; '-3' is the standard form.
    return s


def _table() -> dict[str, int]:
    global _TABLE
    if _TABLE is None:
        t: dict[str, int] = {}
        for hall in range(1, 531):
            sg = spglib.get_spacegroup_type(hall)
            for key in (sg.international_short, sg.international_full, sg.international):
                key = normalise(key)
                t.setdefault(key, sg.number)
                # Older symbols write the double glide 'e' (ITA 2002) as 'a', 'b' or 'c': Cmca = Cmce.
                if "e" in key:
                    for letter in "abc":
                        t.setdefault(key.replace("e", letter), sg.number)
        _TABLE = t
    return _TABLE


def _variants(symbol: str):
    """The symbol as written, then two repairs for notations older than ITA's current ones."""
    base = symbol.split("%var")[0].strip()
    yield base
    tokens = base.split()
    # Cubic groups written without the bar on the 3 (pre-1983 notation): 'F m 3 m' is 'F m -3 m'.
    if len(tokens) >= 3 and tokens[2] == "3" and tokens[1][0].isalpha():
        yield " ".join(tokens[:2] + ["-3"] + tokens[3:])
    # Monoclinic short symbols with the unique axis b implied: 'P 21/n' is 'P 1 21/n 1'.
    if len(tokens) == 2:
        yield f"{tokens[0]} 1 {tokens[1]} 1"


def number_from_symbol(symbol: str) -> int | None:
    """The space-group number for an H-M symbol in any tabulated setting, or None if unknown."""
    for variant in _variants(symbol):
        n = _table().get(normalise(variant))
        if n is not None:
            return n
    try:
        from pymatgen.symmetry.groups import SpaceGroup
        return SpaceGroup(symbol.split("%var")[0].strip()).int_number
    except Exception:
        return None


def crystal_system(number: int) -> str:
    if number <= 2:
        return "triclinic"
    if number <= 15:
        return "monoclinic"
    if number <= 74:
        return "orthorhombic"
    if number <= 142:
        return "tetragonal"
    if number <= 167:
        return "trigonal"
    if number <= 194:
        return "hexagonal"
    return "cubic"


def number_from_operations(xyz_ops: list[str], lattice_matrix) -> int | None:
    """The space-group number of a CIF's symmetry operations (`x,y,z`, `-x+1/2,y,-z` …) by spglib.

    Used when the H-M symbol is in a setting the table does not know (`B 1 21/d 1`, `I 1 m m a 1`):
    the operations are what a CIF reader expands, so their group is the structure's reported group.
    Returns None when spglib finds no group or only P1 from more than one operation (a malformed set).
    """
    import numpy as np
    from pymatgen.core.operations import SymmOp

    try:
        ops = [SymmOp.from_xyz_str(s) for s in xyz_ops]
        rotations = np.array([np.rint(o.rotation_matrix).astype(int) for o in ops])
        translations = np.array([o.translation_vector % 1.0 for o in ops])
        sg = spglib.get_spacegroup_type_from_symmetry(rotations, translations, lattice=np.array(lattice_matrix),
                                                      symprec=1e-3)
    except Exception:
        return None
    if sg is None or (sg.number == 1 and len(xyz_ops) > 1):
        return None
    return sg.number
