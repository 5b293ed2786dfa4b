#!/usr/bin/env python3
"""pymatgen peer for `matlas bench xrd`: times XRDCalculator().get_pattern on the parity structures.

Run (the Swift benchmark spawns it; by hand from the repository root):

    /tmp/peers/bin/python Benchmarks/xrd/peer.py \
        --structures Tests/ChemistryTests/Fixtures/xrd/parity.json --repeats 3 [--limit N]

Reads the structures of `Scripts/fixtures/xrd_parity.py`'s fixture (lattice matrix, sites with
occupants and fractional coordinates), builds pymatgen `Structure`s outside the timed region, and
times only `XRDCalculator().get_pattern(structure, two_theta_range=(5, 90))` (Cu Kα), best of
`--repeats`. Prints one JSON object per structure: {"id", "ms", "peaks"}.
"""
import argparse
import json
import sys
import time
import warnings

from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Lattice, Structure


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--structures", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    with open(args.structures) as f:
        doc = json.load(f)
    entries = doc["structures"][: args.limit or None]
    calc = XRDCalculator()
    for e in entries:
        species = [{sym: occ for sym, occ in site[0]} for site in e["sites"]]
        coords = [site[1:4] for site in e["sites"]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = Structure(Lattice(e["lattice"]), species, coords)
        best = float("inf")
        n = 0
        for _ in range(max(1, args.repeats)):
            t0 = time.perf_counter()
            pattern = calc.get_pattern(s, two_theta_range=(5, 90))
            best = min(best, time.perf_counter() - t0)
            n = len(pattern.x)
        print(json.dumps({"id": e["id"], "ms": best * 1000, "peaks": n}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
