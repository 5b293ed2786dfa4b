#!/usr/bin/env python3
"""Build the committed fixtures of Tests/TextTests/Fixtures/text/.

Run from the repository root:  /tmp/peers/bin/python Scripts/text/make_fixtures.py
Needs larixite (AMCSD titles), scikit-learn (TF-IDF reference numbers) and
../shared/data/amcsd-robocrys.jsonl (robocrys descriptions of AMCSD structures).

- robocrys.jsonl: 40 robocrys descriptions (every 110th record with a text), {"id", "text"}.
- titles.jsonl: 120 AMCSD paper titles (every 75th entry), {"id", "title"}; AMCSD asks that the
  database (Downs & Hall-Wallace 2003, Am. Mineral. 88, 247-250) and each article be cited.
- tfidf-reference.json: scikit-learn TfidfVectorizer(sublinear_tf=True, smooth_idf=True,
  norm="l2", analyzer=str.split) cosine scores of toy queries against toy documents.
"""
import json
import os
import sqlite3

import larixite
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

OUT = os.path.join("Tests", "TextTests", "Fixtures", "text")
ROBOCRYS = os.environ.get("MATLAS_ROBOCRYS", "/work/shared/data/amcsd-robocrys.jsonl")


def robocrys() -> None:
    records = []
    with open(ROBOCRYS) as f:
        for line in f:
            r = json.loads(line)
            if "text" in r:
                records.append({"id": r["id"], "text": r["text"]})
    with open(os.path.join(OUT, "robocrys.jsonl"), "w") as f:
        for r in records[::110][:40]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def titles() -> None:
    db = os.path.join(os.path.dirname(larixite.__file__), "amcsd_cif1.db")
    with sqlite3.connect(db) as con:
        rows = con.execute("select id, pub_title from cif where pub_title is not null order by id").fetchall()
    with open(os.path.join(OUT, "titles.jsonl"), "w") as f:
        for i, t in rows[::75][:120]:
            f.write(json.dumps({"id": i, "title": t}, ensure_ascii=False) + "\n")


def tfidf() -> None:
    docs = [
        "layered lithium cobalt oxide cathode",
        "lithium iron phosphate olivine cathode",
        "cubic rock salt lead sulfide",
        "lead selenide rock salt",
        "cobalt oxide spinel spinel spinel",
        "quartz",
    ]
    queries = ["lithium cobalt oxide", "rock salt lead", "spinel", "olivine olivine iron", "unknown words only"]
    vec = TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2", analyzer=str.split)
    d = vec.fit_transform(docs)
    q = vec.transform(queries)
    scores = (q @ d.T).toarray().tolist()
    idf = {term: float(vec.idf_[col]) for term, col in sorted(vec.vocabulary_.items())}
    ref = {"sklearn": sklearn.__version__, "documents": docs, "queries": queries, "scores": scores, "idf": idf}
    with open(os.path.join(OUT, "tfidf-reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    robocrys()
    titles()
    tfidf()
    print("wrote", sorted(os.listdir(OUT)))
