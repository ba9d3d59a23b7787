"""Robustness: the key findings of a case rerun under documented variants of its evidence."""

from __future__ import annotations

import copy

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import GraphConventionError
from .graph import _actor_table, _check_case, _observations, _relation_table, _select, _units

__all__ = ["RULES", "robustness"]

#: What "holds" means for each kind of finding.
RULES = {
    "climate": "the sign (+, 0, -) of the era's interface climate is unchanged",
    "key dyad": "the sign of the era's key dyad (top member and chief executive) is unchanged",
    "camps": "a split into two camps (both with signed ties) is still found in the era",
    "ladder": "the highest stage of the oversight ladder in force is unchanged",
}
_COLUMNS = ["finding", "kind", "baseline", "holds", "variants", "fails", "rule"]
_SIGN = {1: "+", 0: "0", -1: "-"}


# ----------------------------------------------------------------------------- variants
def _sources_of(col):
    """Each row's set of source ids (a multi-source ``s13;s15`` gives two)."""
    return [frozenset(x.strip() for x in str(v).split(";") if x.strip()) if pd.notna(v) else frozenset()
            for v in col]


def _uncertain(df, col, missing=True):
    """Rows whose date ``col`` is flagged ``<col>_uncertain`` or (``missing``) is missing: a
    date the coder had to invent."""
    bad = df[col].isna().to_numpy(bool) if missing and col in df.columns else np.zeros(len(df), bool)
    if f"{col}_uncertain" in df.columns:
        bad = bad | df[f"{col}_uncertain"].astype("boolean").fillna(False).to_numpy(bool)
    return bad


def _variants(case, rel):
    """[(name, relation rows kept, event rows kept or None, reporter or None)] in a fixed order.

    ``None`` for events means the variant does not apply to them (events have no confidence
    and no reporter).
    """
    ev = case.events
    rsrc, esrc = _sources_of(rel["source_id"]), _sources_of(ev["source_id"]) if "source_id" in ev else []
    out = [("high-confidence observations only",
            rel["confidence"].eq("high").fillna(False).to_numpy(bool), None, None),
           ("dates neither uncertain nor invented", ~_uncertain(rel, "start") & ~_uncertain(rel, "end", missing=False),
            ~_uncertain(ev, "date"), None)]  # fmt: skip
    reporters = sorted({str(r) for r in rel["reported_by"].dropna()})
    out += [(f"{r}'s account alone", rel["reported_by"].eq(r).fillna(False).to_numpy(bool), None, r)
            for r in reporters]
    sources = sorted(set().union(*rsrc, *esrc))
    # leaving a source out drops the rows it alone supports (a row citing another source stays)
    out += [(f"without source {s}", np.array([not (x and x <= {s}) for x in rsrc], bool),
             np.array([not (x and x <= {s}) for x in esrc], bool), None) for s in sources]
    return out


# ----------------------------------------------------------------------------- measures
def _net(obs, keys):
    """Net sign per ``keys`` with one vote per evidence unit (as :func:`govnet.case_graph`)."""
    if not len(obs):
        return pd.Series(dtype="int64", index=pd.MultiIndex.from_arrays([[]] * len(keys), names=keys))
    votes = np.sign(obs.groupby([*keys, "_unit"], sort=False)["sign"].sum())
    return np.sign(votes.groupby(level=keys, sort=False).sum())


def _climates(net, iface):
    """Sign of the mean interface climate per era (and reporter, if a level) from net signs."""
    s = net[iface.reindex(_pair_index(net), fill_value=False).to_numpy(bool)]
    levels = [n for n in net.index.names if n not in ("_u", "_v")]
    return np.sign(s.groupby(level=levels).mean()).astype(int) if len(s) else pd.Series(dtype=int)


def _pair_index(net):
    return pd.MultiIndex.from_arrays(
        [net.index.get_level_values("_w"), net.index.get_level_values("_u"), net.index.get_level_values("_v")])


def _dyads(net, dyads):
    """Sign of each era's key dyad (sum of both directions) per era (and reporter)."""
    if not len(net) or not len(dyads):
        return pd.Series(dtype=int)
    s = net[_pair_index(net).isin(list(dyads))]
    levels = [n for n in net.index.names if n not in ("_u", "_v")]
    return np.sign(s.groupby(level=levels).sum()).astype(int) if len(s) else pd.Series(dtype=int)


def _split(net_era, sides, seed):
    """Whether :func:`govnet.camps` finds a split in the era's informal signed ties."""
    from .camps import camps

    if not (net_era < 0).any():
        return False  # all positive: balanced as one camp, no split
    G = nx.DiGraph()
    for (u, v), s in net_era.items():
        G.add_node(u, side=sides.get(u))
        G.add_node(v, side=sides.get(v))
        G.add_edge(u, v, sign=int(s), layer="informal")
    try:
        return bool(camps(G, k=2, seed=seed, n=1).split)
    except GraphConventionError:  # the directions cancel out: no signed tie left
        return False


def _ladder_peak(case, keep):
    from .timeseries import oversight_ladder

    c = copy.copy(case)
    c.events = case.events[keep] if keep is not None else case.events
    lad = oversight_ladder(c)
    return int(lad["peak"].max()) if len(lad) else 0


# ----------------------------------------------------------------------------- the table
def _context(case):
    """Eras, informal observations over them (post-resolved, with ``_r`` the relation row),
    the interface mask of pairs and each era's key dyad."""
    from .eras import eras
    from .positions import _holdings, _positions

    e = eras(case).reset_index(drop=True)
    rel = _relation_table(case).reset_index(drop=True)
    rel["_r"] = np.arange(len(rel))
    obs = _observations(case, _select(rel, e["start"], e["end"]), ("informal",), None, None, True, False)
    obs["sign"] = obs["sign"].astype("int64")
    obs["_unit"] = _units(obs)
    c = copy.copy(case)  # the actors' start/end are optional columns
    c.actors = case.actors.reindex(columns=[*case.actors.columns, *sorted({"start", "end"} - set(case.actors))])
    actors, hold = _actor_table(c), _holdings(c.actors, case.tenures)[0]
    sides = {w: _positions(actors, hold, lo, hi)["side"].astype(object).to_dict()
             for w, (lo, hi) in enumerate(zip(e["start"], e["end"], strict=True))}
    pairs = obs[["_w", "_u", "_v"]].drop_duplicates()
    su = [sides[w].get(u) for w, u in zip(pairs["_w"], pairs["_u"], strict=True)]
    sv = [sides[w].get(v) for w, v in zip(pairs["_w"], pairs["_v"], strict=True)]
    iface = pd.Series([{a, b} == {"member", "officer"} for a, b in zip(su, sv, strict=True)],
                      index=pd.MultiIndex.from_frame(pairs))
    dyads = set()
    for w, a, b in zip(e.index, e["top_member"], e["chief_executive"], strict=True):
        if a and b and ";" not in a + b:
            dyads |= {(w, a, b), (w, b, a)}
    return e, rel, obs, iface, dyads, sides


def robustness(case, seed=0):
    """The key findings of a case rerun under documented variants of its evidence.

    Findings (per era of :func:`govnet.eras`, on the informal ties, each pair's sign the net
    of one vote per (reporter, source) as in :func:`govnet.case_graph`):

    * ``climate``: the sign of the era's interface climate (mean sign of member<->officer
      ties, sides at the era from :func:`govnet.positions`), for eras with such ties;
    * ``key dyad``: the sign of the sum of the two directed ties between the era's top member
      and chief executive in office (:func:`govnet.eras` holders), for eras with such a tie;
    * ``camps``: a split found by :func:`govnet.camps` (both camps with signed ties), for
      the last era with a split;
    * ``ladder``: the highest stage in force (:func:`govnet.oversight_ladder`).

    :data:`RULES` says when each *holds*. Variants:

    * *high-confidence observations only* (relations with ``confidence`` "high");
    * *dates neither uncertain nor invented*: relations without a ``start`` or ``end``
      flagged uncertain (``start_uncertain``/``end_uncertain`` when the loader gives them,
      EDTF approximate or uncertain dates) and without a missing ``start`` (a date the coder
      had to invent); events likewise by ``date``;
    * *each reporter's account alone*; a reporter that says nothing about a finding's era
      is not counted for it;
    * *without source s*, for each source: the relations and events that cite only ``s``
      are dropped (a row citing another source too keeps that support).

    A variant that leaves a finding without evidence makes it fail (it rested on what was
    dropped). The ladder rests on events, so only the date and source variants apply to it.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    seed : int
        Seed of :func:`govnet.camps` (its heuristic on large graphs).

    Returns
    -------
    pandas.DataFrame
        One row per finding: ``finding`` (e.g. "climate, Buckley–White, to 2002-11"),
        ``kind`` (a key of :data:`RULES`), ``baseline`` (the sign, "split" or the stage),
        ``holds`` (in how many variants), ``variants`` (how many apply), ``fails`` (the
        variants where it does not hold, "; "-separated) and ``rule``.

    Examples
    --------
    >>> import govnet
    >>> r = govnet.robustness(govnet.datasets.example_case())
    >>> list(r.columns)
    ['finding', 'kind', 'baseline', 'holds', 'variants', 'fails', 'rule']
    >>> bool((r["holds"] <= r["variants"]).all())
    True
    """
    _check_case(case)
    e, rel, obs, iface, dyads, sides = _context(case)
    variants = _variants(case, rel)
    rows = []
    base = _net(obs, ["_w", "_u", "_v"])
    rows += _era_rows(e, obs, base, variants, iface, dyads)
    rows += _camps_rows(e, obs, base, variants, sides, seed)
    peak = _ladder_peak(case, None)
    applied = [(name, _ladder_peak(case, keep)) for name, _, keep, _ in variants if keep is not None]
    rows.append(("ladder", "ladder", f"stage {peak}", [n for n, p in applied if p != peak], len(applied)))
    out = pd.DataFrame(
        [{"finding": f, "kind": k, "baseline": b, "holds": n - len(fails), "variants": n,
          "fails": "; ".join(fails), "rule": RULES[k]} for f, k, b, fails, n in rows],
        columns=_COLUMNS)  # fmt: skip
    return out


def _era_rows(e, obs, base, variants, iface, dyads):
    """(finding, kind, baseline, fails, n) of the climate and key dyad of every era."""
    measures = {"climate": lambda net: _climates(net, iface), "key dyad": lambda net: _dyads(net, dyads)}
    by_rep = _net(obs[obs["reported_by"].notna()].astype({"reported_by": object}),
                  ["reported_by", "_w", "_u", "_v"])
    nets = {name: _net(obs[keep[obs["_r"].to_numpy()]], ["_w", "_u", "_v"])
            for name, keep, _, rep in variants if rep is None}
    rows = []
    for kind, measure in measures.items():
        b, alone = measure(base), measure(by_rep)
        other = {name: measure(net) for name, net in nets.items()}
        for w, sign in b.items():
            fails, n = [], 0
            for name, _, _, rep in variants:
                if rep is not None:
                    if (rep, w) not in alone.index:
                        continue  # the reporter says nothing about it
                    got = alone[(rep, w)]
                else:
                    got = other[name].get(w)
                n += 1
                if got is None or got != sign:
                    fails.append(name)
            rows.append((f"{kind}, {e.at[w, 'label']}", kind, _SIGN[int(sign)], fails, n))
    return rows


def _camps_rows(e, obs, base, variants, sides, seed):
    """The camps finding of the last era with a split (none when no era has one)."""
    for w in reversed(range(len(e))):
        if w in base.index.get_level_values("_w") and _split(base.xs(w, level="_w"), sides[w], seed):
            break
    else:
        return []
    era = obs[obs["_w"] == w]
    fails, n = [], 0
    for name, keep, _, rep in variants:
        sub = era[keep[era["_r"].to_numpy()]]
        if rep is not None and not len(sub):
            continue
        n += 1
        net = _net(sub, ["_u", "_v"])
        if not _split(net, sides[w], seed):
            fails.append(name)
    return [(f"camps, {e.at[w, 'label']}", "camps", "split", fails, n)]
