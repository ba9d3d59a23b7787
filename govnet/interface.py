"""The officer-member interface: climate by side and tier, key dyads, cascades, reciprocity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exceptions import ParameterError
from .graph import _check_graph

__all__ = ["interface_climate", "key_dyad", "cascade", "reciprocity_signed"]

_SIDES = ("member", "officer", "external", "mixed")
_TOP_MEMBER = ("leader", "mayor")
_TOP_OFFICER = ("chief-executive",)


def _edge_table(G, layers):
    """Edges of G as a DataFrame u, v, sign (one row per edge; multigraph edges count singly)."""
    if layers is not None:
        layers = (layers,) if isinstance(layers, str) else tuple(layers)
    rows = [
        (u, v, d["sign"]) for u, v, d in G.edges(data=True)
        if layers is None or d.get("layer") in layers
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["u", "v", "sign"]).astype({"sign": "int64"})


def _summarise(df, keys):
    s = df.assign(pos=df["sign"] > 0, neg=df["sign"] < 0, zero=df["sign"] == 0)
    out = s.groupby(keys, sort=False).agg(
        n_ties=("sign", "size"), n_positive=("pos", "sum"), n_negative=("neg", "sum"),
        n_zero=("zero", "sum"), mean_sign=("sign", "mean"),
    )  # fmt: skip
    return out


def interface_climate(G, layers=("informal",)):
    """Tie counts and mean sign within and across the member and officer sides.

    One row per ordered pair of sides (member, officer, external, mixed: 16 rows, in that
    order): within members (member->member), within officers, across the interface in each
    direction (member->officer, officer->member) and with externals. Edges of a
    ``nx.DiGraph`` count once per ordered pair (their aggregated sign); edges of a
    ``nx.MultiDiGraph`` count once per observation.

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph (``case.graph(...)``): nodes with ``side``, edges with ``sign`` and ``layer``.
    layers : tuple of str or None
        Edge layers to count (default the informal, signed layer); None counts every edge.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_side``, ``target_side``, ``n_ties``, ``n_positive``, ``n_negative``,
        ``n_zero`` and ``mean_sign`` (NaN when there are no ties).

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 8 (blockmodels: densities
    within and between positions). Cambridge University Press.

    Examples
    --------
    >>> import govnet
    >>> tab = govnet.interface_climate(govnet.datasets.example_case().graph())
    >>> list(tab.columns)
    ['source_side', 'target_side', 'n_ties', 'n_positive', 'n_negative', 'n_zero', 'mean_sign']
    >>> len(tab)
    16
    """
    _check_graph(G, need_side=True)
    e = _edge_table(G, layers)
    side = dict(G.nodes(data="side"))
    e["source_side"] = e["u"].map(side)
    e["target_side"] = e["v"].map(side)
    idx = pd.MultiIndex.from_product([_SIDES, _SIDES], names=["source_side", "target_side"])
    out = _summarise(e, ["source_side", "target_side"]).reindex(idx)
    for c in ("n_ties", "n_positive", "n_negative", "n_zero"):
        out[c] = out[c].fillna(0).astype(int)
    return out.reset_index()


def _top(G, roles, side):
    """The holder of a post of one of ``roles`` in G, and a note when there is none.

    In order: the one person whose position comes from holding such a post at the graph's
    date (node attribute ``post``); else such a post node (the graph could not resolve it);
    else, among several holders, the one with most ties, then by id; else a node whose own role
    it is (graphs built without tenures).
    """
    cand = [(n, d) for n, d in G.nodes(data=True) if d.get("role") in roles and d.get("side") == side]
    holders = [n for n, d in cand if d.get("post") is not None]
    posts = [n for n, d in cand if d.get("kind") == "post"]
    own = [n for n, d in cand if d.get("post") is None and d.get("kind") != "post"]
    for found in (holders if len(holders) == 1 else [], posts, holders, own):
        if found:
            return sorted(found, key=lambda n: (-G.degree(n), str(n)))[0], None
    return None, f"no holder of a {' or '.join(roles)} post at the graph's date"


def key_dyad(G, a=None, b=None):
    """Both directions of a dyad with their evidence (by default the leader/mayor and chief executive in office).

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph. With a MultiDiGraph (``aggregate=None``) the evidence lists every
        observation with its quote; with a DiGraph it lists the aggregated edges.
    a, b : str, optional
        Node ids. By default ``a`` is the person holding the top member post (role leader or
        mayor) and ``b`` the person holding the chief executive post at the graph's date, from
        tenures (node attribute ``post``, see :func:`govnet.positions`). Where tenures give no
        single holder (none, two overlapping, or a window spanning a handover), the post node
        itself when the graph has it, else the holder with most ties, then by id; in a graph
        without tenures, the node whose own role it is. A former holder is never chosen (out
        of office, it has no such role). With ``resolve_posts=False`` pass ``a`` and ``b``.

    Returns
    -------
    dict
        ``a``, ``b``, ``a_to_b`` and ``b_to_a`` (sign of the sum of the signs of the edges in
        that direction, one vote per (reporter, source) in a MultiDiGraph as in
        :func:`govnet.case_graph`; None when there is none), ``evidence`` (DataFrame, one row per
        edge with ``direction`` "a->b"/"b->a" and the edge attributes) and ``note``: None, or
        why there is no default dyad (for example "no holder of a leader or mayor post at the
        graph's date"); ``a`` or ``b`` is then None and there is no evidence.

    References
    ----------
    Leach, S. (2010). *Managing in a Political World: The Life Cycle of Local Authority Chief
    Executives*. Palgrave Macmillan (the leader-chief executive dyad).

    Examples
    --------
    >>> import govnet
    >>> case = govnet.datasets.example_case()
    >>> d = govnet.key_dyad(case.graph(at="2022-03", aggregate=None))
    >>> d["a"], d["b"], d["a_to_b"], d["note"]
    ('cllr-ada-jones', 'jo-smith', -1, None)
    >>> import networkx as nx
    >>> govnet.key_dyad(nx.DiGraph())["note"]
    "no holder of a leader or mayor post at the graph's date; no holder of a chief-executive post at the graph's date"
    """
    _check_graph(G)
    notes = []
    if a is None:
        a, note = _top(G, _TOP_MEMBER, "member")
        notes.append(note)
    if b is None:
        b, note = _top(G, _TOP_OFFICER, "officer")
        notes.append(note)
    note = "; ".join(n for n in notes if n) or None
    if note:
        return {"a": a, "b": b, "a_to_b": None, "b_to_a": None, "evidence": pd.DataFrame(),
                "note": note}  # fmt: skip
    for n in (a, b):
        if n not in G:
            raise ParameterError(f"node {n!r} is not in the graph")
    rows, net = [], {}
    for label, u, v in (("a->b", a, b), ("b->a", b, a)):
        data = list(G.get_edge_data(u, v, default={}).values()) if G.is_multigraph() else (
            [G.edges[u, v]] if G.has_edge(u, v) else [])  # fmt: skip
        votes = {}  # one vote per (reporter, source) of a MultiDiGraph, as case_graph counts
        for i, d in enumerate(data):
            unit = (d.get("reported_by"), d.get("source_id")) if G.is_multigraph() else None
            unit = unit if unit and any(unit) else i  # a row with neither is a unit of its own
            votes[unit] = votes.get(unit, 0) + d["sign"]
        net[label] = int(np.sign(sum(np.sign(x) for x in votes.values()))) if data else None
        rows += [{"direction": label, "source": u, "target": v, **d} for d in data]
    ev = pd.DataFrame(rows)
    if len(ev) and "id" in ev.columns:
        ev = ev.sort_values(["direction", "id"], kind="stable").reset_index(drop=True)
    return {"a": a, "b": b, "a_to_b": net["a->b"], "b_to_a": net["b->a"], "evidence": ev,
            "note": None}


def cascade(G, layers=("informal",)):
    """Interface climate at each seniority tier: does the top dyad's climate run down the ranks?

    A member-officer tie (either direction) is placed at the tier of its more junior end,
    ``max(tier_u, tier_v)``: tier 1 is the key dyad (leader or mayor and chief executive), tier 2
    the executive members and senior officers, tier 3 backbench members and officers further
    down. Ties with an end of no tier (externals, mixed bodies) are left out.

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph (nodes with ``side`` and ``tier``).
    layers : tuple of str or None
        Edge layers to count (default informal).

    Returns
    -------
    pandas.DataFrame
        One row per tier 1, 2, 3: ``tier``, ``n_ties``, ``n_positive``, ``n_negative``,
        ``n_zero``, ``mean_sign`` (NaN without ties).

    References
    ----------
    Leach, S. (2010). *Managing in a Political World*. Palgrave Macmillan (tiers of the
    officer-member interface).

    Examples
    --------
    >>> import govnet
    >>> govnet.cascade(govnet.datasets.example_case().graph())["tier"].tolist()
    [1, 2, 3]
    """
    _check_graph(G, need_side=True)
    e = _edge_table(G, layers)
    side = dict(G.nodes(data="side"))
    tier = {n: t for n, t in G.nodes(data="tier")}
    su, sv = e["u"].map(side), e["v"].map(side)
    e = e[((su == "member") & (sv == "officer")) | ((su == "officer") & (sv == "member"))]
    tu = pd.to_numeric(e["u"].map(tier), errors="coerce")
    tv = pd.to_numeric(e["v"].map(tier), errors="coerce")
    e = e.assign(tier=np.fmax(tu, tv).where(tu.notna() & tv.notna()))
    e = e.dropna(subset=["tier"]).astype({"tier": int})
    out = _summarise(e, ["tier"]).reindex(pd.Index([1, 2, 3], name="tier"))
    for c in ("n_ties", "n_positive", "n_negative", "n_zero"):
        out[c] = out[c].fillna(0).astype(int)
    return out.reset_index()


def reciprocity_signed(G, layers=("informal",)):
    """Signed reciprocity: how often a signed tie is returned, and with the same sign.

    Only non-zero edges count (in a MultiDiGraph, a pair's sign is the sign of the sum of its
    observations). A pair is *mutual* when both directions carry a non-zero sign.

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph.
    layers : tuple of str or None
        Edge layers to count (default informal).

    Returns
    -------
    dict
        ``n_edges`` (non-zero directed edges), ``n_mutual_pairs``, ``reciprocity`` (share of
        non-zero edges whose reverse is non-zero: 2 * mutual pairs / edges; NaN without edges),
        ``n_concordant`` (mutual pairs with equal signs), ``concordance`` (their share; NaN
        without mutual pairs), ``n_positive_mutual``, ``n_negative_mutual``.

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, §13.2 (reciprocity).
    Squartini, T., Picciolo, F., Ruzzenenti, F. & Garlaschelli, D. (2013). Reciprocity of
    weighted networks. *Scientific Reports* 3, 2729.

    Examples
    --------
    >>> import govnet
    >>> r = govnet.reciprocity_signed(govnet.datasets.example_case().graph())
    >>> sorted(r)[:3]
    ['concordance', 'n_concordant', 'n_edges']
    """
    _check_graph(G)
    e = _edge_table(G, layers)
    s = e.groupby(["u", "v"])["sign"].sum().pipe(np.sign)
    s = s[s != 0]
    d = s.to_dict()
    mutual = [(u, v) for (u, v) in d if (v, u) in d and str(u) < str(v)]
    conc = [p for p in mutual if d[p] == d[(p[1], p[0])]]
    n = len(d)
    return {
        "n_edges": n,
        "n_mutual_pairs": len(mutual),
        "reciprocity": 2 * len(mutual) / n if n else float("nan"),
        "n_concordant": len(conc),
        "concordance": len(conc) / len(mutual) if mutual else float("nan"),
        "n_positive_mutual": sum(1 for p in conc if d[p] > 0),
        "n_negative_mutual": sum(1 for p in conc if d[p] < 0),
    }

