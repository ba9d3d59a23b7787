"""Graphs from a case: observations at a date or in a window, posts resolved to holders."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .dates import _MAX, _MIN, _interval, _parse_dates, _relation_spans
from .exceptions import GraphConventionError, ParameterError

__all__ = ["case_graph"]

_LAYERS = ("formal", "informal")
_AGGREGATES = (None, "net", "majority", "latest")
_EDGE_COLS = [
    "id", "type", "sign", "layer", "directed", "reported_by", "source_id",
    "locator", "quote", "start", "end", "theme", "confidence",
]  # fmt: skip


# ---------------------------------------------------------------- dates and tables
def _selection(at, window):
    """The selected interval (lo, hi) from ``at`` or ``window`` (everything when both None)."""
    if at is not None and window is not None:
        raise ParameterError("give at= or window=, not both")
    if at is not None:
        return _interval(at, "at")
    if window is not None:
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise ParameterError(f"window={window!r} must be a pair (start, end)")
        lo, hi = _interval(window[0], "window start")[0], _interval(window[1], "window end")[1]
        if lo > hi:
            raise ParameterError(f"window={window!r} ends before it starts")
        return lo, hi
    return _MIN, _MAX


def _span_cols(df, col):
    """``col_lo``/``col_hi`` of a table, computed from the string column if the loader did not."""
    if f"{col}_lo" in df.columns and f"{col}_hi" in df.columns:
        return df[f"{col}_lo"], df[f"{col}_hi"]
    d = _parse_dates(df[col], col)
    return d["lo"], d["hi"]


def _open_span(df):
    """Existence span of actors/tenures: empty start = since ever, empty end = still so."""
    slo, _ = _span_cols(df, "start")
    _, ehi = _span_cols(df, "end")
    return slo.fillna(_MIN).to_numpy("datetime64[ns]"), ehi.fillna(_MAX).to_numpy("datetime64[ns]")


def _check_case(case):
    """Raise ParameterError unless ``case`` looks like a govnet Case."""
    for name in ("actors", "tenures", "relations"):
        if not isinstance(getattr(case, name, None), pd.DataFrame):
            raise ParameterError(
                f"expected a govnet Case (with DataFrames actors, tenures, relations); "
                f"got {type(case).__name__} without {name!r}"
            )


def _actor_table(case):
    """Actors indexed by id with kind, side, role, tier, party and existence span."""
    a = case.actors
    out = pd.DataFrame(
        {c: a[c] if c in a.columns else pd.Series(pd.NA, index=a.index) for c in
         ("id", "name", "kind", "side", "role", "party", "tier")}  # fmt: skip
    )
    if "tier" not in a.columns and getattr(case, "codebook", None) is not None:
        out["tier"] = a["role"].map(case.codebook.roles["tier"]).astype("Int64")
    out["_lo"], out["_hi"] = _open_span(a)
    return out.set_index("id", drop=False)


def _relation_table(case):
    """Relations with their effective span ``_lo``/``_hi`` and (if missing) layer/directed."""
    r = case.relations.copy()
    for c in ("start", "end"):
        r[f"{c}_lo"], r[f"{c}_hi"] = _span_cols(r, c)
    cb = getattr(case, "codebook", None)
    if "layer" not in r.columns:
        r["layer"] = r["type"].map(cb.relation_types["layer"])
    if "directed" not in r.columns or r["directed"].isna().any():
        default = r["type"].map(cb.relation_types["directed"]) if cb is not None else True
        r["directed"] = (r["directed"] if "directed" in r.columns else pd.NA)
        r["directed"] = r["directed"].astype("boolean").fillna(default).astype("boolean")
    for c in _EDGE_COLS:
        if c not in r.columns:
            r[c] = pd.NA
    r["_lo"], r["_hi"] = _relation_spans(r, (getattr(case, "meta", None) or {}).get("period"))
    return r


def _tenure_table(case):
    t = case.tenures
    out = pd.DataFrame({"actor": t["actor"].astype(object), "post": t["post"].astype(object)})
    out["_tlo"], out["_thi"] = _open_span(t)
    out["interim"] = (
        t["interim"].astype("boolean").fillna(False).to_numpy(bool)
        if "interim" in t.columns else False
    )  # fmt: skip
    return out


# ---------------------------------------------------------------- observations
def _select(rel, win_lo, win_hi):
    """Rows of ``rel`` × windows they overlap (a sweep over sorted windows, no per-window filter).

    Returns ``rel`` rows repeated once per overlapping window, with ``_w`` (window index) and
    ``_lo``/``_hi`` clipped to the window.
    """
    win_lo = np.asarray(win_lo, dtype="datetime64[ns]")
    win_hi = np.asarray(win_hi, dtype="datetime64[ns]")
    lo = rel["_lo"].to_numpy("datetime64[ns]")
    hi = rel["_hi"].to_numpy("datetime64[ns]")
    ok = ~(np.isnat(lo) | np.isnat(hi))
    # windows are sorted and disjoint: first window ending on/after lo, last starting on/before hi
    first = np.searchsorted(win_hi, lo, side="left")
    last = np.searchsorted(win_lo, hi, side="right") - 1
    count = np.where(ok, np.maximum(last - first + 1, 0), 0)
    rows = np.repeat(np.arange(len(rel)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    w = np.repeat(first, count) + offset
    out = rel.iloc[rows].reset_index(drop=True)
    out["_w"] = w
    out["_lo"] = np.maximum(lo[rows], win_lo[w])
    out["_hi"] = np.minimum(hi[rows], win_hi[w])
    return out


def _resolve(obs, col, tenures, kinds, want_kind):
    """Replace ``col`` endpoints of kind ``want_kind`` by holders/members over each row's span.

    Posts (``want_kind="post"``) resolve only when exactly one holder overlaps the span; groups
    (``"group"``) expand to every member overlapping it. With no holder/member the node stays.
    """
    is_kind = obs[col].map(kinds).eq(want_kind).to_numpy(bool)
    if not is_kind.any():
        return obs
    sub = obs[is_kind].assign(_row=np.flatnonzero(is_kind))
    m = sub[["_row", col, "_lo", "_hi"]].merge(tenures, left_on=col, right_on="post")
    m = m[(m["_tlo"].to_numpy() <= m["_hi"].to_numpy()) & (m["_thi"].to_numpy() >= m["_lo"].to_numpy())]
    m = m.drop_duplicates(["_row", "actor"])
    if want_kind == "post":
        m = m[m.groupby("_row")["actor"].transform("size") == 1]
    keep = obs.drop(index=obs.index[m["_row"].unique()])
    repl = obs.iloc[m["_row"].to_numpy()].copy()
    repl[col] = m["actor"].to_numpy()
    out = pd.concat([keep, repl], ignore_index=True)
    return out[out["_u"] != out["_v"]]


def _observations(case, rel, layers, types, reported_by, resolve_posts, expand_groups):
    """Filtered, post-resolved observation rows with endpoints ``_u`` → ``_v``."""
    if not isinstance(layers, (tuple, list, set)) or not set(layers) <= set(_LAYERS) or not layers:
        raise ParameterError(f"layers={layers!r}: use a non-empty subset of {_LAYERS}")
    keep = rel["layer"].isin(list(layers)).to_numpy(bool).copy()
    if types is not None:
        types = [types] if isinstance(types, str) else list(types)
        cb = getattr(case, "codebook", None)
        if cb is not None:
            bad = sorted(set(types) - set(cb.relation_types.index))
            if bad:
                raise ParameterError(f"types: unknown relation type(s) {bad}")
        keep &= rel["type"].isin(types).to_numpy(bool)
    if reported_by is not None:
        reported_by = [reported_by] if isinstance(reported_by, str) else list(reported_by)
        keep &= rel["reported_by"].isin(reported_by).to_numpy(bool)
    rel = rel[keep]
    und = rel[~rel["directed"].to_numpy(bool)]
    obs = pd.concat(
        [
            rel.assign(_u=rel["source"].astype(object), _v=rel["target"].astype(object)),
            und.assign(_u=und["target"].astype(object), _v=und["source"].astype(object)),
        ],
        ignore_index=True,
    )
    obs = obs[obs["_u"] != obs["_v"]]
    if len(obs) and (resolve_posts or expand_groups):
        from .positions import _holdings

        kinds = case.actors.set_index("id")["kind"].astype(object)
        ten = _holdings(case.actors, case.tenures)[0]
        for col in ("_u", "_v"):
            if resolve_posts:
                obs = _resolve(obs, col, ten, kinds, "post")
            if expand_groups:
                obs = _resolve(obs, col, ten, kinds, "group")
    return obs.reset_index(drop=True)


def _aggregate(obs, how, keys=("_u", "_v")):
    """One row per ordered pair (and any extra key such as the window ``_w``).

    Signs are votes of evidence units (:func:`_units`): one per (reporter, source) of the pair,
    the sign of the sum of that unit's signs; ``disagreement`` and ``change`` come from
    :func:`_contradictions`.
    """
    keys = list(keys)
    if how not in ("net", "majority", "latest"):
        raise ParameterError(f"aggregate={how!r}: use None, 'net', 'majority' or 'latest'")
    o = obs[[*keys, "id", "type", "sign", "layer", "reported_by", "_lo", "_hi"]].copy()
    o["sign"] = o["sign"].astype("int64")
    o["id"] = o["id"].astype(object)
    o["type"] = o["type"].astype(object)
    o["reported_by"] = o["reported_by"].astype(object)
    o["_unit"] = _units(obs)
    o["_c"] = _carried(o, keys)
    out = _fast_counts(o, keys)
    if how == "net":
        out["sign"] = np.sign(out["_sum"]).astype(int)
    elif how == "majority":
        zero = out["_carried"] - out["_pos"] - out["_neg"]
        best = np.select(
            [(out["_pos"] > out["_neg"]) & (out["_pos"] > zero),
             (out["_neg"] > out["_pos"]) & (out["_neg"] > zero)], [1, -1], 0)  # fmt: skip
        out["sign"] = best
    else:
        last = o[o["_c"]].sort_values([*keys, "_hi", "_lo", "id"]).groupby(keys, sort=True).tail(1)
        out["sign"] = last.set_index(keys)["sign"].reindex(out.index).to_numpy()
    out["layer"] = np.where(out["_inf"], "informal", "formal")
    out["disagreement"], out["change"] = _contradictions(o, keys, out.index)
    # most frequent type, ties alphabetical
    tc = o.groupby([*keys, "type"], sort=True).size().rename("n").reset_index()
    tc = tc.sort_values([*keys, "n", "type"], ascending=[True] * len(keys) + [False, True])
    out["type"] = tc.groupby(keys, sort=True)["type"].first().reindex(out.index)
    return out.drop(columns=["_sum", "_pos", "_neg", "_inf", "_carried"]).reset_index()


def _units(obs):
    """The evidence unit of each observation: its reporter and its ``source_id`` as written.

    Rows of one (reporter, source) are one account, however many rows a coder split it into
    (a multi-source ``s13;s15`` is one unit, keyed by the string); a row with neither a
    reporter nor a source is a unit of its own.
    """
    rep = obs["reported_by"].astype(object)
    src = obs["source_id"].astype(object) if "source_id" in obs.columns else pd.Series(pd.NA, index=obs.index)
    alone = (rep.isna() & src.isna()).to_numpy(bool)
    unit = rep.fillna("").astype(str) + "\x1f" + src.fillna("").astype(str)
    return unit.where(~alone, "\x1f#" + obs["id"].astype(str)).to_numpy(object)


def _contradictions(o, keys, index):
    """(disagreement, change) per pair: opposite signs from different reporters over overlapping
    spans are a disagreement; opposite signs from one reporter, or at times that do not
    overlap, are a change (a reporter changing its account, or the tie changing)."""
    s = o[o["sign"] != 0]
    g = s.groupby(keys)["sign"]
    s = s[(g.transform("min") < 0) & (g.transform("max") > 0)]
    s = s.drop_duplicates([*keys, "reported_by", "sign", "_lo", "_hi"])
    flags = pd.DataFrame(False, index=index, columns=["d", "c"])
    if len(s):
        cols = [*keys, "reported_by", "_lo", "_hi"]
        m = s.loc[s["sign"] > 0, cols].merge(s.loc[s["sign"] < 0, cols], on=keys)
        overlap = (m["_lo_x"] <= m["_hi_y"]) & (m["_lo_y"] <= m["_hi_x"])
        same = m["reported_by_x"].eq(m["reported_by_y"]).fillna(False).to_numpy(bool)
        m["d"], m["c"] = overlap & ~same, ~overlap | same
        hit = m.groupby(keys)[["d", "c"]].any()
        flags.loc[hit.index, ["d", "c"]] = hit.to_numpy()
    return flags["d"].to_numpy(bool), flags["c"].to_numpy(bool)


def _carried(o, keys):
    """Mask of the observations whose layer the pair's edge carries: the informal ones when the
    pair has any (the edge is then "informal"), else all (formal). The same rule as
    :func:`_carried_sign`, vectorised."""
    inf = (o["layer"] == "informal").astype(int)
    return (inf == inf.groupby([o[k] for k in keys]).transform("max")).to_numpy()


def _carried_sign(signs, layers, units=None):
    """Net sign and layer of one pair's observations: informal signs only when there are any.

    A formal tie (say, withheld delegation) never nets out an informal one. With ``units``
    (one evidence unit per observation, e.g. (reporter, source)) each unit casts one vote, the
    sign of the sum of its signs, as :func:`govnet.case_graph` aggregates.

    >>> _carried_sign([-1, 1], ["formal", "informal"])
    (1, 'informal')
    >>> _carried_sign([-1, 0], ["formal", "formal"])
    (-1, 'formal')
    >>> _carried_sign([-1, -1, -1, 1, 1], ["informal"] * 5, ["a", "a", "a", "b", "c"])
    (1, 'informal')
    """
    units = list(range(len(signs))) if units is None else units
    layer = "informal" if "informal" in layers else "formal"
    votes = {}
    for s, lay, u in zip(signs, layers, units, strict=True):
        if lay == layer:
            votes[u] = votes.get(u, 0) + s
    return int(np.sign(sum(np.sign(v) for v in votes.values()))), layer


def _fast_counts(o, keys):
    """Per pair: sum, positive and negative votes of the carried units, observations, layer."""
    c = o["_c"].to_numpy()
    v = o[c].groupby([*keys, "_unit"], sort=False)["sign"].sum()
    v = np.sign(v).rename("_vote").reset_index()
    v = v.assign(_p=(v["_vote"] > 0).astype(int), _n=(v["_vote"] < 0).astype(int))
    votes = v.groupby(keys, sort=True).agg(_sum=("_vote", "sum"), _pos=("_p", "sum"),
                                           _neg=("_n", "sum"), _carried=("_vote", "size"))  # fmt: skip
    g = o.assign(_i=(o["layer"] == "informal").astype(int)).groupby(keys, sort=True)
    out = g.agg(weight=("sign", "size"), _inf=("_i", "max")).join(votes)
    out["_inf"] = out["_inf"].astype(bool)
    return out


def _node_attrs(case, actors, lo, hi, nodes_needed):
    """Node attribute dicts (positions in [lo, hi]) and the nodes to keep: ``nodes_needed`` and
    the actors existing in [lo, hi] that hold a tenure (a post or a group membership) in it."""
    from .positions import _held, _holdings, _positions

    exists = (actors["_lo"].to_numpy() <= np.datetime64(hi)) & (actors["_hi"].to_numpy() >= np.datetime64(lo))
    hold, _ = _holdings(case.actors, case.tenures)
    held = _held(hold, lo, hi)
    pos = _positions(actors, hold, lo, hi).to_dict("index")
    ten = held[held["post"].map(actors["kind"].astype(object)).eq("group").to_numpy(bool)]
    groups = ten.groupby("actor")["post"].agg(lambda s: sorted(set(s))).to_dict()
    attrs = {}
    for rec in actors.itertuples(index=False):
        p = pos[rec.id]
        attrs[rec.id] = {
            "name": None if pd.isna(rec.name) else str(rec.name),
            "kind": None if pd.isna(rec.kind) else str(rec.kind),
            **{k: None if pd.isna(p[k]) else str(p[k]) for k in ("side", "role")},
            "tier": None if pd.isna(p["tier"]) else int(p["tier"]),
            "party": None if pd.isna(p["party"]) else str(p["party"]),
            "groups": groups.get(rec.id, []),
            "post": None if pd.isna(p["post"]) else str(p["post"]),
            "interim": bool(p["interim"]),
        }
    keep = set(actors["id"][exists & actors["id"].isin(set(held["actor"])).to_numpy()]) | set(nodes_needed)
    return attrs, keep


def case_graph(
    case,
    at=None,
    window=None,
    layers=("informal", "formal"),
    types=None,
    reported_by=None,
    resolve_posts=True,
    expand_groups=False,
    aggregate="net",
):
    """The network of a case at a date or over a window, following govnet's case-graph convention.

    Observations (rows of ``relations``) are selected when their effective span (first day of
    ``start`` to last day of ``end``, or of ``start`` when ``end`` is empty) overlaps the selected
    date or interval. Undirected observations give both directions. Endpoints that are posts
    resolve to the post's holder over the part of the observation that lies in the selection:
    when exactly one person holds it there (interim and permanent tenures of one person are one
    holder; a handover within the precision of the dates goes to the later-starting holder from
    its start, see :func:`govnet.positions`); with no holder, or several (e.g. a change of
    chief executive within the span), the post node is kept. Self-loops created by resolution
    are dropped.

    Nodes are the actors with a tie in the selection (every edge endpoint) and the actors that
    exist in it (``start``/``end`` of actors.csv, empty = open) and hold a position in it: a
    tenure (a post or a group membership) overlapping the selection. An actor that only reports
    (a newspaper, a court, a ministry in ``relations.reported_by``), or has neither a tie nor a
    tenure in the selection, is left out -- it would only be an isolated node. With
    ``resolve_posts=True`` untouched post nodes, and with ``expand_groups=True`` untouched
    group nodes, are left out too.

    Node attributes give each actor's position in the selection (:func:`govnet.positions`):
    a person holding a post takes its role, tier and side, a party-group member its party;
    over a window (or a partial date, which is an interval) the post held longest in it.

    Parameters
    ----------
    case : govnet.Case
        A loaded case.
    at : str, date or Timestamp, optional
        A date; a partial date (``"2023"``, ``"2023-05"``) means its whole interval.
    window : (start, end), optional
        An interval: from the first day of ``start`` to the last day of ``end``. Not with ``at``.
        With neither, all observations are used.
    layers : tuple of {"informal", "formal"}
        Layers of relation types to keep.
    types : str or list of str, optional
        Relation types to keep (codebook ``relation_types`` ids).
    reported_by : str or list of str, optional
        Keep only the accounts of these reporters (actor ids).
    resolve_posts : bool
        Resolve posts to their holders (default) or keep post nodes.
    expand_groups : bool
        Replace a group endpoint by each of its members at the date (groups with no known
        members stay).
    aggregate : {"net", "majority", "latest"} or None
        None gives a ``nx.MultiDiGraph`` with one edge per observation (attributes ``id``,
        ``type``, ``sign``, ``layer``, ``directed``, ``reported_by``, ``source_id``, ``locator``,
        ``quote``, ``start``, ``end``, ``theme``, ``confidence``). Otherwise a ``nx.DiGraph``
        with one edge per ordered pair: ``sign`` (net = sign of the sum of the votes; majority =
        the most frequent vote, 0 on a tie; latest = sign of the observation ending last —
        taken over the observations of the edge's layer, so a formal tie never nets out an
        informal one). Each evidence unit, a (reporter, ``source_id`` as written) of the pair,
        casts one vote, the sign of the sum of its rows' signs: splitting one quote into several
        rows does not change the sign (a row with neither reporter nor source is a unit of its
        own). Also ``type`` (most frequent, ties alphabetical), ``types``, ``layer``
        ("informal" if any informal observation), ``weight`` (number of observations),
        ``observations``, ``disagreement`` (different reporters give +1 and -1 over spans
        that overlap: reporters differ at the same time), ``change`` (+1 and -1 from the same
        reporter, or over spans that do not overlap: an account or the tie changing over
        time) and ``reporters``.

    Returns
    -------
    networkx.DiGraph or networkx.MultiDiGraph
        Node attributes ``name``, ``kind``, ``side``, ``role``, ``tier`` (int or None),
        ``party`` (the position in the selection), ``post`` (the post that gives it, or None),
        ``interim`` (held only as interim in the selection), ``groups`` (sorted ids of groups
        the actor belongs to in the selection).
        ``G.graph`` holds ``case``, ``at``, ``window``, ``layers`` and ``aggregate``.

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and Applications*,
    ch. 3 (multirelational and signed graphs). Cambridge University Press.

    Examples
    --------
    >>> import govnet
    >>> case = govnet.datasets.example_case()
    >>> G = govnet.case_graph(case)
    >>> type(G).__name__, G.graph["aggregate"]
    ('DiGraph', 'net')
    >>> all({"sign", "weight", "observations"} <= set(d) for _, _, d in G.edges(data=True))
    True
    """
    _check_case(case)
    if aggregate not in _AGGREGATES:
        raise ParameterError(f"aggregate={aggregate!r}: use None, 'net', 'majority' or 'latest'")
    lo, hi = _selection(at, window)
    rel = _select(_relation_table(case), [lo], [hi])
    obs = _observations(case, rel, layers, types, reported_by, resolve_posts, expand_groups)
    G = nx.MultiDiGraph() if aggregate is None else nx.DiGraph()
    G.graph.update(case=getattr(case, "id", None), at=at, window=window, layers=tuple(layers),
                   aggregate=aggregate)  # fmt: skip
    G.add_nodes_from(_graph_nodes(case, obs, lo, hi, resolve_posts, expand_groups))
    if aggregate is None:
        _add_observation_edges(G, obs)
    elif len(obs):
        _add_aggregated_edges(G, obs, aggregate)
    return G


def _graph_nodes(case, obs, lo, hi, resolve_posts, expand_groups):
    """(node, attributes) of the case graph, sorted: see :func:`case_graph` for who is in it."""
    actors = _actor_table(case)
    kinds = actors["kind"].astype(object)
    endpoints = set(obs["_u"]) | set(obs["_v"])
    attrs, keep = _node_attrs(case, actors, lo, hi, endpoints)
    drop_kinds = {"post"} if resolve_posts else set()
    if expand_groups:
        drop_kinds.add("group")
    nodes = sorted(n for n in keep if n in endpoints or kinds.get(n) not in drop_kinds)
    blank = {"name": None, "kind": None, "side": None, "role": None, "tier": None,
             "party": None, "groups": [], "post": None, "interim": False}  # fmt: skip
    return [(n, attrs.get(n, {**blank, "name": n})) for n in nodes]


def _add_observation_edges(G, obs):
    """One edge per observation (``aggregate=None``), in (source, target, id) order."""
    o = obs.sort_values(["_u", "_v", "id"])
    cols = {c: o[c].astype(object).where(o[c].notna(), None).tolist() for c in _EDGE_COLS}
    cols["sign"] = [int(s) for s in cols["sign"]]
    cols["directed"] = [bool(d) for d in cols["directed"]]
    G.add_edges_from(
        (u, v, {c: cols[c][i] for c in _EDGE_COLS})
        for i, (u, v) in enumerate(zip(o["_u"], o["_v"], strict=True))
    )


def _add_aggregated_edges(G, obs, aggregate):
    """One edge per ordered pair, signed by ``aggregate``, with the pair's evidence lists."""
    agg = _aggregate(obs, aggregate)
    lists = obs.astype({"id": object, "type": object, "reported_by": object}).groupby(
        ["_u", "_v"], sort=True
    ).agg(
        observations=("id", lambda s: sorted(set(s))),
        types=("type", lambda s: sorted(set(s))),
        reporters=("reported_by", lambda s: sorted({x for x in s if pd.notna(x)})),
    )
    agg = agg.join(lists, on=["_u", "_v"])
    attrs = ["sign", "type", "types", "layer", "weight", "observations", "disagreement", "change",
             "reporters"]
    cols = [agg[c].tolist() for c in attrs]
    G.add_edges_from(
        (u, v, dict(zip(attrs, vals, strict=True)))
        for u, v, *vals in zip(agg["_u"], agg["_v"], *cols, strict=True)
    )
    for _, _, d in G.edges(data=True):
        d["sign"], d["weight"] = int(d["sign"]), int(d["weight"])
        d["disagreement"], d["change"] = bool(d["disagreement"]), bool(d["change"])


def _check_graph(G, need_side=False):
    """Raise GraphConventionError unless G is a case graph (DiGraph/MultiDiGraph with signs)."""
    if not isinstance(G, (nx.DiGraph, nx.MultiDiGraph)):
        raise GraphConventionError(
            f"expected a directed case graph (nx.DiGraph or nx.MultiDiGraph from case_graph); "
            f"got {type(G).__name__}"
        )
    for u, v, d in G.edges(data=True):
        if d.get("sign") not in (-1, 0, 1):
            raise GraphConventionError(f"edge {u!r}->{v!r} has sign {d.get('sign')!r}, not -1/0/1")
    if need_side:
        missing = sorted(str(n) for n, s in G.nodes(data="side") if s is None)
        if missing:
            raise GraphConventionError(f"nodes without a 'side' attribute: {missing[:5]}")
