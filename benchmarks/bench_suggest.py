"""Quality of suggested relations (issue 20): recall of the founding cases' coded relations.

For each founding source with a text copy, ``govnet.suggest`` proposes candidates; a coded
relation of that source is *found* when a candidate has the same actor pair, in either
direction, after post resolution (each side resolved to its one holder at the row's dates), and
the candidate's quote (a sentence) overlaps the coded quote in the text (both located after
whitespace and typographic normalisation). Reported per source: coded relations, candidates,
recall, candidates per coded relation, and sign agreement on the found ones (the best-scoring
matching candidate's sign). Goal (issue 20): recall >= 0.6 with at most 3 candidates per coded
relation, sign agreement >= 0.7.
Run alone: ``python benchmarks/bench_suggest.py``; used by benchmarks/run.py.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

import pandas as pd

import govnet
from govnet.suggest import _holders
from govnet.validate import _norm

GOAL = "recall >= 0.6, <= 3 cand/coded, sign agreement >= 0.7"


def _span(text, quote):
    """(start, end) of ``quote`` in the normalised ``text``, or None."""
    q = _norm(quote)
    i = text.find(q) if q else -1
    return (i, i + len(q)) if i >= 0 else None


def _resolver(case):
    """actor, lo, hi -> the actor's one post holder over [lo, hi] (or the actor itself)."""
    cache = {}

    def resolve(actor, lo, hi):
        if (lo, hi) not in cache:
            cache[lo, hi] = _holders(case, lo, hi)
        return cache[lo, hi].get(actor, actor)
    return resolve


def evaluate(case, source_id):
    """Facts for one source: coded, candidates, found, recall, per_coded, sign_agreement."""
    src = case.sources.set_index("id").loc[source_id]
    text = _norm((case.path / src["file"]).read_text(encoding="utf-8-sig"))
    cand = govnet.suggest(case, source_id)
    resolve = _resolver(case)
    lo, hi = govnet.parse_partial_date(str(src["date"]))
    cand["_pair"] = [frozenset((resolve(a, lo, hi), resolve(b, lo, hi)))
                     for a, b in zip(cand["source"], cand["target"], strict=True)]
    cand["_span"] = [_span(text, q) for q in cand["quote"]]
    coded = case.relations[case.relations["source_id"] == source_id]
    found = agree = 0
    for r in coded.itertuples(index=False):
        rlo, rhi = r.start_lo, r.end_hi if pd.notna(r.end_hi) else r.start_hi
        pair = frozenset((resolve(r.source, rlo, rhi), resolve(r.target, rlo, rhi)))
        span = _span(text, r.quote) if pd.notna(r.quote) else None
        hits = cand[[p == pair and s is not None and span is not None
                     and s[0] < span[1] and span[0] < s[1]
                     for p, s in zip(cand["_pair"], cand["_span"], strict=True)]]
        if len(hits):
            found += 1
            best = hits.sort_values("score", ascending=False, kind="stable").iloc[0]
            agree += str(best["sign"]) == str(int(r.sign))
    n = len(coded)
    return {"coded": n, "candidates": len(cand), "found": found,
            "recall": round(found / n, 3) if n else None,
            "per_coded": round(len(cand) / n, 2) if n else None,
            "sign_agreement": round(agree / found, 3) if found else None}


def _sources():
    for case in govnet.load_cases().values():
        for sid in case.sources.loc[case.sources["file"].notna(), "id"]:
            yield case, sid


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    entries = []
    for case, sid in _sources():
        entries.append({"name": f"suggest: {case.id} {sid}", "goal": GOAL, "repeats": 3,
                        "run": lambda case=case, sid=sid: evaluate(case, sid)})
    return entries


def table():
    """Markdown table of the per-source numbers and their pooled total."""
    rows = [{"case": c.id, "source": s, **evaluate(c, s)} for c, s in _sources()]
    df = pd.DataFrame(rows)
    tot = df[["coded", "candidates", "found"]].sum()
    agree = sum(r["sign_agreement"] * r["found"] for r in rows if r["found"])
    df.loc[len(df)] = {"case": "all", "source": "", **tot.to_dict(),
                       "recall": round(tot["found"] / tot["coded"], 3),
                       "per_coded": round(tot["candidates"] / tot["coded"], 2),
                       "sign_agreement": round(agree / tot["found"], 3)}
    return df.to_markdown(index=False)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print(table() if "--quick" not in sys.argv else benchmarks(True, pathlib.Path(tmp)))
