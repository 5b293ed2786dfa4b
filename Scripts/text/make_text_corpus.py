#!/usr/bin/env python3
"""Write a plain-text corpus (one text per line) for the tokenizer benchmark and for trying the
tokenizer on real text: robocrys descriptions, AMCSD paper titles and arXiv cond-mat titles.

Run:  /tmp/peers/bin/python Scripts/text/make_text_corpus.py [OUT] (default /tmp/matlas-text-corpus.txt)
Needs larixite (amcsd_cif1.db) and jarvis-leaderboard (arxiv_summary_text.json.zip) in the venv,
and ../shared/data/amcsd-robocrys.jsonl. The output is not committed (about 12 MB).
"""
import json
import os
import sqlite3
import sys
import zipfile

import jarvis_leaderboard
import larixite

ROBOCRYS = os.environ.get("MATLAS_ROBOCRYS", "/work/shared/data/amcsd-robocrys.jsonl")


def one_line(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/matlas-text-corpus.txt"
    texts = []
    with open(ROBOCRYS) as f:
        for line in f:
            record = json.loads(line)
            if "text" in record:
                texts.append(one_line(record["text"]))
    n_robocrys = len(texts)
    db = os.path.join(os.path.dirname(larixite.__file__), "amcsd_cif1.db")
    with sqlite3.connect(db) as con:
        for (title,) in con.execute("select pub_title from cif order by id"):
            if title:
                texts.append(one_line(title))
    n_titles = len(texts) - n_robocrys
    path = os.path.join(os.path.dirname(jarvis_leaderboard.__file__),
                        "benchmarks/AI/TextSummary/arxiv_summary_text.json.zip")
    with zipfile.ZipFile(path) as z:
        data = json.loads(z.read("arxiv_summary_text.json"))
    for split in ("train", "test"):
        for key in sorted(data[split]):
            texts.append(one_line(data[split][key]))
    with open(out, "w") as f:
        for t in texts:
            f.write(t + "\n")
    print(f"{out}: {len(texts)} texts ({n_robocrys} robocrys, {n_titles} AMCSD titles, "
          f"{len(texts) - n_robocrys - n_titles} arXiv titles)")


if __name__ == "__main__":
    main()
