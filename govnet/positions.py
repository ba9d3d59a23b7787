"""Positions over time: an actor's role, tier, side and party at a date, from its tenures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .graph import _actor_table, _check_case, _open_span, _selection, _span_cols

__all__ = ["positions"]

_DAY = np.timedelta64(1, "D")
_COLUMNS = ["actor", "kind", "role", "tier", "side", "party", "post", "posts", "interim",
            "source", "party_source"]  # fmt: skip


def _handover(t, mask, key, other):
    """Resolve handovers between successive holdings that share ``key`` (a post, or a person's
    party) and differ in ``other``; return the clipped table and the true overlaps.

    Two holdings *meet* when the later-starting one starts before the earlier one ends. It is a
    *handover* when the earlier one's end and the later one's start are both given and could be
    the same moment (the first day of the end is not after the last day of the start, as in
    "A ends 2020-10, B starts 2020-10"): the later-starting holding then holds from the later
    of its first possible day and the first possible day of the earlier one's end (but never
    before the earlier one's second day), and the earlier one ends the day before. Otherwise
    the two truly overlap; they are returned as pairs ``(earlier row, later row)``.
    """
    p = t[mask].sort_values([key, "_tlo", "_thi", "id"], kind="stable")
    if len(p) < 2:
        return t, []
    cur, nxt = p.iloc[:-1], p.iloc[1:]
    meet = ((cur[key].to_numpy() == nxt[key].to_numpy())
            & (cur[other].to_numpy() != nxt[other].to_numpy())
            & (nxt["_tlo"].to_numpy() <= cur["_thi"].to_numpy()))  # fmt: skip
    elo, shi = cur["_elo"].to_numpy(), nxt["_shi"].to_numpy()
    hand = meet & ~np.isnat(elo) & ~np.isnat(shi) & (elo <= shi)
    start = np.maximum.reduce([nxt["_slo"].to_numpy()[hand], elo[hand],
                               cur["_tlo"].to_numpy()[hand] + _DAY])  # fmt: skip
    t = t.copy()
    t.loc[cur.index[hand], "_thi"] = start - _DAY
    t.loc[nxt.index[hand], "_tlo"] = start
    return t, list(zip(cur.index[meet & ~hand], nxt.index[meet & ~hand], strict=True))


def _holdings(actors, tenures):
    """Tenures with what they confer and their spans after handovers, and the true overlaps.

    Columns ``id``, ``actor``, ``post``, ``interim``, ``_what`` ("post" for a post, "party" for
    a party group -- a group of role ``party-group`` with a party --, else ""), ``_tlo``/``_thi``
    (the span, empty = open, handovers resolved) and ``_slo``, ``_shi``, ``_elo`` (the dates as
    given). ``overlaps`` lists ``(earlier row, later row)`` of two holders of one post whose
    spans truly overlap.
    """
    a = actors.drop_duplicates("id").set_index("id")
    t = pd.DataFrame({"id": tenures["id"].astype(object), "actor": tenures["actor"].astype(object),
                      "post": tenures["post"].astype(object)})  # fmt: skip
    t["interim"] = tenures["interim"].astype("boolean").fillna(False).to_numpy(bool)
    t["_tlo"], t["_thi"] = _open_span(tenures)
    slo, shi = _span_cols(tenures, "start")
    t["_slo"], t["_shi"] = slo.to_numpy("datetime64[ns]"), shi.to_numpy("datetime64[ns]")
    t["_elo"] = _span_cols(tenures, "end")[0].to_numpy("datetime64[ns]")
    kind, role = t["post"].map(a["kind"].astype(object)), t["post"].map(a["role"].astype(object))
    party = t["post"].map(a["party"].astype(object))
    t["_what"] = np.select([kind.eq("post"), kind.eq("group") & role.eq("party-group") & party.notna()],
                           ["post", "party"], "")  # fmt: skip
    t, overlaps = _handover(t, t["_what"].eq("post"), "post", "actor")
    t, _ = _handover(t, t["_what"].eq("party"), "actor", "post")
    return t, overlaps


def _held(hold, lo, hi):
    """Holdings overlapping [lo, hi], with ``days`` held in it."""
    lo, hi = np.datetime64(lo, "D"), np.datetime64(hi, "D")
    tlo, thi = hold["_tlo"].to_numpy("datetime64[D]"), hold["_thi"].to_numpy("datetime64[D]")
    keep = (tlo <= hi) & (thi >= lo)
    days = (np.minimum(thi, hi) - np.maximum(tlo, lo)).astype(int) + 1
    return hold[keep].assign(days=days[keep])


def _longest(held, by, order):
    """Per ``by``: the row held longest, ties broken by ``order`` ([(column, ascending)])."""
    cols, asc = zip(*[("days", False), *order], strict=True)
    return held.sort_values([by, *cols], ascending=[True, *asc], na_position="last",
                            kind="stable").drop_duplicates(by).set_index(by)  # fmt: skip


def _positions(actors, hold, lo, hi):
    """The position of every actor over [lo, hi] (see :func:`positions`), indexed by actor."""
    a = actors.drop_duplicates("id").set_index("id")
    out = pd.DataFrame({"actor": a.index, "kind": a["kind"].astype(object),
                        "role": a["role"].astype(object), "tier": a["tier"].astype("Int64"),
                        "side": a["side"].astype(object), "party": a["party"].astype(object)},
                       index=a.index)  # fmt: skip
    out["post"], out["posts"] = pd.NA, [[] for _ in range(len(out))]
    out["interim"], out["source"], out["party_source"] = False, "actor", "actor"
    held = _held(hold, lo, hi)
    # posts: the one held longest in the selection, then the most senior (lowest tier), then by id
    ph = held[held["_what"] == "post"]
    ph = ph.groupby(["actor", "post"], as_index=False, sort=True).agg(
        days=("days", "sum"), interim=("interim", "all"))
    ph["tier"] = ph["post"].map(a["tier"]).astype("Float64")
    best = _longest(ph, "actor", [("tier", True), ("post", True)])
    best = best[best.index.isin(out.index)]
    # an own role or party that the actor's tenures confer holds only during them
    for what, col, src in (("post", "role", "source"), ("party", "party", "party_source")):
        own = hold[hold["_what"] == what]
        conferred = set(zip(own["actor"], own["post"].map(a[col].astype(object)), strict=True))
        off = [(i, r) in conferred for i, r in zip(out.index, out[col], strict=True)]
        out.loc[off, col] = pd.NA
        out.loc[off, src] = "out of office" if what == "post" else "out of group"
        if what == "post":
            out.loc[off, "tier"] = pd.NA
    b = best.index
    out.loc[b, "role"] = best["post"].map(a["role"].astype(object))
    out.loc[b, "tier"] = best["post"].map(a["tier"]).astype("Int64")
    out.loc[b, "side"] = best["post"].map(a["side"].astype(object))
    out.loc[b, "post"], out.loc[b, "interim"], out.loc[b, "source"] = best["post"], best["interim"], "post"
    posts = ph.sort_values(["actor", "tier", "post"], na_position="last").groupby("actor")["post"]
    for i, ps in posts.agg(list).items():
        if i in out.index:
            out.at[i, "posts"] = ps
    # party: the party group belonged to longest, then the later-joined, then by id
    pm = _longest(held[held["_what"] == "party"], "actor", [("_tlo", False), ("post", True)])
    pm = pm[pm.index.isin(out.index)]
    out.loc[pm.index, "party"] = pm["post"].map(a["party"].astype(object))
    out.loc[pm.index, "party_source"] = "group"
    out["interim"] = out["interim"].astype(bool)
    return out[_COLUMNS]


def positions(case, at=None, window=None):
    """Each actor's role, tier, side and party at a date or over a window, from its tenures.

    A person holding a post (a tenure of an actor of kind ``post``) takes the post's role, tier
    and side; a member of a party group (a group of role ``party-group`` with a ``party``) takes
    its party. Over a window -- or a partial date such as ``"2021"``, which is an interval --
    the position is the post held longest in it (days, interim and permanent holdings of one
    post together), then the most senior (lowest tier), then by post id; the party is that of
    the party group belonged to longest, then the later-joined one. An actor holding no post
    (no party group) in the selection keeps its own ``role``, ``tier`` and ``side`` (``party``)
    from actors.csv -- unless that own role (party) is one its tenures confer: a former or
    future holder is not in office outside its tenures, so its role and tier (party) are then
    empty, with ``source`` "out of office" ("out of group").

    Handovers within the precision of the dates are resolved first: when one holding of a post
    ends in the same interval in which the next holder's starts (leader A ends ``2020-10``, B
    starts ``2020-10``), the later-starting one holds from its start -- precisely, from the
    later of its first possible day and the first day of the earlier one's end (A ends
    ``2020-10-15``, B starts ``2020-10``: B from 15 October). The same rule applies to a
    person moving from one party group to another. Interim and permanent holdings of one post
    by the same person are one holding. Two holders whose spans truly overlap both hold the
    post (``govnet validate`` warns about it).

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    at, window : optional
        The selection, as in :func:`govnet.case_graph` (a date, which may stand for an
        interval, or a window; with neither, the whole time).

    Returns
    -------
    pandas.DataFrame
        One row per actor, in the order of actors.csv: ``actor``, ``kind``, ``role``, ``tier``
        (Int64), ``side``, ``party``, ``post`` (the post that gives the position, or NA),
        ``posts`` (every post held in the selection, most senior first), ``interim`` (the post
        is held only as interim in the selection), ``source`` ("post", "actor" or "out of
        office") and ``party_source`` ("group", "actor" or "out of group").

    Examples
    --------
    >>> import govnet
    >>> case = govnet.datasets.example_case()
    >>> p = govnet.positions(case, at="2022-03").set_index("actor")
    >>> p.loc["cllr-ada-jones", ["role", "post", "source"]].tolist(), int(p.loc["cllr-ada-jones", "tier"])
    (['leader', 'leader', 'post'], 1)
    >>> p.loc["cllr-ben-khan", ["role", "source"]].tolist()
    ['councillor', 'actor']
    """
    _check_case(case)
    lo, hi = _selection(at, window)
    hold, _ = _holdings(case.actors, case.tenures)
    return _positions(_actor_table(case), hold, lo, hi).reset_index(drop=True)
