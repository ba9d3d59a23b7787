"""Logic shared by the case-study and cross-case notebooks: headline results, tables, narrative."""

from __future__ import annotations

import html
import inspect
import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from .codebook import _stage
from .exceptions import GovnetError, GraphConventionError, ParameterError, ReportError
from .export import _write_csv
from .plot import _interval, _n, savefig
from .validate import _quotes_as_shown

__all__ = [
    "open_case",
    "default_reports_dir",
    "SNAPSHOT_KINDS",
    "snapshots",
    "snapshot_dates",
    "panel_dates",
    "interface_summary",
    "informal_signed_graph",
    "ladder_stage_at",
    "headline_results",
    "evidence_appendix",
    "write_outputs",
    "EVIDENCE_INLINE",
    "evidence_page",
    "write_evidence_page",
    "load_results",
    "cross_case_table",
    "cross_case_summary",
    "cross_case_lines",
    "fmt_sign",
    "plural",
    "escape",
    "case_narrative",
    "key_findings",
    "methods_notes",
    "default_output_dir",
]


# --------------------------------------------------------------------------- set-up


def open_case(case_id, data_dir=""):
    """Load a case for a notebook: ``"example"`` is the invented example shipped with govnet.

    Parameters
    ----------
    case_id : str
        A case id (folder name under ``data_dir``), a path to a case folder, or ``"example"``.
    data_dir : str or pathlib.Path
        Folder of case folders; ``""`` or ``None`` lets :func:`govnet.find_data_dir` find it (works
        from the repository root and from ``notebooks/``).

    Returns
    -------
    govnet.Case

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> open_case("example").id == example_case().id
    True
    """
    import govnet
    from govnet.datasets import example_case

    if case_id == "example":
        return example_case()
    return govnet.load_case(case_id, data_dir=data_dir or None)


def default_reports_dir():
    """The repository's ``reports/`` folder: next to the ``data/`` folder govnet finds.

    Falls back to ``./reports`` when the data folder is not inside a ``data/cases`` layout.

    Examples
    --------
    >>> default_reports_dir().name
    'reports'
    """
    import govnet

    try:
        data = Path(govnet.find_data_dir()).resolve()
    except (GovnetError, OSError, AttributeError):
        return Path.cwd() / "reports"
    if data.name == "cases" and data.parent.name == "data":
        return data.parent.parent / "reports"
    return Path.cwd() / "reports"


def default_output_dir(case_id):
    """Where a case-study notebook run outside ``govnet report`` writes: ``outputs/<case_id>``.

    Under the working directory, never inside a site that ``govnet report`` built (which
    always passes ``output_dir``): results.json written there could disagree with a
    published report.html.

    Examples
    --------
    >>> default_output_dir("example") == Path.cwd() / "outputs" / "example"
    True
    """
    return Path.cwd() / "outputs" / str(case_id)


# --------------------------------------------------------------------------- dates


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
        from .eras import eras

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


# --------------------------------------------------------------------------- measures


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
    from .interface import cascade, interface_climate

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
    from .signed import signed_graph

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

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> isinstance(ladder_stage_at(example_case(), "2030"), int)
    True
    """
    from .timeseries import ladder_stage

    return ladder_stage(case, date)


def _camps_summary(G, seed, n_null):
    """Headline of :func:`govnet.camps` on a case graph (None when there is no informal signed tie)."""
    from .camps import camps

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
    from .balance import triangle_balance
    from .frustration import frustration_index

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
    snaps = snapshots(case, dates)
    dates = snaps["date"].tolist()
    a = case.actors
    res = {
        "case": {
            "id": case.id,
            "title": case.meta.get("title"),
            "council": case.meta.get("council"),
            "period": {k: str(v) for k, v in (case.meta.get("period") or {}).items()},
            "synthetic": bool(case.meta.get("synthetic", False)),
        },
        "counts": {
            "sources": len(case.sources),
            "actors": len(a),
            "tenures": len(case.tenures),
            "relations": len(case.relations),
            "events": len(case.events),
            "actors_by_kind": {str(k): int(v) for k, v in a["kind"].value_counts().sort_index().items()},
            "relations_by_layer": {
                str(k): int(v) for k, v in case.relations["layer"].value_counts().sort_index().items()
            },
        },
        "seed": int(seed),
        "dates": dates,
        "snapshots": [],
    }
    from .support import support

    for d, label, start, end in snaps.itertuples(index=False):
        G = graphs[d] if graphs and d in graphs else case.graph(at=d)
        signs = [int(s) for *_, s in G.edges(data="sign")]
        snap = {
            "date": d,
            "label": label,
            "start": start,
            "end": end,
            "nodes": G.number_of_nodes(),
            "ties": G.number_of_edges(),
            "positive": signs.count(1),
            "negative": signs.count(-1),
            "climate": interface_summary(G),
            "ladder_stage": ladder_stage_at(case, d),
        }
        H = informal_signed_graph(G)
        snap["balance"] = _balance_summary(H, seed)
        snap["camps"] = _camps_summary(G, seed, n_null)
        snap["support"] = {f: support(case, G, f, seed=seed) for f in ("climate", "cascade", "key_dyad", "camps")}
        res["snapshots"].append(snap)
    from .perception import perception_gap
    from .power import brokerage, centralization
    from .timeseries import churn, oversight_ladder

    G_all = graphs["all"] if graphs and "all" in graphs else case.graph()
    cen = centralization(G_all)
    brk = brokerage(G_all, by="side")
    brk = brk[brk["total"] > 0].sort_values(["total", "node"], ascending=[False, True])
    names_all = {str(n): str(G_all.nodes[n].get("name", n)) for n in G_all.nodes}
    res["power"] = {
        "centralization": cen["centralization"],
        "formal_ties_nodes": int(cen["n"]),
        "most_central": [str(n) for n in cen["most_central"]],
        "most_central_names": [names_all.get(str(n), str(n)) for n in cen["most_central"]],
        "top_brokers": [{"node": str(r.node), "name": names_all.get(str(r.node), str(r.node)),
                         "total": int(r.total)} for r in brk.head(3).itertuples(index=False)],
    }

    gaps = perception_gap(case)
    names = case.actors.set_index("id")["name"].astype(str).to_dict()
    split = gaps[gaps["agreement"] < 1]
    res["perception"] = {
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

    lad = oversight_ladder(case)
    res["ladder"] = [
        {"date": str(r.date), "stage": _stage(r.stage), "stage_label": str(r.label),
         "event": str(r.event), "type": str(r.type), "in_force": _stage(r.in_force)}
        for r in lad.itertuples(index=False)
    ]
    res["ladder_peak"] = _stage(lad["peak"].max()) if len(lad) else 0
    end = (case.meta.get("period") or {}).get("end")
    res["ladder_in_force"] = (ladder_stage_at(case, str(end)) if end not in (None, "")
                              else _stage(lad["in_force"].iloc[-1]) if len(lad) else 0)
    res["support"] = {f: support(case, finding=f) for f in ("ladder", "churn")}
    ch = churn(case)
    ch = ch.assign(year=ch["date"].dt.year, date=ch["date"].dt.strftime("%Y-%m-%d"),
                   end=ch["end"].dt.strftime("%Y-%m-%d"))
    res["churn"] = _jsonable(ch.to_dict("records"))
    return _jsonable(res)


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


# --------------------------------------------------------------------------- evidence


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


# --------------------------------------------------------------------------- output


def write_outputs(output_dir, results=None, tables=None, figures=None, dpi=150):
    """Write ``results.json`` (sorted keys), ``tables/<name>.csv`` and ``figures/<name>.png``.

    The CSV files are for R and spreadsheets as they are: UTF-8 with a byte-order mark,
    booleans ``true``/``false``, text that a spreadsheet would run as a formula prefixed with
    ``'`` (see reports/README.md).

    Parameters
    ----------
    output_dir : str or pathlib.Path
        Created when missing.
    results : dict, optional
        JSON-serialisable (see :func:`headline_results`).
    tables : dict of str -> DataFrame, optional
    figures : dict of str -> Figure or bytes, optional
        Saved with :func:`govnet.plot.savefig` (no timestamps, fixed dpi); PNG bytes from
        :func:`govnet.plot.show` are written as they are (the figure is not drawn again).

    Returns
    -------
    list of pathlib.Path
        The files written, sorted.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_outputs(d, {"b": 1, "a": 2}, {"t": pd.DataFrame({"x": [1]})})]
    ['results.json', 't.csv']
    >>> (d / "results.json").read_text().splitlines()[1]
    '  "a": 2,'
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if results is not None:
        p = out / "results.json"
        p.write_text(json.dumps(_jsonable(results), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                     encoding="utf-8")
        written.append(p)
    for name, df in sorted((tables or {}).items()):
        p = out / "tables" / f"{name}.csv"
        p.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(df, p)
        written.append(p)
    for name, fig in sorted((figures or {}).items()):
        written.append(savefig(fig, out / "figures" / f"{name}.png", dpi=dpi))
    return sorted(written)


#: Observations above which the evidence appendix gets a page of its own (``evidence.html``):
#: at about 1 KB a row, a larger appendix would make the report page too heavy to open.
EVIDENCE_INLINE = 2000


def evidence_page(case):
    """Where a case's evidence appendix goes: ``""`` (the report page) or ``"evidence.html"``.

    A case with more than :data:`EVIDENCE_INLINE` observations (relations rows) gets a page of
    its own, written by :func:`write_evidence_page`; findings link there
    (``key_findings(..., page=evidence_page(case))``).

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> evidence_page(example_case())
    ''
    """
    return "" if len(case.relations) <= EVIDENCE_INLINE else "evidence.html"


def write_evidence_page(case, path):
    """Write the evidence appendix (:func:`govnet.page.evidence_appendix`) as a page of its own.

    Parameters
    ----------
    case : govnet.Case
    path : str or pathlib.Path
        The file to write (its folder is created); normally ``<output_dir>/evidence.html``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from govnet.datasets import example_case
    >>> p = write_evidence_page(example_case(), Path(tempfile.mkdtemp()) / "evidence.html")
    >>> p.read_text(encoding="utf-8").count('<tr id="obs-')
    26
    """
    from .page import evidence_appendix as appendix
    from .page import finish_page

    title = html.escape(f"Evidence: {case.meta.get('title', case.id)}")
    body = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><h1>{title}</h1>{appendix(case)}</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(finish_page(body, files={"Report": "report.html", "All cases": "../index.html"})
                    + "\n", encoding="utf-8")
    return path


def load_results(reports_dir):
    """Read every ``<case>/results.json`` under a reports folder.

    Parameters
    ----------
    reports_dir : str or pathlib.Path

    Returns
    -------
    dict
        case id -> results dict, sorted by case id. Skipped: ``cross-case``, hidden folders and
        unfinished ``*.partial`` folders, folders without ``results.json`` or whose
        ``results.json`` has no ``case`` entry.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = write_outputs(d / "x", {"case": {"id": "x"}})
    >>> list(load_results(d))
    ['x']
    """
    root = Path(reports_dir)
    if not root.is_dir():
        raise ReportError(f"no reports folder at {root}")
    out = {}
    for p in sorted(root.glob("*/results.json")):
        if p.parent.name == "cross-case" or p.parent.name.startswith(".") or p.parent.name.endswith(".partial"):
            continue  # the cross-case report, and unfinished or hidden outputs
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "case" not in data:
            continue  # not a case report (e.g. the cross-case folder)
        cid = (data.get("case") or {}).get("id") or p.parent.name
        out[str(cid)] = data
    return dict(sorted(out.items()))


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


# --------------------------------------------------------------------------- methods

_ROLE = re.compile(r":(?:func|data|class|meth|mod):`~?([^`]+)`")


def _rules(func):
    """The rules a function's docstring states: its text from the second paragraph to
    Parameters, in Markdown (``x`` and :func:`x` roles become code)."""
    doc = inspect.getdoc(func).split("\nParameters\n")[0]
    body = doc.split("\n\n", 1)[1] if "\n\n" in doc else doc
    return _ROLE.sub(r"`\1`", body.replace("``", "`")).strip()


def _param(func, name):
    """The description of one parameter in a numpydoc docstring, on one line."""
    lines = inspect.getdoc(func).splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith(f"{name} :"))
    desc = []
    for ln in lines[i + 1:]:
        if not ln.startswith("    "):
            break
        desc.append(ln.strip())
    return _ROLE.sub(r"`\1`", " ".join(desc).replace("``", "`"))


def methods_notes():
    """The rules behind the report's findings, as govnet's docstrings and constants state them.

    Generated, never typed by hand: the change points of eras (:func:`govnet.eras`), the key
    dyad in office (:func:`govnet.key_dyad`), camps and their thresholds
    (:func:`govnet.camps`, :data:`govnet.MIN_COVERAGE`, :data:`govnet.N_NULL`), churn
    (:func:`govnet.departures`, :func:`govnet.churn`), the ladder in force
    (:func:`govnet.ladder_stage`), thin findings (:func:`govnet.support`,
    :data:`govnet.MIN_INDEPENDENT`) and the robustness variants (:func:`govnet.robustness`,
    :data:`govnet.RULES`).

    Returns
    -------
    str
        Markdown: one bold heading per rule set and its text.

    Examples
    --------
    >>> text = methods_notes()
    >>> "**Eras.**" in text and "at least 3 independent observations" in text
    True
    """
    from .balance import N_NULL
    from .camps import MIN_COVERAGE, camps
    from .eras import eras
    from .interface import key_dyad
    from .robustness import RULES, robustness
    from .support import MIN_INDEPENDENT, support
    from .timeseries import churn, departures, ladder_stage

    parts = [
        ("Eras", "Each snapshot of this report is an era of the case. " + _rules(eras)),
        ("Key dyad in office", "The key dyad of an era: " + _param(key_dyad, "a, b").removeprefix("Node ids. ")),
        ("Camps", _rules(camps) + f"\n\nThresholds: coverage at least {MIN_COVERAGE:.0%}; "
         f"significance from {N_NULL} sign shufflings."),
        ("Churn", _rules(departures) + "\n\n" + _rules(churn)),
        ("Oversight ladder in force", _rules(ladder_stage)),
        ("How much each finding rests on", _rules(support).split("\n\nThe findings")[0]
         + f"\n\nA finding is marked *thin* unless it rests on at least {MIN_INDEPENDENT} "
         "independent observations from more than one reporter."),
        ("Robustness", _rules(robustness) + "\n\nWhen a finding holds:\n\n"
         + "\n".join(f"* *{k}*: {v}" for k, v in RULES.items())),
    ]
    return "\n\n".join(f"**{title}.** {text}" for title, text in parts)


# --------------------------------------------------------------------------- narrative


#: The ASCII punctuation that can start Markdown (CommonMark and GFM: emphasis, links, images,
#: headings, lists, tables, code, math), each shown as itself when backslash-escaped; ``&``,
#: ``<`` and ``>`` become HTML entities instead, so no tag and no entity survives.
_MARKDOWN_ESCAPES = {ord(c): "\\" + c for c in "!#$()*+-.=[\\]^_`{|}~"}
_MARKDOWN_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})


def escape(text):
    r"""Text from the data, escaped for a Markdown cell: shown exactly as written, never as markup.

    HTML (``<script>``), Markdown (``**bold**``, ``[x](javascript:…)``, ``# heading``) and math
    (``$x$``) in a name, title or quote stay text. Each line is stripped, so that indentation
    cannot start a code block; line breaks are kept.

    Examples
    --------
    >>> escape("<script>alert(1)</script> & co")
    '&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; co'
    >>> print(escape("[x](javascript:alert(1)) **md** $5"))
    \[x\]\(javascript:alert\(1\)\) \*\*md\*\* \$5
    """
    return "\n".join(line.strip().translate(_MARKDOWN_ESCAPES) for line in str(text).split("\n"))


_e = escape


def plural(k, word, plural_form=None):
    """A count with its noun, singular or plural: "1 tie", "2 ties" (never "tie(s)").

    Examples
    --------
    >>> plural(1, "tie"), plural(0, "tie"), plural(2, "person", "people")
    ('1 tie', '0 ties', '2 people')
    """
    return _n(k, word, plural_form)


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
    from .support import period_summary

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


def cross_case_lines(summary):
    """The cross-case summary as Markdown bullets, one per case (data text escaped).

    Parameters
    ----------
    summary : pandas.DataFrame
        As :func:`cross_case_summary` returns.

    Returns
    -------
    str
    """
    from .support import MIN_INDEPENDENT

    return "\n".join(
        f"- **{escape(s['case'])}**: the interface climate per snapshot is "
        f"{s['interface climate per snapshot']} ({s['thin snapshots']} snapshots with ties thin: "
        f"fewer than {MIN_INDEPENDENT} independent observations or one reporter); the ladder "
        f"reaches stage {s['highest ladder stage']}{' (thin)' if s['ladder thin'] else ''}; "
        f"{plural(s['departures (key posts)'], 'departure')} from key posts (tenures) and "
        f"{s['reported departures']} reported departures of senior staff."
        for s in summary.to_dict("records"))


def fmt_sign(x, digits=2):
    """A mean sign as text: "+0.50 (positive)", "−1.00 (negative)", "no ties".

    Examples
    --------
    >>> fmt_sign(-1.0), fmt_sign(None), fmt_sign(0.04)
    ('-1.00 (negative)', 'no ties', '+0.04 (mixed)')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "no ties"
    word = "positive" if x >= 0.25 else "negative" if x <= -0.25 else "mixed"
    return f"{x:+.{digits}f} ({word})"


def key_findings(results, names=None, graphs=None, page=""):
    """The case at a glance: climate and key dyad per snapshot, the ladder's climb, the camps, churn.

    A finding resting on fewer than :data:`govnet.MIN_INDEPENDENT` independent observations or
    on one reporter (``support`` in ``results``, :func:`govnet.support`) is marked
    "(thin: rests on N observation(s) from one reporter)". With ``graphs``, each finding about
    ties links the observations it rests on (:func:`govnet.page.evidence_links`, anchors of
    :func:`govnet.page.evidence_appendix`): the member–officer ties for the climate, the key
    dyad's two ties, the frustrated ties of the camps; the disagreeing accounts of contested
    ties link theirs from ``results`` alone.

    Parameters
    ----------
    results : dict
        As :func:`headline_results` returns.
    names : dict, optional
        Actor id -> display name (ids are shown otherwise).
    graphs : dict, optional
        Snapshot date -> the graph of that snapshot (``case.graph(at=date)``).
    page : str
        The page holding the evidence appendix, relative to this one (:func:`evidence_page`);
        default this page.

    Returns
    -------
    str
        An HTML list (``<ul class="gv-findings">``); every number is taken from ``results``,
        every text from the data escaped.

    Examples
    --------
    >>> r = {"snapshots": [{"date": "2021", "climate": {"interface": 1.0, "interface_ties": 4}},
    ...                    {"date": "2024", "climate": {"interface": -1.0, "interface_ties": 1}}],
    ...      "ladder": [{"date": "2023", "stage": 1, "stage_label": "peer challenge"},
    ...                 {"date": "2024", "stage": 2, "stage_label": "review <or> inspection"}]}
    >>> print(key_findings(r))
    <ul class="gv-findings">
    <li><strong>Interface climate</strong> (mean sign of member–officer ties): 2021 +1.00 (positive, 4 ties) → 2024 -1.00 (negative, 1 tie).</li>
    <li><strong>Oversight ladder</strong>: peer challenge (2023) → review &lt;or&gt; inspection (2024); highest stage 2.</li>
    </ul>
    """
    from .support import thin_note

    names, graphs = names or {}, graphs or {}
    snaps = results.get("snapshots", [])
    out = []
    steps = []
    for s in snaps:
        cl = s.get("climate") or {}
        n = cl.get("interface_ties") or 0
        when = _h(s.get("label", s["date"]))
        steps.append(f"{when} {fmt_sign(cl.get('interface'))[:-1]}, {_n(n, 'tie')})"
                     + _h(thin_note((s.get("support") or {}).get("climate")))
                     + _links(graphs.get(s["date"]), _interface_tie, page) if n else f"{when} no ties")
    if steps:
        out.append("<strong>Interface climate</strong> (mean sign of member–officer ties): "
                   + " → ".join(steps) + ".")
    dyads = [_key_dyad_text(s, names, graphs.get(s["date"]), page) for s in snaps]
    if any(dyads):
        out.append("<strong>Key dyad</strong> (top member and chief executive in office): "
                   + "; ".join(d for d in dyads if d) + ".")
    lad = results.get("ladder", [])
    climb = [f"{_h(e['stage_label'])} ({_h(e['date'])})" for e in lad]
    if climb:
        out.append(f"<strong>Oversight ladder</strong>{_h(thin_note((results.get('support') or {}).get('ladder')))}: "
                   f"{' → '.join(climb)}; highest stage {_ladder_peak(results)}.")
    with_camps = [s for s in snaps if len((s.get("camps") or {}).get("sizes") or []) > 1]
    if with_camps:
        out.append(_camps_text(with_camps[-1], names, graphs.get(with_camps[-1]["date"]), page))
    if results.get("churn"):
        out.append("<strong>Churn</strong>: " + _h(case_narrative(results, "churn")
                                                    + thin_note((results.get("support") or {}).get("churn"))))
    p = results.get("perception") or {}
    if p.get("pairs_with_several_accounts"):
        k = p["pairs_with_several_accounts"]
        ids = [o for d in p.get("disagreements", []) for o in d.get("observations", [])]
        out.append(f"<strong>Contested accounts</strong>: {_n(k, 'tie')} {'is' if k == 1 else 'are'} "
                   f"reported by more than one source; they disagree in sign on "
                   f"{p.get('pairs_in_disagreement', 0)}." + (" " + _evidence(ids, page) if ids else ""))
    return "\n".join(['<ul class="gv-findings">', *(f"<li>{x}</li>" for x in out), "</ul>"])


def _h(text):
    """Text from the data, escaped for HTML."""
    return html.escape(str(text))


def _links(G, where, page=""):
    """Evidence links to the observations of the ties of ``G`` that ``where(G)`` keeps ("" without G)."""
    if G is None:
        return ""
    from .page import tie_observations

    ids = tie_observations(G, where(G))
    return " " + _evidence(ids, page) if ids else ""


def _evidence(ids, page=""):
    """:func:`govnet.page.evidence_links` to observation ids, sorted as relations.csv numbers them."""
    from .page import evidence_links

    return evidence_links(sorted(set(ids), key=_natural), page=page)


def _natural(s):
    """Sort key putting r9 before r10."""
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", str(s))]


def _interface_tie(G):
    """``where`` of :func:`govnet.page.tie_observations`: informal member–officer ties of G."""
    def keep(u, v, d):
        return ((d.get("layer") or "informal") == "informal"
                and {G.nodes[u].get("side"), G.nodes[v].get("side")} == {"member", "officer"})
    return keep


def _key_dyad_text(s, names, G, page):
    """One snapshot's key dyad: who, sign, ties, thin mark and evidence; or why there is none."""
    from .support import thin_note

    k = (s.get("support") or {}).get("key_dyad") or {}
    when = _h(s.get("label", s["date"]))
    if k.get("note"):
        return f"{when}: none ({_h(k['note'])})"
    if not k.get("a"):
        return ""
    pair = f"{_h(names.get(k['a'], k['a']))}–{_h(names.get(k['b'], k['b']))}"
    if not k.get("n_ties"):
        return f"{when} {pair}: no ties"
    dyad = {(k["a"], k["b"]), (k["b"], k["a"])}
    return (f"{when} {pair} {fmt_sign(k.get('value'))} over {_n(k['n_ties'], 'tie')}"
            f"{_h(thin_note(k))}" + _links(G, lambda G_: lambda u, v, d: (u, v) in dyad, page))


def _camps_text(s, names, G, page):
    """The camps of a snapshot, each camp's members, and the frustrated ties as evidence."""
    from .support import thin_note

    cp = s["camps"]
    part = cp["partition"]
    groups = {}
    for a, k in sorted(part.items()):
        groups.setdefault(k, []).append(_h(names.get(a, a)))
    sides = "; ".join(f"camp {chr(65 + i)}: " + ", ".join(v) for i, (_, v) in enumerate(sorted(groups.items())))

    def frustrated(G_):
        def keep(u, v, d):
            if (d.get("layer") or "informal") != "informal" or u not in part or v not in part:
                return False
            return (d.get("sign") or 0) < 0 if part[u] == part[v] else (d.get("sign") or 0) > 0
        return keep

    n = cp.get("frustration") or 0
    why = str(cp.get("interpretation") or "")
    return (f"<strong>Camps in {_h(s.get('label', s['date']))}</strong> ({_n(n, 'tie')} frustrated): "
            f"{sides}. {_h(why[:1].upper() + why[1:])}{_h(thin_note((s.get('support') or {}).get('camps')))}."
            + _links(G, frustrated, page))


def _ladder_peak(results):
    """Highest stage in force (:func:`govnet.oversight_ladder` ``peak``; older results: stage < 5)."""
    if "ladder_peak" in results:
        return results["ladder_peak"]
    return max([e["stage"] for e in results.get("ladder", []) if e["stage"] < 5], default=0)


def _when(s):
    """A snapshot's name in a Markdown narrative: its label (an era's), else its date."""
    return _e(s.get("label", s["date"]))


def case_narrative(results, section):
    """A paragraph for one section of the case study, with numbers taken from ``results``.

    Parameters
    ----------
    results : dict
        As :func:`headline_results` returns.
    section : {"case", "climate", "perception", "balance", "camps", "power", "ladder", "churn"}

    Returns
    -------
    str
        Markdown text.

    Examples
    --------
    >>> r = {"snapshots": [{"date": "2021", "climate": {"interface": -1.0, "interface_ties": 2,
    ...       "member_to_officer": -1.0, "officer_to_member": -1.0, "cascade": {}}}]}
    >>> case_narrative(r, "climate").splitlines()[0]
    '- **2021**: across the member–officer interface the mean sign is -1.00 (negative) over 2 ties (members → officers -1.00 (negative), officers → members -1.00 (negative)).'
    """
    snaps = results.get("snapshots", [])
    lines = []
    if section == "case":
        c, n = results["case"], results["counts"]
        kinds = ", ".join(f"{v} {_e(k)}{'s' if v != 1 else ''}" for k, v in n["actors_by_kind"].items())
        layers = ", ".join(f"{v} {_e(k)}" for k, v in n["relations_by_layer"].items())
        synth = " **This case is invented** (a synthetic example)." if c.get("synthetic") else ""
        return (
            f"**{_e(c['title'])}** ({_e(c['council'])}, {_e(c['period'].get('start'))}–"
            f"{_e(c['period'].get('end'))}) is "
            f"coded from {n['sources']} sources: {n['actors']} actors ({kinds}), {n['tenures']} tenures, "
            f"{n['relations']} relation observations ({layers}) and {n['events']} events.{synth}"
        )
    if section == "climate":
        from .support import thin_note

        for s in snaps:
            cl, sup = s.get("climate") or {}, s.get("support") or {}
            casc = "; ".join(
                f"tier {_e(t)}: {fmt_sign(v['mean_sign'])} over {v['ties']}"
                f"{thin_note((sup.get('cascade') or {}).get(t))}"
                for t, v in cl.get("cascade", {}).items()
            )
            ci = sup.get("climate") or {}
            ci = (f" (95% bootstrap interval {ci['ci_low']:+.2f} to {ci['ci_high']:+.2f})"
                  if ci.get("ci_low") is not None else "") + thin_note(ci)
            if not cl.get("interface_ties"):
                lines.append(f"- **{_when(s)}**: no informal ties across the member–officer interface.")
                continue
            lines.append(
                f"- **{_when(s)}**: across the member–officer interface the mean sign is "
                f"{fmt_sign(cl.get('interface'))} over {_n(cl['interface_ties'], 'tie')}{ci} "
                f"(members → officers {fmt_sign(cl.get('member_to_officer'))}, officers → members "
                f"{fmt_sign(cl.get('officer_to_member'))})." + (f" By tier: {casc}." if casc else "")
            )
        return "\n".join(lines) or "No snapshot dates."
    if section == "balance":
        for s in snaps:
            b = s.get("balance") or {}
            if not b.get("signed_ties"):
                lines.append(f"- **{_when(s)}**: no informal signed ties.")
                continue
            tb = b.get("triangle_balance")
            txt = f"- **{_when(s)}**: {b['signed_ties']} informal signed ties, {b['negative_ties']} negative"
            if tb is not None:
                txt += f"; {tb:.0%} of signed triangles are balanced"
            if "frustration" in b:
                txt += (f"; the frustration index is {b['frustration']} (normalised balance "
                        f"{b['frustration_normalized']:.2f}: 1 means perfectly two camps)")
            lines.append(txt + ".")
        return "\n".join(lines)
    if section == "camps":
        for s in snaps:
            cp = s.get("camps")
            if not cp or not cp.get("sizes"):
                lines.append(f"- **{_when(s)}**: no informal signed ties, so no camps.")
                continue
            p = cp.get("p")
            sig = f" (significant: p = {p:.3f} against shuffled signs)" if p is not None and p <= 0.05 else ""
            sizes = cp["sizes"]
            split = (f"two camps of {sizes[0]} and {sizes[1]} actors" if len(sizes) > 1
                     else f"a single camp of {sizes[0]} actors")
            lines.append(
                f"- **{_when(s)}**: {split} leave{'s' if len(sizes) == 1 else ''} "
                f"{_n(cp.get('frustration') or 0, 'tie')} frustrated{sig}; {_e(cp.get('interpretation', ''))}."
            )
        return "\n".join(lines)
    if section == "perception":
        p = results.get("perception") or {}
        n, k = p.get("pairs_with_several_accounts", 0), p.get("pairs_in_disagreement", 0)
        if not n:
            return "No tie is reported by more than one account, so perceptions cannot be compared."
        head = (f"{_n(n, 'tie')} {'is' if n == 1 else 'are'} reported by more than one account; the "
                f"accounts disagree in sign on {k} of them.")
        word = {1: "positive", 0: "neutral", -1: "negative"}
        by_pair = {}
        for d in p.get("disagreements", []):
            by_pair.setdefault((_e(d["source_name"]), _e(d["target_name"]), d.get("period")), []).append(
                f"{_e(d['reporter_name'])} reports it {word[d['sign']]}")
        lines = [f"- **{a} → {b}**" + (f" ({_e(t)})" if t else "") + ": " + "; ".join(v) + "."
                 for (a, b, t), v in by_pair.items()]
        return "\n".join([head, "", *lines]) if lines else head
    if section == "power":
        p = results.get("power") or {}
        c = p.get("centralization")
        if c is None:
            return "No formal responsibility ties (line management, delegation, decision routing, appointment) are coded."
        txt = (f"Formal responsibility is centralised to degree {c:.2f} (Freeman; 1 = one actor holds "
               f"every tie) over {p.get('formal_ties_nodes')} of the council's own actors (external "
               f"bodies left out); the most central: "
               f"{', '.join(_e(n) for n in p.get('most_central_names', [])) or 'none'}.")
        if p.get("top_brokers"):
            txt += " The main brokers between sides: " + ", ".join(
                f"{_e(b['name'])} ({b['total']} brokerage roles)" for b in p["top_brokers"]) + "."
        return txt
    if section == "ladder":
        lad = results.get("ladder", [])
        if not lad:
            return "No oversight-ladder events are coded: the council stayed at stage 0 (none)."
        steps = "; ".join(f"{e['date']}: stage {e['stage']} ({_e(e['stage_label'])}, {_e(e['type'])})"
                          for e in lad)
        top, now = _ladder_peak(results), results.get("ladder_in_force")
        end = f"; stage {now} is in force at the end" if now is not None and now != top else ""
        return f"The oversight ladder reaches stage {top} by the end of the period{end}. Steps: {steps}."
    if section == "churn":
        ch = results.get("churn", [])
        tot = sum(c.get("departures") or 0 for c in ch)
        rep = sum(c.get("departure_events") or 0 for c in ch)
        interim = [str(c["year"]) for c in ch if (c.get("interim_posts") or 0) > 0]
        if not ch or (tot == 0 and rep == 0 and not interim):
            return "No departures from key posts (tiers 1–2) are coded in the period."
        parts = []
        if tot:
            peak = max(ch, key=lambda c: (c.get("departures") or 0, -int(c["year"])))
            parts.append(f"{tot} departures from key posts (tiers 1–2) are coded from tenures over "
                         f"{len(ch)} years; the most in {peak['year']} ({peak['departures']}).")
            persons = sum(c.get("departing_persons", c.get("departures")) or 0 for c in ch)
            if persons < tot:
                parts.append(f"They concern {_n(persons, 'person')}: some left several posts at once.")
        if rep:
            years = ", ".join(f"{c['year']} ({c['departure_events']})" for c in ch
                              if c.get("departure_events"))
            first = min(int(c["year"]) for c in ch if c.get("departure_events"))
            none_before = all(not c.get("departure_events") for c in ch if int(c["year"]) < first)
            parts.append(f"The sources report turnover of senior staff without names or dates "
                         f"{_n(rep, 'time')}, coded as departure events: {years}"
                         + (f"; none before {first}." if none_before and first > int(ch[0]["year"]) else "."))
        if interim:
            parts.append(f"Interim holders of key posts appear in {', '.join(interim)}.")
        absent = sum(c.get("absences") or 0 for c in ch)
        if absent:
            parts.append(f"Holders of key posts are suspended or step aside {_n(absent, 'time')} "
                         "(not counted as departures).")
        return " ".join(parts)
    raise ParameterError(f"unknown section {section!r}")
