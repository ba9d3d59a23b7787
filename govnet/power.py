"""Power: centralization, brokerage roles and bottlenecks on formal ties (the council's own actors)."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .exceptions import ParameterError
from .graph import _check_graph

__all__ = ["centralization", "brokerage", "bottlenecks"]

#: Formal relation types that carry responsibility or decision power from source to target.
DECISION_TYPES = ("line-management", "delegation", "decision-routing", "appointment")
_ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


def _typed(G, types, externals=False):
    """Simple DiGraph of the edges of G having one of ``types`` (``type`` or ``types`` attribute),
    between the council's own actors (node ``side`` other than "external") unless ``externals``."""
    types = [types] if isinstance(types, str) else list(types)
    if not types:
        raise ParameterError("types must name at least one relation type")
    want = set(types)
    own = {n for n, side in G.nodes(data="side") if externals or side != "external"}
    H = nx.DiGraph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in own)
    for u, v, d in G.edges(data=True):
        have = set(d.get("types") or [d.get("type")])
        if have & want and u in own and v in own:
            H.add_edge(u, v)
    return H


def centralization(G, types=DECISION_TYPES, direction="out", externals=False):
    """Freeman degree centralization of the formal responsibility or decision ties.

    The graph is restricted to edges of the given types (a DiGraph edge counts when any of its
    ``types`` is listed) between the council's own actors: by default external bodies (node
    ``side`` "external": a minister, an inspectorate) and their ties are left out, since
    appointments made from outside say nothing about who holds power inside the council.
    Nodes without such edges are left out, and each node's degree in the chosen direction is
    counted. Freeman's index is
    ``sum(max_deg - deg_i) / ((n - 1) * (n - 1))``: 1 for a star in which one actor holds every
    tie, 0 when all actors hold as many.

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph (``case.graph(layers=("formal",))`` or the default).
    types : str or sequence of str
        Relation types counted (default line-management, delegation, decision-routing,
        appointment: ties in which the source holds responsibility over the target).
    direction : {"out", "in", "total"}
        Out-degree (responsibility held, default), in-degree or both.
    externals : bool
        Count external actors and their ties too (default False: the council's own actors).

    Returns
    -------
    dict
        ``centralization`` (float; NaN with fewer than 2 nodes), ``n`` (nodes counted),
        ``most_central`` (sorted list of the nodes of maximal degree) and ``scores`` (DataFrame
        ``node``, ``degree``, sorted by degree descending then node).

    References
    ----------
    Freeman, L. C. (1978). Centrality in social networks: conceptual clarification. *Social
    Networks* 1(3), 215-239.

    Examples
    --------
    >>> import govnet
    >>> c = govnet.centralization(govnet.datasets.example_case().graph())
    >>> sorted(c)
    ['centralization', 'most_central', 'n', 'scores']
    """
    _check_graph(G)
    if direction not in ("out", "in", "total"):
        raise ParameterError(f"direction={direction!r}: use 'out', 'in' or 'total'")
    H = _typed(G, types, externals)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    deg = {"out": H.out_degree, "in": H.in_degree, "total": H.degree}[direction]
    scores = pd.DataFrame(sorted(deg(), key=lambda x: (-x[1], str(x[0]))), columns=["node", "degree"])
    n = len(scores)
    if n < 2:
        return {"centralization": float("nan"), "n": n, "most_central": scores["node"].tolist(),
                "scores": scores}  # fmt: skip
    top = scores["degree"].max()
    denom = (n - 1) * (n - 1) * (2 if direction == "total" else 1)
    return {
        "centralization": float((top - scores["degree"]).sum() / denom),
        "n": n,
        "most_central": sorted(scores.loc[scores["degree"] == top, "node"].tolist(), key=str),
        "scores": scores,
    }


def brokerage(G, by="side", layers=None):
    """Gould-Fernandez brokerage roles of every node, by groups given by a node attribute.

    For each open two-path ``a -> v -> c`` (``a != c`` and no edge ``a -> c``) the broker ``v``
    takes one role by the groups of ``a``, ``v`` and ``c``: *coordinator* (all three in one
    group), *itinerant* (``a`` and ``c`` share a group, ``v`` is outside), *representative*
    (``v`` in ``a``'s group, ``c`` outside), *gatekeeper* (``v`` in ``c``'s group, ``a`` outside),
    *liaison* (three different groups). Edge signs are ignored (pass a filtered graph to count
    only positive or only formal ties).

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph.
    by : str
        Node attribute giving the group: ``"side"``, ``"party"``, ``"tier"`` or any other.
        Nodes with no value form a group of their own called ``None``.
    layers : tuple of str, optional
        Keep only edges of these layers.

    Returns
    -------
    pandas.DataFrame
        One row per node (sorted): ``node``, ``group``, the five role counts and ``total``.

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> import govnet
    >>> b = govnet.brokerage(govnet.datasets.example_case().graph(), by="side")
    >>> list(b.columns)
    ['node', 'group', 'coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison', 'total']
    """
    _check_graph(G)
    if not isinstance(by, str):
        raise ParameterError(f"by={by!r} must be the name of a node attribute")
    if len(G) and all(by not in d for _, d in G.nodes(data=True)):
        raise ParameterError(f"no node has the attribute {by!r}")
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from(
        (u, v) for u, v, d in G.edges(data=True) if u != v and (layers is None or d.get("layer") in layers)
    )
    grp = {n: G.nodes[n].get(by) for n in G}
    grp = {n: tuple(g) if isinstance(g, list) else g for n, g in grp.items()}
    rows = []
    for v in sorted(H, key=str):
        counts = dict.fromkeys(_ROLES, 0)
        gv = grp[v]
        for a in H.predecessors(v):
            for c in H.successors(v):
                if a == c or H.has_edge(a, c):
                    continue
                ga, gc = grp[a], grp[c]
                if ga == gv == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gv:
                    role = "representative"
                elif gv == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[role] += 1
        rows.append({"node": v, "group": gv, **counts, "total": sum(counts.values())})
    return pd.DataFrame(rows, columns=["node", "group", *_ROLES, "total"])


def bottlenecks(G, types=DECISION_TYPES, roots=None, externals=False):
    """Actors on which decision or delegation paths depend, on the formal directed graph.

    The graph is restricted to edges of ``types`` (source holds responsibility over target)
    between the council's own actors (external bodies left out unless ``externals``, as in
    :func:`centralization`).
    Three readings are given for every node of that graph:

    - ``articulation``: removing the node disconnects the (undirected) formal structure;
    - ``n_dominated``: the number of nodes every path to which, from a root (a node with no
      incoming formal tie, or the given ``roots``), passes through this node (the node
      dominates them, the root itself not counted; Lengauer-Tarjan dominators as in networkx), summed over roots;
    - ``betweenness``: normalised directed betweenness centrality.

    Parameters
    ----------
    G : networkx.DiGraph or MultiDiGraph
        A case graph.
    types : str or sequence of str
        Relation types forming decision or delegation paths.
    roots : list, optional
        Start nodes of the paths (default: nodes with in-degree 0 in the formal graph).
    externals : bool
        Count external actors and their ties too (default False).

    Returns
    -------
    pandas.DataFrame
        ``node``, ``articulation`` (bool), ``n_dominated`` (int), ``betweenness`` (float),
        sorted by n_dominated, then betweenness (descending), then node. Empty (with these
        columns) when no edge has one of the types.

    References
    ----------
    Lengauer, T. & Tarjan, R. E. (1979). A fast algorithm for finding dominators in a
    flowgraph. *ACM TOPLAS* 1(1), 121-141. Freeman, L. C. (1977). A set of measures of
    centrality based on betweenness. *Sociometry* 40(1), 35-41.

    Examples
    --------
    >>> import govnet
    >>> b = govnet.bottlenecks(govnet.datasets.example_case().graph())
    >>> list(b.columns)
    ['node', 'articulation', 'n_dominated', 'betweenness']
    """
    _check_graph(G)
    H = _typed(G, types, externals)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    cols = ["node", "articulation", "n_dominated", "betweenness"]
    if H.number_of_edges() == 0:
        return pd.DataFrame(columns=cols)
    if roots is None:
        roots = sorted((n for n in H if H.in_degree(n) == 0), key=str)
    else:
        missing = [r for r in roots if r not in H]
        if missing:
            raise ParameterError(f"roots not in the formal graph: {missing}")
    art = set(nx.articulation_points(H.to_undirected()))
    dominated = dict.fromkeys(H, 0)
    for r in roots:
        idom = nx.immediate_dominators(H, r)
        for n in idom:
            d = idom[n] if n != r else r
            while d != r and d is not None:  # every strict dominator of n other than the root
                dominated[d] += 1
                d = idom.get(d)
    bet = nx.betweenness_centrality(H, normalized=True)
    out = pd.DataFrame(
        {"node": list(H), "articulation": [n in art for n in H],
         "n_dominated": [dominated[n] for n in H], "betweenness": [bet[n] for n in H]}  # fmt: skip
    )
    out["_k"] = out["node"].astype(str)
    out = out.sort_values(["n_dominated", "betweenness", "_k"], ascending=[False, False, True])
    return out.drop(columns="_k").reset_index(drop=True)
