"""The results of a case study: snapshots, headline measures, evidence, cross-case tables."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from ..codebook import _stage
from ..dates import _interval
from ..exceptions import GraphConventionError, ParameterError
from ..validate import _quotes_as_shown

__all__ = [
    "SNAPSHOT_KINDS",
    "snapshots",
    "snapshot_dates",
    "panel_dates",
    "interface_summary",
    "informal_signed_graph",
    "ladder_stage_at",
    "headline_results",
    "evidence_appendix",
    "cross_case_table",
    "cross_case_summary",
]


#: What ``dates`` may name instead of dates: the case's own eras, or every calendar year.
SNAPSHOT_KINDS = ("eras", "years")


def snapshots(case, dates="eras"):
    """The snapshots of a case study: what each one is called and the days it covers.

    Parameters
    ----------
    case : govnet.Case
    dates : str, int or list of str or int
        ``"eras"`` (the default): the case's own eras (:func:`govnet.eras`), each from its
        first to its last day; ``"years"`` (also ``"YS"``, and ``None`` or ``[]`` as before
        eras were the default): every calendar year of the case period, each standing for its
        whole year; a date (an
        int year or a partial date of :func:`govnet.parse_partial_date`), several in a
        comma-separated string (``"2021,2023-11"``) or a list: those dates (sorted, duplicates
        dropped). A one-item list holding ``"eras"`` or ``"years"`` counts as that word (as
        ``govnet report -p dates years`` passes it). A table this function returned is
        taken as it is. Anything else raises ParameterError.

    Returns
    -------
    pandas.DataFrame
        One row per snapshot, in time order: ``date`` (what :meth:`govnet.Case.graph` takes as
        ``at``: a partial date, or an era's ``first/last`` day), ``label`` (the era's label of
        :func:`govnet.eras`, else the date), ``start`` and ``end`` (first and last day,
        ``YYYY-MM-DD``).

    Examples
    --------
    >>> import govnet
    >>> s = snapshots(govnet.load_case("waltham-forest"))
    >>> s.values.tolist()[0]
    ['2002-01-01/2002-11-30', 'Buckley–White, to 2002-11', '2002-01-01', '2002-11-30']
    >>> snapshots(govnet.load_case("waltham-forest"), 2003).values.tolist()
    [['2003', '2003', '2003-01-01', '2003-12-31']]
    """
    if isinstance(dates, pd.DataFrame):
        return dates
    kind = _snapshot_kind(dates)
    if kind == "eras":
        from ..eras import eras

        e = eras(case)
        start, end = e["start"].dt.strftime("%Y-%m-%d"), e["end"].dt.strftime("%Y-%m-%d")
        return pd.DataFrame({"date": start + "/" + end, "label": e["label"].astype(str),
                             "start": start, "end": end}).reset_index(drop=True)
    if kind == "years":
        per = case.meta.get("period", {}) or {}
        lo = _interval(per.get("start"))[0]
        hi = _interval(per.get("end"))[1]
        keys = [str(y) for y in range(lo.year, hi.year + 1)]
    else:
        if isinstance(dates, str):
            dates = dates.split(",")
        elif isinstance(dates, int):
            dates = [dates]
        keys = sorted({str(d).strip() for d in dates if str(d).strip()},
                      key=lambda d: (_interval(d, "dates")[0], d))
    spans = [_interval(d, "dates") for d in keys]
    return pd.DataFrame({"date": keys, "label": keys,
                         "start": [lo.strftime("%Y-%m-%d") for lo, _ in spans],
                         "end": [hi.strftime("%Y-%m-%d") for _, hi in spans]})


def _snapshot_kind(dates):
    """"eras", "years" or None (dates given) for a ``dates`` argument of :func:`snapshots`."""
    if isinstance(dates, list | tuple) and len(dates) == 1 and str(dates[0]).strip() in SNAPSHOT_KINDS:
        dates = str(dates[0]).strip()
    if dates is None or (isinstance(dates, list | tuple) and len(dates) == 0):
        return "years"
    if isinstance(dates, str) and dates.strip() in (*SNAPSHOT_KINDS, "YS"):
        return {"YS": "years"}.get(dates.strip(), dates.strip())
    if isinstance(dates, bool) or not isinstance(dates, str | int | list | tuple):
        raise ParameterError(f"dates={dates!r}: give 'eras', 'years', a date, a comma-separated "
                             "string of dates or a list of dates")
    return None


def snapshot_dates(case, dates="eras"):
    """The snapshot dates of a case study: the ``date`` column of :func:`snapshots`.

    Parameters
    ----------
    case : govnet.Case
    dates : see :func:`snapshots`

    Returns
    -------
    list of str
        Each one what :meth:`govnet.Case.graph` takes as ``at``.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> case = example_case()
    >>> snapshot_dates(case, ["2021-05", "2020"])
    ['2020', '2021-05']
    >>> snapshot_dates(case, "2021,2020") == snapshot_dates(case, [2020, 2021])
    True
    """
    return snapshots(case, dates)["date"].tolist()


def panel_dates(dates, max_panels=6):
    """At most ``max_panels`` of ``dates`` for small multiples: the first, the last, evenly between.

    A network drawn at twenty dates is unreadable (and slow to draw); the tables keep every date.

    Parameters
    ----------
    dates : list of str
        Snapshot dates in order (see :func:`snapshot_dates`).
    max_panels : int
        The most panels to draw (at least 1).

    Returns
    -------
    list of str
        A sub-list of ``dates``, in order; all of them when there are no more than ``max_panels``.

    Examples
    --------
    >>> panel_dates([str(y) for y in range(2001, 2021)], 4)
    ['2001', '2007', '2014', '2020']
    >>> panel_dates(["2021", "2022"])
    ['2021', '2022']
    """
    dates = list(dates)
    k = max(1, int(max_panels))
    if len(dates) <= k:
        return dates
    if k == 1:
        return [dates[-1]]
    picks = sorted({round(i * (len(dates) - 1) / (k - 1)) for i in range(k)})
    return [dates[i] for i in picks]


def interface_summary(G, layers=("informal",)):
    """Headline climate numbers of one graph, from :func:`govnet.interface_climate` and :func:`govnet.cascade`.

    Parameters
    ----------
    G : networkx graph (case-graph convention)
    layers : tuple of str
        Layers counted (default the informal, signed layer, as the library's climate functions).

    Returns
    -------
    dict
        ``interface`` (mean sign of member↔officer ties, both directions pooled, weighted by tie
        counts), ``interface_ties``, ``member_to_officer``, ``officer_to_member``,
        ``within_members``, ``within_officers``, ``with_externals`` (each ``None`` without ties), and
        ``cascade``: tier (as a string) -> {"mean_sign", "ties"} for the tiers that have ties.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("l", side="member", tier=1); G.add_node("c", side="officer", tier=1)
    >>> G.add_node("b", side="member", tier=3)
    >>> G.add_edge("l", "c", sign=-1, layer="informal"); G.add_edge("c", "l", sign=-1, layer="informal")
    >>> G.add_edge("b", "c", sign=1, layer="informal")
    >>> s = interface_summary(G)
    >>> s["interface"], s["interface_ties"], s["cascade"]["1"]["mean_sign"], s["cascade"]["3"]["mean_sign"]
    (-0.333333, 3, -1.0, 1.0)
    """
    from ..interface import cascade, interface_climate

    tab = interface_climate(G, layers=layers)
    f, t = tab["source_side"], tab["target_side"]

    def mean(mask):
        sub = tab[mask & tab["n_ties"].gt(0)]
        n = int(sub["n_ties"].sum())
        if n == 0:
            return None, 0
        return round(float((sub["mean_sign"] * sub["n_ties"]).sum() / n), 6), n

    out = {}
    out["interface"], out["interface_ties"] = mean(
        ((f == "member") & (t == "officer")) | ((f == "officer") & (t == "member"))
    )
    out["member_to_officer"], _ = mean((f == "member") & (t == "officer"))
    out["officer_to_member"], _ = mean((f == "officer") & (t == "member"))
    out["within_members"], _ = mean((f == "member") & (t == "member"))
    out["within_officers"], _ = mean((f == "officer") & (t == "officer"))
    out["with_externals"], _ = mean((f == "external") | (t == "external"))
    cas = cascade(G, layers=layers)
    out["cascade"] = {
        str(int(r.tier)): {"mean_sign": round(float(r.mean_sign), 6), "ties": int(r.n_ties)}
        for r in cas[cas["n_ties"] > 0].itertuples(index=False)
    }
    return out


def informal_signed_graph(G):
    """The undirected informal signed graph used for balance, frustration and camps.

    Keeps the informal ties, drops self-loops, and reduces with :func:`govnet.signed_graph`
    (``rule="net"``, ``directed=False``: both directions pooled, zero signs and pairs that cancel
    out dropped) — the same reduction :func:`govnet.camps` uses. Every node of ``G`` is kept with its
    attributes.

    Parameters
    ----------
    G : networkx graph (case-graph convention)

    Returns
    -------
    networkx.Graph
        Edges carry ``sign`` in {-1, +1}.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", sign=-1, layer="informal"); G.add_edge("b", "a", sign=-1, layer="informal")
    >>> G.add_edge("a", "c", sign=1, layer="formal")
    >>> H = informal_signed_graph(G)
    >>> sorted(H.edges(data="sign")), sorted(H.nodes)
    ([('a', 'b', -1)], ['a', 'b', 'c'])
    """
    from ..signed import signed_graph

    keep = [e[:-1] for e in (G.edges(keys=True, data="layer") if G.is_multigraph() else G.edges(data="layer"))
            if (e[-1] or "informal") == "informal" and e[0] != e[1]]
    sub = G.edge_subgraph(keep).copy()
    sub.add_nodes_from(G.nodes(data=True))
    H = signed_graph(sub, rule="net", directed=False)
    out = nx.Graph()
    out.add_nodes_from(sorted(G.nodes(data=True), key=lambda x: str(x[0])))
    out.add_edges_from(sorted(H.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    return out


def ladder_stage_at(case, date):
    """Stage of the oversight ladder in force at the end of a (partial) date: :func:`govnet.ladder_stage`.

    Parameters
    ----------
    case : govnet.Case
    date : str or int
        A partial date (:func:`govnet.parse_partial_date`) or a snapshot's ``first/last`` days.

    Returns
    -------
    int or float
        The stage (a half stage, such as 2.5, where the codebook defines one).

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> isinstance(ladder_stage_at(example_case(), "2030"), int)
    True
    """
    from ..timeseries import ladder_stage

    return ladder_stage(case, date)


def _camps_summary(G, seed, n_null):
    """Headline of :func:`govnet.camps` on a case graph (None when there is no informal signed tie)."""
    from ..camps import camps

    try:
        res = camps(G, k=2, seed=seed, **({} if n_null is None else {"n": n_null}))
    except GraphConventionError as err:
        if "no informal signed" in str(err):
            return None
        raise
    part = {str(k): int(v) for k, v in sorted(res.partition.items(), key=lambda kv: str(kv[0]))}
    sig, ali = res.significance, res.alignment
    return {
        "partition": part,
        "sizes": sorted(pd.Series(list(part.values())).value_counts().tolist(), reverse=True),
        "frustration": int(res.frustration),
        "normalized": res.normalized,
        "optimal": bool(res.optimal),
        "p": sig.get("p"),
        "z": sig.get("z"),
        "ari_side": ali.get("side"),
        "ari_party": ali.get("party"),
        "ari_groups": ali.get("groups"),
        **{f"coverage_{a}": v for a, v in res.coverage.items()},
        "undetermined": len(res.undetermined),
        "interpretation": res.interpretation,
    }


def _balance_summary(H, seed):
    out = {"signed_ties": H.number_of_edges(),
           "negative_ties": sum(1 for *_, s in H.edges(data="sign") if s < 0)}
    if H.number_of_edges() == 0:
        return out
    from ..balance import triangle_balance
    from ..frustration import frustration_index

    v = triangle_balance(H)
    out["triangle_balance"] = None if math.isnan(v) else round(float(v), 6)
    r = frustration_index(H, method="auto", seed=seed)
    out["frustration"] = int(r.value)
    out["frustration_normalized"] = round(float(r.normalized), 6)
    out["frustration_optimal"] = bool(r.optimal)
    return out


def headline_results(case, dates="eras", seed=0, graphs=None, n_null=None):
    """The headline measures of a case, machine-readable (what ``results.json`` holds).

    Parameters
    ----------
    case : govnet.Case
    dates : see :func:`snapshots`
        Default the case's eras.
    seed : int
        Seed passed to randomised methods (camps significance).
    graphs : dict, optional
        date -> graph already built with ``case.graph(at=date)`` (to avoid building them twice);
        the key ``"all"`` may hold ``case.graph()``.
    n_null : int, optional
        Sign shufflings for the significance of the camps (:func:`govnet.balance_test`); default
        :data:`govnet.N_NULL`, as :func:`govnet.camps`.

    Returns
    -------
    dict
        ``case`` (id, title, council, period, synthetic), ``counts`` (rows per table and actors per
        kind), ``seed``, ``dates``, ``snapshots`` (one dict per snapshot: ``date``,
        ``label``, ``start`` and ``end`` as :func:`snapshots` gives them, ``nodes``, ``ties``,
        ``positive``, ``negative``, ``climate`` (:func:`interface_summary`), ``balance``
        (triangle balance, frustration of :func:`informal_signed_graph`), ``camps``
        (:func:`govnet.camps`: partition, sizes, frustration, p and z of the significance test,
        adjusted Rand index with side, party and groups and their coverage, number of undetermined
        nodes, interpretation; None without informal signed ties),
        ``ladder_stage``), ``perception`` (from :func:`govnet.perception_gap`, reporters compared
        within each era: pairs with several accounts, pairs in disagreement and each disagreeing
        account with its ``period`` and ``observations``), ``power`` (over the whole period, ``case.graph()``: Freeman
        centralization of formal responsibility ties among the council's own actors and its most
        central actors, :func:`govnet.centralization`; the top
        three brokers between sides, :func:`govnet.brokerage`),
        ``ladder`` (:func:`govnet.oversight_ladder` events, with the stage ``in_force`` after each),
        ``ladder_peak`` (highest stage in force) and ``ladder_in_force`` (at the end of the period;
        :func:`govnet.ladder_stage`), ``churn`` (:func:`govnet.churn` rows per year, with ``year``),
        ``support`` (:func:`govnet.support` of the ladder peak and the departures; each snapshot
        also has ``support`` of its climate, cascade, key dyad and camps).
        Every value is a plain JSON type; keys are sorted when written.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> r = headline_results(example_case())
    >>> sorted(r)
    ['case', 'churn', 'counts', 'dates', 'ladder', 'ladder_in_force', 'ladder_peak', 'perception', 'power', 'seed', 'snapshots', 'support']
    """
    from ..support import support

    snaps = snapshots(case, dates)
    res = {
        "case": _case_info(case),
        "counts": _counts(case),
        "seed": int(seed),
        "dates": snaps["date"].tolist(),
        "snapshots": [],
    }
    for row in snaps.itertuples(index=False):
        snap = dict(zip(("date", "label", "start", "end"), row, strict=True))
        G = graphs[snap["date"]] if graphs and snap["date"] in graphs else case.graph(at=snap["date"])
        res["snapshots"].append(_snapshot_results(case, G, snap, seed, n_null))
    res["power"] = _power(graphs["all"] if graphs and "all" in graphs else case.graph())
    res["perception"] = _perception(case)
    res.update(_ladder(case))
    res["support"] = {f: support(case, finding=f) for f in ("ladder", "churn")}
    res["churn"] = _churn(case)
    return _jsonable(res)


def _case_info(case):
    """``case`` of :func:`headline_results`: id, title, council, period, synthetic."""
    return {
        "id": case.id,
        "title": case.meta.get("title"),
        "council": case.meta.get("council"),
        "period": {k: str(v) for k, v in (case.meta.get("period") or {}).items()},
        "synthetic": bool(case.meta.get("synthetic", False)),
    }


def _counts(case):
    """``counts`` of :func:`headline_results`: rows per table, actors per kind, relations per layer."""
    a = case.actors
    return {
        "sources": len(case.sources),
        "actors": len(a),
        "tenures": len(case.tenures),
        "relations": len(case.relations),
        "events": len(case.events),
        "actors_by_kind": {str(k): int(v) for k, v in a["kind"].value_counts().sort_index().items()},
        "relations_by_layer": {
            str(k): int(v) for k, v in case.relations["layer"].value_counts().sort_index().items()
        },
    }


def _snapshot_results(case, G, snap, seed, n_null):
    """One snapshot of :func:`headline_results`: ``snap`` (date, label, start, end) completed
    with the counts, climate, ladder stage, balance, camps and support of its graph ``G``."""
    from ..support import support

    d = snap["date"]
    signs = [int(s) for *_, s in G.edges(data="sign")]
    snap.update({
        "nodes": G.number_of_nodes(),
        "ties": G.number_of_edges(),
        "positive": signs.count(1),
        "negative": signs.count(-1),
        "climate": interface_summary(G),
        "ladder_stage": ladder_stage_at(case, d),
    })
    snap["balance"] = _balance_summary(informal_signed_graph(G), seed)
    snap["camps"] = _camps_summary(G, seed, n_null)
    snap["support"] = {f: support(case, G, f, seed=seed) for f in ("climate", "cascade", "key_dyad", "camps")}
    return snap


def _power(G_all):
    """``power`` of :func:`headline_results`: formal centralization and the top brokers."""
    from ..power import brokerage, centralization

    cen = centralization(G_all)
    brk = brokerage(G_all, by="side")
    brk = brk[brk["total"] > 0].sort_values(["total", "node"], ascending=[False, True])
    names_all = {str(n): str(G_all.nodes[n].get("name", n)) for n in G_all.nodes}
    return {
        "centralization": cen["centralization"],
        "formal_ties_nodes": int(cen["n"]),
        "most_central": [str(n) for n in cen["most_central"]],
        "most_central_names": [names_all.get(str(n), str(n)) for n in cen["most_central"]],
        "top_brokers": [{"node": str(r.node), "name": names_all.get(str(r.node), str(r.node)),
                         "total": int(r.total)} for r in brk.head(3).itertuples(index=False)],
    }


def _perception(case):
    """``perception`` of :func:`headline_results`: ties with several accounts, disagreements."""
    from ..perception import perception_gap

    gaps = perception_gap(case)
    names = case.actors.set_index("id")["name"].astype(str).to_dict()
    split = gaps[gaps["agreement"] < 1]
    return {
        "pairs_with_several_accounts": int(len(gaps[["source", "target"]].drop_duplicates())),
        "pairs_in_disagreement": int(len(split[["source", "target"]].drop_duplicates())),
        "disagreements": [
            {"source": str(r.source), "target": str(r.target), "reporter": str(r.reporter),
             "source_name": names.get(r.source, str(r.source)),
             "target_name": names.get(r.target, str(r.target)),
             "reporter_name": names.get(r.reporter, str(r.reporter)), "sign": int(r.sign),
             "period": str(r.period), "observations": str(r.observations).split(";")}
            for r in split.itertuples(index=False)
        ],
    }


def _ladder(case):
    """``ladder``, ``ladder_peak`` and ``ladder_in_force`` of :func:`headline_results`."""
    from ..timeseries import oversight_ladder

    lad = oversight_ladder(case)
    end = (case.meta.get("period") or {}).get("end")
    return {
        "ladder": [
            {"date": str(r.date), "stage": _stage(r.stage), "stage_label": str(r.label),
             "event": str(r.event), "type": str(r.type), "in_force": _stage(r.in_force)}
            for r in lad.itertuples(index=False)
        ],
        "ladder_peak": _stage(lad["peak"].max()) if len(lad) else 0,
        "ladder_in_force": (ladder_stage_at(case, str(end)) if end not in (None, "")
                            else _stage(lad["in_force"].iloc[-1]) if len(lad) else 0),
    }


def _churn(case):
    """``churn`` of :func:`headline_results`: :func:`govnet.churn` rows with ``year``."""
    from ..timeseries import churn

    ch = churn(case)
    ch = ch.assign(year=ch["date"].dt.year, date=ch["date"].dt.strftime("%Y-%m-%d"),
                   end=ch["end"].dt.strftime("%Y-%m-%d"))
    return _jsonable(ch.to_dict("records"))


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        return None if math.isnan(float(x)) else round(float(x), 6)
    if x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, pd.Timestamp):
        return x.strftime("%Y-%m-%d")
    return x


def evidence_appendix(case, graphs):
    """Every tie shown, with each observation's quote, reporter and source.

    Parameters
    ----------
    case : govnet.Case
    graphs : networkx graph or dict of them
        Aggregated case graphs (``case.graph(...)``) whose edges carry ``observations``; a dict
        (e.g. date -> graph) adds a ``shown_at`` column listing the dates where the tie is drawn.

    Returns
    -------
    pandas.DataFrame
        One row per (tie, observation): ``from``, ``to`` (node ids after post resolution),
        ``from_name``, ``to_name``, ``observation``, ``type``, ``sign``, ``layer``, ``start``,
        ``end``, ``reported_by`` (name), ``source_id``, ``source_title`` (``; ``-separated for
        several sources), ``locator``, ``quote`` (a paraphrase begins ``(paraphrase)``),
        ``confidence``, ``shown_at``; sorted by from, to, observation.

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> case = example_case()
    >>> ev = evidence_appendix(case, case.graph())
    >>> {"quote", "reported_by", "source_title"} <= set(ev.columns)
    True
    """
    if isinstance(graphs, nx.Graph):
        graphs = {"": graphs}
    recs, names = [], {}
    for label, G in graphs.items():
        for u, v, d in G.edges(data=True):
            obs = d.get("observations") or ([d["id"]] if "id" in d else [])
            for o in obs:
                recs.append((str(u), str(v), str(o), str(label)))
        names.update({str(n): str(G.nodes[n].get("name", n)) for n in G.nodes})
    cols = ["from", "to", "observation", "shown_at"]
    ties = pd.DataFrame(recs, columns=cols)
    ties = (
        ties.groupby(["from", "to", "observation"], sort=True)["shown_at"]
        .agg(lambda s: "; ".join(sorted(set(s) - {""})))
        .reset_index()
    )
    act = case.actors.set_index("id")["name"].astype(str)
    src = case.sources.set_index("id")["title"].astype(str)
    rel = case.relations[
        ["id", "type", "sign", "layer", "start", "end", "reported_by", "source_id", "locator", "quote", "confidence"]
    ].rename(columns={"id": "observation"})
    rel = rel.assign(observation=rel["observation"].astype(str),
                     quote=_quotes_as_shown(case.relations))  # never a paraphrase as verbatim
    out = ties.merge(rel, on="observation", how="left", validate="many_to_one")
    out["from_name"] = out["from"].map(names)
    out["to_name"] = out["to"].map(names)
    out["reported_by"] = out["reported_by"].map(lambda r: act.get(r, r) if pd.notna(r) else r)
    out["source_title"] = out["source_id"].map(  # several sources: s13;s15
        lambda v: "; ".join(src.get(s.strip(), s.strip()) for s in v.split(";")),
        na_action="ignore")
    order = ["from", "to", "from_name", "to_name", "observation", "type", "sign", "layer", "start",
             "end", "reported_by", "source_id", "source_title", "locator", "quote", "confidence",
             "shown_at"]
    return out[order].sort_values(["from", "to", "observation"]).reset_index(drop=True)


def cross_case_table(results):
    """A tidy table of the headline measures of several cases, on common axes.

    Parameters
    ----------
    results : dict
        case id -> results (as :func:`load_results` returns).

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``date``, ``measure``, ``value``, ``case_year`` (1 = the first year of the
        case period, so cases from different decades share an axis), ``case_time`` (years from
        the start of that first year to the middle of the snapshot, e.g. 0.5 for the first
        year, so that several eras of one year are told apart): for each snapshot the interface climate,
        the member→officer and officer→member climate, triangle balance, normalised balance (1 − 2L/m, 1 = balanced),
        camps' adjusted Rand index with side and party, the ladder stage; plus ``departures``,
        ``reported departures`` (departure events) and ``interim_share`` per churn year. Sorted by case, measure, date.

    Examples
    --------
    >>> r = {"x": {"snapshots": [{"date": "2021", "climate": {"interface": -0.5}, "ladder_stage": 1}],
    ...            "churn": [{"year": 2021, "departures": 2, "interim_share": None}]}}
    >>> t = cross_case_table(r).dropna()
    >>> t[["case", "date", "measure", "value"]].to_dict("records")[:2]
    [{'case': 'x', 'date': '2021', 'measure': 'departures', 'value': 2.0}, {'case': 'x', 'date': '2021', 'measure': 'interface climate', 'value': -0.5}]
    """
    recs = []
    for cid, r in results.items():
        start = str(((r.get("case") or {}).get("period") or {}).get("start") or "")
        for s in r.get("snapshots", []):
            cl = s.get("climate") or {}
            bal = s.get("balance") or {}
            cp = s.get("camps") or {}
            vals = {
                "interface climate": cl.get("interface"),
                "member→officer climate": cl.get("member_to_officer"),
                "officer→member climate": cl.get("officer_to_member"),
                "triangle balance": bal.get("triangle_balance"),
                "normalised balance (1 = balanced)": bal.get("frustration_normalized"),
                "camps ~ side (ARI)": cp.get("ari_side"),
                "camps ~ party (ARI)": cp.get("ari_party"),
                "ladder stage": s.get("ladder_stage"),
            }
            for m, v in vals.items():
                recs.append((cid, str(s.get("date")), m, v, start))
        for c in r.get("churn", []):
            recs.append((cid, str(c.get("year")), "departures", c.get("departures"), start))
            recs.append((cid, str(c.get("year")), "reported departures", c.get("departure_events"), start))
            recs.append((cid, str(c.get("year")), "interim share", c.get("interim_share"), start))
    df = pd.DataFrame(recs, columns=["case", "date", "measure", "value", "start"])
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    year = pd.to_numeric(df["date"].str[:4], errors="coerce")
    first = pd.to_numeric(df["start"].str[:4], errors="coerce").fillna(year.groupby(df["case"]).transform("min"))
    df["case_year"] = (year - first + 1).astype("Int64")
    mid = df["date"].map(lambda d: (lambda lo, hi: lo + (hi - lo) / 2)(*_interval(d)))
    origin = pd.to_datetime((first.astype("Int64").astype(str) + "-01-01"), errors="coerce")
    df["case_time"] = ((mid - origin).dt.days / 365.25).round(2)
    df = df.drop(columns="start")
    return df.sort_values(["case", "measure", "date"], kind="stable").reset_index(drop=True)


def cross_case_summary(results):
    """One row per case over its whole period, never its last snapshot alone.

    Parameters
    ----------
    results : dict
        case id -> results (as :func:`load_results` returns).

    Returns
    -------
    pandas.DataFrame
        ``case``, ``period``, ``interface climate per snapshot`` and ``thin snapshots`` (from
        :func:`govnet.period_summary`), ``highest ladder stage`` (in force), ``ladder thin``,
        ``departures (key posts)`` and ``reported departures`` (summed over the churn years).

    Examples
    --------
    >>> r = {"x": {"case": {"period": {"start": 2021, "end": 2022}}, "snapshots": [],
    ...            "churn": [{"departures": 2, "departure_events": 1}], "ladder_peak": 3}}
    >>> cross_case_summary(r)[["case", "period", "highest ladder stage", "departures (key posts)"]].values.tolist()
    [['x', '2021–2022', 3, 2]]
    """
    from ..support import period_summary

    rows = []
    for cid, r in results.items():
        over, period = period_summary(r), (r.get("case") or {}).get("period") or {}
        churn = r.get("churn", [])
        rows.append({
            "case": cid,
            "period": f"{period.get('start')}–{period.get('end')}",
            "interface climate per snapshot": over["climate_path"],
            "thin snapshots": f"{over['thin_snapshots']} of {over['snapshots_with_ties']}",
            "highest ladder stage": r.get("ladder_peak", 0),
            "ladder thin": over["ladder_thin"],
            "departures (key posts)": sum(c.get("departures") or 0 for c in churn),
            "reported departures": sum(c.get("departure_events") or 0 for c in churn),
        })
    return pd.DataFrame(rows)
