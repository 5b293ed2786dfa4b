"""Unpaired text: the arXiv cond-mat titles (and the few abstracts) bundled in jarvis-leaderboard.

jarvis-leaderboard (MIT; Choudhary et al., npj Comput. Mater. 10, 93 (2024)) ships three AI benchmarks
built from arXiv cond-mat metadata (Choudhary & Kelley, ChemNLP, J. Phys. Chem. C 127, 17545 (2023)):
  TextSummary/arxiv_summary_text.json.zip  id -> title (87,148 ids, train+test)
  TextClass/arXiv_categories.json.zip      id -> primary cond-mat category
  TextGen/arxiv_gen_text.json.zip          id -> abstract (490 ids)
We merge them into one record per arXiv id, sorted by id. The benchmarks' own train/test labels are
kept in `benchmark_split` for reference; they are not the corpus split (these texts are unpaired).
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jarvis_leaderboard


def _load(zip_path: Path) -> dict[str, tuple[str, str]]:
    with zipfile.ZipFile(zip_path) as z:
        name = z.namelist()[0]
        data = json.loads(z.read(name))
    out = {}
    for part in ("train", "test"):
        for k, v in data.get(part, {}).items():
            out[k] = (v, part)
    return out


def _clean(text: str) -> str:
    # arXiv metadata wraps lines at ~80 columns with leading indentation: join into one line.
    return " ".join(text.split())


def records():
    base = Path(jarvis_leaderboard.__file__).parent / "benchmarks" / "AI"
    titles = _load(base / "TextSummary" / "arxiv_summary_text.json.zip")
    cats = _load(base / "TextClass" / "arXiv_categories.json.zip")
    abstracts = _load(base / "TextGen" / "arxiv_gen_text.json.zip")
    for aid in sorted(titles):
        title, part = titles[aid]
        rec = {"id": f"arxiv:{aid}", "arxiv_id": aid, "title": _clean(title)}
        if aid in cats:
            rec["category"] = cats[aid][0]
        if aid in abstracts:
            rec["abstract"] = _clean(abstracts[aid][0])
        rec["benchmark_split"] = part
        yield rec


def version() -> str:
    from importlib.metadata import version as v
    return v("jarvis-leaderboard")
