"""Support: how much evidence each headline finding rests on, with intervals and thin marks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exceptions import ParameterError
from .graph import _check_case, _check_graph, _relation_table, _units

__all__ = ["MIN_INDEPENDENT", "N_BOOT", "FINDINGS", "support", "binomial_interval", "thin_note",
           "period_summary"]

#: A finding resting on fewer independent observations than this (or on one reporter) is thin.
MIN_INDEPENDENT = 3
#: Bootstrap resamples of the observations for an interval of a mean sign.
N_BOOT = 1000
#: The headline findings :func:`support` describes.
FINDINGS = ("climate", "cascade", "key_dyad", "camps", "ladder", "churn")
_GRAPH_FINDINGS = ("climate", "cascade", "key_dyad", "camps")
_CHUNK = 4_000_000  # bootstrap cells (resamples x rows) computed at once


def binomial_interval(k, n, confidence=0.95):
    """Exact (Clopper-Pearson) interval of a share ``k / n``.

    Parameters
    ----------
    k, n : int
        Successes and trials (``0 <= k <= n``).
    confidence : float
        Confidence level.

    Returns
    -------
    (float, float) or (None, None)
        Lower and upper bound; ``(None, None)`` when ``n`` is 0.

    References
    ----------
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits
    illustrated in the case of the binomial. *Biometrika* 26(4), 404-413 (computed with
    :func:`scipy.stats.binomtest`).

    Examples
    --------
    >>> [round(x, 4) for x in binomial_interval(7, 50)]
    [0.0582, 0.2674]
    """
    if n == 0:
        return None, None
    if not 0 <= k <= n:
        raise ParameterError(f"binomial_interval: need 0 <= k <= n, got k={k}, n={n}")
    from scipy.stats import binomtest

    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method="exact")
    return float(ci.low), float(ci.high)


def thin_note(sup):
    """" (thin: rests on N observations from one reporter)" for a thin finding, else "".

    ``N`` is the number of independent observations (:func:`support`), "1 observation" when
    there is one; a finding resting on no observation at all gets no note (its text says
    "no ties" or "none").

    Examples
    --------
    >>> thin_note({"thin": True, "n_observations": 3, "n_independent": 1, "reporters": ["x"]})
    ' (thin: rests on 1 observation from one reporter)'
    >>> thin_note({"thin": True, "n_observations": 3, "n_independent": 2, "reporters": ["x"]})
    ' (thin: rests on 2 observations from one reporter)'
    >>> thin_note({"thin": False})
    ''
    """
    if not sup or not sup.get("thin") or not sup.get("n_observations"):
        return ""  # nothing coded: the finding says so itself ("no ties")
    k = len(sup.get("reporters") or [])
    who = "one reporter" if k == 1 else "no named reporter" if k == 0 else f"{k} reporters"
    n = sup.get("n_independent", 0)
    return f" (thin: rests on {n} observation{'' if n == 1 else 's'} from {who})"


# ----------------------------------------------------------------------------- evidence
def _rows(case, G, edges):
    """Observation rows of ``edges`` of an aggregated case graph: the rows of the layer each
    edge carries (informal when it is informal), with ``tie``, ``sign``, reporter, source."""
    rel = _relation_table(case).drop_duplicates("id").set_index("id")
    recs = [(i, u, v, ob) for i, (u, v) in enumerate(edges)
            for ob in (G.edges[u, v].get("observations") or [])]  # fmt: skip
    r = pd.DataFrame(recs, columns=["tie", "u", "v", "id"])
    r = r[r["id"].isin(rel.index)]
    r = r.join(rel[["sign", "layer", "reported_by", "source_id"]], on="id")
    carried = r["tie"].map(dict(enumerate(G.edges[u, v].get("layer", "informal") for u, v in edges)))
    r = r[r["layer"].eq(carried).fillna(False).to_numpy(bool)].reset_index(drop=True)
    r["sign"] = r["sign"].astype("int64")
    unit = pd.Series(_units(r), index=r.index, dtype=object)
    r["_unit"] = r["tie"].astype(str) + "\x1e" + unit
    # independent: one per (reporter, source) of an unordered pair (both directions of an
    # undirected row, or of "they distrust each other", are one piece of evidence)
    pair = [f"{min(str(u), str(v))}\x1e{max(str(u), str(v))}" for u, v in zip(r["u"], r["v"], strict=True)]
    r["_ind"] = pd.Series(pair, index=r.index, dtype=object) + "\x1e" + unit
    return r


def _split(values):
    """Distinct ids of ``;``-separated lists (sources), sorted."""
    return sorted({x.strip() for v in values if isinstance(v, str) for x in v.split(";") if x.strip()})


def _summary(finding, value, n_ties, n_obs, units, reporters, sources, ci=(None, None), how=None):
    n_ind = int(len(set(units)))
    return {
        "finding": finding, "value": value, "n_ties": int(n_ties), "n_observations": int(n_obs),
        "n_independent": n_ind, "reporters": sorted({str(x) for x in reporters if pd.notna(x)}),
        "sources": list(sources), "ci_low": ci[0], "ci_high": ci[1], "interval": how,
        "thin": bool(n_ind < MIN_INDEPENDENT or len({x for x in reporters if pd.notna(x)}) <= 1),
    }  # fmt: skip


def _tie_support(finding, case, G, edges, seed, n_boot, confidence, interval="bootstrap"):
    """Support of the mean sign of ``edges`` (the signs of the aggregated graph)."""
    signs = [int(G.edges[u, v]["sign"]) for u, v in edges]
    value = round(float(np.mean(signs)), 6) if signs else None
    r = _rows(case, G, edges)
    ci, how = (None, None), None
    if len(r) and interval == "bootstrap":
        ci, how = _bootstrap(r, n_boot, seed, confidence), f"bootstrap over observations ({n_boot})"
    elif len(r):
        votes = np.sign(r.groupby("_unit")["sign"].sum())
        k, n = int((votes > 0).sum()), int((votes != 0).sum())
        ci = binomial_interval(k, n, confidence)
        how = "Clopper-Pearson (share of positive votes)" if n else None
    return _summary(finding, value, len(edges), r["id"].nunique(), r["_ind"],
                    r["reported_by"], _split(r["source_id"]), ci, how)


def _bootstrap(r, n_boot, seed, confidence):
    """Percentile interval of the mean tie sign when the observations are resampled.

    Each resample draws the observations (ids) with replacement; a tie's sign is re-aggregated
    as :func:`govnet.case_graph` does (one vote per evidence unit, the sign of the sum of its
    drawn rows; the tie's sign the sign of the sum of its votes), over the ties drawn at all.
    """
    from scipy import sparse

    obs = pd.factorize(r["id"])[0]
    unit = pd.factorize(r["_unit"])[0]
    tie_of_unit = pd.Series(r["tie"].to_numpy()).groupby(unit).first().to_numpy()
    tie = pd.factorize(tie_of_unit)[0]
    n, n_rows = obs.max() + 1, len(r)
    a_unit = sparse.csr_matrix((np.ones(n_rows), (np.arange(n_rows), unit)))
    a_tie = sparse.csr_matrix((np.ones(len(tie)), (np.arange(len(tie)), tie)))
    sign = r["sign"].to_numpy(float)
    rng = np.random.default_rng(seed)
    means = []
    step = max(1, _CHUNK // max(n_rows, 1))
    for b in range(0, n_boot, step):
        counts = rng.multinomial(n, np.full(n, 1 / n), size=min(step, n_boot - b))[:, obs]
        votes = np.sign(np.asarray(a_unit.T @ (counts * sign).T).T)
        drawn = np.asarray(a_unit.T @ counts.T).T > 0
        ties = np.sign(np.asarray(a_tie.T @ votes.T).T)
        present = np.asarray(a_tie.T @ drawn.T.astype(float)).T > 0
        means.append((ties * present).sum(axis=1) / present.sum(axis=1))
    q = (1 - confidence) / 2
    lo, hi = np.quantile(np.concatenate(means), [q, 1 - q])
    return round(float(lo), 6), round(float(hi), 6)


# ----------------------------------------------------------------------------- findings
def _interface_edges(G, tier=None):
    """Informal member<->officer edges (of the cascade ``tier``: the larger of the two tiers)."""
    side, tiers = dict(G.nodes(data="side")), dict(G.nodes(data="tier"))
    out = []
    for u, v, d in G.edges(data=True):
        if (d.get("layer") or "informal") != "informal" or {side.get(u), side.get(v)} != {"member", "officer"}:
            continue
        if tier is not None and (tiers.get(u) is None or tiers.get(v) is None
                                 or max(int(tiers[u]), int(tiers[v])) != tier):
            continue
        out.append((u, v))
    return sorted(out, key=lambda e: (str(e[0]), str(e[1])))


def _graph_support(finding, case, G, seed, n_boot, confidence):
    if finding == "climate":
        return _tie_support("climate", case, G, _interface_edges(G), seed, n_boot, confidence)
    if finding == "cascade":
        tiers = sorted({max(int(G.nodes[u]["tier"]), int(G.nodes[v]["tier"]))
                        for u, v in _interface_edges(G)
                        if G.nodes[u].get("tier") is not None and G.nodes[v].get("tier") is not None})
        return {str(t): _tie_support(f"cascade tier {t}", case, G, _interface_edges(G, t), seed,
                                     n_boot, confidence) for t in tiers}  # fmt: skip
    if finding == "key_dyad":
        from .interface import key_dyad

        d = key_dyad(G)
        edges = [] if d["note"] else [e for e in ((d["a"], d["b"]), (d["b"], d["a"])) if G.has_edge(*e)]
        out = _tie_support("key dyad", case, G, edges, seed, n_boot, confidence, interval="binomial")
        return {**out, "a": d["a"], "b": d["b"], "note": d["note"]}
    from .report.results import informal_signed_graph

    H = informal_signed_graph(G)
    edges = [e for u, v in H.edges for e in ((u, v), (v, u)) if G.has_edge(*e)
             and (G.edges[e].get("layer") or "informal") == "informal"]
    r = _rows(case, G, edges)
    return _summary("camps", None, H.number_of_edges(), r["id"].nunique(), r["_ind"],
                    r["reported_by"], _split(r["source_id"]))


def _publishers(case, sources):
    """Publisher of each source id (the source id itself when no publisher is coded)."""
    s = getattr(case, "sources", None)
    pub = {}
    if isinstance(s, pd.DataFrame) and {"id", "publisher"} <= set(s.columns):
        pub = s.dropna(subset=["publisher"]).set_index("id")["publisher"].astype(str).to_dict()
    return [pub.get(x, x) for x in sources]


def _case_support(finding, case):
    """Support of the ladder peak (its events) or of the departures (their tenures): one
    observation per (event or tenure, source); the reporters are the sources' publishers."""
    if finding == "ladder":
        from .timeseries import oversight_ladder

        lad = oversight_ladder(case)
        peak = int(lad["peak"].max()) if len(lad) else 0
        items = lad.loc[lad["stage"].eq(peak), ["event", "source_id"]].set_axis(["item", "source_id"], axis=1)
        value = peak
    else:
        from .timeseries import departures

        dep = departures(case)
        t = case.tenures
        src = t[["actor", "post"]].assign(source_id=t["source_id"] if "source_id" in t.columns else pd.NA)
        items = dep[["person", "post"]].merge(src, left_on=["person", "post"], right_on=["actor", "post"])
        items = items.assign(item=items["person"] + "@" + items["post"])[["item", "source_id"]]
        ev = case.events
        ev = ev.loc[ev["type"].eq("departure").fillna(False).to_numpy(bool), ["id", "source_id"]]
        items = pd.concat([items, ev.set_axis(["item", "source_id"], axis=1)], ignore_index=True)
        value = len(dep) + len(ev)
    items = items.drop_duplicates().astype(object)
    sources = _split(items["source_id"])
    units = (items["item"].astype(str) + "\x1f" + items["source_id"].astype(str)).tolist()
    return _summary(finding, value, 0, items["item"].nunique(), units, _publishers(case, sources), sources)


def support(case, G=None, finding="climate", seed=0, n_boot=N_BOOT, confidence=0.95):
    """How much a headline finding rests on: ties, observations, reporters, sources, interval.

    An *independent observation* is one evidence unit, as :func:`govnet.case_graph` counts
    votes: a (reporter, ``source_id`` as written) of one pair of actors (both directions
    together), however many rows it was coded in; for the ladder and churn, an (event or tenure, source) pair, the sources'
    publishers being the reporters. A finding resting on fewer than :data:`MIN_INDEPENDENT`
    independent observations, or on a single reporter, is **thin**.

    The findings (``finding``):

    * ``"climate"``: the interface climate of ``G`` (mean sign of the informal member<->officer
      ties, as :func:`govnet.report.interface_summary`), with a percentile bootstrap
      interval: the observations of those ties resampled with replacement (``n_boot`` times,
      ``seed``), each tie re-aggregated by votes;
    * ``"cascade"``: the same per tier of :func:`govnet.cascade` (a dict tier -> support);
    * ``"key_dyad"``: the mean sign of the two ties of :func:`govnet.key_dyad` with an exact
      Clopper-Pearson interval of the share of positive votes among its signed votes;
    * ``"camps"``: the informal signed ties that :func:`govnet.camps` splits (no interval);
    * ``"ladder"``: the events of the highest stage in force (:func:`govnet.oversight_ladder`);
    * ``"churn"``: the departures from key posts (:func:`govnet.departures`, with their
      tenures' sources) and the events of type ``departure`` (turnover reported in aggregate).

    Parameters
    ----------
    case : govnet.Case
        The case (observations, sources and publishers are looked up there).
    G : networkx.DiGraph, optional
        An aggregated case graph (``case.graph(at=...)``); needed for the climate, cascade,
        key dyad and camps.
    finding : str
        One of :data:`FINDINGS`.
    seed : int
        Seed of the bootstrap.
    n_boot : int
        Bootstrap resamples.
    confidence : float
        Confidence level of the intervals.

    Returns
    -------
    dict
        ``finding``, ``value`` (the number supported, or None), ``n_ties``,
        ``n_observations`` (rows), ``n_independent``, ``reporters``, ``sources`` (sorted ids),
        ``ci_low``, ``ci_high`` and ``interval`` (how; None without an interval) and ``thin``;
        the key dyad adds ``a``, ``b`` and ``note``. For ``"cascade"`` a dict tier -> such dicts.

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> import govnet
    >>> case = govnet.datasets.example_case()
    >>> s = govnet.support(case, case.graph(at="2022"), "climate")
    >>> s["value"], s["n_ties"], s["n_independent"], s["reporters"], s["thin"]
    (0.333333, 6, 3, ['gazette'], True)
    >>> s["ci_low"], s["ci_high"]
    (-1.0, 1.0)
    """
    _check_case(case)
    if finding not in FINDINGS:
        raise ParameterError(f"finding={finding!r}: use one of {FINDINGS}")
    if finding in _GRAPH_FINDINGS:
        if G is None or G.is_multigraph():
            raise ParameterError(f"support of {finding!r} needs an aggregated case graph G (a DiGraph)")
        _check_graph(G)
        return _graph_support(finding, case, G, seed, n_boot, confidence)
    return _case_support(finding, case)


def period_summary(results):
    """A case over its whole period, for the cross-case page: never its last snapshot alone.

    Parameters
    ----------
    results : dict
        One case's ``results.json`` (:func:`govnet.report.headline_results`).

    Returns
    -------
    dict
        ``climate_path`` (the interface climate at every snapshot, "2021 +1.00 → 2024 -1.00",
        a thin one followed by "(thin)", a snapshot without ties by "no ties"),
        ``thin_snapshots`` and ``snapshots_with_ties`` (counts), ``ladder_thin`` and
        ``churn_thin`` (bool: the ladder's peak or the departures rest on thin evidence).

    Examples
    --------
    >>> r = {"snapshots": [
    ...     {"date": "2021", "climate": {"interface": 1.0, "interface_ties": 1},
    ...      "support": {"climate": {"thin": True, "n_observations": 1}}},
    ...     {"date": "2024", "climate": {"interface": -0.5, "interface_ties": 8},
    ...      "support": {"climate": {"thin": False, "n_observations": 9}}}]}
    >>> period_summary(r)["climate_path"]
    '2021 +1.00 (thin) → 2024 -0.50'
    """
    steps, thin, with_ties = [], 0, 0
    for snap in results.get("snapshots", []):
        cl = snap.get("climate") or {}
        if not cl.get("interface_ties"):
            steps.append(f"{snap.get('date')} no ties")
            continue
        with_ties += 1
        is_thin = bool(thin_note((snap.get("support") or {}).get("climate")))
        thin += is_thin
        steps.append(f"{snap.get('date')} {cl['interface']:+.2f}" + (" (thin)" if is_thin else ""))
    sup = results.get("support") or {}
    return {"climate_path": " → ".join(steps), "thin_snapshots": thin, "snapshots_with_ties": with_ties,
            "ladder_thin": bool(thin_note(sup.get("ladder"))), "churn_thin": bool(thin_note(sup.get("churn")))}
