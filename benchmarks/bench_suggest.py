"""Quality of suggested relations (issue 20): recall of the founding cases' coded relations.

For each founding source with a text copy, ``govnet.suggest`` proposes candidates; a coded
relation of that source is *found* when a candidate has the same actor pair, in either
direction, after post resolution (each side resolved to its one holder at the row's dates), and
the candidate's quote (a sentence) overlaps the coded quote in the text (both located after
whitespace and typographic normalisation). Reported per source: coded relations, candidates,
recall, candidates per coded relation, and on the found ones the agreement of the best-scoring
matching candidate's sign and reporter (``reported_by``) with the coded row's. Goal (issue 20): recall >= 0.6 with at most 3 candidates per coded
relation, sign agreement >= 0.7.
Run alone: ``python benchmarks/bench_suggest.py``; used by benchmarks/run.py.
"""

from __future__ import annotations

import pathlib

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


def evaluate(case, source_id, cued_only=False):
    """Facts for one source: coded, candidates, found, recall, per_coded, sign_agreement.

    ``cued_only`` leaves out the candidates no cue fired for (empty type and sign).
    """
    src = case.sources.set_index("id").loc[source_id]
    text = _norm((case.path / src["file"]).read_text(encoding="utf-8-sig"))
    cand = govnet.suggest(case, source_id)
    if cued_only:
        cand = cand[cand["type"] != ""]
    resolve = _resolver(case)
    lo, hi = govnet.parse_partial_date(str(src["date"]))
    pairs = [frozenset((resolve(a, lo, hi), resolve(b, lo, hi)))
             for a, b in zip(cand["source"], cand["target"], strict=True)]
    spans = [_span(text, q) for q in cand["quote"]]
    coded = case.relations[case.relations["source_id"] == source_id]
    found = agree = reporter = 0
    for r in coded.itertuples(index=False):
        rlo, rhi = r.start_lo, r.end_hi if pd.notna(r.end_hi) else r.start_hi
        pair = frozenset((resolve(r.source, rlo, rhi), resolve(r.target, rlo, rhi)))
        span = _span(text, r.quote) if pd.notna(r.quote) else None
        hits = cand[[p == pair and s is not None and span is not None
                     and s[0] < span[1] and span[0] < s[1] for p, s in zip(pairs, spans, strict=True)]]
        if len(hits):
            found += 1
            best = hits.sort_values("score", ascending=False, kind="stable").iloc[0]
            agree += str(best["sign"]) == str(int(r.sign))
            reporter += best["reported_by"] == r.reported_by
    return _facts(len(coded), len(cand), found, agree, reporter)


def _facts(coded, candidates, found, agree, reporter):
    recall = found / coded if coded else 0.0
    per, signs = candidates / coded if coded else 0.0, agree / found if found else 0.0
    return {"coded": coded, "candidates": candidates, "found": found, "agree": agree,
            "reporter": reporter, "recall": round(recall, 3), "per_coded": round(per, 2),
            "sign_agreement": round(signs, 3),
            "reporter_agreement": round(reporter / found, 3) if found else 0.0,
            "goal_met": "yes" if recall >= 0.6 and per <= 3 and signs >= 0.7 else "no"}


def _sources():
    for case in govnet.load_cases().values():
        for sid in case.sources.loc[case.sources["file"].notna(), "id"]:
            yield case, sid


def _pooled(cued_only=False):
    rows = [evaluate(c, s, cued_only) for c, s in _sources()]
    keys = ("coded", "candidates", "found", "agree", "reporter")
    return _facts(*(sum(r[k] for r in rows) for k in keys))


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    entries = [{"name": f"suggest: {case.id} {sid}", "goal": GOAL, "repeats": 3,
                "run": lambda case=case, sid=sid: evaluate(case, sid)} for case, sid in _sources()]
    for cued in (False, True):
        entries.append({"name": "suggest: all founding sources" + (", cued only" if cued else ""),
                        "goal": GOAL, "repeats": 3, "run": lambda cued=cued: _pooled(cued)})
    return entries


def table():
    """Markdown table of the per-source numbers and the pooled totals."""
    rows = [{"case": c.id, "source": s, **evaluate(c, s)} for c, s in _sources()]
    rows.append({"case": "all", "source": "", **_pooled()})
    rows.append({"case": "all, cued only", "source": "", **_pooled(True)})
    return pd.DataFrame(rows).drop(columns=["agree", "reporter"]).to_markdown(index=False)


if __name__ == "__main__":
    print(table())
