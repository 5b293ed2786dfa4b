"""Extract the CIFs used by Tests/EncodersTests from the corpus.

Run from the repository root (after the corpus is built):
    /tmp/peers/bin/python Scripts/encoders/extract_fixture_cifs.py
Writes Tests/EncodersTests/Fixtures/cif/<id>.cif for a few small AMCSD entries
(ferrisicklerite LiFePO4, quartz SiO2, halite NaCl, hematite Fe2O3). AMCSD: cite the database
and each source article (see the header of each CIF and Corpora/README.md).
"""
import gzip
import json
import pathlib

WANTED = {"amcsd:0017986": "ferrisicklerite", "amcsd:0000789": "quartz",
          "amcsd:0000641": "halite", "amcsd:0014076": "hematite"}
out = pathlib.Path("Tests/EncodersTests/Fixtures/cif")
out.mkdir(parents=True, exist_ok=True)
with gzip.open("Corpora/amcsd/materials.jsonl.gz", "rt") as f:
    for line in f:
        r = json.loads(line)
        if r["id"] in WANTED:
            (out / f"{WANTED[r['id']]}.cif").write_text(r["cif"])
            print(r["id"], r["name"], r["reduced_formula"], r["nsites"])
