#!/usr/bin/env python3
"""Make the small committed fixtures of Tests/CorpusTests/Fixtures/corpus/ from the built corpus.

Usage (after build.py): python Scripts/corpus/make_fixtures.py
  sample.jsonl.gz     three real records (galena, a partially occupied entry, an entry with optical
                      data) interleaved with bad lines: line 2 is not JSON, line 4 lacks `cif`,
                      line 5 is blank (skipped), line 6 has a string where a number belongs, line 8
                      has an unknown split. Lines 1, 3, 7 are the good records.
  truncated.jsonl.gz  the three good records gzipped, then cut to 60 % of the compressed bytes.
  plain.jsonl         the three good records uncompressed (the reader accepts plain text too).
Deterministic: gzip with mtime 0 and no file name.
"""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "Corpora" / "amcsd" / "materials.jsonl.gz"
OUT = ROOT / "Tests" / "CorpusTests" / "Fixtures" / "corpus"


def gz(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def main():
    galena = partial = optical = None
    for line in gzip.open(SRC, "rt", encoding="utf-8"):
        r = json.loads(line)
        if r["amcsd_id"] == 3:
            galena = line
        elif partial is None and not r["ordered"] and r["nsites"] <= 12:
            partial = line
        elif optical is None and "optical" in r["properties"] and r["nsites"] <= 12 and r["amcsd_id"] != 3:
            optical = line
        if galena and partial and optical:
            break
    good = [galena, partial, optical]
    no_cif = json.loads(partial)
    del no_cif["cif"]
    wrong_type = json.loads(optical)
    wrong_type["density"] = "dense"
    bad_split = json.loads(galena)
    bad_split["split"] = "holdout"
    lines = [
        galena,
        '{"id": "amcsd:9999999", "amcsd_id": 9999999, "split": \n',
        partial,
        json.dumps(no_cif, ensure_ascii=False) + "\n",
        "\n",
        json.dumps(wrong_type, ensure_ascii=False) + "\n",
        optical,
        json.dumps(bad_split, ensure_ascii=False) + "\n",
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sample.jsonl.gz").write_bytes(gz("".join(lines).encode()))
    clean = gz("".join(good).encode())
    (OUT / "truncated.jsonl.gz").write_bytes(clean[: int(len(clean) * 0.6)])
    (OUT / "plain.jsonl").write_text("".join(good), encoding="utf-8")
    for name in ("sample.jsonl.gz", "truncated.jsonl.gz", "plain.jsonl"):
        print(name, (OUT / name).stat().st_size, "bytes")
    print("good records:", [json.loads(x)["id"] for x in good])


if __name__ == "__main__":
    main()
